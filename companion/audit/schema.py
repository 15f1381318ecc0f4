"""Schema of the audit trail (migration set "audit").

``audit_events`` is append-only: two triggers RAISE on UPDATE and DELETE (a
second guard next to the hash chain), and one refuses an INSERT that does not
build on the current head of the chain. AUTOINCREMENT keeps SQLite's own
counter of rows ever written, so removing the newest rows is found too.
"""

from sqlite_utils import Migrations

migrations = Migrations("audit")


@migrations()
def create_audit_events(db):
    db.execute(
        """
        CREATE TABLE IF NOT EXISTS audit_events (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            created_at TEXT NOT NULL,
            kind TEXT NOT NULL,
            actor INTEGER,
            subject TEXT,
            details TEXT NOT NULL DEFAULT '{}',
            prev_hash TEXT NOT NULL UNIQUE,
            hash TEXT NOT NULL UNIQUE
        )
        """
    )
    db.execute("CREATE INDEX IF NOT EXISTS audit_events_kind ON audit_events (kind)")
    db.execute("CREATE INDEX IF NOT EXISTS audit_events_actor ON audit_events (actor)")
    db.execute("CREATE INDEX IF NOT EXISTS audit_events_created_at ON audit_events (created_at)")
    db.execute(
        """
        CREATE TRIGGER IF NOT EXISTS audit_events_no_update
        BEFORE UPDATE ON audit_events
        BEGIN
            SELECT RAISE(ABORT, 'audit_events is append-only: rows cannot be updated');
        END
        """
    )
    db.execute(
        """
        CREATE TRIGGER IF NOT EXISTS audit_events_no_delete
        BEFORE DELETE ON audit_events
        BEGIN
            SELECT RAISE(ABORT, 'audit_events is append-only: rows cannot be deleted');
        END
        """
    )
    db.execute(
        """
        CREATE TRIGGER IF NOT EXISTS audit_events_append_at_head
        BEFORE INSERT ON audit_events
        WHEN NEW.prev_hash IS NOT COALESCE(
            (SELECT hash FROM audit_events ORDER BY id DESC LIMIT 1),
            '0000000000000000000000000000000000000000000000000000000000000000')
        BEGIN
            SELECT RAISE(ABORT, 'audit_events: prev_hash must be the hash of the newest event');
        END
        """
    )
