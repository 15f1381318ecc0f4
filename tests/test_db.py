"""Database wiring: init-db is safe to run again, WAL mode, content loaded into versioned tables."""
import sqlite3

from companion import create_app
from companion.content.store import live_version


def test_init_db_twice_applies_nothing_the_second_time(app, runner):
    first = runner.invoke(args=["init-db"])
    assert first.exit_code == 0, first.output
    second = runner.invoke(args=["init-db"])
    assert "migrations applied: 0" in second.output


def test_database_is_in_wal_mode_with_content_and_full_text_index(app):
    conn = sqlite3.connect(app.config["DATABASE"])
    assert conn.execute("pragma journal_mode").fetchone()[0] == "wal"
    count = conn.execute("select count(*) from content_items").fetchone()[0]
    assert count > 100
    hits = conn.execute("select count(*) from content_items_fts where content_items_fts match ?", ['"anakinra"']).fetchone()[0]
    assert hits > 10


def test_an_unchanged_restart_keeps_the_live_version(tmp_path):
    config = {"DATABASE": str(tmp_path / "x.db")}
    create_app(config)
    from companion.db import connect
    first = live_version(connect(config["DATABASE"]))
    create_app(config)
    again = live_version(connect(config["DATABASE"]))
    assert first["id"] == again["id"] and first["hash"] == again["hash"]


def test_companion_db_environment_variable_sets_the_file(tmp_path, monkeypatch):
    monkeypatch.setenv("COMPANION_DB", str(tmp_path / "env.db"))
    app = create_app({"TESTING": True})
    assert app.config["DATABASE"] == str(tmp_path / "env.db")
    assert (tmp_path / "env.db").exists()


def test_an_unexpected_error_gets_a_friendly_500_page_in_the_right_language(app):
    @app.get("/<lang:lang>/boom")
    def boom(lang):
        raise RuntimeError("secret detail")

    app.config["PROPAGATE_EXCEPTIONS"] = False
    client = app.test_client()
    for lang, words in (("nl", "Er ging iets mis"), ("en", "Something went wrong")):
        response = client.get(f"/{lang}/boom")
        html = response.get_data(as_text=True)
        assert response.status_code == 500
        assert words in html and "secret detail" not in html and f'lang="{lang}"' in html


def test_a_new_database_file_is_readable_by_its_owner_only(tmp_path):
    import os
    import stat

    from companion.db import connect

    path = tmp_path / "fresh.db"
    db = connect(str(path))
    db["t"].insert({"x": 1})
    db.conn.close()
    for name in ("fresh.db", "fresh.db-wal", "fresh.db-shm"):
        if (tmp_path / name).exists():
            assert stat.S_IMODE(os.stat(tmp_path / name).st_mode) == 0o600, name
