"""Two people pressing Publish (or Approve) at the same moment, on separate connections: it happens once."""
import threading

from companion.db import connect, get_db
from companion.staff import drafts
from tests.staff.conftest import PURPOSE


def prepared_draft(app, staff, approve=True):
    with app.app_context():
        db = get_db()
        draft = drafts.create_draft(db, staff["ed"]["id"])
        drafts.save_pair(db, draft["id"], staff["ed"]["id"], PURPOSE,
                         {"nl": {"title": "Doel", "body": "Nieuw."}, "en": {"title": "Purpose", "body": "New."}},
                         in_sync=True)
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
