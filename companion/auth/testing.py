"""Helpers for tests of any feature that needs a signed-in staff member.

    from companion.auth.testing import make_user, login

    def test_something(app, client):
        make_user(app, "dr@example.nl", "clinician")
        login(client, "dr@example.nl")
        ...

``login`` goes through the real sign-in form, CSRF token included, so it works
with CSRF protection on.
"""

from __future__ import annotations

import re

DEFAULT_PASSWORD = "correct horse battery staple"
_TOKEN_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')


def make_user(app, email: str, role: str, password: str = DEFAULT_PASSWORD, *, active: bool = True) -> dict:
    """Create an account directly in the app's database; returns the user dict."""
    from companion.auth.accounts import create_user, set_active
    from companion.db import get_db

    with app.app_context():
        db = get_db()
        user = create_user(db, email, role, password)
        if not active:
            user = set_active(db, user["id"], False)
        return user


def csrf_token_from(html: str) -> str:
    match = _TOKEN_RE.search(html)
    if not match:
        raise AssertionError("no csrf_token field on the page")
    return match.group(1) or match.group(2)


def csrf_token(client, path: str = "/staff/login") -> str:
    """A valid CSRF token for this client's session (read from a form page)."""
    response = client.get(path)
    return csrf_token_from(response.get_data(as_text=True))


def login(client, email: str, password: str = DEFAULT_PASSWORD, *, follow_redirects: bool = False):
    """Sign in through the form; returns the response (302 on success)."""
    token = csrf_token(client, "/staff/login")
    return client.post(
        "/staff/login",
        data={"email": email, "password": password, "csrf_token": token},
        follow_redirects=follow_redirects,
    )


def logout(client):
    token = csrf_token(client, "/staff/")
    return client.post("/staff/logout", data={"csrf_token": token})
