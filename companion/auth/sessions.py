"""The signed-in staff member: a server-side session row, named by a random id in the signed cookie.

- Each sign-in is a row in ``staff_sessions``; the cookie carries its id. Sign-out, the idle
  time-out (30 minutes, measured on the server) and "sign out everywhere" end the row, so a
  copy of an old cookie, replayed later, opens nothing.
- The idle limit is ``STAFF_IDLE_TIMEOUT`` (seconds, 30 minutes by default). The cookie itself
  lives longer (``PERMANENT_SESSION_LIFETIME``), so that a save sent after the limit still
  carries its CSRF token: the server then asks for the password again and the clinician's
  unsaved answers are kept (``companion/auth/carry.py``), instead of a refused form.
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
    """Seconds without a request after which the sign-in ends (``STAFF_IDLE_TIMEOUT``)."""
    limit = current_app.config.get("STAFF_IDLE_TIMEOUT") or 30 * 60  # not the cookie's lifetime: that is longer
    if isinstance(limit, timedelta):
        return limit.total_seconds()
    return float(limit or 30 * 60)


def idle_warning_seconds() -> float:
    """How long before the idle limit the page warns (``STAFF_IDLE_WARNING``, 2 minutes)."""
    return float(current_app.config.get("STAFF_IDLE_WARNING", 120))


def _touch_every() -> float:
    # a short limit (tests, strict sites) must not end a session that is in use
    return min(TOUCH_EVERY, idle_limit_seconds() / 4)


def _clear(notice: str | None = None, keep: tuple = ()) -> None:
    kept = {k: session[k] for k in (*KEEP_ON_CLEAR, *keep) if k in session}
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
    g.staff_expires_at = now + idle_limit_seconds()


def end_session(notice: str | None = None) -> None:
    _end_row(session.get(SID), notice or "ended")
    # After an idle time-out the CSRF token stays: a form that was open then is still this
    # browser's own, so its save can be carried through the new sign-in (never saved unsigned).
    _clear(notice, keep=("csrf_token",) if notice == "expired" else ())
    g.staff_user = None
    g.staff_expires_at = None


def pop_notice() -> str | None:
    return session.pop(NOTICE, None)


def load_user() -> None:
    """Before each request: set ``g.staff_user`` from the session, or None."""
    g.staff_user = None
    g.staff_expires_at = None
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
    last_seen = live[1]
    if now - last_seen >= _touch_every():
        with db.conn:
            db.conn.execute("UPDATE staff_sessions SET last_seen = ? WHERE id = ?", [now, sid])
        last_seen = now
    g.staff_expires_at = last_seen + idle_limit_seconds()


def renew() -> float:
    """"Stay signed in": count the idle time from now. Returns the seconds left."""
    sid = session.get(SID)
    now = time.time()
    if current_user() is None or not isinstance(sid, str):
        return 0.0
    db = _db()
    with db.conn:
        db.conn.execute("UPDATE staff_sessions SET last_seen = ? WHERE id = ? AND ended_at IS NULL", [now, sid])
    session[SEEN] = int(now)
    g.staff_expires_at = now + idle_limit_seconds()
    return idle_limit_seconds()


def seconds_left() -> float | None:
    """Seconds until this sign-in ends when nothing happens (None when nobody is signed in)."""
    if current_user() is None or g.get("staff_expires_at") is None:
        return None
    return max(0.0, g.staff_expires_at - time.time())


def current_user() -> dict | None:
    """The signed-in staff member as ``{"id", "email", "role"}``, or None."""
    if not has_request_context():
        return None
    if "staff_user" not in g:
        load_user()
    user = g.get("staff_user")
    return dict(user) if user else None
