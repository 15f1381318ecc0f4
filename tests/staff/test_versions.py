"""Zip export and import: round trip gives identical content; bad zips are refused and change nothing."""
import io
import zipfile

import pytest

from companion.db import get_db
from companion.staff import drafts
from companion.staff.versions import ImportRefused, diff_mappings, export_zip, read_zip
from tests.staff.conftest import PURPOSE, live_id, post, confirm_all


def export(client, version_id):
    response = client.get(f"/staff/content/versions/{version_id}/export.zip")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    return response.data


def upload(client, data, name="content.zip"):
    return post(client, "/staff/content/import", {"zipfile": (io.BytesIO(data), name)},
                token_path="/staff/content/import", content_type="multipart/form-data")


def make_zip(entries: dict) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def draft_count(app):
    with app.app_context():
        return get_db()["staff_drafts"].count


def test_export_has_the_layout_of_content(app, as_user):
    data = export(as_user("ed"), live_id(app))
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert f"content/nl/{PURPOSE}" in names and f"content/en/{PURPOSE}" in names
    assert all(n.startswith(("content/nl/", "content/en/")) or n.endswith(".yaml") for n in names)


def test_export_then_import_gives_identical_content(app, as_user, staff):
    ed = as_user("ed")
    first = live_id(app)
    data = export(ed, first)
    # publish a change, then import the old export: the draft holds exactly the old content
    with app.app_context():
        db = get_db()
        draft = drafts.create_draft(db, staff["ed"]["id"])
        drafts.save_pair(db, draft["id"], staff["ed"]["id"], PURPOSE,
                         {"nl": {"title": "Doel", "body": "Anders."}, "en": {"title": "Purpose", "body": "Other."}},
                         in_sync=True)
        confirm_all(db, draft["id"], staff["ed"]["id"])
        drafts.approve(db, draft["id"], staff["eva"]["id"], "ok")
        drafts.publish(db, draft["id"], staff["eva"]["id"], "v2")
    response = upload(ed, data)
    assert response.status_code == 302
    imported = int(response.headers["Location"].rsplit("/", 1)[1])
    with app.app_context():
        db = get_db()
        draft = drafts.get_draft(db, imported)
        assert drafts.draft_mapping(db, draft) == drafts.version_mapping(db, first)
        # the purpose, and the stamps of the chat answers and key points checked against it
        dependents = {f"{lang}/{path}" for lang in ("nl", "en") for path in
                      ("chat/what-is-research.md", "chat/what-is-the-study.md", "checklist/purpose.md")}
        assert set(drafts.changed_files(db, imported)) == {f"en/{PURPOSE}", f"nl/{PURPOSE}"} | dependents
        assert drafts.check_draft(db, draft).ok
        assert list(db.query("select * from audit_events where kind = 'content.imported'"))
    # and exporting that again gives the same files byte for byte
    assert read_zip(export_zip(drafts_mapping(app, imported))) == read_zip(data)


def drafts_mapping(app, draft_id):
    with app.app_context():
        db = get_db()
        return drafts.draft_mapping(db, drafts.get_draft(db, draft_id))


def good_zip(app):
    with app.app_context():
        return drafts.version_mapping(get_db(), live_id(app))


def zipped(mapping, extra=None):
    return make_zip({**{f"content/{k}": v for k, v in mapping.items()}, **(extra or {})})


