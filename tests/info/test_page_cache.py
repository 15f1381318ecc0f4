"""Public information pages are kept as finished HTML per content version: served unchanged,
never for a query string or a 404, and replaced on every worker when a new version goes live."""
import shutil
import urllib.request

import pytest

from companion.content.store import create_version, publish, read_tree
from companion.db import connect, write_transaction
from tests.conftest import start_server, stop_server

NEW_SENTENCE = "Deze zin staat alleen in de nieuwe versie."


def kept_pages(app) -> dict:
    (content,) = app.extensions["companion_content"].values()
    return content.pages


def publish_edited_purpose(db_path, content_dir, tmp_path) -> None:
    """A new content version in which the Dutch purpose section has one more sentence, made live."""
    edited = tmp_path / "content"
    shutil.copytree(content_dir, edited)
    purpose = edited / "nl" / "info" / "parents" / "purpose.md"
    purpose.write_text(purpose.read_text(encoding="utf-8") + f"\n{NEW_SENTENCE}\n", encoding="utf-8")
    db = connect(str(db_path))
    try:
        with write_transaction(db):
            publish(db, create_version(db, read_tree(edited), source="files", label="test edit")["id"])
    finally:
        db.conn.close()


def test_a_kept_page_is_the_page_first_rendered(app, client):
    first = client.get("/nl/info/purpose")
    assert kept_pages(app) == {"/nl/info/purpose": first.get_data(as_text=True)}
    again = client.get("/nl/info/purpose")
    assert again.get_data() == first.get_data()
    assert again.headers["Content-Security-Policy"] == first.headers["Content-Security-Policy"]
    assert again.headers["Content-Type"] == "text/html; charset=utf-8"


def test_query_strings_and_missing_pages_are_never_kept(app, client):
    assert client.get("/nl/info/purpose?from=chat").status_code == 200
    assert client.get("/nl/info/no-such-section").status_code == 404
    assert client.get("/en/info/under-12/no-such-screen").status_code == 404
    assert kept_pages(app) == {}
    # a query string still gets the page rendered for it: its language switch keeps the query
    assert "from=chat" in client.get("/nl/info/purpose?from=chat").get_data(as_text=True)


def test_a_publish_replaces_the_kept_pages(app, client, tmp_path):
    assert NEW_SENTENCE not in client.get("/nl/info/purpose").get_data(as_text=True)
    publish_edited_purpose(app.config["DATABASE"], app.config["CONTENT_DIR"], tmp_path)
    assert NEW_SENTENCE in client.get("/nl/info/purpose").get_data(as_text=True)
    assert list(kept_pages(app)) == ["/nl/info/purpose"]


@pytest.mark.e2e
def test_a_publish_reaches_every_gunicorn_worker(tmp_path, template_db, app):
    db_path = tmp_path / "live.db"
    shutil.copyfile(template_db, db_path)
    process, base = start_server(db_path, workers=2)
    try:
        def fetch_all(n=40):
            return [urllib.request.urlopen(base + "/nl/info/purpose").read().decode() for _ in range(n)]

        assert not any(NEW_SENTENCE in html for html in fetch_all())  # both workers have kept the page
        publish_edited_purpose(db_path, app.config["CONTENT_DIR"], tmp_path)
        assert all(NEW_SENTENCE in html for html in fetch_all())
    finally:
        stop_server(process)
