"""The chat's tables (migration set "chat"): the search index and the question inbox.

The index (chat_docs, chat_fts, chat_tri, chat_index_meta) is rebuilt from the live content
version whenever that changes. The inbox keeps unanswered and "not helpful" questions with
personal details stripped: no IP address, no session id, only the day they were asked.
"""
from sqlite_utils import Migrations

from .retrieval import create_tables

migrations = Migrations("chat")


@migrations()
def create_chat_index(db):
    create_tables(db.conn)


@migrations()
def create_chat_inbox(db):
    db.execute(
        """
        CREATE TABLE IF NOT EXISTS chat_inbox (
            id INTEGER PRIMARY KEY,
            asked_on TEXT NOT NULL CHECK (asked_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
            lang TEXT NOT NULL CHECK (lang IN ('nl', 'en')),
            kind TEXT NOT NULL CHECK (kind IN ('not_found', 'not_helpful')),
            question TEXT NOT NULL,
            entry TEXT,
            candidates TEXT NOT NULL DEFAULT '[]'
        )
        """
    )
    db.execute("CREATE INDEX IF NOT EXISTS chat_inbox_day ON chat_inbox(asked_on)")


@migrations()
def create_chat_inbox_handled(db):
    """What staff did with a stored question: added it as a phrasing, started a new entry from it,
    or dismissed it (the day only). Handled questions leave the inbox and are deleted after the
    retention period (``INBOX_RETENTION_DAYS``)."""
    db.execute(
        """
        CREATE TABLE IF NOT EXISTS chat_inbox_handled (
            question_id INTEGER PRIMARY KEY REFERENCES chat_inbox(id) ON DELETE CASCADE,
            handled_on TEXT NOT NULL CHECK (handled_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
            handled_as TEXT NOT NULL CHECK (handled_as IN ('phrasing', 'new_entry', 'dismissed'))
        )
        """
    )
    db.execute("CREATE INDEX IF NOT EXISTS chat_inbox_handled_day ON chat_inbox_handled(handled_on)")


@migrations()
def bound_chat_inbox(db):
    """The same question asked again raises ``times`` instead of adding a row (``question_key``:
    the stored text folded to lower case without punctuation). ``chat_inbox_quota`` counts the
    rows written per hour, in total and per client, the client only as a keyed hash that
    changes every hour; rows of past hours are deleted as new ones are written."""
    db.execute("ALTER TABLE chat_inbox ADD COLUMN times INTEGER NOT NULL DEFAULT 1")
    db.execute("ALTER TABLE chat_inbox ADD COLUMN question_key TEXT")
    db.execute("CREATE INDEX IF NOT EXISTS chat_inbox_key ON chat_inbox(lang, kind, question_key)")
    db.execute(
        """
        CREATE TABLE IF NOT EXISTS chat_inbox_quota (
            hour TEXT NOT NULL,
            who TEXT NOT NULL,
            writes INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (hour, who)
        )
        """
    )
