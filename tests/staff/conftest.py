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


def confirm_reviews(client, draft_id) -> list[str]:
    """What an editor does after changing a section: read each chat answer and key point flagged
    *review: section changed* on the draft page, then confirm them all. Returns the keys."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(client.get(f"/staff/content/drafts/{draft_id}").data, "html.parser")
    keys = [box["value"] for box in soup.select("#review input[name=item]")]
    if keys:
        response = client.post(f"/staff/content/drafts/{draft_id}/confirm",
                               data={"item": keys, "csrf_token": token(client, f"/staff/content/drafts/{draft_id}")})
        assert response.status_code == 302
    return keys


def confirm_all(db, draft_id, user_id) -> list[str]:
    """confirm_reviews without a browser: for tests that drive companion.staff.drafts directly."""
    from companion.staff import drafts

    draft = drafts.get_draft(db, draft_id)
    keys = [f"{item.lang}/{item.rel_path}" for item, _ in drafts.review_list(db, draft)]
    return drafts.confirm_reviews(db, draft_id, user_id, keys)


def new_side_text(soup, lang: str) -> str:
    """The new text a word diff shows for one language: its unchanged and added words, without the removed
    words or the screen-reader labels."""
    text = []
    for side in soup.select(f".diff-side[lang={lang}] .diff"):
        for gone in side.select("del, .visually-hidden"):
            gone.decompose()
        text.append(side.get_text())
    return "\n".join(text)
