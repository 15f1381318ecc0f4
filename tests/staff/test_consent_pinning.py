"""Consent records keep pointing at the content version they used after a new version is published."""
from companion.consent.records import create_record
from companion.content.store import live_version
from companion.db import get_db
from companion.staff import drafts
from tests.staff.conftest import PURPOSE, confirm_all


def test_a_consent_record_keeps_its_version(app, staff, as_user):
    with app.app_context():
        db = get_db()
        first = live_version(db)
        record_id = create_record(db, screening_number="AK-001", lang="nl", age_group="16-17", authority="none",
                                  content_version=first, user={"id": staff["cli"]["id"], "email": "cli@example.nl",
                                                               "role": "clinician"})
        draft = drafts.create_draft(db, staff["ed"]["id"])
        drafts.save_pair(db, draft["id"], staff["ed"]["id"], PURPOSE,
                         {"nl": {"title": "Doel", "body": "Nieuw."}, "en": {"title": "Purpose", "body": "New."}},
                         in_sync=True)
        confirm_all(db, draft["id"], staff["ed"]["id"])
        drafts.approve(db, draft["id"], staff["eva"]["id"], "ok")
        second = drafts.publish(db, draft["id"], staff["eva"]["id"], "v2")
        assert live_version(db)["id"] == second["id"] != first["id"]
        row = next(db.query("select content_version_id, content_hash from consent_records where id = ?", [record_id]))
        assert (row["content_version_id"], row["content_hash"]) == (first["id"], first["hash"])
    # and that version is still readable in full
    page = as_user("ed").get(f"/staff/content/versions/{first['id']}?path={PURPOSE}&file_lang=nl")
    assert page.status_code == 200 and "Nieuw." not in page.get_data(as_text=True)
