"""Sign-out ends the session on the server: a copy of the old cookie, replayed, opens nothing.
So does the idle time-out and "sign out everywhere" (issue 15, point 1)."""
import pytest

from companion.auth.testing import csrf_token, login, logout, make_user
from companion.db import get_db

PROTECTED = "/en/consent/"


@pytest.fixture
def clinician(app):
    app.config["AUTH_FAILURE_DELAY"] = False
    return make_user(app, "cli@example.nl", "clinician")


def _cookie(client) -> str:
    return client.get_cookie("companion").value


def _replay(app, value):
    thief = app.test_client()
    thief.set_cookie("companion", value)
    return thief.get(PROTECTED)


def test_a_copied_cookie_works_while_signed_in_and_never_after_sign_out(app, clinician):
    client = app.test_client()
    assert login(client, "cli@example.nl").status_code == 302
    copied = _cookie(client)
    assert _replay(app, copied).status_code == 200
    logout(client)
    replay = _replay(app, copied)
    assert replay.status_code == 302 and "/staff/login" in replay.headers["Location"]


def test_the_idle_time_out_is_measured_on_the_server(app, clinician):
    client = app.test_client()
    login(client, "cli@example.nl")
    copied = _cookie(client)
    with app.app_context():
        db = get_db()
        with db.conn:
            db.conn.execute("UPDATE staff_sessions SET last_seen = last_seen - 31 * 60")
    replay = _replay(app, copied)
    assert replay.status_code == 302 and "/staff/login" in replay.headers["Location"]
    with app.app_context():
        assert get_db().conn.execute("SELECT ended_reason FROM staff_sessions").fetchone()[0] == "expired"


def test_sign_out_everywhere_ends_the_other_devices(app, clinician):
    tablet, laptop = app.test_client(), app.test_client()
    login(tablet, "cli@example.nl")
    login(laptop, "cli@example.nl")
    assert tablet.get(PROTECTED).status_code == 200
    response = laptop.post("/staff/logout-everywhere", data={"csrf_token": csrf_token(laptop, "/staff/")})
    assert response.status_code == 302
    assert tablet.get(PROTECTED).status_code == 302
    assert laptop.get(PROTECTED).status_code == 302
    with app.app_context():
        db = get_db()
        assert db.conn.execute("SELECT count(*) FROM staff_sessions WHERE ended_at IS NULL").fetchone()[0] == 0
        assert db.conn.execute("SELECT count(*) FROM audit_events WHERE kind = 'auth.logout_everywhere'").fetchone()[0] == 1


def test_signing_in_again_rotates_the_session(app, clinician):
    client = app.test_client()
    login(client, "cli@example.nl")
    first = _cookie(client)
    logout(client)
    login(client, "cli@example.nl")
    assert _cookie(client) != first
    assert client.get(PROTECTED).status_code == 200
    assert _replay(app, first).status_code == 302
    with app.app_context():
        ids = [r[0] for r in get_db().conn.execute("SELECT id FROM staff_sessions")]
    assert len(set(ids)) == 2
