"""The chat's synonym list is part of each content version: edited in a draft, approved by a
second editor, published, exported and imported like the texts; a broken list never goes live."""
import io
import zipfile

from bs4 import BeautifulSoup

from companion.chat import service
from companion.content.store import live_version
from companion.db import get_db
from companion.staff import drafts
from tests.staff.conftest import live_id, post
from tests.staff.test_versions import draft_count, export, make_zip, upload

NEW_WORD = "wondermiddeltje"


def live_list(app) -> str:
    with app.app_context():
        return drafts.version_synonyms(get_db(), live_id(app))


def with_new_word(text: str) -> str:
    return text.replace("anakinra: [anakinra, kineret,", f"anakinra: [anakinra, kineret, {NEW_WORD},", 1)


def chat_knows(app, word: str) -> bool:
    with app.test_request_context("/nl/chat"):
        return word in service.state().index.analyzers["nl"].synonyms.words()


def save(client, text, draft="new"):
    return post(client, "/staff/content/synonyms", {"synonyms": text, "draft": str(draft)},
                token_path="/staff/content/synonyms")


def test_every_version_carries_the_list_it_was_made_with(app):
    text = live_list(app)
    assert text is not None and "kineret" in text
    assert chat_knows(app, "kineret") and not chat_knows(app, NEW_WORD)


def test_edit_approve_publish_changes_what_the_chat_uses(app, as_user, staff):
    ed, eva = as_user("ed"), as_user("eva")
    page = BeautifulSoup(ed.get("/staff/content/synonyms").data, "html.parser")
    original = page.select_one("textarea#synonyms").get_text()
    assert "kineret" in original and page.select_one("label[for=synonyms]")

    response = save(ed, with_new_word(original))
    assert response.status_code == 302
    draft_id = int(response.headers["Location"].rsplit("/", 1)[1])
    draft_page = ed.get(f"/staff/content/drafts/{draft_id}").get_data(as_text=True)
    assert "synonyms.yaml" in draft_page and NEW_WORD in draft_page
    assert not chat_knows(app, NEW_WORD)  # a draft changes nothing live

    with app.app_context():
        db = get_db()
        drafts.approve(db, draft_id, staff["eva"]["id"], "ok")
        version = drafts.publish(db, draft_id, staff["eva"]["id"], "v2 synonyms")
        assert live_version(db)["id"] == version["id"] and NEW_WORD in version["synonyms"]
    assert chat_knows(app, NEW_WORD)

    archive = zipfile.ZipFile(io.BytesIO(export(eva, version["id"])))
    assert NEW_WORD in archive.read("content/synonyms.yaml").decode()
    diff = eva.get(f"/staff/content/diff?a={version['id'] - 1}&b={version['id']}").get_data(as_text=True)
    assert "synonyms.yaml" in diff and NEW_WORD in diff


def test_a_broken_list_is_refused_with_its_problem_and_kept_on_screen(app, as_user):
    ed = as_user("ed")
    before = draft_count(app)
    for text, problem in (("groups:\n  anakinra: [kineret\n", "not valid YAML"),
                          ("groups:\n  a: [lever]\n  b: [Lever]\n", "in two groups"),
                          ("groups:\n  Bad Name: [x]\n", "lower-case")):
        response = save(ed, text)
        assert response.status_code == 400
        soup = BeautifulSoup(response.data, "html.parser")
        assert problem in soup.select_one("#error-summary").get_text()
        assert soup.select_one("textarea#synonyms").get_text() == text
    assert draft_count(app) == before


def test_saving_the_live_list_unchanged_makes_no_draft(app, as_user):
    ed = as_user("ed")
    before = draft_count(app)
    response = save(ed, live_list(app).replace("\n", "\r\n"))
    assert response.status_code == 302 and response.headers["Location"].endswith("/staff/content/synonyms")
    assert draft_count(app) == before


def test_import_takes_the_zips_list_and_refuses_a_broken_one(app, as_user):
    ed = as_user("ed")
    data = export(ed, live_id(app))
    files = {name: zipfile.ZipFile(io.BytesIO(data)).read(name) for name in zipfile.ZipFile(io.BytesIO(data)).namelist()}
    broken = make_zip({**files, "content/synonyms.yaml": b"groups:\n  a: [x]\n  b: [x]\n"})
    before = draft_count(app)
    response = upload(ed, broken)
    assert response.status_code == 400 and "synonyms.yaml" in response.get_data(as_text=True)
    assert draft_count(app) == before
    changed = make_zip({**files, "content/synonyms.yaml": with_new_word(files["content/synonyms.yaml"].decode()).encode()})
    response = upload(ed, changed)
    assert response.status_code == 302
    with app.app_context():
        draft = drafts.get_draft(get_db(), int(response.headers["Location"].rsplit("/", 1)[1]))
        assert NEW_WORD in draft["synonyms"] and drafts.changed_files(get_db(), draft["id"]) == {}


def test_two_drafts_changing_the_list_are_refused_not_merged(app, staff):
    ed, eva = staff["ed"], staff["eva"]
    with app.app_context():
        db = get_db()
        text = drafts.version_synonyms(db, live_version(db)["id"])
        first, second = drafts.create_draft(db, ed["id"]), drafts.create_draft(db, ed["id"])
        drafts.save_synonyms(db, first["id"], ed["id"], with_new_word(text))
        drafts.save_synonyms(db, second["id"], ed["id"], text + "  extra: [extraatje]\n")
        drafts.approve(db, first["id"], eva["id"], "ok")
        drafts.publish(db, first["id"], eva["id"], "v2")
        try:
            drafts.approve(db, second["id"], eva["id"], "ok")
        except drafts.DraftError as exc:
            assert "synonyms.yaml" in str(exc)
        else:
            raise AssertionError("the second list would have undone the first")


def test_clinicians_cannot_open_or_save_the_list(app, as_user):
    cli = as_user("cli")
    assert cli.get("/staff/content/synonyms").status_code == 403
