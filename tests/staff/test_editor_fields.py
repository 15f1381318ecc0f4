"""The editor's "Other fields (YAML)": timeline items, checklist prompts, glossary aliases, summaries."""
import pytest
import yaml
from bs4 import BeautifulSoup

from companion.content.files import parse
from companion.db import get_db
from companion.staff import drafts
from tests.staff.conftest import live_id, new_side_text, post, save_edit

PHASE = "timeline/days-1-3.md"
CHECKLIST = "checklist/purpose.md"
SEPSIS = "glossary/sepsis.md"
PURPOSE = "info/parents/purpose.md"


def editor_form(client, path, draft=None):
    """{lang: {field: value}} as the editor page shows it (title, body, phrasings, extra)."""
    url = f"/staff/content/edit?path={path}" + (f"&draft={draft}" if draft else "")
    soup = BeautifulSoup(client.get(url).data, "html.parser")
    form = {}
    for lang in ("nl", "en"):
        values = {"title": soup.select_one(f"#{lang}-title")["value"], "body": soup.select_one(f"#{lang}-body").string or ""}
        for name in ("phrasings", "extra"):
            area = soup.select_one(f"#{lang}-{name}")
            if area is not None:
                values[name] = area.string or ""
        form[lang] = values
    return form


def extra_of(form, lang):
    return yaml.safe_load(form[lang]["extra"])


def with_extra(form, lang, meta):
    return {**form[lang], "extra": yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)}


def draft_from(response):
    assert response.status_code == 302, response.get_data(as_text=True)[-800:]
    return int(response.headers["Location"].split("draft=")[1])


def draft_meta(app, draft, key):
    with app.app_context():
        db = get_db()
        return parse(drafts.draft_mapping(db, drafts.get_draft(db, draft))[key])[0]


def draft_count(app):
    with app.app_context():
        return get_db().execute("select count(*) from staff_drafts").fetchone()[0]


def test_the_editor_shows_only_the_fields_families_see(as_user):
    ed = as_user("ed")
    shown = {path: editor_form(ed, path)["nl"].get("extra") for path in
             (PHASE, CHECKLIST, SEPSIS, PURPOSE, "timeline/intro.md", "chat/dose.md")}
    assert set(yaml.safe_load(shown[PHASE])) == {"summary", "every_day", "days"}
    assert set(yaml.safe_load(shown[CHECKLIST])) == {"teach_back", "key_points", "check_question"}
    assert yaml.safe_load(shown[SEPSIS]) == {"aliases": ["bloedvergiftiging"]}
    assert set(yaml.safe_load(shown[PURPOSE])) == {"summary"}
    assert shown["timeline/intro.md"] is None and shown["chat/dose.md"] is None
    for text in shown.values():
        assert text is None or not {"slug", "order", "translation_of", "phase", "section", "audience"} & set(
            yaml.safe_load(text) or {})
    page = BeautifulSoup(ed.get(f"/staff/content/edit?path={PHASE}").data, "html.parser")
    for lang in ("nl", "en"):
        assert page.select_one(f"label[for={lang}-extra]").get_text(strip=True) == "Other fields (YAML)"
        assert page.select_one(f"#{lang}-extra")["aria-describedby"] == f"{lang}-extra-hint"
    # the preview shows the items as the timeline will, glossary links and site facts included
    # (an empty fact as the calm sentence families would read)
    preview = page.select_one("#preview-fields-nl")
    assert preview.select("a.term") and preview.select(".site-fact-missing")
    assert "[[" not in preview.get_text()


def test_unchanged_other_fields_change_nothing(as_user, app):
    ed = as_user("ed")
    for path in (PHASE, CHECKLIST, SEPSIS, PURPOSE):
        form = editor_form(ed, path)
        response = save_edit(ed, path, form)
        assert response.status_code == 302
    assert draft_count(app) == 4  # a draft each, none of them with a change
    with app.app_context():
        assert all(not drafts.changed_files(get_db(), d["id"]) for d in drafts.list_drafts(get_db()))


def test_a_dutch_timeline_item_edit_outdates_the_english_and_shows_in_the_diff(as_user, app):
    ed = as_user("ed")
    form = editor_form(ed, PHASE)
    meta = extra_of(form, "nl")
    meta["days"][0]["items"][0]["text"] = "Op dag 3 vergelijkt het team de Phoenix-8-score met dag 0."
    draft = draft_from(save_edit(ed, PHASE, {"nl": with_extra(form, "nl", meta)}))
    page = BeautifulSoup(ed.get(f"/staff/content/edit?path={PHASE}&draft={draft}").data, "html.parser")
    assert page.select_one("#state-en").get_text(strip=True) == "outdated"
    assert page.select_one("#state-nl").get_text(strip=True) != "outdated"
    assert "vergelijkt het team de Phoenix-8-score met dag 0" in page.select_one("#nl-extra").string
    saved = draft_meta(app, draft, f"nl/{PHASE}")
    assert saved["days"][0]["items"][0] == {"kind": "follow_up",
                                            "text": "Op dag 3 vergelijkt het team de Phoenix-8-score met dag 0."}
    assert list(saved)[:3] == ["slug", "title", "order"] and saved["phase"] == "days-1-3"
    diff = BeautifulSoup(ed.get(f"/staff/content/drafts/{draft}").data, "html.parser")
    assert diff.select(".diff-side[lang=nl] .diff ins")  # the change is marked in words, on the Dutch side
    assert "vergelijkt het team de Phoenix-8-score" in new_side_text(diff, "nl")
    assert "outdated translation" in diff.get_text()


