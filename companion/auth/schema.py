"""Schema of staff accounts and sign-in attempts (migration set "auth").

Accounts are never deleted: they are disabled. ``session_version`` goes up
whenever an account is disabled, re-roled or gets a new password, which ends
every session made before. ``login_attempts`` counts failed sign-ins per key
(``user:<id>``, and keyed hashes of a typed email or a client's address: see lockout.py);
it holds no email or IP address in clear.
"""

from sqlite_utils import Migrations

migrations = Migrations("auth")


@migrations()
def create_users(db):
    db.execute(
        """
        CREATE TABLE IF NOT EXISTS users (
            id INTEGER PRIMARY KEY,
            email TEXT NOT NULL UNIQUE,
            role TEXT NOT NULL CHECK (role IN ('clinician', 'editor', 'admin')),
            password_hash TEXT NOT NULL,
            active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
            session_version INTEGER NOT NULL DEFAULT 1,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            last_login_at TEXT
        )
        """
    )
    db.execute(
        """
        CREATE TRIGGER IF NOT EXISTS users_no_delete
        BEFORE DELETE ON users
        BEGIN
            SELECT RAISE(ABORT, 'staff accounts are never deleted: disable them');
        END
        """
    )
    db.execute(
        """
        CREATE TABLE IF NOT EXISTS login_attempts (
            key TEXT PRIMARY KEY,
            failures INTEGER NOT NULL DEFAULT 0,
            first_failure_at REAL,
            last_failure_at REAL,
            locked_until REAL
        )
        """
    )


@migrations()
def add_staff_sessions(db):
    """Each sign-in is a row: the cookie carries only its random id, so sign-out, the idle
    time-out and "sign out everywhere" end it on the server, and a copied cookie opens nothing."""
    db.execute(
        """
        CREATE TABLE IF NOT EXISTS staff_sessions (
            id TEXT PRIMARY KEY,
            user_id INTEGER NOT NULL REFERENCES users(id),
            created_at REAL NOT NULL,
            last_seen REAL NOT NULL,
            ended_at REAL,
            ended_reason TEXT
        )
        """
    )
    db.execute("CREATE INDEX IF NOT EXISTS staff_sessions_user ON staff_sessions (user_id, ended_at)")


@migrations()
def hash_login_attempt_keys(db):
    """Sign-in counters are now kept under keyed hashes (companion/auth/lockout.py): the rows
    that held a typed email in clear are deleted (they were 15-minute counters)."""
    db.execute("DELETE FROM login_attempts WHERE key LIKE 'email:%@%'")
