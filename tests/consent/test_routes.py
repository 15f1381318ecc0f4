"""The consent pages through Flask's test client on a real SQLite file."""
import json
import re
import sqlite3

import pytest
from bs4 import BeautifulSoup

from companion import create_app
from companion.auth.testing import csrf_token_from, login, make_user
from companion.consent.checklist import REQUIRED_SLUGS
from companion.consent.qr import info_qr_svg
from conftest import check_page

PAYLOADS = ['<script>alert("x")</script>', '"><img src=x onerror=alert(1)>', "<b>bold</b> & <i>co</i>"]


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    path = tmp_path_factory.mktemp("consent-routes") / "routes.db"
    app = create_app({"DATABASE": str(path)})
    make_user(app, "dr@example.nl", "clinician")
    make_user(app, "nurse@example.nl", "clinician")
    make_user(app, "editor@example.nl", "editor")
    make_user(app, "admin@example.nl", "admin")
    return app


@pytest.fixture
def dr(app):
    client = app.test_client()
    assert login(client, "dr@example.nl").status_code == 302
    return client


def token(client, path="/nl/consent/new"):
    return csrf_token_from(client.get(path).get_data(as_text=True))


def start(client, age_group="under-12", authority="two_parents", lang="nl", number="SCR-1"):
    response = client.post("/nl/consent/new", data={"csrf_token": token(client), "screening_number": number,
                                                      "lang": lang, "age_group": age_group, "authority": authority})
    assert response.status_code == 303, response.get_data(as_text=True)[:500]
    return response.headers["Location"]


def revision(client, path):
    soup = BeautifulSoup(client.get(path).get_data(as_text=True), "html.parser")
    return soup.select_one("input[name=revision]")["value"]


def save(client, record_url, slug, rev, **fields):
    data = {"csrf_token": token(client), "revision": str(rev)}
    data.update(fields)
    return client.post(f"{record_url}/item/{slug}", data=data)


def db_counts(app):
    conn = sqlite3.connect(app.config["DATABASE"])
    try:
        tables = [r[0] for r in conn.execute("select name from sqlite_master where type = 'table'")]
        return {t: conn.execute(f'select count(*) from "{t}"').fetchone()[0] for t in tables}
    finally:
        conn.close()


def test_anonymous_and_wrong_role_are_kept_out(app, dr):
    record_url = start(dr)
    anonymous = app.test_client()
    for path in ("/nl/consent/", "/nl/consent/new", record_url, record_url + "/item/purpose",
                 record_url + "/summary", record_url + "/summary.pdf", "/nl/consent/family-link.svg"):
        response = anonymous.get(path)
        assert response.status_code == 302 and "/staff/login?next=" in response.headers["Location"], path
    editor = app.test_client()
    login(editor, "editor@example.nl")
    assert editor.get(record_url).status_code == 403
    admin = app.test_client()
    login(admin, "admin@example.nl")
    assert admin.get(record_url).status_code == 200


