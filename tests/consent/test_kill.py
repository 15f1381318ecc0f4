"""Crash safety: a burst of concurrent saves under gunicorn (2 workers), SIGKILL, restart.

Afterwards the SQLite file passes integrity_check, the audit chain verifies, and every
save that got a success response (303) is in the database."""
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

from companion.consent.checklist import REQUIRED_SLUGS
from companion.privacy import deidentify

from .live import Session, kill_group, make_database, start_gunicorn, stop_gracefully

THREADS = 8
BURST_SECONDS = 2.0
ROOT = Path(__file__).resolve().parents[2]


def marker(n: int, i: int) -> str:
    """The family's question of save ``i`` of thread ``n``. Questions are stored de-identified, so
    the marker must pass through unchanged: no token holds four digits, which a hospital number
    does ("kill-1-100" would be one)."""
    return f"kill n{n} i{i // 100} r{i % 100}"


def test_the_markers_are_stored_as_typed():
    for n, i in ((0, 0), (7, 99), (3, 1234), (5, 99999)):
        assert deidentify(marker(n, i), "nl").text == marker(n, i)


def test_sigkill_mid_burst_loses_no_acknowledged_save(tmp_path):
    started = time.monotonic()
    db_path = tmp_path / "kill.db"
    emails = ["dr@example.nl"]
    make_database(db_path, emails)
    process, base = start_gunicorn(db_path)
    acknowledged: list[str] = []
    attempted = [0]
    lock = threading.Lock()
    stop = threading.Event()
    ready = threading.Barrier(THREADS + 1)

    signed_in = Session(base, timeout=60)  # sign-in hashes a password: slow on purpose, so once
    signed_in.login(emails[0])

    def clinician(n: int):
        session = signed_in.clone()
        try:
            record_id = session.create_record(f"KILL-{n}")
            session.set_timeout(5)
        except Exception:
            ready.abort()
            raise
        ready.wait()
        revision, i = 1, 0
        while not stop.is_set():
            questions = marker(n, i)
            with lock:
                attempted[0] += 1
            try:
                code = session.save(record_id, REQUIRED_SLUGS[i % len(REQUIRED_SLUGS)], revision,
                                    "explained_again", questions)
            except Exception:
                break  # the server is gone: this save was never acknowledged
            if code == 303:
                with lock:
                    acknowledged.append(questions)
                revision += 1
            i += 1
        session.close()

    threads = [threading.Thread(target=clinician, args=(n,)) for n in range(THREADS)]
    for t in threads:
        t.start()
    try:
        ready.wait(timeout=60)
        time.sleep(BURST_SECONDS)       # saves are flowing from every thread
        kill_group(process)             # crash, mid-burst
    finally:
        stop.set()
        for t in threads:
            t.join(timeout=15)
        if process.poll() is None:
            kill_group(process)
    assert len(acknowledged) > 50, f"too few saves before the kill ({len(acknowledged)})"

    # Restart on the same file: it must come up and serve.
    process, base = start_gunicorn(db_path)
    try:
        session = Session(base)
        session.login(emails[0])
        record_id = session.create_record("AFTER-1")
        assert session.save(record_id, "purpose", 1, "understood", "after restart") == 303
        session.close()
    finally:
        stop_gracefully(process)

    conn = sqlite3.connect(db_path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored = {row[0] for row in conn.execute("SELECT questions FROM consent_item_events")}
    finally:
        conn.close()
    lost = [q for q in acknowledged if q not in stored]
    assert not lost, f"{len(lost)} acknowledged saves are missing, e.g. {lost[:5]}"
    verify = subprocess.run([str(Path(sys.executable).parent / "flask"), "--app", "app", "audit", "verify"],
                            cwd=ROOT, env={"COMPANION_DB": str(db_path), "SECRET_KEY": "x", "PATH": "/usr/bin:/bin"},
                            capture_output=True, text=True, timeout=60)
    assert verify.returncode == 0 and verify.stdout.startswith("ok "), verify.stdout + verify.stderr
    print(f"\nkill test: {len(acknowledged)} acknowledged of {attempted[0]} attempted saves, all stored; "
          f"{verify.stdout.strip()}; {time.monotonic() - started:.1f} s")
    assert time.monotonic() - started < 60