def test_a_checklist_key_point_round_trips(as_user, app):
    ed = as_user("ed")
    form = editor_form(ed, CHECKLIST)
    before = draft_meta(app, draft_from(save_edit(ed, CHECKLIST, form)), f"nl/{CHECKLIST}")
    meta = extra_of(form, "nl")
    meta["key_points"][2] = "Het is onderzoek: niemand weet nog of anakinra helpt."
    draft = draft_from(save_edit(ed, CHECKLIST, {"nl": with_extra(form, "nl", meta)}))
    saved = draft_meta(app, draft, f"nl/{CHECKLIST}")
    assert saved["key_points"][2] == "Het is onderzoek: niemand weet nog of anakinra helpt."
    assert {k: v for k, v in saved.items() if k != "key_points"} == {k: v for k, v in before.items() if k != "key_points"}
    again = editor_form(ed, CHECKLIST, draft)
    assert extra_of(again, "nl") == meta
    assert save_edit(ed, CHECKLIST, again, draft=draft).status_code == 302  # saving it as shown: no change
    assert draft_meta(app, draft, f"nl/{CHECKLIST}") == saved


def test_removing_an_optional_field_and_adding_an_alias(as_user, app):
    ed = as_user("ed")
    form = editor_form(ed, SEPSIS)
    draft = draft_from(save_edit(ed, SEPSIS, {"nl": with_extra(form, "nl", {"aliases": ["bloedvergiftiging", "sepsis-shock"]})}))
    assert draft_meta(app, draft, f"nl/{SEPSIS}")["aliases"] == ["bloedvergiftiging", "sepsis-shock"]
    form = editor_form(ed, PURPOSE)
    draft_from(save_edit(ed, PURPOSE, {"nl": {**form["nl"], "extra": ""}}, draft=draft))
    assert "summary" not in draft_meta(app, draft, f"nl/{PURPOSE}")


def _phase_with(change):
    def edit(meta):
        change(meta)
        return yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
    return edit


def _set(path, value):
    def change(meta):
        target = meta
        for part in path[:-1]:
            target = target[part]
        target[path[-1]] = value
    return change


BAD = [
    (PHASE, lambda meta: "summary: [not closed\nevery_day: -", "not valid YAML (line"),
    (PHASE, lambda meta: "- summary\n- days\n", "must be lines of the form"),
    (PHASE, lambda meta: "slug: elsewhere\n" + yaml.safe_dump(meta, sort_keys=False), "tries to change 'slug'"),
    (PHASE, lambda meta: "translation_of: abc\n" + yaml.safe_dump(meta, sort_keys=False), "tries to change 'translation_of'"),
    (PHASE, lambda meta: "first_day: 0\n" + yaml.safe_dump(meta, sort_keys=False), "tries to change 'first_day'"),
    (PHASE, _phase_with(_set(["days", 0, "day"], 2)), "must keep their day numbers (3)"),
    (PHASE, _phase_with(_set(["every_day", 0, "kind"], "party")), "kind 'party' is not one of"),
    (PHASE, _phase_with(_set(["every_day", 0, "text"], "")), "text is missing"),
    (PHASE, _phase_with(_set(["every_day", 0, "html"], "<b>x</b>")), "every_day[0] has a key that does not belong there: html"),
    (PHASE, _phase_with(_set(["summary"], None)), "summary may hold only text or a whole number"),
    (PHASE, _phase_with(lambda meta: meta.pop("every_day")), "day 1 has no items"),
    (CHECKLIST, _phase_with(_set(["key_points"], "one point")), "key_points must be a non-empty list of text"),
    (CHECKLIST, _phase_with(_set(["key_points"], [1, 2, 3])), "key_points must be a non-empty list of text"),
    (CHECKLIST, _phase_with(_set(["check_question", "correct"], 7)), "check_question.correct must be the index"),
    (CHECKLIST, _phase_with(lambda meta: meta.pop("teach_back")), "missing teach_back"),
    (CHECKLIST, lambda meta: "section: costs\n" + yaml.safe_dump(meta, sort_keys=False), "tries to change 'section'"),
    (SEPSIS, lambda meta: "aliases: bloedvergiftiging\n", "aliases must be a list of words"),
    (SEPSIS, lambda meta: "aliases: [2024-01-01]\n", "aliases[0] may hold only text"),
    (PURPOSE, lambda meta: "summary:\n  - a\n  - b\n", "summary must be text"),
    (PURPOSE, lambda meta: "summary: x\nicon: doctor\n", "tries to change 'icon'"),
]


