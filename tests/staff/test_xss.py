"""Every editable field takes 40 XSS payloads; none survives into a staff page or a public page."""
import io
import sys
import types
import zipfile

import pytest
import yaml
from bs4 import BeautifulSoup

from companion.auth.testing import csrf_token_from
from companion.config import ROOT
from companion.content.files import parse
from companion.db import get_db
from companion.staff import drafts
from tests.staff.conftest import confirm_reviews, live_id, post, save_edit
from tests.staff.xss import ONE_LINE, PAYLOADS, problems

CHAT = "chat/withdraw.md"
CHAT_SECTION = "info/parents/when-it-ends.md"  # the section the chat answer follows
PURPOSE = "info/parents/purpose.md"


def assert_clean(response, where):
    html = response.get_data(as_text=True)
    found = problems(html)
    assert not found, f"{where}: {found[:5]}"
    return html


def test_there_are_at_least_30_payloads():
    assert len(PAYLOADS) >= 30 and len(set(PAYLOADS)) == len(PAYLOADS)


def test_payloads_in_every_editor_field_never_reach_a_page(app, as_user, staff):
    ed, eva = as_user("ed"), as_user("eva")
    body = "\n\n".join(PAYLOADS)
    title = " ".join(ONE_LINE)[:190]
    fields = {"nl": {"title": title, "body": body, "phrasings": "\n".join(ONE_LINE)},
              "en": {"title": title, "body": body, "phrasings": "\n".join(ONE_LINE)}}
    # preview (nothing saved)
    assert_clean(save_edit(ed, CHAT, fields, action="preview"), "preview")
    # save into a draft, then every page that shows the draft
    response = save_edit(ed, CHAT, fields, in_sync=True)
    assert response.status_code == 302, response.get_data(as_text=True)[-500:]
    draft = int(response.headers["Location"].split("draft=")[1])
    info = {k: v for k, v in fields.items()}
    for lang in info:
        info[lang] = {"title": title, "body": body}
    assert save_edit(ed, PURPOSE, info, draft=draft, in_sync=True).status_code == 302
    for path in [f"/staff/content/edit?path={CHAT}&draft={draft}", f"/staff/content/edit?path={PURPOSE}&draft={draft}",
                 f"/staff/content/drafts/{draft}", f"/staff/content?draft={draft}", "/staff/content/drafts"]:
        assert_clean(ed.get(path), path)
    # links to unknown glossary terms or sections are content-check errors: they block approval
    post(eva, f"/staff/content/drafts/{draft}/approve", {"note": "ok"})
    with app.app_context():
        assert drafts.get_draft(get_db(), draft)["status"] == "open"
    checkable = "\n\n".join(p for p in PAYLOADS if "(glossary:" not in p and "(info:" not in p)
    for path, with_phrasings in ((CHAT, True), (PURPOSE, False)):
        values = {"title": title, "body": checkable, **({"phrasings": "\n".join(ONE_LINE)} if with_phrasings else {})}
        assert save_edit(ed, path, {"nl": values, "en": values}, draft=draft, in_sync=True).status_code == 302
    # a chat answer says nothing beyond its section: the section carries the payloads too
    section = {}
    for lang in ("nl", "en"):
        meta, text = parse((ROOT / "content" / lang / CHAT_SECTION).read_text(encoding="utf-8"))
        section[lang] = {"title": meta["title"], "body": f"{text}\n\n{checkable}"}
    assert save_edit(ed, CHAT_SECTION, section, draft=draft, in_sync=True).status_code == 302
    confirm_reviews(ed, draft)  # the sections changed: their answers were read again
    # the approval note and the version label carry payloads too
    note = " ".join(ONE_LINE)[:1900]
    post(eva, f"/staff/content/drafts/{draft}/approve", {"note": note})
    with app.app_context():
        status = drafts.get_draft(get_db(), draft)
        assert status["status"] == "approved", drafts.check_draft(get_db(), status).new_errors[:5]
    post(eva, f"/staff/content/drafts/{draft}/publish", {"label": ONE_LINE[0] + ONE_LINE[2]})
    version = live_id(app)
    for path in ["/staff/content/versions", f"/staff/content/versions/{version}",
                 f"/staff/content/versions/{version}?path={PURPOSE}&file_lang=nl", f"/staff/content/drafts/{draft}",
                 f"/staff/content/diff?a=1&b={version}", "/staff/content"]:
        assert_clean(ed.get(path), path)
    public = app.test_client()
    for path in ["/nl/info/purpose", "/en/info/purpose", "/nl/info/", "/en/info/print"]:
        html = assert_clean(public.get(path), path)
        assert "alert(1)" not in html or "&lt;script&gt;" in html  # shown as text at most


