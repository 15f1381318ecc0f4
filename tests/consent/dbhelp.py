"""A real SQLite file with every migration and the repository's content/ loaded (no Flask).

Loading all of content/ takes a second or two, so it is done once per test session into a
template file; each test gets its own copy of that file."""
import importlib
import shutil
import sqlite3

from companion.config import ROOT
from companion.content.store import live_version, sync_from_files
from companion.db import MIGRATION_SETS, connect

_template = {}


def _build(path):
    db = connect(str(path))
    for name in MIGRATION_SETS:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name or name.startswith(f"{exc.name}."):
                continue  # a feature that is not built yet
            raise
        module.migrations.apply(db)
    sync_from_files(db, str(ROOT / "content"))
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.conn.close()


def make_db(path, template_dir=None):
    """A database at ``path``: a copy of the session's template. Returns (db, live version)."""
    if "path" not in _template:
        import tempfile

        template = tempfile.mkdtemp(prefix="consent-template-") + "/template.sqlite"
        _build(template)
        _template["path"] = template
    source = sqlite3.connect(_template["path"])
    target = sqlite3.connect(str(path))
    source.backup(target)
    source.close()
    target.close()
    db = connect(str(path))
    return db, live_version(db)


CLINICIAN = {"id": 7, "email": "arts@example.org", "role": "clinician"}
OTHER = {"id": 8, "email": "verpleegkundige@example.org", "role": "clinician"}
