"""How every consent write happens: one writer at a time, and the record's revision check.

Every change runs in one ``write_transaction`` (BEGIN IMMEDIATE) together with its audit
event, and moves the record's ``revision`` up by one. A save carries the revision its form
was based on; when another save came first, it is refused with ``StaleRevision`` and nothing
is written. Plain functions on a sqlite_utils Database; no Flask.
"""
from __future__ import annotations

import datetime as _dt
import fcntl
import hashlib
import os
from contextlib import contextmanager

from companion.audit import write_transaction
from companion.consent import rules


class StaleRevision(Exception):
    """Someone else saved this record since the form was opened."""


class RecordNotFound(Exception):
    pass


def utc_now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def actor_of(user: dict | None) -> tuple[int | None, str | None]:
    if not user:
        return None, None
    return user.get("id"), user.get("email")


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@contextmanager
def serialised_write(db):
    """One consent write at a time across all workers, then BEGIN IMMEDIATE.

    SQLite's busy handler waits for a held write lock by sleeping in growing steps (up to
    100 ms), so under a burst of saves most of the time goes to sleeping. An exclusive
    flock on a file next to the database queues the writers instead and wakes the next
    one as soon as the lock is free. The SQLite lock stays the real guard."""
    if db.conn.in_transaction:  # inside a caller's transaction: it holds the write lock already
        with write_transaction(db):
            yield db
        return
    row = db.conn.execute("PRAGMA database_list").fetchone()
    path = row[2] if row else ""
    if not path:
        with write_transaction(db):
            yield db
        return
    fd = os.open(path + "-consent.lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        with write_transaction(db):
            yield db
    finally:
        os.close(fd)


def bump(db, record_id: str, revision: int) -> int:
    """Move the revision on, or refuse when the form was based on an older one."""
    cur = db.conn.execute(
        "UPDATE consent_records SET revision = revision + 1 WHERE id = ? AND revision = ?",
        (record_id, revision),
    )
    if cur.rowcount != 1:
        if db.conn.execute("SELECT 1 FROM consent_records WHERE id = ?", (record_id,)).fetchone() is None:
            raise RecordNotFound(record_id)
        raise StaleRevision(record_id)
    return revision + 1


def claim_open_record(db, record_id: str, revision: int) -> tuple[dict, int]:
    """Inside ``serialised_write``: read the record's phase as it is now (a pause or an outcome
    may just have landed), move the revision on (refusing a stale form), and refuse a closed
    record. Returns (phase state, new revision); the caller checks its own phase rule."""
    state = rules.phase(fetch_rows(db.conn.execute(
        "SELECT kind, outcome FROM consent_record_events WHERE record_id = ? ORDER BY id", (record_id,))))
    new_revision = bump(db, record_id, revision)
    if state["phase"] in rules.FINAL_OUTCOMES:
        raise rules.RuleError("record_closed")
    return state, new_revision


def parse_revision(value) -> int:
    try:
        revision = int(value)
    except (TypeError, ValueError):
        raise rules.RuleError("revision") from None
    if not 1 <= revision < 2**62:  # beyond SQLite's integers it could never match: a bad form
        raise rules.RuleError("revision")
    return revision


def fetch_rows(cursor) -> list[dict]:
    """A cursor's rows as dicts by column name."""
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, values)) for values in cursor.fetchall()]
