"""A form's input carried through a new sign-in, and never stored.

A clinician is interrupted, the idle limit passes, and then they press Save. That save still
carries this browser's CSRF token (the token outlives the idle limit, see sessions.py), so
it is the clinician's own form, but nobody is signed in and so nothing may be saved. The
answer is the staff sign-in page with the input in hidden fields next to a fresh CSRF
token (Jinja escapes every value). After the password, the view's ``resume`` shows the form
again, filled in and not saved; the clinician checks it and saves as a signed-in person.

Nothing of the input is written to the database, the session cookie or a log: it lives
only in the two pages. A save whose CSRF token fails never gets here (refused as before).
"""

from __future__ import annotations

import re
from contextlib import nullcontext

from flask import current_app, g, render_template, request
from flask_babel import force_locale
from werkzeug.datastructures import MultiDict

from companion.auth.decorators import safe_next
from companion.auth.sessions import current_user, pop_notice

PREFIX = "carry-"  # a carried field's name in the sign-in form
TO = "carry_to"  # the path the input was sent to
MAX_FIELDS = 24
MAX_VALUE = 5000
_NAME = re.compile(r"^[a-z][a-z0-9_-]{0,40}$")
NEVER = frozenset({"csrf_token", "email", "password", "next", TO})


def _clean(pairs) -> list[tuple[str, str]]:
    fields = []
    for name, value in pairs:
        if name in NEVER or not _NAME.match(name):
            continue
        fields.append((name, value[:MAX_VALUE]))
        if len(fields) >= MAX_FIELDS:
            break
    return fields


def current() -> dict | None:
    """What this request carries, as ``{"to": path, "fields": [(name, value), …]}``, or None.

    Either the re-sign-in form (``carry_to`` and ``carry-*`` fields) or a POST to a view that
    accepts carrying (``role_required(..., resume=...)``)."""
    if request.method != "POST":
        return None
    if TO in request.form:
        to = safe_next(request.form.get(TO))
        if not to:
            return None
        return {"to": to, "fields": _clean((k[len(PREFIX):], v) for k, v in request.form.items(multi=True)
                                           if k.startswith(PREFIX))}
    view = current_app.view_functions.get(request.endpoint or "")
    if getattr(view, "resume", None) is not None:
        return {"to": request.path, "fields": _clean(request.form.items(multi=True))}
    return None


def signin_page():
    """The staff sign-in page, answering a save that came after the sign-in ended (401)."""
    return render_template("auth/login.html", email="", errors={}, next_path=None,
                           notice=pop_notice() or "expired"), 401


def resume_after_signin():
    """Just signed in from a re-sign-in form: the form it came from, filled in again (or None)."""
    carry = current() if TO in request.form else None
    if carry is None:
        return None
    try:
        endpoint, args = current_app.url_map.bind("localhost").match(carry["to"], method="POST")
    except Exception:  # NotFound, MethodNotAllowed, RequestRedirect: nothing to go back to
        return None
    view = current_app.view_functions.get(endpoint)
    resume = getattr(view, "resume", None)
    user = current_user()
    if resume is None or user is None or user["role"] not in getattr(view, "allowed_roles", ()):
        return None
    lang = args.get("lang")
    if lang:
        g.lang = lang  # the page is in the language of the form, not of /staff/login
    with force_locale(lang) if lang else nullcontext():
        return resume(MultiDict(carry["fields"]), **args)


def template_context() -> dict:
    return {"carried": current}
