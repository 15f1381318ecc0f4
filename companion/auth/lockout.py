"""Slowing down password guessing, by client and by account, without letting a stranger lock anyone out.

Failed sign-ins are counted in ``login_attempts`` (one table, shared by every worker) under keys
that store nothing readable:

- ``client:<keyed hash of the client's address>``: after ``CLIENT_MAX_FAILURES`` failures in
  ``WINDOW_S`` that client is refused for ``LOCK_S`` without its password being checked. Only the
  guesser is locked: spraying a few guesses at every account adds up here.
- ``user:<id>``, or ``email:<keyed hash of the typed email>`` when no account has that email:
  after ``MAX_FAILURES`` failures the
  account is *slowed*, never locked: each later attempt waits ``SLOWED_DELAY_S`` before its
  answer, and the right password still signs in. A stranger can make a clinician wait a few
  seconds, but cannot keep them out during a night shift.

Every failure also adds a short delay that grows with the failures of its client and account
(``delay_after``). Rows whose window has passed are deleted as new failures are written. The
keyed hash (companion.privacy.keyed) uses the app's SECRET_KEY, so the table cannot be searched
for an e-mail address or an IP address.

Why not Flask-Limiter: its counters live in each worker's memory or in a separate server (Redis,
Memcached, MongoDB); the app's own SQLite file is shared by all workers and needs no new service.
"""
from __future__ import annotations

import time

from companion.privacy.keyed import keyed_hash

MAX_FAILURES = 5            # failures of one account before it is slowed
CLIENT_MAX_FAILURES = 20    # failures from one client before it is refused for a while
WINDOW_S = 15 * 60
LOCK_S = 15 * 60
DELAY_STEP_S = 0.2
DELAY_MAX_S = 2.0
SLOWED_DELAY_S = 3.0


def keys_for(secret: str, email_norm: str, user_id: int | None) -> list[str]:
    """The key an attempt counts under: the account, or for an email without an account the
    typed email as a keyed hash (counted the same way, so the answers never tell whether an
    account exists)."""
    if user_id is not None:
        return [f"user:{user_id}"]
    return [f"email:{keyed_hash(secret, 'signin-email', email_norm)}"]


def client_key(secret: str, address: str | None) -> str:
    return f"client:{keyed_hash(secret, 'signin-client', address or 'unknown')}"


def _rows(db, keys):
    marks = ",".join("?" for _ in keys)
    return {row["key"]: row for row in db.query(f"SELECT * FROM login_attempts WHERE key IN ({marks})", list(keys))}


def _failures(row, now: float) -> int:
    if row is None or row["first_failure_at"] is None or now - row["first_failure_at"] > WINDOW_S:
        return 0
    return row["failures"]


def client_locked_for(db, key: str, now: float | None = None) -> float:
    """Seconds until this client may try again; 0 when it may now."""
    now = time.time() if now is None else now
    row = _rows(db, [key]).get(key)
    if row and row["locked_until"] and row["locked_until"] > now:
        return row["locked_until"] - now
    return 0.0


def account_failures(db, keys, now: float | None = None) -> int:
    """The most failures within the window of any of the account's keys."""
    now = time.time() if now is None else now
    rows = _rows(db, keys)
    return max((_failures(rows.get(k), now) for k in keys), default=0)


def is_slowed(failures: int) -> bool:
    return failures >= MAX_FAILURES


def record_failure(db, account_keys, client: str, now: float | None = None) -> tuple[int, int]:
    """Count one failure for the account and the client (inside the caller's transaction).
    Returns (account failures, client failures) within the window. The client is locked when
    it reaches CLIENT_MAX_FAILURES; accounts never are."""
    now = time.time() if now is None else now
    db.execute("DELETE FROM login_attempts WHERE last_failure_at < ? AND coalesce(locked_until, 0) < ?",
               [now - WINDOW_S, now])
    rows = _rows(db, [*account_keys, client])
    counts = {}
    for key in [*account_keys, client]:
        row = rows.get(key)
        failures = _failures(row, now)
        first = row["first_failure_at"] if failures else now
        failures += 1
        locked_until = row["locked_until"] if row is not None and (row["locked_until"] or 0) > now else None
        if key == client and failures >= CLIENT_MAX_FAILURES and locked_until is None:
            locked_until = now + LOCK_S
        db.execute(
            "INSERT INTO login_attempts (key, failures, first_failure_at, last_failure_at, locked_until)"
            " VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT(key) DO UPDATE SET failures = excluded.failures,"
            " first_failure_at = excluded.first_failure_at, last_failure_at = excluded.last_failure_at,"
            " locked_until = excluded.locked_until",
            [key, failures, first, now, locked_until],
        )
        counts[key] = failures
    return max(counts[k] for k in account_keys), counts[client]


def clear(db, keys) -> None:
    """Forget the account's failures after a successful sign-in (the client's stay counted)."""
    marks = ",".join("?" for _ in keys)
    db.execute(f"DELETE FROM login_attempts WHERE key IN ({marks})", list(keys))


def delay_after(failures: int) -> float:
    """A small pause that grows with each failure: 0.2 s, 0.4 s, … at most 2 s."""
    return min(DELAY_STEP_S * max(failures, 0), DELAY_MAX_S)
