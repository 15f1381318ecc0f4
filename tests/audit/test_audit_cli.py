"""`flask audit verify` and `flask backup PATH` as in CONTRACTS.md, on the app's real SQLite file."""

import sqlite3
import stat

from companion.audit import append_event
from companion.audit.chain import verify_chain
from companion.db import get_db


def add_events(app, n):
    with app.app_context():
        for i in range(n):
            append_event(get_db(), kind="test.event", subject=f"thing:{i}", details={"i": i})


def tamper(app, sql):
    conn = sqlite3.connect(app.config["DATABASE"], isolation_level=None)
    conn.execute("DROP TRIGGER audit_events_no_update")
    conn.execute("DROP TRIGGER audit_events_no_delete")
    conn.execute("DROP TRIGGER audit_events_append_at_head")
    conn.execute(sql)
    conn.close()


def test_verify_ok(app, runner):
    add_events(app, 4)
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 0
    assert result.output.strip() == "ok 4 events"


def test_verify_finds_a_changed_row(app, runner):
    add_events(app, 4)
    tamper(app, "UPDATE audit_events SET subject = 'thing:forged' WHERE id = 2")
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1
    assert "event 2" in result.output


def test_verify_finds_a_deleted_row(app, runner):
    add_events(app, 4)
    tamper(app, "DELETE FROM audit_events WHERE id = 3")
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1
    assert "event 4" in result.output and "3" in result.output


def test_verify_finds_an_inserted_row(app, runner):
    add_events(app, 4)
    tamper(app, "INSERT INTO audit_events (created_at, kind, details, prev_hash, hash)"
                " SELECT created_at, 'auth.login', details, hash, hash || 'x' FROM audit_events WHERE id = 4")
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1
    assert "event 5" in result.output


def test_verify_warns_when_the_triggers_are_gone(app, runner):
    add_events(app, 1)
    conn = sqlite3.connect(app.config["DATABASE"])
    conn.execute("DROP TRIGGER audit_events_no_delete")
    conn.close()
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 0
    assert "triggers" in result.stderr


def test_backup_is_a_consistent_copy(app, runner, tmp_path):
    add_events(app, 3)
    target = tmp_path / "copy.sqlite"
    result = runner.invoke(args=["backup", str(target)])
    assert result.exit_code == 0, result.output
    assert "3 audit events" in result.output
    copy = sqlite3.connect(target)
    assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert verify_chain(copy) == (True, 3, None)
    tables = {r[0] for r in copy.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"audit_events", "users"} <= tables
    copy.close()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".backup-")]
    assert stat.S_IMODE(target.stat().st_mode) == 0o600  # a copy of consent records: its owner only


def test_backup_into_a_folder_and_over_an_old_copy(app, runner, tmp_path):
    add_events(app, 1)
    result = runner.invoke(args=["backup", str(tmp_path)])
    assert result.exit_code == 0
    made = list(tmp_path.glob("companion-*.sqlite"))
    assert len(made) == 1
    add_events(app, 1)
    again = runner.invoke(args=["backup", str(made[0])])
    assert again.exit_code == 0 and "2 audit events" in again.output


def test_backup_to_a_missing_folder_fails_clearly(runner, tmp_path):
    result = runner.invoke(args=["backup", str(tmp_path / "nope" / "copy.sqlite")])
    assert result.exit_code == 1
    assert "does not exist" in result.output
