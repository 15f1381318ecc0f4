"""Fixtures for the staff content area: two editors, an admin and a clinician, signed in."""
import pytest

from companion.auth.testing import csrf_token, login, make_user
from companion.content.store import live_version
from companion.db import get_db

PURPOSE = "info/parents/purpose.md"


@pytest.fixture
def staff(app):
    app.config["AUTH_FAILURE_DELAY"] = False
    users = {name: make_user(app, f"{name}@example.nl", role)
             for name, role in [("ed", "editor"), ("eva", "editor"), ("adam", "admin"), ("cli", "clinician")]}
    return users


@pytest.fixture
def as_user(app, staff):
    """`as_user("ed")` gives a test client signed in as that person, interface in English."""
    clients = {}

    def get(name):
        if name not in clients:
            client = app.test_client()
            assert login(client, f"{name}@example.nl").status_code == 302
            client.get("/staff/?lang=en")  # English interface: the tests read English messages
            clients[name] = client
        return clients[name]

    return get


def token(client, path="/staff/content/drafts"):
    return csrf_token(client, path)


def post(client, path, data, token_path="/staff/content/drafts", **kwargs):
    return client.post(path, data={**data, "csrf_token": token(client, token_path)}, **kwargs)


def live_id(app):
    with app.app_context():
        return live_version(get_db())["id"]


def save_edit(client, path, fields, draft="new", in_sync=False, action="save"):
    data = {"path": path, "draft": str(draft), "action": action}
    for lang, values in fields.items():
        for key, value in values.items():
            data[f"{lang}_{key}"] = value
    if in_sync:
        data["in_sync"] = "1"
    return post(client, "/staff/content/edit", data)
