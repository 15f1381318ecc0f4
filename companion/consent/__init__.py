"""Consent checklist: the clinician-led teach-back conversation, its record and summary.

It records understanding; it is never itself the signed consent.
"""
import os
import sqlite3
import threading

_keepers: dict = {}
_keepers_lock = threading.Lock()


def keep_wal_open(path: str) -> None:
    """Hold one idle connection to the database per process.

    Each request opens and closes its own connection. When the last connection to a WAL
    database closes, SQLite checkpoints the WAL into the main file and deletes it, with
    fsyncs: about 15 ms on every request, plus the cost of re-creating the WAL on the
    next write. An idle connection that stays open prevents that; checkpoints then run
    automatically every 1000 pages. It holds no lock and no read transaction.
    (Belongs in companion/db.py; kept here until the lead moves it.)
    """
    key = (os.getpid(), path)
    if key in _keepers:
        return
    with _keepers_lock:
        if key not in _keepers:
            conn = sqlite3.connect(path, check_same_thread=False)
            conn.execute("SELECT count(*) FROM sqlite_master").fetchall()
            _keepers[key] = conn


def init_app(app):
    """Register the ``consent`` CLI group on ``app``; keep the WAL open in served processes."""
    from companion.consent.export import consent_cli

    if "consent" not in app.cli.commands:
        app.cli.add_command(consent_cli)

    if not app.config.get("TESTING"):
        @app.before_request
        def _keep_wal_open():
            keep_wal_open(app.config["DATABASE"])
