"""The signed-in staff member: a server-side session row, named by a random id in the signed cookie.

- Each sign-in is a row in ``staff_sessions``; the cookie carries its id. Sign-out, the idle
  time-out (30 minutes, measured on the server) and "sign out everywhere" end the row, so a
  copy of an old cookie, replayed later, opens nothing.
- ``session.permanent`` with ``PERMANENT_SESSION_LIFETIME`` (30 minutes) refreshed on
  every request.
- Sign-in clears the whole session before setting the new one (no fixation).
- The account's ``session_version`` is stored in the session; disabling the
  account, changing its role or password raises it and so ends every older session.
"""

from __future__ import annotations

import secrets
import time
from datetime import timedelta

from flask import current_app, g, has_request_context, session

from companion.auth.accounts import get_user_row

UID, VERSION, SEEN, NOTICE, SID = "staff_uid", "staff_sv", "staff_seen", "staff_notice", "staff_sid"
KEEP_ON_CLEAR = ("lang",)
TOUCH_EVERY = 30  # seconds: last_seen is written at most this often (not on every request)


def idle_limit_seconds() -> float:
    limit = current_app.config.get("STAFF_IDLE_TIMEOUT") or current_app.config.get("PERMANENT_SESSION_LIFETIME")
    if isinstance(limit, timedelta):
        return limit.total_seconds()
    return float(limit or 30 * 60)


def _clear(notice: str | None = None) -> None:
    kept = {k: session[k] for k in KEEP_ON_CLEAR if k in session}
    session.clear()
    session.update(kept)
    if notice:
        session[NOTICE] = notice


def _db():
    from companion.db import get_db

    return get_db()


def _end_row(sid, reason: str) -> None:
    if not isinstance(sid, str):
        return
    db = _db()
    with db.conn:
        db.conn.execute("UPDATE staff_sessions SET ended_at = ?, ended_reason = ? WHERE id = ? AND ended_at IS NULL",
                        [time.time(), reason, sid])


def end_all_sessions(user_id: int, reason: str = "everywhere") -> int:
    """End every open session of this account (sign out everywhere); returns how many."""
    db = _db()
    with db.conn:
        cursor = db.conn.execute("UPDATE staff_sessions SET ended_at = ?, ended_reason = ? "
                                 "WHERE user_id = ? AND ended_at IS NULL", [time.time(), reason, user_id])
    return cursor.rowcount


def start_session(user: dict) -> None:
    """Rotate the session and sign ``user`` in (needs id and session_version)."""
    _end_row(session.get(SID), "replaced")
    _clear()
    sid = secrets.token_urlsafe(32)
    now = time.time()
    db = _db()
    with db.conn:
        db.conn.execute("INSERT INTO staff_sessions (id, user_id, created_at, last_seen) VALUES (?, ?, ?, ?)",
                        [sid, user["id"], now, now])
        # sessions that ended or went idle long ago are kept a day for the record, then go
        db.conn.execute("DELETE FROM staff_sessions WHERE last_seen < ?", [now - 86400])
    session.permanent = True
    session[SID] = sid
    session[UID] = user["id"]
    session[VERSION] = user["session_version"]
    session[SEEN] = int(time.time())
    g.staff_user = {"id": user["id"], "email": user["email"], "role": user["role"]}


def end_session(notice: str | None = None) -> None:
    _end_row(session.get(SID), notice or "ended")
    _clear(notice)
    g.staff_user = None


def pop_notice() -> str | None:
    return session.pop(NOTICE, None)


def load_user() -> None:
    """Before each request: set ``g.staff_user`` from the session, or None."""
    g.staff_user = None
    uid = session.get(UID)
    if uid is None:
        return
    now = time.time()
    seen = session.get(SEEN)
    if not isinstance(seen, (int, float)) or now - seen > idle_limit_seconds():
        end_session("expired")
        return
    db = _db()
    sid = session.get(SID)
    live = db.conn.execute("SELECT user_id, last_seen, ended_at FROM staff_sessions WHERE id = ?",
                           [sid]).fetchone() if isinstance(sid, str) else None
    if live is None or live[2] is not None or live[0] != uid:
        end_session("ended")
        return
    if now - live[1] > idle_limit_seconds():  # measured on the server: an old cookie cannot reset it
        end_session("expired")
        return
    row = get_user_row(db, uid)
    if row is None or not row["active"] or row["session_version"] != session.get(VERSION):
        end_session("ended")
        return
    g.staff_user = {"id": row["id"], "email": row["email"], "role": row["role"]}
    session.permanent = True
    session[SEEN] = int(now)
    if now - live[1] >= TOUCH_EVERY:
        with db.conn:
            db.conn.execute("UPDATE staff_sessions SET last_seen = ? WHERE id = ?", [now, sid])


def current_user() -> dict | None:
    """The signed-in staff member as ``{"id", "email", "role"}``, or None."""
    if not has_request_context():
        return None
    if "staff_user" not in g:
        load_user()
    user = g.get("staff_user")
    return dict(user) if user else None
