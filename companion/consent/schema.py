"""Tables of the consent checklist (migration set "consent").

Append-only by design: what was recorded is never changed or removed. A record's
current state is derived from its history tables (the latest row wins); triggers
refuse UPDATE and DELETE on them. The one column that changes is
``consent_records.revision``, the counter that refuses stale saves.
"""
from sqlite_utils import Migrations

migrations = Migrations("consent")

_NO_CHANGE = """
CREATE TRIGGER IF NOT EXISTS {table}_no_{op}
BEFORE {OP} ON {table}
BEGIN
    SELECT RAISE(ABORT, '{table} is append-only: rows cannot be {past}');
END
"""


def _append_only(db, table: str) -> None:
    db.execute(_NO_CHANGE.format(table=table, op="update", OP="UPDATE", past="changed"))
    db.execute(_NO_CHANGE.format(table=table, op="delete", OP="DELETE", past="deleted"))


@migrations()
def create_consent_tables(db):
    db.execute(
        """
        CREATE TABLE IF NOT EXISTS consent_records (
            id TEXT PRIMARY KEY,
            screening_number TEXT NOT NULL,
            lang TEXT NOT NULL,
            age_group TEXT NOT NULL,
            authority TEXT NOT NULL,
            content_version_id INTEGER NOT NULL REFERENCES content_versions(id),
            content_hash TEXT NOT NULL,
            revision INTEGER NOT NULL DEFAULT 1,
            created_at TEXT NOT NULL,
            created_by INTEGER,
            created_by_email TEXT
        )
        """
    )
    db.execute("CREATE INDEX IF NOT EXISTS consent_records_created_at ON consent_records (created_at)")
    db.execute("CREATE INDEX IF NOT EXISTS consent_records_screening ON consent_records (screening_number)")
    db.execute(
        """
        CREATE TRIGGER IF NOT EXISTS consent_records_only_revision
        BEFORE UPDATE ON consent_records
        WHEN NEW.id IS NOT OLD.id OR NEW.screening_number IS NOT OLD.screening_number
          OR NEW.lang IS NOT OLD.lang OR NEW.age_group IS NOT OLD.age_group
          OR NEW.authority IS NOT OLD.authority OR NEW.content_version_id IS NOT OLD.content_version_id
          OR NEW.content_hash IS NOT OLD.content_hash OR NEW.created_at IS NOT OLD.created_at
          OR NEW.created_by IS NOT OLD.created_by OR NEW.created_by_email IS NOT OLD.created_by_email
          OR NEW.revision <= OLD.revision
        BEGIN
            SELECT RAISE(ABORT, 'consent_records: only the revision may change, and only upwards');
        END
        """
    )
    db.execute(_NO_CHANGE.format(table="consent_records", op="delete", OP="DELETE", past="deleted"))

    db.execute(
        """
        CREATE TABLE IF NOT EXISTS consent_participants (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            record_id TEXT NOT NULL REFERENCES consent_records(id),
            role TEXT NOT NULL,
            required INTEGER NOT NULL,
            added_at TEXT NOT NULL,
            added_by INTEGER,
            UNIQUE (record_id, role)
        )
        """
    )
    _append_only(db, "consent_participants")

    db.execute(
        """
        CREATE TABLE IF NOT EXISTS consent_record_events (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            record_id TEXT NOT NULL REFERENCES consent_records(id),
            kind TEXT NOT NULL,
            sitting INTEGER NOT NULL,
            outcome TEXT,
            signed_date TEXT,
            revision INTEGER NOT NULL,
            at TEXT NOT NULL,
            actor INTEGER,
            actor_email TEXT
        )
        """
    )
    db.execute("CREATE INDEX IF NOT EXISTS consent_record_events_record ON consent_record_events (record_id, id)")
    _append_only(db, "consent_record_events")

    db.execute(
        """
        CREATE TABLE IF NOT EXISTS consent_item_events (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            record_id TEXT NOT NULL REFERENCES consent_records(id),
            sitting INTEGER NOT NULL,
            item_slug TEXT NOT NULL,
            role TEXT NOT NULL,
            status TEXT NOT NULL,
            questions TEXT NOT NULL DEFAULT '',
            revision INTEGER NOT NULL,
            at TEXT NOT NULL,
            actor INTEGER,
            actor_email TEXT
        )
        """
    )
    db.execute("CREATE INDEX IF NOT EXISTS consent_item_events_record ON consent_item_events (record_id, id)")
    _append_only(db, "consent_item_events")


@migrations()
def add_record_event_note(db):
    """``note``: the reason given for a correction (free text, like the family's questions).

    A correction of a final outcome is a new ``consent_record_events`` row of kind
    ``correction``; nothing already recorded changes. Adding a nullable column leaves every
    existing row, and the append-only triggers, as they were."""
    columns = {row[1] for row in db.execute("PRAGMA table_info(consent_record_events)").fetchall()}
    if "note" not in columns:
        db.execute("ALTER TABLE consent_record_events ADD COLUMN note TEXT")
