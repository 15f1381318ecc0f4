"""Counting failed sign-ins and locking for a while.

Counts are kept in the database (``login_attempts``), per normalised email
(``email:…``, also for emails that have no account, so the answer never tells
whether an email exists) and per account (``user:<id>``). After
``MAX_FAILURES`` failures within ``WINDOW_S`` the key is locked for
``LOCK_S``. No IP addresses are stored.
"""

from __future__ import annotations

import time

MAX_FAILURES = 5
WINDOW_S = 15 * 60
LOCK_S = 15 * 60
DELAY_STEP_S = 0.2
DELAY_MAX_S = 2.0


def keys_for(email_norm: str, user_id: int | None) -> list[str]:
    keys = [f"email:{email_norm}"]
    if user_id is not None:
        keys.append(f"user:{user_id}")
    return keys


def _rows(db, keys):
    marks = ",".join("?" for _ in keys)
    return list(db.query(f"SELECT * FROM login_attempts WHERE key IN ({marks})", list(keys)))


def locked_for(db, keys, now: float | None = None) -> float:
    """Seconds until every key is unlocked; 0 when none is locked."""
    now = time.time() if now is None else now
    remaining = 0.0
    for row in _rows(db, keys):
        if row["locked_until"] and row["locked_until"] > now:
            remaining = max(remaining, row["locked_until"] - now)
    return remaining


def record_failure(db, keys, now: float | None = None) -> int:
    """Count one failure on every key (inside the caller's transaction).
    Returns the highest failure count within the window."""
    now = time.time() if now is None else now
    existing = {row["key"]: row for row in _rows(db, keys)}
    highest = 0
    for key in keys:
        row = existing.get(key)
        if row is None or row["first_failure_at"] is None or now - row["first_failure_at"] > WINDOW_S:
            failures, first = 1, now
        else:
            failures, first = row["failures"] + 1, row["first_failure_at"]
        locked_until = now + LOCK_S if failures >= MAX_FAILURES else None
        if row is not None and row["locked_until"] and row["locked_until"] > now:
            locked_until = row["locked_until"]
        db.execute(
            "INSERT INTO login_attempts (key, failures, first_failure_at, last_failure_at, locked_until)"
            " VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT(key) DO UPDATE SET failures = excluded.failures,"
            " first_failure_at = excluded.first_failure_at, last_failure_at = excluded.last_failure_at,"
            " locked_until = excluded.locked_until",
            [key, failures, first, now, locked_until],
        )
        highest = max(highest, failures)
    return highest


def clear(db, keys) -> None:
    """Forget the failures after a successful sign-in."""
    marks = ",".join("?" for _ in keys)
    db.execute(f"DELETE FROM login_attempts WHERE key IN ({marks})", list(keys))


def delay_after(failures: int) -> float:
    """A small pause that grows with each failure: 0.2 s, 0.4 s, … at most 2 s."""
    return min(DELAY_STEP_S * max(failures, 0), DELAY_MAX_S)
