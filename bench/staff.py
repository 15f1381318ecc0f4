"""Staff content area: time of the pages staff wait on, and of publishing, on a real SQLite file.

Median of 7 requests (after one warm-up) through Flask's test client, signed in as an editor:
overview (every item's state, readability of every file), the side-by-side editor, a draft
page (content check of the draft and its base), zip export; then approve + publish a draft
(one write transaction: new version, live switch, audit event); last, the question inbox with
2,000 stored questions (chat phrasings with typos and extra words, and one-off questions)."""
import os
import random
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
from companion.content.files import parse  # noqa: E402
from companion.staff import drafts  # noqa: E402

RUNS = 7


def median_ms(client, path, runs=RUNS):
    client.get(path)
    times = []
    for _ in range(runs):
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

    with app.app_context():
        fill_inbox(get_db(), 2000)
    response = client.get("/staff/content/inbox")
    print(f"{'inbox, 2,000 questions':28s} {median_ms(client, '/staff/content/inbox', 3):7.0f} ms"
          f"  ({len(response.data) / 1024:.0f} KiB)")


def fill_inbox(db, n):
    """`n` questions as families might type them: mostly chat phrasings with a typo or an extra
    word (so they group), a third one-off word mixes (so many groups stay single)."""
    rng = random.Random(7)
    phrasings = {lang: [] for lang in ("nl", "en")}
    for path in sorted((ROOT / "content").glob("*/chat/*.md")):
        meta, _ = parse(path.read_text(encoding="utf-8"))
        phrasings[path.parts[-3]] += [str(p) for p in meta.get("phrasings") or []]
    extra = {"nl": ["eigenlijk", "nou", "dan", "precies", "ook"], "en": ["actually", "exactly", "then", "also", "please"]}
    rows = []
    for i in range(n):
        lang = "nl" if i % 3 else "en"
        if rng.random() < 0.66:
            words = rng.choice(phrasings[lang]).split()
            if rng.random() < 0.5:
                words.insert(rng.randrange(len(words) + 1), rng.choice(extra[lang]))
            if rng.random() < 0.4:
                k = rng.randrange(len(words))
                w = words[k]
                if len(w) > 3:
                    j = rng.randrange(len(w) - 1)
                    words[k] = w[:j] + w[j + 1] + w[j] + w[j + 2:]
        else:
            pool = rng.choice(phrasings[lang]).split() + rng.choice(phrasings[lang]).split()
            words = rng.sample(pool, min(4, len(pool)))
        rows.append(((f"2026-0{1 + i % 6}-1{i % 10}"), lang, "not_found" if i % 5 else "not_helpful",
                     " ".join(words) + rng.choice(["?", "", "??"])))
    with db.conn:
        db.conn.executemany("INSERT INTO chat_inbox (asked_on, lang, kind, question) VALUES (?, ?, ?, ?)", rows)


if __name__ == "__main__":
    main()
