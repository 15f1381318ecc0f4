"""The signed-in staff member, kept in Flask's (signed cookie) session.

- ``session.permanent`` with ``PERMANENT_SESSION_LIFETIME`` (30 minutes) refreshed on
  every request, and an explicit last-seen time checked here on the server side:
  after 30 idle minutes the sign-in is forgotten.
- Sign-in clears the whole session before setting the new one (no fixation).
- The account's ``session_version`` is stored in the session; disabling the
  account, changing its role or password raises it and so ends every older session.
"""

from __future__ import annotations

import time
from datetime import timedelta

from flask import current_app, g, has_request_context, session

from companion.auth.accounts import get_user_row

UID, VERSION, SEEN, NOTICE = "staff_uid", "staff_sv", "staff_seen", "staff_notice"
KEEP_ON_CLEAR = ("lang",)


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


def start_session(user: dict) -> None:
    """Rotate the session and sign ``user`` in (needs id and session_version)."""
    _clear()
    session.permanent = True
    session[UID] = user["id"]
    session[VERSION] = user["session_version"]
    session[SEEN] = int(time.time())
    g.staff_user = {"id": user["id"], "email": user["email"], "role": user["role"]}


def end_session(notice: str | None = None) -> None:
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
    from companion.db import get_db

    row = get_user_row(get_db(), uid)
    if row is None or not row["active"] or row["session_version"] != session.get(VERSION):
        end_session("ended")
        return
    g.staff_user = {"id": row["id"], "email": row["email"], "role": row["role"]}
    session.permanent = True
    session[SEEN] = int(now)


def current_user() -> dict | None:
    """The signed-in staff member as ``{"id", "email", "role"}``, or None."""
    if not has_request_context():
        return None
    if "staff_user" not in g:
        load_user()
    user = g.get("staff_user")
    return dict(user) if user else None
