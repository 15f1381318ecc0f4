"""Two people pressing Publish (or Approve) at the same moment, on separate connections: it happens once."""
import threading

from companion.db import connect, get_db
from companion.staff import drafts
from tests.staff.conftest import PURPOSE, confirm_all


def prepared_draft(app, staff, approve=True):
    with app.app_context():
        db = get_db()
        draft = drafts.create_draft(db, staff["ed"]["id"])
        drafts.save_pair(db, draft["id"], staff["ed"]["id"], PURPOSE,
                         {"nl": {"title": "Doel", "body": "Nieuw."}, "en": {"title": "Purpose", "body": "New."}},
                         in_sync=True)
        confirm_all(db, draft["id"], staff["ed"]["id"])  # its chat answers still agree with the new purpose
        if approve:
            drafts.approve(db, draft["id"], staff["eva"]["id"], "ok")
        return draft["id"]


def race(app, action, n=4):
    barrier = threading.Barrier(n)
    outcomes = []

    def worker(i):
        db = connect(app.config["DATABASE"])
        try:
            barrier.wait()
            action(db, i)
            outcomes.append("ok")
        except drafts.DraftError as exc:
            outcomes.append(exc.msgid)
        finally:
            db.conn.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcomes


def test_publishing_twice_at_once_publishes_once(app, staff):
    draft_id = prepared_draft(app, staff)
    outcomes = race(app, lambda db, i: drafts.publish(db, draft_id, staff["eva"]["id"], f"v2 ({i})"))
    assert outcomes.count("ok") == 1
    assert outcomes.count("Only an approved draft can be published.") == 3
    with app.app_context():
        db = get_db()
        assert db.execute("select count(*) from audit_events where kind = 'content.published'").fetchone()[0] == 1
        assert db["content_versions"].count == 2


def test_approving_twice_at_once_approves_once(app, staff):
    draft_id = prepared_draft(app, staff, approve=False)
    approvers = [staff["eva"]["id"], staff["adam"]["id"]] * 2
    outcomes = race(app, lambda db, i: drafts.approve(db, draft_id, approvers[i], "ok"))
    assert outcomes.count("ok") == 1
    with app.app_context():
        db = get_db()
        assert db.execute("select count(*) from audit_events where kind = 'content.draft_approved'").fetchone()[0] == 1


def test_two_drafts_published_at_once_never_undo_each_other(app, staff):
    """Both approved on the same version: one goes live, the other is sent back for approval on top of it."""
    from companion.content.files import parse
    from companion.content.store import live_version

    ids = []
    with app.app_context():
        db = get_db()
        for path, nl, en in (("info/parents/purpose.md", "Eerste.", "First."),
                             ("info/parents/introduction.md", "Tweede.", "Second.")):
            draft = drafts.create_draft(db, staff["ed"]["id"])
            drafts.save_pair(db, draft["id"], staff["ed"]["id"], path,
                             {"nl": {"title": "T", "body": nl}, "en": {"title": "T", "body": en}}, in_sync=True)
            confirm_all(db, draft["id"], staff["ed"]["id"])
            drafts.approve(db, draft["id"], staff["eva"]["id"], "ok")
            ids.append(draft["id"])
    outcomes = race(app, lambda db, i: drafts.publish(db, ids[i % 2], staff["eva"]["id"], f"v ({i})"))
    assert outcomes.count("ok") == 1, outcomes
    with app.app_context():
        db = get_db()
        live = drafts.version_mapping(db, live_version(db)["id"])
        waiting = [drafts.get_draft(db, i) for i in ids if drafts.get_draft(db, i)["status"] != "published"]
        assert len(waiting) == 1 and waiting[0]["status"] == "open"
        assert waiting[0]["base_version_id"] == live_version(db)["id"]  # it now builds on what went live
        published = "Eerste." if waiting[0]["id"] == ids[1] else "Tweede."
        key = "nl/info/parents/purpose.md" if published == "Eerste." else "nl/info/parents/introduction.md"
        assert published in parse(live[key])[1]