@pytest.mark.parametrize("path, make, expected", BAD, ids=[f"{p.split('/')[0]}-{e[:30]}" for p, _m, e in BAD])
def test_bad_other_fields_are_a_400_with_the_input_kept(as_user, app, path, make, expected):
    ed = as_user("ed")
    form = editor_form(ed, path)
    text = make(yaml.safe_load(form["nl"]["extra"]))
    before = draft_count(app)
    response = save_edit(ed, path, {"nl": {**form["nl"], "extra": text}, "en": form["en"]})
    assert response.status_code == 400
    page = BeautifulSoup(response.data, "html.parser")
    assert expected in page.select_one("#error-summary").get_text(" "), page.select_one("#error-summary").get_text(" ")
    assert page.title.get_text().startswith("Error:")
    assert (page.select_one("#nl-extra").string or "") == text  # kept as typed
    assert page.select_one("#en-extra").string == form["en"]["extra"]
    assert (page.select_one("#nl-body").string or "") == form["nl"]["body"]
    assert draft_count(app) == before  # no draft made


def test_an_alias_bomb_is_refused_without_walking_it(as_user, app):
    ed = as_user("ed")
    form = editor_form(ed, PURPOSE)
    bomb = "summary:\n" + "".join(f"- &l{i} [" + ", ".join([f"*l{i - 1}" if i else "x"] * 9) + "]\n" for i in range(12))
    response = save_edit(ed, PURPOSE, {"nl": {**form["nl"], "extra": bomb}})  # 9**12 values if walked in full
    assert response.status_code == 400
    assert "too long" in BeautifulSoup(response.data, "html.parser").select_one("#error-summary").get_text()


def test_bad_other_fields_leave_an_existing_draft_alone(as_user, app):
    ed = as_user("ed")
    form = editor_form(ed, CHECKLIST)
    meta = extra_of(form, "nl")
    meta["teach_back"] = "Wat is het doel van dit onderzoek, in uw eigen woorden?"
    draft = draft_from(save_edit(ed, CHECKLIST, {"nl": with_extra(form, "nl", meta)}))
    with app.app_context():
        files = drafts.changed_files(get_db(), draft)
    form = editor_form(ed, CHECKLIST, draft)
    bad = form["nl"]["extra"] + "slug: other\n"
    for action in ("save", "preview"):
        response = save_edit(ed, CHECKLIST, {"nl": {**form["nl"], "title": "Nieuwe titel", "extra": bad}},
                             draft=draft, action=action)
        assert response.status_code == 400
        assert "tries to change 'slug'" in BeautifulSoup(response.data, "html.parser").select_one("#error-summary").get_text()
    with app.app_context():
        assert drafts.changed_files(get_db(), draft) == files
    # save_pair itself refuses too (not only the view)
    with app.app_context():
        with pytest.raises(drafts.DraftError):
            drafts.save_pair(get_db(), draft, 1, CHECKLIST, {"nl": {**form["nl"], "extra": bad}})
        assert drafts.changed_files(get_db(), draft) == files


def test_errors_in_both_columns_are_all_listed_in_dutch(app, staff):
    from companion.auth.testing import login
    client = app.test_client()
    assert login(client, "ed@example.nl").status_code == 302
    client.get("/staff/?lang=nl")
    form = editor_form(client, CHECKLIST)
    response = save_edit(client, CHECKLIST, {"nl": {**form["nl"], "extra": "slug: x\n"},
                                             "en": {**form["en"], "extra": "key_points: [\n"}})
    assert response.status_code == 400
    errors = [li.get_text() for li in BeautifulSoup(response.data, "html.parser").select("#error-summary li")]
    assert len(errors) == 2 and "'slug'" in errors[0] and "YAML" in errors[1]
    assert "Nederlandse" in errors[0] and "Engelse" in errors[1]


def test_a_published_timeline_item_edit_reaches_the_public_timeline(as_user, app):
    ed, eva = as_user("ed"), as_user("eva")
    before = live_id(app)
    form = editor_form(ed, PHASE)
    new = {"nl": "Het team bekijkt elke dag de leverwaarden van uw kind in het bloed.",
           "en": "Every day the team looks at your child's liver values in the blood."}
    values = {}
    for lang in ("nl", "en"):
        meta = extra_of(form, lang)
        assert meta["every_day"][2]["kind"] == "test"
        meta["every_day"][2]["text"] = new[lang]
        values[lang] = with_extra(form, lang, meta)
    draft = draft_from(save_edit(ed, PHASE, values, in_sync=True))
    post(eva, f"/staff/content/drafts/{draft}/approve", {"note": "Approved by the ethics committee on 1 June 2026"})
    with app.app_context():
        assert drafts.get_draft(get_db(), draft)["status"] == "approved", \
            drafts.check_draft(get_db(), drafts.get_draft(get_db(), draft)).new_errors
    assert post(ed, f"/staff/content/drafts/{draft}/publish", {"label": "v2"}).status_code == 302
    assert live_id(app) != before
    public = app.test_client()
    for lang in ("nl", "en"):
        page = BeautifulSoup(public.get(f"/{lang}/timeline").data, "html.parser")
        texts = [" ".join(t.get_text(" ").split()) for t in page.select(".item-text")]
        assert sum(new[lang] in t for t in texts) == 3  # days 1, 2 and 3
