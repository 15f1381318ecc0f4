"""Staff content area: time of the pages staff wait on, and of publishing, on a real SQLite file.

Median of 7 requests (after one warm-up) through Flask's test client, signed in as an editor:
overview (every item's state, readability of every file), the side-by-side editor, a draft
page (content check of the draft and its base), zip export; then approve + publish a draft
(one write transaction: new version, live switch, audit event)."""
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from companion import create_app  # noqa: E402
from companion.auth.testing import login, make_user  # noqa: E402
from companion.db import get_db  # noqa: E402
from companion.staff import drafts  # noqa: E402

RUNS = 7


def median_ms(client, path):
    client.get(path)
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        response = client.get(path)
        times.append(time.perf_counter() - started)
        assert response.status_code == 200, (path, response.status_code)
    return statistics.median(times) * 1000


def main():
    app = create_app({"DATABASE": os.path.join(tempfile.mkdtemp(), "bench.db")})
    app.config["AUTH_FAILURE_DELAY"] = False
    ed = make_user(app, "ed@example.nl", "editor")
    eva = make_user(app, "eva@example.nl", "editor")
    client = app.test_client()
    login(client, "ed@example.nl")
    with app.app_context():
        db = get_db()
        draft = drafts.create_draft(db, ed["id"])
        drafts.save_pair(db, draft["id"], ed["id"], "info/parents/purpose.md",
                         {"nl": {"title": "Doel", "body": "Nieuw."}, "en": {"title": "Purpose", "body": "New."}},
                         in_sync=True)
    pages = {
        "overview /staff/content": "/staff/content",
        "editor": "/staff/content/edit?path=info/parents/purpose.md",
        "draft page (check)": f"/staff/content/drafts/{draft['id']}",
        "draft overview": f"/staff/content?draft={draft['id']}",
        "zip export": "/staff/content/versions/1/export.zip",
    }
    for name, path in pages.items():
        print(f"{name:28s} {median_ms(client, path):7.0f} ms")
    with app.app_context():
        db = get_db()
        started = time.perf_counter()
        drafts.approve(db, draft["id"], eva["id"], "bench")
        approved = time.perf_counter()
        drafts.publish(db, draft["id"], eva["id"], "bench v2")
        done = time.perf_counter()
    print(f"{'approve (runs content check)':28s} {(approved - started) * 1000:7.0f} ms")
    print(f"{'publish (new version, live)':28s} {(done - approved) * 1000:7.0f} ms")


if __name__ == "__main__":
    main()
