"""The hash chain on a real SQLite file, without Flask."""

import json
import sqlite3
import threading

import pytest
from sqlite_utils import Database

from companion.audit.chain import (
    GENESIS_HASH,
    append_event,
    compute_hash,
    guards_present,
    verify_chain,
    write_transaction,
)
from companion.audit.schema import migrations


@pytest.fixture
def db_path(tmp_path):
    path = tmp_path / "audit.sqlite"
    db = Database(path)
    migrations.apply(db)
    db.close()
    return path


@pytest.fixture
def db(db_path):
    database = Database(db_path)
    yield database
    database.close()


def fill(db, n=5):
    for i in range(n):
        append_event(db, kind="test.event", actor=i or None, subject=f"thing:{i}", details={"n": i, "text": "één"})


def raw(db_path):
    """A raw connection with the append-only triggers dropped, as an attacker would."""
    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.execute("DROP TRIGGER audit_events_no_update")
    conn.execute("DROP TRIGGER audit_events_no_delete")
    conn.execute("DROP TRIGGER audit_events_append_at_head")
    return conn


def test_empty_trail_is_ok(db):
    assert verify_chain(db) == (True, 0, None)


def test_appended_events_link_and_verify(db):
    fill(db, 5)
    rows = list(db.query("SELECT * FROM audit_events ORDER BY id"))
    assert [r["id"] for r in rows] == [1, 2, 3, 4, 5]
    assert rows[0]["prev_hash"] == GENESIS_HASH
    for before, after in zip(rows, rows[1:]):
        assert after["prev_hash"] == before["hash"]
    assert rows[2]["hash"] == compute_hash(rows[1]["hash"], rows[2])
    assert json.loads(rows[3]["details"]) == {"n": 3, "text": "één"}
    assert verify_chain(db) == (True, 5, None)


def test_append_event_returns_the_row(db):
    event = append_event(db, kind="auth.login", actor=7, subject="user:7", details={"a": 1})
    assert event["id"] == 1
    assert event["kind"] == "auth.login"
    assert event["details"] == {"a": 1}
    assert len(event["hash"]) == 64


@pytest.mark.parametrize("kind", ["", "login", "Auth.Login", "auth..x", "auth.login; drop"])
def test_bad_kind_is_refused(db, kind):
    with pytest.raises(ValueError):
        append_event(db, kind=kind)


def test_actor_must_be_an_id(db):
    with pytest.raises(TypeError):
        append_event(db, kind="a.b", actor="alice")


def test_triggers_refuse_update_and_delete(db):
    fill(db, 2)
    assert guards_present(db)
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        db.execute("UPDATE audit_events SET kind = 'x.y' WHERE id = 1")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        db.execute("DELETE FROM audit_events WHERE id = 2")
    with pytest.raises(sqlite3.DatabaseError, match="prev_hash"):
        db.execute(
            "INSERT INTO audit_events (created_at, kind, details, prev_hash, hash) VALUES ('x', 'a.b', '{}', ?, ?)",
            [GENESIS_HASH, "f" * 64],
        )
    assert verify_chain(db) == (True, 2, None)


def test_tampered_row_is_found(db, db_path):
    fill(db, 5)
    conn = raw(db_path)
    conn.execute("""UPDATE audit_events SET details = '{"n":99}' WHERE id = 3""")
    conn.close()
    ok, count, broken = verify_chain(db)
    assert not ok
    assert broken.id == 3
    assert "changed" in broken.reason


def test_tampered_row_with_recomputed_hash_breaks_the_next_link(db, db_path):
    fill(db, 5)
    row = next(db.query("SELECT * FROM audit_events WHERE id = 2"))
    row["subject"] = "thing:forged"
    new_hash = compute_hash(row["prev_hash"], row)
    conn = raw(db_path)
    conn.execute("UPDATE audit_events SET subject = ?, hash = ? WHERE id = 2", [row["subject"], new_hash])
    conn.close()
    ok, _, broken = verify_chain(db)
    assert not ok and broken.id == 3


def test_deleted_row_is_found(db, db_path):
    fill(db, 5)
    conn = raw(db_path)
    conn.execute("DELETE FROM audit_events WHERE id = 2")
    conn.close()
    ok, _, broken = verify_chain(db)
    assert not ok
    assert broken.id == 3
    assert "missing" in broken.reason