@pytest.mark.parametrize("case, message", [
    ("truncated", "not a readable zip"),
    ("not_zip", "not a readable zip"),
    ("empty", "Choose a zip file"),
    ("traversal", "unsafe file name"),
    ("absolute", "unsafe file name"),
    ("other_file", "not a content file"),
    ("not_utf8", "not UTF-8"),
    ("incomplete", "incomplete"),
    ("one_language", "no files for language: en"),
    ("bad_front_matter", "front matter"),
    ("outdated", None),
])
def test_bad_zips_are_refused_and_change_nothing(app, as_user, case, message):
    ed = as_user("ed")
    mapping = good_zip(app)
    data = {
        "truncated": lambda: zipped(mapping)[:5000],
        "not_zip": lambda: b"%PDF-1.4 this is not a zip",
        "empty": lambda: b"",
        "traversal": lambda: zipped(mapping, {"content/nl/../../evil.md": "x"}),
        "absolute": lambda: zipped(mapping, {"/etc/evil.md": "x"}),
        "other_file": lambda: zipped(mapping, {"content/nl/run.sh": "rm -rf /"}),
        "not_utf8": lambda: zipped(mapping, {f"content/nl/{PURPOSE}": "caf\xe9".encode("latin-1")}),
        "incomplete": lambda: zipped({k: v for k, v in mapping.items() if k != f"en/{PURPOSE}"}),
        "one_language": lambda: zipped({k: v for k, v in mapping.items() if k.startswith("nl/")}),
        "bad_front_matter": lambda: zipped({**mapping, f"nl/{PURPOSE}": "no front matter here"}),
        "outdated": lambda: zipped({**mapping, f"nl/{PURPOSE}": mapping[f"nl/{PURPOSE}"] + "\nEen extra zin.\n"}),
    }[case]()
    before = draft_count(app)
    response = upload(ed, data)
    if case == "outdated":
        # a readable zip becomes a draft, but the content check blocks its approval
        assert response.status_code == 302
        draft_id = int(response.headers["Location"].rsplit("/", 1)[1])
        page = ed.get(f"/staff/content/drafts/{draft_id}").get_data(as_text=True)
        assert "outdated translation" in page
        with app.app_context():
            with pytest.raises(drafts.DraftError, match="content check"):
                drafts.approve(get_db(), draft_id, 3, "ok")
        return
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert draft_count(app) == before


def test_read_zip_limits():
    with pytest.raises(ImportRefused, match="larger than"):
        read_zip(b"PK" + b"\0" * (10 * 1024 * 1024 + 10))
    bomb = make_zip({"content/nl/info/parents/a.md": "a" * (600 * 1024), "content/en/info/parents/a.md": "x"})
    with pytest.raises(ImportRefused, match="larger than 512 kB"):
        read_zip(bomb)


def test_diff_marks_added_removed_and_changed_lines():
    diff = diff_mappings({"nl/a.md": "een\ntwee\n", "nl/b.md": "weg"}, {"nl/a.md": "een\ndrie\n", "nl/c.md": "nieuw"})
    by_key = {d.key: d for d in diff}
    assert by_key["nl/a.md"].status == "changed"
    assert ("del", "-twee") in by_key["nl/a.md"].lines and ("ins", "+drie") in by_key["nl/a.md"].lines
    assert by_key["nl/b.md"].status == "removed" and by_key["nl/c.md"].status == "added"
    assert diff_mappings({"x": "1"}, {"x": "1"}) == []


def test_going_back_to_an_earlier_version_keeps_the_new_approval_visible(app, as_user, staff):
    ed = as_user("ed")
    first = live_id(app)
    data = export(ed, first)
    with app.app_context():
        db = get_db()
        draft = drafts.create_draft(db, staff["ed"]["id"])
        drafts.save_pair(db, draft["id"], staff["ed"]["id"], PURPOSE,
                         {"nl": {"title": "Doel", "body": "Anders."}, "en": {"title": "Purpose", "body": "Other."}},
                         in_sync=True)
        confirm_all(db, draft["id"], staff["ed"]["id"])
        drafts.approve(db, draft["id"], staff["eva"]["id"], "ok")
        drafts.publish(db, draft["id"], staff["eva"]["id"], "v2")
    imported = int(upload(ed, data).headers["Location"].rsplit("/", 1)[1])
    with app.app_context():
        db = get_db()
        drafts.approve(db, imported, staff["eva"]["id"], "METC asked to go back to the first text")
        version = drafts.publish(db, imported, staff["eva"]["id"], "v3 = v1 again")
    assert version["id"] == first == live_id(app)  # same content, same version: consent records stay comparable
    page = ed.get("/staff/content/versions").get_data(as_text=True)
    assert "v3 = v1 again – METC asked to go back to the first text" in page