def test_every_consent_view_declares_clinician_and_admin(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("consent.") and "/consent" in rule.rule:
            assert app.view_functions[rule.endpoint].allowed_roles == {"clinician", "admin"}, rule.rule


@pytest.mark.parametrize("number", ["Jansen", "12-03-2019", "", "<script>1"])
def test_start_refuses_names_and_dates(app, dr, number):
    before = db_counts(app)["consent_records"]
    response = dr.post("/nl/consent/new", data={"csrf_token": token(dr), "screening_number": number, "lang": "nl",
                                                 "age_group": "under-12", "authority": "two_parents"})
    assert response.status_code == 400
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    assert soup.select_one("#error-summary") and soup.select_one("#screening_number-error")
    assert soup.select_one("#screening_number")["value"] == number  # input kept
    assert db_counts(app)["consent_records"] == before


def test_start_needs_every_choice(app, dr):
    response = dr.post("/en/consent/new", data={"csrf_token": token(dr), "screening_number": "S-2"})
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert "Choose the language of the conversation." in text and "Choose the child&#39;s age group." in text


def test_record_page_shows_who_must_agree_and_pins_version(app, dr):
    record_url = start(dr, age_group="12-15")
    record_id = record_url.rsplit("/", 1)[1]
    assert re.fullmatch(r"[0-9a-f]{32}", record_id)  # 128 random bits
    soup = check_page(dr.get(record_url).get_data(as_text=True), "nl")
    assert [li.get_text(strip=True) for li in soup.select(".participants li")] == [
        "Ouder of voogd 1", "Ouder of voogd 2", "Kind"] or len(soup.select(".participants li")) == 3
    with app.app_context():
        from companion.content.store import live_version
        from companion.db import get_db

        version = live_version(get_db())
    assert version["hash"] in soup.get_text()
    assert len(soup.select(".progress tbody tr")) == len(REQUIRED_SLUGS)
    en = check_page(dr.get(record_url.replace("/nl/", "/en/")).get_data(as_text=True), "en")
    assert [li.get_text(strip=True) for li in en.select(".participants li")] == [
        "Parent or guardian 1", "Parent or guardian 2", "Child"]


def test_free_text_is_escaped_everywhere(app, dr):
    record_url = start(dr)
    rev = 1
    for n, slug in enumerate(["purpose", "voluntary", "stopping"]):
        response = save(dr, record_url, slug, rev, **{"status-parent_1": "explained_again",
                                                      "questions-parent_1": PAYLOADS[n]})
        assert response.status_code == 303
        rev += 1
    pages = [dr.get(f"{record_url}/item/{s}").get_data(as_text=True) for s in ("purpose", "voluntary", "stopping")]
    pages.append(dr.get(record_url + "/summary").get_data(as_text=True))
    with app.app_context(), app.test_request_context("/nl/"):
        from flask import render_template

        from companion.consent.records import get_record
        from companion.consent.summary import summary_context
        from companion.db import get_db

        rec = get_record(get_db(), record_url.rsplit("/", 1)[1])
        pages.append(render_template("consent/summary_pdf.html", **summary_context(get_db(), rec, "nl")))
    for html in pages:
        for payload in PAYLOADS:
            assert payload not in html
        assert "<script>alert" not in html and "<img src=x" not in html and "<b>bold</b>" not in html
    summary = BeautifulSoup(pages[3], "html.parser")
    assert {p.get_text() for p in summary.select(".questions")} >= set(PAYLOADS)
    # only the site's own script files (the idle warning), never a script from the typed text
    assert all(s.get("src", "").startswith("/static/js/") and not s.get_text() for s in summary.select("script"))
    assert not summary.select("main img")


def test_walk_to_ready_and_signed(app, dr):
    record_url = start(dr, age_group="16-17", lang="en", number="SCR-77")
    summary = dr.get(record_url + "/summary").get_data(as_text=True)
    assert "Niets vastgelegd: er is geen toestemming gegeven." in summary
    rev = 1
    for slug in REQUIRED_SLUGS:
        response = save(dr, record_url, slug, rev, **{"status-child": "understood"})
        assert response.status_code == 303
        rev += 1
    assert response.headers["Location"].endswith("?notice=saved")
    page = BeautifulSoup(dr.get(record_url).get_data(as_text=True), "html.parser")
    assert page.select_one("#outcome-signed_paper") is not None
    response = dr.post(record_url + "/outcome", data={"csrf_token": token(dr), "revision": rev,
                                                      "outcome": "signed_paper", "signed_date": "20-20-2020",
                                                      "confirm": "yes"})
    assert response.status_code == 400
    from datetime import datetime, timezone

    today = datetime.now(timezone.utc).date().isoformat()
    response = dr.post(record_url + "/outcome", data={"csrf_token": token(dr), "revision": rev,
                                                      "outcome": "signed_paper", "signed_date": today})
    assert response.status_code == 400  # a final outcome needs the confirmation box
    assert BeautifulSoup(response.get_data(as_text=True), "html.parser").select_one("#confirm-error")
    response = dr.post(record_url + "/outcome", data={"csrf_token": token(dr), "revision": rev,
                                                      "outcome": "signed_paper", "signed_date": today,
                                                      "confirm": "yes"})
    assert response.status_code == 303
    page = BeautifulSoup(dr.get(record_url).get_data(as_text=True), "html.parser")
    assert today in page.select_one(".phase").get_text()
    assert page.select_one("form[action$='/outcome']") is None  # closed
    pdf = dr.get(record_url + "/summary.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF-") and pdf.mimetype == "application/pdf"


def test_signed_is_refused_before_ready(app, dr):
    record_url = start(dr)
    page = BeautifulSoup(dr.get(record_url).get_data(as_text=True), "html.parser")
    assert page.select_one("#outcome-signed_paper") is None
    response = dr.post(record_url + "/outcome", data={"csrf_token": token(dr), "revision": 1,
                                                      "outcome": "signed_paper", "signed_date": "2026-01-01",
                                                      "confirm": "yes"})
    assert response.status_code == 400
    assert "Nog niet klaar" in response.get_data(as_text=True) or "Not ready" in response.get_data(as_text=True)


def test_stale_save_is_refused_and_input_kept(app, dr):
    record_url = start(dr)
    nurse = app.test_client()
    login(nurse, "nurse@example.nl")
    form_revision = revision(dr, record_url + "/item/side-effects")
    assert save(nurse, record_url, "purpose", form_revision, **{"status-parent_2": "understood"}).status_code == 303
    response = save(dr, record_url, "side-effects", form_revision, **{
        "status-parent_1": "not_yet", "questions-parent_1": "Hoe vaak wordt er bloed geprikt?"})
    assert response.status_code == 409
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    assert soup.select_one("#error-summary")
    assert soup.select_one("#questions-parent_1").get_text() == "Hoe vaak wordt er bloed geprikt?"
    assert soup.select_one("#status-parent_1-not_yet").has_attr("checked")
    assert soup.select_one("input[name=revision]")["value"] == str(int(form_revision) + 1)
    page = BeautifulSoup(dr.get(record_url).get_data(as_text=True), "html.parser")
    assert "Hoe vaak" not in page.get_text()  # nothing of the stale save was written


def test_bad_input_gets_a_message_not_a_500(app, dr):
    record_url = start(dr)
    cases = [
        ({"questions-parent_1": "Waarom?"}, 400),                       # questions without a status
        ({}, 400),                                                      # nothing chosen
        ({"status-parent_1": "consented"}, 400),                        # not a status
        ({"status-parent_1": "understood", "questions-parent_1": "x" * 2100}, 400),
    ]
    for fields, status in cases:
        response = save(dr, record_url, "purpose", 1, **fields)
        assert response.status_code == status, fields
        assert BeautifulSoup(response.get_data(as_text=True), "html.parser").select_one("#error-summary")
    assert save(dr, record_url, "purpose", "abc", **{"status-parent_1": "understood"}).status_code == 400
    assert save(dr, record_url, "no-such-topic", 1, **{"status-parent_1": "understood"}).status_code == 404
    assert dr.get(record_url + "/item/no-such-topic").status_code == 404
    assert dr.get("/nl/consent/" + "A" * 22).status_code == 404
    assert dr.get("/nl/consent/" + "A" * 300).status_code == 404
    assert dr.post(record_url + "/pause", data={"csrf_token": token(dr), "revision": "x"}).status_code == 400
    assert dr.post(record_url + "/outcome", data={"csrf_token": token(dr), "revision": 1,
                                                  "outcome": "given"}).status_code == 400
    assert dr.post(record_url + "/item/purpose", data={"revision": 1, "status-parent_1": "understood"}
                   ).status_code == 400  # no CSRF token


def test_pause_and_resume(app, dr):
    record_url = start(dr)
    assert dr.post(record_url + "/pause", data={"csrf_token": token(dr), "revision": 1}).status_code == 303
    item = BeautifulSoup(dr.get(record_url + "/item/purpose").get_data(as_text=True), "html.parser")
    assert item.select_one("form[action$='/item/purpose']") is None
    assert save(dr, record_url, "purpose", 2, **{"status-parent_1": "understood"}).status_code == 400
    assert dr.post(record_url + "/resume", data={"csrf_token": token(dr), "revision": 2}).status_code == 303
    assert save(dr, record_url, "purpose", 3, **{"status-parent_1": "understood"}).status_code == 303
    page = BeautifulSoup(dr.get(record_url).get_data(as_text=True), "html.parser")
    assert len(page.select(".sittings li")) == 2


def test_family_check_on_the_clinicians_device_stores_nothing(app, dr):
    record_url = start(dr, lang="en")
    before = db_counts(app)
    response = dr.post(record_url + "/item/comparison/check", data={"csrf_token": token(dr), "answer": "1"})
    assert response.status_code == 200
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    assert "wrong" in soup.select_one(".check-feedback")["class"]
    family = record_url + "/item/comparison/family"  # the check is answered in the family view
    response = dr.post(record_url + "/item/comparison/check", data={"csrf_token": token(dr, family), "answer": "0"})
    assert "right" in BeautifulSoup(response.get_data(as_text=True), "html.parser").select_one(".check-feedback")["class"]
    assert dr.post(record_url + "/item/comparison/check",
                   data={"csrf_token": token(dr, family), "answer": "9"}).status_code == 200
    assert db_counts(app) == before


def test_qr_holds_only_the_information_url(app, dr):
    record_url = start(dr, lang="en")
    page = BeautifulSoup(dr.get(record_url).get_data(as_text=True), "html.parser")
    img = page.select_one(".family-link img")
    assert img["src"] == "/en/consent/family-link.svg" and img["alt"]
    assert page.select_one(".short-link a")["href"] == "http://localhost/en/info/"
    response = dr.get(img["src"])
    assert response.mimetype == "image/svg+xml"
    assert response.data == info_qr_svg("http://localhost/en/info/")
    assert b"<script" not in response.data
    assert dr.get("/en/info/").status_code == 200


def test_self_test_gives_feedback_links_and_stores_nothing(app):
    client = app.test_client()
    soup = check_page(client.get("/nl/check").get_data(as_text=True), "nl")
    assert len(soup.select("fieldset.self-check")) == len(REQUIRED_SLUGS)
    before = db_counts(app)
    data = {"csrf_token": csrf_token_from(str(soup)), "q-purpose": "0", "q-voluntary": "0", "q-benefit": "7"}
    response = client.post("/nl/check", data=data)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    result = check_page(response.get_data(as_text=True), "nl")
    assert "1 van de 13" in result.select_one(".check-score").get_text() or "1 of 13" in result.select_one(".check-score").get_text()
    assert result.select_one("#q-purpose-0").has_attr("checked")
    links = [a["href"] for a in result.select(".check-feedback a")]
    assert len(links) == len(REQUIRED_SLUGS) - 1
    for href in set(links):
        assert client.get(href).status_code == 200, href
    assert db_counts(app) == before
    assert client.post("/nl/check", data={"q-purpose": "0"}).status_code == 400  # CSRF


def test_export_cli(app, dr):
    start(dr, number="EXP-9")
    runner = app.test_cli_runner()
    result = runner.invoke(args=["consent", "export", "--format", "json"])
    assert result.exit_code == 0 and '"screening_number": "EXP-9"' in result.output
    result = runner.invoke(args=["consent", "export", "--format", "csv"])
    assert result.exit_code == 0 and result.output.startswith("record_id,screening_number")
    assert runner.invoke(args=["consent", "export", "--format", "xml"]).exit_code != 0


def test_stale_outcome_is_refused_and_the_choice_kept(app, dr):
    record_url = start(dr)
    nurse = app.test_client()
    login(nurse, "nurse@example.nl")
    form_revision = revision(dr, record_url + "/item/side-effects")
    assert save(nurse, record_url, "purpose", form_revision, **{"status-parent_2": "understood"}).status_code == 303
    response = dr.post(record_url + "/outcome", data={"csrf_token": token(dr), "revision": form_revision,
                                                      "outcome": "postponed"})
    assert response.status_code == 409
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    assert soup.select_one("#error-summary")
    assert soup.select_one("#outcome-postponed").has_attr("checked")
    assert soup.select_one("form[action$='/outcome'] input[name=revision]")["value"] == str(int(form_revision) + 1)


def test_questions_are_stored_without_what_identifies_someone(app, dr):
    record_url = start(dr, number="SCR-77")
    typed = "Moeder (Sanne Visser, 06-12345678) vraagt of Daan 's nachts mag blijven.\nBSN 123456782?"
    response = save(dr, record_url, "purpose", 1, **{"status-parent_1": "understood", "questions-parent_1": typed})
    assert response.status_code == 303 and "replaced=name,number,phone" in response.headers["Location"]
    notice = BeautifulSoup(dr.get(response.headers["Location"]).get_data(as_text=True), "html.parser")
    text = notice.get_text(" ")
    assert "een naam" in text and "een telefoonnummer" in text and "Sanne" not in text
    conn = sqlite3.connect(app.config["DATABASE"])
    try:
        stored = conn.execute("select questions from consent_item_events where questions like '%nachts%'").fetchall()
        audit = json.dumps(conn.execute("select details from audit_events").fetchall())
    finally:
        conn.close()
    [(questions,)] = stored
    assert questions == "Moeder ([naam], [telefoonnummer]) vraagt of [naam] 's nachts mag blijven.\nBSN [nummer]?"
    for secret in ("Sanne", "Visser", "12345678", "Daan", "123456782"):
        assert secret not in questions and secret not in audit
