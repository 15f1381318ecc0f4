"""The hash-chained audit trail: append, verify, and the write transaction.

Every row of ``audit_events`` carries ``prev_hash`` (the ``hash`` of the row
before it, or 64 zeros for the first row) and ``hash`` = SHA-256 over
``prev_hash`` and the row's own content. Changing, removing or inserting a row
therefore breaks the chain, and :func:`verify_chain` names the first row where
it breaks. The table is append-only: triggers RAISE on UPDATE and DELETE, and
a third trigger refuses an INSERT whose ``prev_hash`` is not the current head.

Plain functions on a ``sqlite_utils.Database`` (or a bare ``sqlite3.Connection``);
no Flask needed.

How to write an audited change (every feature does it this way)::

    from companion.audit import append_event, write_transaction

    with write_transaction(db):                # BEGIN IMMEDIATE ... COMMIT
        db["consent_items"].insert({...})
        append_event(db, kind="consent.item_recorded", actor=user["id"],
                     subject=f"consent:{record_id}", details={"item": "voluntary"})

``write_transaction`` takes SQLite's write lock before anything is read, so two
gunicorn workers appending at the same time queue up instead of both building
on the same head. ``append_event`` never commits a transaction it did not open.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import re
import secrets
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Iterator

GENESIS_HASH = "0" * 64
TABLE = "audit_events"
_KIND_RE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")
MAX_DETAILS_CHARS = 20_000


def _conn(db: Any) -> sqlite3.Connection:
    """The sqlite3 connection behind a sqlite_utils Database, or the connection itself."""
    return db if isinstance(db, sqlite3.Connection) else db.conn


def utc_now_iso() -> str:
    """UTC timestamp with microseconds, e.g. ``2026-05-04T10:15:02.123456Z``."""
    return _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical_content(row: dict) -> bytes:
    """The bytes of a row's own content that its hash covers (everything but the hashes)."""
    content = [
        row["id"],
        row["created_at"],
        row["kind"],
        row["actor"],
        row["subject"],
        row["details"],
    ]
    return json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def compute_hash(prev_hash: str, row: dict) -> str:
    """SHA-256 over the previous row's hash and this row's content, as hex."""
    digest = hashlib.sha256()
    digest.update(prev_hash.encode("ascii"))
    digest.update(b"\n")
    digest.update(canonical_content(row))
    return digest.hexdigest()


@contextmanager
def write_transaction(db: Any) -> Iterator[Any]:
    """``BEGIN IMMEDIATE`` … ``COMMIT`` (``ROLLBACK`` on any exception).

    Use it around every write that is audited, so the change and its audit
    event commit together or not at all, and so the write lock is held before
    the chain head is read. Nested use becomes a SAVEPOINT.
    """
    conn = _conn(db)
    if conn.in_transaction:
        name = f"audit_sp_{secrets.token_hex(8)}"
        conn.execute(f"SAVEPOINT {name}")
        try:
            yield db
        except BaseException:
            if conn.in_transaction:
                conn.execute(f"ROLLBACK TO SAVEPOINT {name}")
                conn.execute(f"RELEASE SAVEPOINT {name}")
            raise
        else:
            conn.execute(f"RELEASE SAVEPOINT {name}")
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    else:
        try:
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise


