"""``role_required``: every staff and consent view declares who may use it."""

from __future__ import annotations

import functools
from urllib.parse import urlencode

from flask import jsonify, redirect, render_template, request
from flask_babel import gettext as _

from companion.auth.accounts import ROLES
from companion.auth.sessions import current_user

LOGIN_PATH = "/staff/login"


def safe_next(target: str | None) -> str | None:
    """Only a path on this site: starts with one '/', no scheme, no host, no backslash."""
    if not target or not isinstance(target, str) or len(target) > 2000:
        return None
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    if any(ord(c) < 32 for c in target):
        return None
    return target


def login_url(next_path: str | None = None) -> str:
    next_path = safe_next(next_path)
    return f"{LOGIN_PATH}?{urlencode({'next': next_path})}" if next_path else LOGIN_PATH


def role_required(*roles: str, resume=None):
    """Allow only signed-in staff with one of ``roles``.

    Anonymous: redirect to /staff/login?next=<path> (under /api/: 401 JSON).
    ``resume``: for a form whose input must survive a time-out. A POST that arrives after the
    sign-in ended gets the sign-in page with the input carried in it (nothing stored); after
    signing in, ``resume(fields, **view_args)`` shows the form again, filled in, unsaved.
    Wrong role: 403 (under /api/: 403 JSON). The roles are kept on the view
    as ``view.allowed_roles`` so tests can check every route declares them.
    Put it *below* the ``@bp.get/post`` line.
    """
    if not roles or any(role not in ROLES for role in roles):
        raise ValueError(f"role_required needs roles from {ROLES}, got {roles!r}")
    allowed = frozenset(roles)

    def decorator(view):
        @functools.wraps(view)
        def wrapped(*args, **kwargs):
            user = current_user()
            api = request.path.startswith("/api/")
            if user is None:
                if api:
                    return jsonify({"error": _("Sign in first.")}), 401
                if resume is not None and request.method == "POST":
                    from companion.auth.carry import signin_page

                    return signin_page()
                path = request.full_path if request.query_string else request.path
                return redirect(login_url(path))
            if user["role"] not in allowed:
                if api:
                    return jsonify({"error": _("Your account does not give access to this.")}), 403
                return render_template("auth/forbidden.html", user=user), 403
            return view(*args, **kwargs)

        wrapped.allowed_roles = allowed
        wrapped.resume = resume
        return wrapped

    return decorator
