"""Site facts: filled once by an admin, shown to families as text (or a calm sentence), audited,
and a live deployment never publishes a version whose facts are empty."""
import re

import pytest

from companion.auth.testing import csrf_token, login, make_user
from companion.content.files import read_tree
from companion.content.markers import fact_definitions
from companion.content.store import live_version, load_files, sync_from_files
from companion.db import get_db
from companion.site import store


@pytest.fixture
def admin(app):
    app.config["AUTH_FAILURE_DELAY"] = False
    make_user(app, "adam@example.nl", "admin")
    make_user(app, "ed@example.nl", "editor")
    client = app.test_client()
    assert login(client, "adam@example.nl").status_code == 302
    client.get("/staff/?lang=en")
    return client


def _fill(app, values: dict):
    with app.app_context():
        db = get_db()
        store.save(db, fact_definitions(app.config["CONTENT_DIR"]), values, None)


def _all_facts(app) -> dict:
    """A value for every fact the content defines (per language where it is filled per language)."""
    values = {}
    for name, d in fact_definitions(app.config["CONTENT_DIR"]).items():
        for lang in (("nl", "en") if d.per_language else ("",)):
            values[(name, lang)] = f"{name} {lang}".strip()
    return values


def _uses(app, name: str) -> list[str]:
    return [f"/{f.lang}/info/{f.slug}" for f in read_tree(app.config["CONTENT_DIR"])
            if f.kind == "info" and f.reader == "parents" and f"[[site:{name}]]" in f.body]


def test_a_missing_fact_shows_its_calm_sentence_and_never_brackets(app, client):
    pages = _uses(app, "study_team_phone_day")
    assert pages, "some parents' section names [[site:study_team_phone_day]]"
    html = client.get(pages[0]).get_data(as_text=True)
    assert "[[" not in html and "]]" not in html
    missing = fact_definitions(app.config["CONTENT_DIR"])["study_team_phone_day"].missing
    lang = pages[0].split("/")[1]
    assert missing[lang] in html
    assert "placeholder" not in html


def test_a_filled_fact_is_shown_and_a_phone_number_can_be_tapped(app, client):
    _fill(app, {("study_team_phone_day", ""): "030 123 45 67"})
    page = _uses(app, "study_team_phone_day")[0]
    html = client.get(page).get_data(as_text=True)
    assert '<a class="site-fact" href="tel:0301234567">030 123 45 67</a>' in html


def test_html_in_a_fact_is_shown_as_text(app, client):
    _fill(app, {("study_team_phone_day", ""): '<script>alert(1)</script><b>bold</b>'})
    html = client.get(_uses(app, "study_team_phone_day")[0]).get_data(as_text=True)
    assert "<script>alert(1)" not in html and "<b>bold" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_every_family_page_is_free_of_markers(app, client):
    files = read_tree(app.config["CONTENT_DIR"])
    urls = {f"/{f.lang}/info/{f.slug}" if f.reader == "parents" else f"/{f.lang}/info/{f.reader}/{f.slug}"
            for f in files if f.kind == "info"}
    urls |= {"/nl/glossary", "/en/glossary", "/nl/privacy", "/en/privacy", "/nl/accessibility",
             "/en/accessibility", "/nl/info/print", "/en/info/print"}
    for url in sorted(urls):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.get_data(as_text=True)
        assert not re.search(r"\[\[\s*(site|source|placeholder)", html), url


def test_chat_answers_fill_facts_and_hide_sources(app, client):
    _fill(app, {("costs", "nl"): "Meedoen kost u niets: het medicijn is gratis."})
    reply = client.post("/api/chat", json={"question": "wat kost meedoen", "lang": "nl"}).get_json()
    assert "[[" not in reply["answer"] and "[[" not in reply["answer_html"]


def test_the_admin_fills_facts_on_one_page_and_it_is_audited(app, admin):
    page = admin.get("/staff/site-facts")
    assert page.status_code == 200
    assert 'name="fact-study_team_phone_day-all"' in page.get_data(as_text=True)
    response = admin.post("/staff/site-facts", data={
        "csrf_token": csrf_token(admin, "/staff/site-facts"),
        "fact-study_team_phone_day-all": "030 123 45 67", "fact-costs-nl": "Niets.", "fact-costs-en": "Nothing."})
    assert response.status_code == 303
    with app.app_context():
        db = get_db()
        assert store.values(db)[("study_team_phone_day", "")] == "030 123 45 67"
        event = list(db.query("select * from audit_events where kind = 'site.facts_changed'"))[-1]
        assert "030 123 45 67" in event["details"] and event["actor"] is not None


def test_a_too_long_value_is_refused_with_a_message_and_nothing_is_saved(app, admin):
    response = admin.post("/staff/site-facts", data={
        "csrf_token": csrf_token(admin, "/staff/site-facts"),
        "fact-study_team_phone_day-all": "1" * 1001, "fact-costs-nl": "Niets."})
    assert response.status_code == 400
    assert "longer than 1000 characters" in response.get_data(as_text=True)
    with app.app_context():
        assert store.values(get_db()) == {}


def test_an_unknown_field_is_refused(app, admin):
    response = admin.post("/staff/site-facts", data={
        "csrf_token": csrf_token(admin, "/staff/site-facts"), "fact-nonsense-all": "x"})
    assert response.status_code == 400


