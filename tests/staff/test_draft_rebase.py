"""Two drafts begun from the same version: publishing the second never undoes the first.

A draft is its base version plus the files it changes. When another draft went live in between,
approval moves it onto the live version (or refuses when both change the same text), and a
publish after such a switch sends the draft back for a new approval."""
import pytest

from companion.content.files import parse
from companion.content.store import live_version
from companion.db import get_db
from companion.staff import drafts
from tests.staff.conftest import PURPOSE, confirm_all

INTRODUCTION = "info/parents/introduction.md"  # a section whose chat answers state no figures (see truth.py)


def edit(db, user, path, nl_body, en_body, draft=None):
    draft = draft or drafts.create_draft(db, user["id"])
    drafts.save_pair(db, draft["id"], user["id"], path,
                     {"nl": {"title": "Titel", "body": nl_body}, "en": {"title": "Title", "body": en_body}},
                     in_sync=True)
    confirm_all(db, draft["id"], user["id"])  # the section's chat answers were read again: they still agree
    return drafts.get_draft(db, draft["id"])


def live_body(db, key):
    return parse(drafts.version_mapping(db, live_version(db)["id"])[key])[1]


def test_a_second_draft_keeps_what_the_first_published(app, staff):
    ed, eva = staff["ed"], staff["eva"]
    with app.app_context():
        db = get_db()
        first = edit(db, ed, PURPOSE, "Eerste wijziging.", "First change.")
        second = edit(db, ed, INTRODUCTION, "Tweede wijziging.", "Second change.")
        assert first["base_version_id"] == second["base_version_id"]
        drafts.approve(db, first["id"], eva["id"], "ok")
        drafts.publish(db, first["id"], eva["id"], "v2")

        drafts.approve(db, second["id"], eva["id"], "ok")  # approval moves it onto v2
        assert drafts.get_draft(db, second["id"])["base_version_id"] == live_version(db)["id"]
        drafts.publish(db, second["id"], eva["id"], "v3")
        assert "Eerste wijziging." in live_body(db, f"nl/{PURPOSE}")
        assert "Second change." in live_body(db, f"en/{INTRODUCTION}")
        kinds = [r["kind"] for r in db.query("select kind from audit_events order by id")]
        assert "content.draft_rebased" in kinds


def test_publishing_after_another_version_went_live_needs_a_new_approval(app, staff):
    ed, eva = staff["ed"], staff["eva"]
    with app.app_context():
        db = get_db()
        first = edit(db, ed, PURPOSE, "Eerste wijziging.", "First change.")
        second = edit(db, ed, INTRODUCTION, "Tweede wijziging.", "Second change.")
        drafts.approve(db, first["id"], eva["id"], "ok")
        drafts.approve(db, second["id"], eva["id"], "ok")  # both approved on the same base
        drafts.publish(db, first["id"], eva["id"], "v2")
        v2 = live_version(db)["id"]
        with pytest.raises(drafts.DraftError, match="approved again"):
            drafts.publish(db, second["id"], eva["id"], "v3")
        assert live_version(db)["id"] == v2
        reopened = drafts.get_draft(db, second["id"])
        assert reopened["status"] == "open" and reopened["base_version_id"] == v2
        drafts.approve(db, second["id"], eva["id"], "ok again")
        drafts.publish(db, second["id"], eva["id"], "v3")
        assert "Eerste wijziging." in live_body(db, f"nl/{PURPOSE}")
        assert "Tweede wijziging." in live_body(db, f"nl/{INTRODUCTION}")


def test_two_drafts_changing_the_same_text_are_refused_not_merged(app, staff):
    ed, eva = staff["ed"], staff["eva"]
    with app.app_context():
        db = get_db()
        first = edit(db, ed, PURPOSE, "Eerste wijziging.", "First change.")
        second = edit(db, ed, PURPOSE, "Andere wijziging.", "Other change.")
        drafts.approve(db, first["id"], eva["id"], "ok")
        drafts.publish(db, first["id"], eva["id"], "v2")
        with pytest.raises(drafts.DraftError, match="changes the same texts") as refused:
            drafts.approve(db, second["id"], eva["id"], "ok")
        assert PURPOSE in str(refused.value)
        assert drafts.get_draft(db, second["id"])["status"] == "open"
        assert "Eerste wijziging." in live_body(db, f"nl/{PURPOSE}")