def test_payloads_in_a_draft_label_and_an_imported_zip(app, as_user):
    ed = as_user("ed")
    for payload in ONE_LINE[:10]:
        response = post(ed, "/staff/content/drafts", {"label": payload})
        assert response.status_code == 302
    assert_clean(ed.get("/staff/content/drafts"), "drafts")
    with app.app_context():
        mapping = drafts.version_mapping(get_db(), live_id(app))
    key = f"nl/{PURPOSE}"
    mapping[key] = mapping[key].replace("title:", "title: '" + ONE_LINE[16].replace("'", "") + "'\nx_title:", 1) \
        + "\n" + "\n\n".join(PAYLOADS)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for k, v in mapping.items():
            archive.writestr(f"content/{k}", v)
    response = post(ed, "/staff/content/import", {"zipfile": (io.BytesIO(buffer.getvalue()), "<script>.zip")},
                    token_path="/staff/content/import", content_type="multipart/form-data")
    assert response.status_code == 302
    draft = response.headers["Location"].rsplit("/", 1)[1]
    for path in [f"/staff/content/drafts/{draft}", f"/staff/content/edit?path={PURPOSE}&draft={draft}",
                 f"/staff/content?draft={draft}", "/staff/content/drafts"]:
        assert_clean(ed.get(path), path)


def test_payloads_as_inbox_questions(app, as_user, monkeypatch):
    fake = types.ModuleType("companion.chat.inbox")
    fake.questions = lambda db: [{"question": p, "lang": "nl", "kind": "not_found"} for p in ONE_LINE]
    monkeypatch.setitem(sys.modules, "companion.chat.inbox", fake)
    ed = as_user("ed")
    assert_clean(ed.get("/staff/content/inbox"), "inbox")
    response = post(ed, "/staff/content/inbox/new-entry", {"question": ONE_LINE[0], "lang": "nl"},
                    token_path="/staff/content/inbox")
    assert response.status_code == 302
    assert_clean(ed.get(response.headers["Location"]), "new entry editor")
    response = post(ed, "/staff/content/inbox/phrasing", {"question": ONE_LINE[2], "lang": "nl", "entry": "withdraw"},
                    token_path="/staff/content/inbox")
    assert response.status_code == 302
    assert_clean(ed.get(response.headers["Location"]), "phrasing draft")


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_checker_would_see_each_payload_unescaped(payload):
    """The checker is not blind: each raw payload that makes markup is caught when not escaped."""
    html = f"<html><body><p>{payload}</p></body></html>"
    markup = any(t in payload.lower() for t in ("<script", "onerror", "onload", "javascript:\"", "<iframe", "<svg",
                                                 "ontoggle", "onfocus", "<object", "<embed", "<style", "style=",
                                                 "<base", "<meta", "onstart", "<form action", "href=\"&#x6a;",
                                                 "href=\"javascript", "href=\"  javascript", "src=\"javascript"))
    if markup:
        assert problems(html), payload


# --- the other fields (front matter families see): timeline items, checklist prompts, aliases, summaries ---

PHASE = "timeline/days-1-3.md"
CHECKLIST = "checklist/purpose.md"
SEPSIS = "glossary/sepsis.md"
SUMMARY_PATHS = ["info/parents/purpose.md", "info/parents/background.md", "info/parents/costs.md",
                 "info/parents/consent.md", "info/parents/insurance.md", "info/parents/family-doctor.md",
                 "info/parents/after-the-study.md", "info/parents/general-information.md"]


def _chunks(texts, limit):
    """The payloads joined into as few texts of at most `limit` characters as will hold them."""
    out, current = [], ""
    for text in texts:
        if current and len(current) + 1 + len(text) > limit:
            out.append(current)
            current = ""
        current = f"{current} {text}".strip()
    return out + [current]


def _editor_values(client, path, draft=None):
    url = f"/staff/content/edit?path={path}" + (f"&draft={draft}" if draft else "")
    soup = BeautifulSoup(client.get(url).data, "html.parser")
    return {lang: {"title": soup.select_one(f"#{lang}-title")["value"], "body": soup.select_one(f"#{lang}-body").string or "",
                   "meta": yaml.safe_load(soup.select_one(f"#{lang}-extra").string or "") or {}} for lang in ("nl", "en")}


def _with_payloads(path, meta, markdown, plain):
    """`meta` (the other fields) with every text replaced by payloads, the structure kept."""
    if path == PHASE:
        meta["summary"] = plain[0]
        for item in meta["every_day"] + meta["days"][0]["items"]:
            item["text"] = markdown
        meta["days"][0]["title"] = plain[1 % len(plain)]
    elif path == CHECKLIST:
        meta["teach_back"] = " ".join(ONE_LINE)
        meta["key_points"] = [markdown for _ in meta["key_points"]]
        check = meta["check_question"]
        check["question"], check["explanation"] = " ".join(ONE_LINE), markdown
        check["options"] = [" ".join(ONE_LINE[i::len(check["options"])]) for i in range(len(check["options"]))]
    elif path == SEPSIS:
        meta["aliases"] = list(ONE_LINE)
    else:
        meta["summary"] = plain[0]
    return meta