def test_only_admins_see_the_page_and_csrf_is_required(app, admin):
    editor = app.test_client()
    assert login(editor, "ed@example.nl").status_code == 302
    assert editor.get("/staff/site-facts").status_code == 403
    assert admin.post("/staff/site-facts", data={"fact-costs-nl": "x"}).status_code == 400


def test_a_live_deployment_refuses_to_go_live_with_missing_facts(app, admin):
    response = admin.post("/staff/site-facts/mode", data={
        "csrf_token": csrf_token(admin, "/staff/site-facts"), "mode": "live"})
    assert response.status_code == 400
    assert "cannot go live for families" in response.get_data(as_text=True)
    _fill(app, _all_facts(app))
    response = admin.post("/staff/site-facts/mode", data={
        "csrf_token": csrf_token(admin, "/staff/site-facts"), "mode": "live"})
    assert response.status_code == 303
    with app.app_context():
        assert store.mode(get_db()) == "live"


def test_in_a_live_deployment_a_version_with_a_missing_fact_is_not_published(app, tmp_path):
    _fill(app, _all_facts(app))
    with app.app_context():
        db = get_db()
        files = load_files(db, live_version(db)["id"])
        store.set_mode(db, "live", fact_definitions(app.config["CONTENT_DIR"]), files, None)
        store.save(db, fact_definitions(app.config["CONTENT_DIR"]), {("study_team_phone_day", ""): ""}, None)
        assert store.publish_allowed(db, fact_definitions(app.config["CONTENT_DIR"]), files) == ["study_team_phone_day"]
        store.set_mode(db, "demonstration", {}, [], None)
        assert store.publish_allowed(db, fact_definitions(app.config["CONTENT_DIR"]), files) == []


def test_a_live_deployment_does_not_publish_changed_files_with_missing_facts(app, tmp_path):
    import shutil

    content = tmp_path / "content"
    shutil.copytree(app.config["CONTENT_DIR"], content)
    _fill(app, _all_facts(app))
    with app.app_context():
        db = get_db()
        store.set_mode(db, "live", fact_definitions(content), load_files(db, live_version(db)["id"]), None)
        store.save(db, fact_definitions(content), {("insurer", ""): ""}, None)
        before = live_version(db)["id"]
        path = content / "nl" / "info" / "parents" / "insurance.md"
        path.write_text(path.read_text(encoding="utf-8") + "\nEen extra zin.\n", encoding="utf-8")
        assert sync_from_files(db, str(content))["id"] == before


def test_site_facts_cli_lists_every_fact(app, runner):
    _fill(app, {("hospital", ""): "UMC Utrecht"})
    result = runner.invoke(args=["site", "facts"])
    assert result.exit_code == 0
    lines = [line.split() for line in result.stdout.splitlines()]
    by_name = {parts[0]: parts for parts in lines}
    assert by_name["hospital"][1] == "filled"
    assert by_name["study_team_phone_day"][1] == "missing"
    assert all(parts[1] in ("filled", "missing") and parts[2].isdigit() for parts in lines)
    assert int(by_name["study_team_phone_day"][2]) >= 1


def test_content_check_ends_with_the_number_of_unfilled_facts(app, runner):
    total = len(fact_definitions(app.config["CONTENT_DIR"]))
    _fill(app, {("hospital", ""): "UMC Utrecht"})
    result = runner.invoke(args=["content", "check", "--quiet"])
    assert result.exit_code == 0, result.output
    assert result.output.strip().splitlines()[-1] == f"site facts: {total - 1} unfilled"


def test_publishing_a_draft_is_refused_while_a_live_deployment_misses_a_fact_it_uses(app):
    from companion.auth.testing import make_user
    from companion.staff import drafts
    from tests.staff.conftest import confirm_all

    ed, eva = make_user(app, "ed2@example.nl", "editor"), make_user(app, "eva2@example.nl", "editor")
    _fill(app, _all_facts(app))
    with app.app_context():
        db = get_db()
        definitions = fact_definitions(app.config["CONTENT_DIR"])
        store.set_mode(db, "live", definitions, load_files(db, live_version(db)["id"]), None)
        store.save(db, definitions, {("principal_investigator", ""): ""}, None)  # emptied again
        draft = drafts.create_draft(db, ed["id"])
        drafts.save_pair(db, draft["id"], ed["id"], "info/parents/introduction.md",
                         {"nl": {"title": "Inleiding", "body": "Welkom."}, "en": {"title": "Introduction", "body": "Welcome."}},
                         in_sync=True)
        confirm_all(db, draft["id"], ed["id"])
        drafts.approve(db, draft["id"], eva["id"], "ok")
        before = live_version(db)["id"]
        with pytest.raises(drafts.DraftError, match="cannot go live for families") as refused:
            drafts.publish(db, draft["id"], eva["id"], "v2")
        assert "principal_investigator" in str(refused.value)
        assert live_version(db)["id"] == before
        store.save(db, definitions, {("principal_investigator", ""): "Dr. A. Jansen, kinderarts-intensivist"}, None)
        drafts.publish(db, draft["id"], eva["id"], "v2")
        assert live_version(db)["id"] != before
