"""Every editable field takes 40 XSS payloads; none survives into a staff page or a public page."""
import io
import sys
import types
import zipfile

import pytest

from companion.db import get_db
from companion.staff import drafts
from tests.staff.conftest import live_id, post, save_edit
from tests.staff.xss import ONE_LINE, PAYLOADS, problems

CHAT = "chat/withdraw.md"
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
    # the approval note and the version label carry payloads too
    note = " ".join(ONE_LINE)[:1900]
    post(eva, f"/staff/content/drafts/{draft}/approve", {"note": note})
    with app.app_context():
        status = drafts.get_draft(get_db(), draft)
        assert status["status"] == "approved", status
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
