"""All database wiring: the connection on `g`, transactions, migrations of every feature.

It imports no feature: `init-db` (migrate, then load content/) lives in companion/initdb.py, above
both this module and companion/content/store.py, which uses `write_transaction` from here."""
import contextlib
import importlib
import os
import sqlite3
import threading
import time
from pathlib import Path
from typing import Callable, TypeVar

from flask import current_app, g
from sqlite_utils import Database
from werkzeug.routing import IntegerConverter

# Each feature owns a `schema.py` with `migrations = Migrations("<feature>")`.
# They are applied in this order; a feature's migrations may rely on earlier sets.
MIGRATION_SETS = [
    "companion.content.schema",
    "companion.site.schema",
    "companion.audit.schema",
    "companion.auth.schema",
    "companion.chat.schema",
    "companion.prescreen.schema",
    "companion.consent.schema",
    "companion.staff.schema",
]

T = TypeVar("T")


def connect(path: str) -> Database:
    """Open the SQLite file with the settings every connection needs. A new file is made readable
    by its owner only (0600); SQLite gives its -wal and -shm files the same mode."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    if path != ":memory:" and not Path(path).exists():
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    conn = sqlite3.connect(path, timeout=30, check_same_thread=False)
    conn.execute("PRAGMA busy_timeout = 30000")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA synchronous = NORMAL")
    db = Database(conn)
    if db.journal_mode != "wal":
        for attempt in range(50):  # another process may hold the lock while it switches the mode itself
            try:
                db.enable_wal()
                break
            except sqlite3.OperationalError:
                time.sleep(0.1)
    return db


@contextlib.contextmanager
def write_transaction(db: Database):
    """One atomic write: BEGIN IMMEDIATE takes the write lock up front, so two gunicorn
    workers never interleave (e.g. two appends to the audit hash chain). Nested use joins
    the outer transaction through sqlite-utils' savepoints."""
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.rollback()
        raise
    else:
        db.conn.execute("COMMIT")


class _Keeper:
    """This process's long-lived connection to one database file, and the lock for using it."""

    def __init__(self, path: str):
        self.conn = sqlite3.connect(path, check_same_thread=False)
        self.conn.execute("SELECT count(*) FROM sqlite_master").fetchall()
        self.db = Database(self.conn)
        self.lock = threading.Lock()


_keepers: dict = {}
_keepers_lock = threading.Lock()


def keep_wal_open(path: str) -> _Keeper:
    """Hold one idle connection to the database per process.

    Each request opens and closes its own connection. When the last connection to a WAL
    database closes, SQLite checkpoints the WAL into the main file and deletes it, with
    fsyncs: about 15 ms on every request, plus re-creating the WAL on the next write.
    An idle connection prevents that; checkpoints then run automatically every 1000
    pages. It holds no lock and no read transaction between reads (see `read_shared`).
    Keyed by process id: gunicorn --preload forks workers, and a connection must not
    cross a fork."""
    key = (os.getpid(), path)
    keeper = _keepers.get(key)
    if keeper is None:
        with _keepers_lock:
            keeper = _keepers.get(key)
            if keeper is None:
                keeper = _keepers[key] = _Keeper(path)
    return keeper


def read_shared(read: Callable[[Database], T]) -> T:
    """Run one short read on this process's long-lived connection instead of the request's.

    For the hot path of public pages (which content version is live?): opening a connection
    costs about 0.9 ms, most of a cached page's time. Each statement outside a transaction
    sees the latest commit, so a publish still reaches every worker on its next request.
    Tests replace database files under one path, so there the request's connection reads."""
    if current_app.testing:
        return read(get_db())
    keeper = keep_wal_open(current_app.config["DATABASE"])
    with keeper.lock:
        return read(keeper.db)


def get_db() -> Database:
    """The request's connection, opened on first use."""
    if "db" not in g:
        if not current_app.testing:
            keep_wal_open(current_app.config["DATABASE"])
        g.db = connect(current_app.config["DATABASE"])
    return g.db


def close_db(_exc=None) -> None:
    db = g.pop("db", None)
    if db is not None:
        db.conn.close()


def _migration_sets():
    for module_name in MIGRATION_SETS:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name in (module_name, module_name.rsplit(".", 1)[0]):  # feature without a schema (yet)
                continue
            raise
        yield module.migrations


def migrate(db: Database) -> list[str]:
    """Apply every pending migration of every feature; returns what was applied."""
    applied = []
    for migrations in _migration_sets():
        pending = [m.name for m in migrations.pending(db)]
        if pending:
            migrations.apply(db)
            applied += [f"{migrations.name}:{name}" for name in pending]
    return applied


class SQLiteIdConverter(IntegerConverter):
    """`<int:…>` in every route, bounded to what SQLite can store: a larger number in a URL
    is a plain 404 instead of an OverflowError (a 500) when it reaches a query."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", 2**63 - 1)
        super().__init__(map, *args, **kwargs)


def init_app(app) -> None:
    """Call before any blueprint is registered: routes pick their converters when added."""
    app.url_map.converters["int"] = SQLiteIdConverter
    app.teardown_appcontext(close_db)
