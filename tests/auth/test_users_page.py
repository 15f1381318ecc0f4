"""The admin page for staff accounts: list, add, disable/enable, change role, set password."""

import json

import pytest

from companion.auth.testing import csrf_token, login, make_user
from companion.db import get_db


@pytest.fixture
def admin(app, client):
    app.config["AUTH_FAILURE_DELAY"] = False
    user = make_user(app, "admin@example.nl", "admin")
    login(client, "admin@example.nl")
    return user


def post(client, path, **data):
    data["csrf_token"] = csrf_token(client, "/staff/users")
    return client.post(path, data=data)


def last_event(app):
    with app.app_context():
        row = next(get_db().query("SELECT * FROM audit_events ORDER BY id DESC LIMIT 1"))
    row["details"] = json.loads(row["details"])
    return row


def test_page_lists_accounts(app, admin, page):
    make_user(app, "dr@example.nl", "clinician")
    soup = page("/staff/users")
    emails = [h.get_text(strip=True) for h in soup.select(".user-email")]
    assert emails == ["admin@example.nl", "dr@example.nl"]
    assert soup.select_one("form[action='/staff/users'] input[name=email]")


def test_add_account(app, client, admin):
    response = post(client, "/staff/users", email="New@Example.nl", role="editor", password="a first long password")
    assert response.status_code == 302
    page = client.get("/staff/users").get_data(as_text=True)
    assert "new@example.nl" in page
    event = last_event(app)
    assert event["kind"] == "auth.user_created" and event["actor"] == admin["id"]
    other = app.test_client()
    assert login(other, "new@example.nl", "a first long password").status_code == 302


@pytest.mark.parametrize(
    "data, field_id",
    [({"email": "", "role": "editor", "password": "a first long password"}, "new-email-error"),
     ({"email": "x@y.nl", "role": "boss", "password": "a first long password"}, "new-role-error"),
     ({"email": "x@y.nl", "role": "editor", "password": "short"}, "new-password-error"),
     ({"email": "admin@example.nl", "role": "editor", "password": "a first long password"}, "new-email-error"),
     ({"email": "not an email", "role": "editor", "password": "a first long password"}, "new-email-error")],
)
def test_bad_input_gets_a_clear_message(client, admin, data, field_id):
    response = post(client, "/staff/users", **data)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert f'id="{field_id}"' in html
    assert "<title>Error: " in html or "<title>Fout: " in html


def test_disable_enable_and_re_role(app, client, admin):
    user = make_user(app, "dr@example.nl", "clinician")
    assert post(client, f"/staff/users/{user['id']}/active", active="0").status_code == 302
    assert last_event(app)["kind"] == "auth.user_disabled"
    assert post(client, f"/staff/users/{user['id']}/active", active="1").status_code == 302
    assert last_event(app)["kind"] == "auth.user_enabled"
    assert post(client, f"/staff/users/{user['id']}/role", role="editor").status_code == 302
    event = last_event(app)
    assert event["kind"] == "auth.role_changed" and event["details"]["to"] == "editor"
    assert post(client, f"/staff/users/{user['id']}/password", password="a brand new password").status_code == 302
    assert last_event(app)["kind"] == "auth.password_changed"


def test_admin_cannot_remove_the_last_admin(client, admin):
    response = post(client, f"/staff/users/{admin['id']}/active", active="0")
    assert response.status_code == 400
    assert "admin" in response.get_data(as_text=True)
    response = post(client, f"/staff/users/{admin['id']}/role", role="clinician")
    assert response.status_code == 400
    assert client.get("/staff/users").status_code == 200  # still an admin, still signed in


@pytest.mark.parametrize(
    "path, data",
    [("/staff/users/1/active", {"active": "maybe"}), ("/staff/users/1/role", {"role": "root"}),
     ("/staff/users/1/password", {"password": ""}), ("/staff/users/1/password", {"password": "short"})],
)
def test_bad_changes_are_refused_clearly(client, admin, path, data):
    response = post(client, path, **data)
    assert response.status_code == 400
    assert "error-summary" in response.get_data(as_text=True)


def test_unknown_account_is_404(client, admin):
    assert post(client, "/staff/users/999/active", active="0").status_code == 404
    for action, data in (("active", {"active": "0"}), ("role", {"role": "editor"}), ("password", {"password": "x" * 20})):
        assert post(client, f"/staff/users/{'9' * 30}/{action}", **data).status_code == 404