def test_deleted_newest_row_is_found(db, db_path):
    fill(db, 5)
    conn = raw(db_path)
    conn.execute("DELETE FROM audit_events WHERE id = 5")
    conn.close()
    ok, _, broken = verify_chain(db)
    assert not ok and broken.id == 5


def test_inserted_row_is_found(db, db_path):
    fill(db, 5)
    conn = raw(db_path)
    # Shift the later rows up to make room, as a careful forger would.
    conn.execute("UPDATE audit_events SET id = id + 100 WHERE id >= 3")
    conn.execute("UPDATE audit_events SET id = id - 99 WHERE id >= 103")
    prev = conn.execute("SELECT hash FROM audit_events WHERE id = 2").fetchone()[0]
    forged = {"id": 3, "created_at": "2026-01-01T00:00:00.000000Z", "kind": "consent.item_recorded",
              "actor": 1, "subject": "consent:1", "details": "{}"}
    forged_hash = compute_hash(prev, forged)
    # Re-link the shifted row to the forged one (prev_hash is UNIQUE, so it must go first).
    conn.execute("UPDATE audit_events SET prev_hash = ? WHERE id = 4", [forged_hash])
    conn.execute(
        "INSERT INTO audit_events (id, created_at, kind, actor, subject, details, prev_hash, hash)"
        " VALUES (:id, :created_at, :kind, :actor, :subject, :details, :prev_hash, :hash)",
        {**forged, "prev_hash": prev, "hash": forged_hash},
    )
    conn.close()
    ok, count, broken = verify_chain(db)
    assert not ok
    assert broken.id == 4  # the shifted row's hash covered its old id and prev_hash
    assert "changed" in broken.reason


def test_inserted_row_at_the_end_with_a_made_up_hash_is_found(db, db_path):
    fill(db, 3)
    conn = raw(db_path)
    prev = conn.execute("SELECT hash FROM audit_events WHERE id = 3").fetchone()[0]
    conn.execute(
        "INSERT INTO audit_events (created_at, kind, details, prev_hash, hash) VALUES ('2026', 'a.b', '{}', ?, ?)",
        [prev, "a" * 64],
    )
    conn.close()
    ok, _, broken = verify_chain(db)
    assert not ok and broken.id == 4


def test_append_joins_the_callers_transaction_and_rolls_back_with_it(db):
    db.execute("CREATE TABLE things (id INTEGER PRIMARY KEY, name TEXT)")
    with pytest.raises(RuntimeError):
        with write_transaction(db):
            db["things"].insert({"name": "a"})
            append_event(db, kind="thing.created", subject="thing:1")
            raise RuntimeError("boom")
    assert db["things"].count == 0
    assert db["audit_events"].count == 0
    with write_transaction(db):
        db["things"].insert({"name": "a"})
        append_event(db, kind="thing.created", subject="thing:1")
        assert db.conn.in_transaction  # append_event did not commit
    assert db["things"].count == 1
    assert verify_chain(db) == (True, 1, None)


def test_append_inside_with_conn_commits_at_the_end(db):
    with db.conn:
        db.conn.execute("CREATE TABLE IF NOT EXISTS t (x)")
        db.conn.execute("INSERT INTO t VALUES (1)")
        append_event(db, kind="t.x")
        assert db.conn.in_transaction
    assert not db.conn.in_transaction
    assert verify_chain(db) == (True, 1, None)


def test_rolled_back_append_leaves_no_gap(db):
    fill(db, 2)
    with pytest.raises(RuntimeError):
        with write_transaction(db):
            append_event(db, kind="a.b")
            raise RuntimeError
    fill(db, 1)
    assert verify_chain(db) == (True, 3, None)


def test_two_connections_appending_at_once_keep_one_chain(db_path):
    errors = []

    def worker(n):
        try:
            database = Database(db_path)
            database.conn.execute("PRAGMA busy_timeout = 10000")
            for i in range(25):
                with write_transaction(database):
                    append_event(database, kind="load.test", details={"worker": n, "i": i})
            database.close()
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    database = Database(db_path)
    assert verify_chain(database) == (True, 100, None)
