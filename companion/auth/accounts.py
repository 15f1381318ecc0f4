"""Staff accounts: create, look up, disable/enable, change role or password.

Plain functions on a sqlite_utils Database. Every change is one transaction
together with its audit event. Accounts are never deleted. Error messages are
English msgids, translated by the caller (``AccountError.message``).
"""

from __future__ import annotations

import re
import unicodedata

from companion.audit import append_event, write_transaction
from companion.audit.chain import utc_now_iso
from companion.auth.passwords import check_password_rules, hash_password
from companion.i18n import N_

ROLES = ("clinician", "editor", "admin")
_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PUBLIC_FIELDS = ("id", "email", "role", "active", "created_at", "updated_at", "last_login_at")


class AccountError(ValueError):
    """A change that is refused, with a plain message (English msgid)."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


def normalise_email(email: str) -> str:
    """Trimmed, NFKC-normalised, lower case."""
    if not isinstance(email, str):
        return ""
    return unicodedata.normalize("NFKC", email).strip().lower()


def valid_email(email: str) -> bool:
    return 3 <= len(email) <= 254 and bool(_EMAIL_RE.match(email))


def _public(row: dict | None) -> dict | None:
    if row is None:
        return None
    out = {k: row[k] for k in PUBLIC_FIELDS}
    out["active"] = bool(out["active"])
    return out


def get_user_row(db, user_id: int) -> dict | None:
    """The full row (password hash included); for sign-in only."""
    return next(db.query("SELECT * FROM users WHERE id = ?", [user_id]), None)


def get_user_row_by_email(db, email: str) -> dict | None:
    return next(db.query("SELECT * FROM users WHERE email = ?", [normalise_email(email)]), None)


def get_user(db, user_id: int) -> dict | None:
    return _public(get_user_row(db, user_id))


def list_users(db) -> list[dict]:
    return [_public(r) for r in db.query("SELECT * FROM users ORDER BY active DESC, email")]


def active_admin_count(db) -> int:
    return next(db.query("SELECT count(*) AS n FROM users WHERE role = 'admin' AND active = 1"))["n"]


def create_user(db, email: str, role: str, password: str, *, actor: int | None = None) -> dict:
    """Make an account; audit event ``auth.user_created``."""
    email = normalise_email(email)
    if not valid_email(email):
        raise AccountError(N_("Enter an email address like name@hospital.nl."), "email")
    if role not in ROLES:
        raise AccountError(N_("Choose a role: clinician, editor or admin."), "role")
    problem = check_password_rules(password, email)
    if problem:
        raise AccountError(problem, "password")
    password_hash = hash_password(password)
    now = utc_now_iso()
    with write_transaction(db):
        if get_user_row_by_email(db, email):
            raise AccountError(N_("There is already an account with this email address."), "email")
        cursor = db.execute(
            "INSERT INTO users (email, role, password_hash, active, session_version, created_at, updated_at)"
            " VALUES (?, ?, ?, 1, 1, ?, ?)",
            [email, role, password_hash, now, now],
        )
        user_id = cursor.lastrowid
        append_event(
            db,
            kind="auth.user_created",
            actor=actor,
            subject=f"user:{user_id}",
            details={"email": email, "role": role},
        )
    return get_user(db, user_id)


def _require(db, user_id: int) -> dict:
    row = get_user_row(db, user_id)
    if row is None:
        raise AccountError(N_("This account does not exist."))
    return row


def _would_leave_no_admin(db, row: dict, *, new_role: str | None = None, new_active: bool | None = None) -> bool:
    if row["role"] != "admin" or not row["active"]:
        return False
    losing = (new_role is not None and new_role != "admin") or new_active is False
    return losing and active_admin_count(db) <= 1


def set_active(db, user_id: int, active: bool, *, actor: int | None = None) -> dict:
    """Disable or enable an account; disabling ends its sessions.
    Audit event ``auth.user_disabled`` / ``auth.user_enabled``."""
    with write_transaction(db):
        row = _require(db, user_id)
        if bool(row["active"]) == bool(active):
            return _public(row)
        if _would_leave_no_admin(db, row, new_active=bool(active)):
            raise AccountError(N_("This is the last active admin account. Make another admin first."))
        db.execute(
            "UPDATE users SET active = ?, session_version = session_version + 1, updated_at = ? WHERE id = ?",
            [1 if active else 0, utc_now_iso(), user_id],
        )
        append_event(
            db,
            kind="auth.user_enabled" if active else "auth.user_disabled",
            actor=actor,
            subject=f"user:{user_id}",
            details={"email": row["email"]},
        )
    return get_user(db, user_id)


def set_role(db, user_id: int, role: str, *, actor: int | None = None) -> dict:
    """Change the role; ends the account's sessions. Audit event ``auth.role_changed``."""
    if role not in ROLES:
        raise AccountError(N_("Choose a role: clinician, editor or admin."), "role")
    with write_transaction(db):
        row = _require(db, user_id)
        if row["role"] == role:
            return _public(row)
        if _would_leave_no_admin(db, row, new_role=role):
            raise AccountError(N_("This is the last active admin account. Make another admin first."))
        db.execute(
            "UPDATE users SET role = ?, session_version = session_version + 1, updated_at = ? WHERE id = ?",
            [role, utc_now_iso(), user_id],
        )
        append_event(
            db,
            kind="auth.role_changed",
            actor=actor,
            subject=f"user:{user_id}",
            details={"email": row["email"], "from": row["role"], "to": role},
        )
    return get_user(db, user_id)


def set_password(db, user_id: int, password: str, *, actor: int | None = None) -> dict:
    """New password; ends the account's sessions and its slowing after failed sign-ins.
    Audit event ``auth.password_changed``."""
    row = _require(db, user_id)
    problem = check_password_rules(password, row["email"])
    if problem:
        raise AccountError(problem, "password")
    password_hash = hash_password(password)
    with write_transaction(db):
        db.execute(
            "UPDATE users SET password_hash = ?, session_version = session_version + 1, updated_at = ? WHERE id = ?",
            [password_hash, utc_now_iso(), user_id],
        )
        # A new password set by an admin also ends the slowing of this account (companion/auth/lockout.py).
        db.execute("DELETE FROM login_attempts WHERE key = ?", [f"user:{user_id}"])  # no longer slowed
        append_event(db, kind="auth.password_changed", actor=actor, subject=f"user:{user_id}", details={})
    return get_user(db, user_id)