def _save_other_fields(client, path, markdown, plain, draft="new", action="save"):
    values = _editor_values(client, path)
    fields = {}
    for lang in ("nl", "en"):
        meta = _with_payloads(path, values[lang]["meta"], markdown, plain)
        fields[lang] = {"title": values[lang]["title"], "body": values[lang]["body"],
                        "extra": yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)}
    return save_edit(client, path, fields, draft=draft, in_sync=True, action=action)


def test_payloads_in_the_other_fields_never_reach_a_page(app, as_user, staff):
    ed, eva, cli = as_user("ed"), as_user("eva"), as_user("cli")
    summaries = _chunks(ONE_LINE, 300)
    assert len(summaries) <= len(SUMMARY_PATHS)
    everything = "\n\n".join(PAYLOADS)
    # the preview, with every payload (links to unknown terms included) in every other field
    for path in (PHASE, CHECKLIST, SEPSIS, SUMMARY_PATHS[0]):
        response = _save_other_fields(ed, path, everything, summaries, action="preview")
        assert response.status_code == 200, response.get_data(as_text=True)[-600:]
        assert_clean(response, f"preview {path}")
    # saved into a draft that passes the content check: then approved and published
    checkable = "\n\n".join(p for p in PAYLOADS if "(glossary:" not in p and "(info:" not in p)
    draft = "new"
    for path in (PHASE, CHECKLIST, SEPSIS):
        response = _save_other_fields(ed, path, checkable, summaries, draft=draft)
        assert response.status_code == 302, response.get_data(as_text=True)[-600:]
        draft = int(response.headers["Location"].split("draft=")[1])
    for path, summary in zip(SUMMARY_PATHS, summaries):
        assert _save_other_fields(ed, path, checkable, [summary], draft=draft).status_code == 302
    # the checklist's key points may say only what their section says: the section carries the payloads too
    section = {"title": "Doel", "body": checkable}
    assert save_edit(ed, PURPOSE, {"nl": section, "en": section}, draft=draft, in_sync=True).status_code == 302
    confirm_reviews(ed, draft)
    for path in [f"/staff/content/edit?path={p}&draft={draft}" for p in (PHASE, CHECKLIST, SEPSIS, SUMMARY_PATHS[0])] \
            + [f"/staff/content/drafts/{draft}", f"/staff/content?draft={draft}"]:
        assert_clean(ed.get(path), path)
    post(eva, f"/staff/content/drafts/{draft}/approve", {"note": "ok"})
    with app.app_context():
        db = get_db()
        assert drafts.get_draft(db, draft)["status"] == "approved", \
            drafts.check_draft(db, drafts.get_draft(db, draft)).new_errors[:5]
    assert post(eva, f"/staff/content/drafts/{draft}/publish", {"label": "v-xss"}).status_code == 302
    version = live_id(app)
    for path in [f"/staff/content/versions/{version}?path={PHASE}&file_lang=nl",
                 f"/staff/content/versions/{version}?path={CHECKLIST}&file_lang=en", f"/staff/content/diff?a=1&b={version}"]:
        assert_clean(ed.get(path), path)
    public = app.test_client()
    pages = [f"/{lang}/{p}" for lang in ("nl", "en") for p in
             ("timeline", "timeline/print", "check", "glossary", "info/", "info/purpose", "info/print")]
    for path in pages:
        response = public.get(path)
        assert response.status_code == 200, path
        assert_clean(response, path)
    assert "alert(2)" in public.get("/nl/timeline").get_data(as_text=True)  # the payloads are there, as text
    # the family's self-check with feedback (explanations), and the clinician's checklist item
    form = public.get("/nl/check").get_data(as_text=True)
    assert_clean(public.post("/nl/check", data={"csrf_token": csrf_token_from(form), "q-purpose": "1"}), "check feedback")
    new = cli.get("/nl/consent/new").get_data(as_text=True)
    response = cli.post("/nl/consent/new", data={"csrf_token": csrf_token_from(new), "screening_number": "XSS-1",
                                                 "lang": "nl", "age_group": "under-12", "authority": "two_parents"})
    assert response.status_code == 303, response.get_data(as_text=True)[:300]
    item = cli.get(response.headers["Location"] + "/item/purpose")
    html = assert_clean(item, "consent item")
    points = [li.get_text() for li in BeautifulSoup(html, "html.parser").select(".key-points li")]
    assert points and all("<script>alert(1)</script>" in p for p in points)  # the words, never markup