def _details_text(details: Any) -> str:
    if details is None:
        details = {}
    if not isinstance(details, dict):
        raise TypeError("details must be a dict")
    text = json.dumps(details, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
    if len(text) > MAX_DETAILS_CHARS:
        raise ValueError("audit event details are too long")
    return text


def _insert(conn: sqlite3.Connection, kind: str, actor: int | None, subject: str | None, details: str) -> dict:
    head = conn.execute(f"SELECT id, hash FROM {TABLE} ORDER BY id DESC LIMIT 1").fetchone()
    prev_hash = head[1] if head else GENESIS_HASH
    # AUTOINCREMENT: the id SQLite will give is max(seq, max(id)) + 1; we need it
    # before inserting because the hash covers it.
    seq_row = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = ?", (TABLE,)).fetchone()
    next_id = max(seq_row[0] if seq_row else 0, head[0] if head else 0) + 1
    row = {
        "id": next_id,
        "created_at": utc_now_iso(),
        "kind": kind,
        "actor": actor,
        "subject": subject,
        "details": details,
    }
    row["prev_hash"] = prev_hash
    row["hash"] = compute_hash(prev_hash, row)
    conn.execute(
        f"INSERT INTO {TABLE} (id, created_at, kind, actor, subject, details, prev_hash, hash)"
        " VALUES (:id, :created_at, :kind, :actor, :subject, :details, :prev_hash, :hash)",
        row,
    )
    return row


def append_event(
    db: Any,
    *,
    kind: str,
    actor: int | None = None,
    subject: str | None = None,
    details: dict | None = None,
) -> dict:
    """Append one event to the audit trail and return it as a dict.

    ``kind`` is dotted lower case (``auth.login``, ``consent.item_recorded``);
    ``actor`` the staff user's id or None (system, anonymous); ``subject``
    what it is about (``user:3``, ``consent:12``); ``details`` a JSON-able dict
    (never passwords, never names of children).

    Inside a transaction (``write_transaction(db)``, ``with db.conn:`` after a
    write) the row joins it and nothing is committed here. With no transaction
    open it runs in its own short ``BEGIN IMMEDIATE … COMMIT``.
    """
    if not isinstance(kind, str) or not _KIND_RE.match(kind):
        raise ValueError(f"audit event kind must look like 'area.action', got {kind!r}")
    if actor is not None and (isinstance(actor, bool) or not isinstance(actor, int)):
        raise TypeError("actor must be a user id (int) or None")
    if subject is not None and not isinstance(subject, str):
        raise TypeError("subject must be a string or None")
    text = _details_text(details)
    conn = _conn(db)
    if conn.in_transaction:
        row = _insert(conn, kind, actor, subject, text)
    else:
        with write_transaction(conn):
            row = _insert(conn, kind, actor, subject, text)
    out = dict(row)
    out["details"] = json.loads(text)
    return out


@dataclass(frozen=True)
class Broken:
    """Where the chain breaks: the event id and what is wrong with it."""

    id: int
    reason: str

    def __str__(self) -> str:
        return f"event {self.id}: {self.reason}"


def verify_chain(db: Any) -> tuple[bool, int, Broken | None]:
    """Walk the whole trail in id order. Returns ``(ok, count, first_broken)``.

    Finds a changed row (its hash no longer matches its content), a removed row
    (a gap in the ids, or the next row's ``prev_hash`` not matching, or fewer
    rows than SQLite's AUTOINCREMENT counter says were ever written) and an
    inserted row (an id out of sequence or a hash that does not link).
    """
    conn = _conn(db)
    cursor = conn.execute(
        f"SELECT id, created_at, kind, actor, subject, details, prev_hash, hash FROM {TABLE} ORDER BY id"
    )
    names = [d[0] for d in cursor.description]
    prev_hash = GENESIS_HASH
    expected_id = 1
    count = 0
    for values in cursor:
        row = dict(zip(names, values))
        count += 1
        if row["id"] != expected_id:
            if isinstance(row["id"], int) and row["id"] > expected_id:
                missing = expected_id if row["id"] == expected_id + 1 else f"{expected_id}-{row['id'] - 1}"
                return False, count, Broken(row["id"], f"event {missing} before it is missing")
            return False, count, Broken(row["id"], f"unexpected id (expected {expected_id})")
        if row["prev_hash"] != prev_hash:
            return False, count, Broken(row["id"], "prev_hash does not match the hash of the event before it")
        if not isinstance(row["details"], str) or compute_hash(prev_hash, row) != row["hash"]:
            return False, count, Broken(row["id"], "content does not match its hash (changed)")
        prev_hash = row["hash"]
        expected_id += 1
    seq_row = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = ?", (TABLE,)).fetchone()
    if seq_row and seq_row[0] > count:
        return False, count, Broken(count + 1, "event is missing at the end of the trail (truncated)")
    return True, count, None


def head(db: Any) -> dict | None:
    """The newest event (id and hash), or None on an empty trail."""
    row = _conn(db).execute(f"SELECT id, hash FROM {TABLE} ORDER BY id DESC LIMIT 1").fetchone()
    return {"id": row[0], "hash": row[1]} if row else None


def guards_present(db: Any) -> bool:
    """True when the append-only triggers are installed."""
    names = {
        r[0]
        for r in _conn(db).execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?", (TABLE,)
        )
    }
    return {"audit_events_no_update", "audit_events_no_delete"} <= names
