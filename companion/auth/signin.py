"""Checking an email and password: lockout, timing-safe comparison, audit events.

``authenticate`` is plain (no Flask); the view turns its result into a page.
Audit events: ``auth.login`` (success), ``auth.login_failed`` (wrong password,
unknown or disabled account: the reason is in the details), ``auth.login_locked``
(an attempt while locked). An email that has no account is never written to
the audit trail (it might be a mistyped password).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from companion.audit import append_event, write_transaction
from companion.audit.chain import utc_now_iso
from companion.auth import lockout
from companion.auth.accounts import get_user, get_user_row_by_email, normalise_email
from companion.auth.passwords import cheap_wanted, dummy_hash, hash_password, needs_rehash, verify_password


@dataclass
class SignInResult:
    status: str  # "ok" | "failed" | "slowed" (failed, and the account is slowed) | "locked" (this client)
    user: dict | None = None
    delay: float = 0.0  # seconds the answer should wait (a failure, or any attempt on a slowed account)
    locked_for: float = 0.0


def authenticate(db, email: str, password: str, *, client: str | None = None, secret: str = "",
                 now: float | None = None) -> SignInResult:
    """Check one sign-in; ``client`` is the client's address (counted only as a keyed hash made
    with ``secret``). See companion/auth/lockout.py for how guessing is slowed."""
    now = time.time() if now is None else now
    email_norm = normalise_email(email)[:254]
    password = password if isinstance(password, str) else ""
    row = get_user_row_by_email(db, email_norm) if email_norm else None
    keys = lockout.keys_for(secret, email_norm, row["id"] if row else None)
    client_key = lockout.client_key(secret, client)
    subject = f"user:{row['id']}" if row else None

    remaining = lockout.client_locked_for(db, client_key, now)
    if remaining > 0:
        # Spend the same time as a real check, so a lock is not a shortcut.
        verify_password(dummy_hash(cheap_wanted()), password)
        append_event(db, kind="auth.login_locked", actor=None, subject=subject,
                     details={"known_account": row is not None})
        return SignInResult("locked", locked_for=remaining)
    slowed = lockout.is_slowed(lockout.account_failures(db, keys, now))

    if row is None:
        verify_password(dummy_hash(cheap_wanted()), password)
        ok, reason = False, "unknown_email"
    else:
        ok = verify_password(row["password_hash"], password)
        reason = "wrong_password"
        if ok and not row["active"]:
            ok, reason = False, "account_disabled"

    if not ok:
        with write_transaction(db):
            failures, client_failures = lockout.record_failure(db, keys, client_key, now)
            details = {"reason": reason, "failures": failures}
            if client_failures >= lockout.CLIENT_MAX_FAILURES:
                details["client_paused_minutes"] = lockout.LOCK_S // 60
            append_event(db, kind="auth.login_failed", actor=None, subject=subject, details=details)
        delay = lockout.delay_after(max(failures, client_failures))
        if client_failures >= lockout.CLIENT_MAX_FAILURES:
            return SignInResult("locked", delay=delay, locked_for=lockout.LOCK_S)
        if lockout.is_slowed(failures):
            return SignInResult("slowed", delay=max(delay, lockout.SLOWED_DELAY_S))
        return SignInResult("failed", delay=delay)

    new_hash = hash_password(password) if needs_rehash(row["password_hash"]) else None
    with write_transaction(db):
        lockout.clear(db, keys)
        if new_hash:
            db.execute("UPDATE users SET password_hash = ? WHERE id = ?", [new_hash, row["id"]])
        db.execute("UPDATE users SET last_login_at = ? WHERE id = ?", [utc_now_iso(), row["id"]])
        append_event(db, kind="auth.login", actor=row["id"], subject=subject, details={"role": row["role"]})
    user = get_user(db, row["id"])
    user["session_version"] = row["session_version"]
    return SignInResult("ok", user=user, delay=lockout.SLOWED_DELAY_S if slowed else 0.0)
