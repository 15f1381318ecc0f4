"""A real SQLite file with every migration and the repository's content/ loaded (no Flask)."""
import importlib

from companion.config import ROOT
from companion.content.store import sync_from_files
from companion.db import MIGRATION_SETS, connect


def make_db(path):
    db = connect(str(path))
    for name in MIGRATION_SETS:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name or name.startswith(f"{exc.name}."):
                continue  # a feature that is not built yet
            raise
        module.migrations.apply(db)
    version = sync_from_files(db, str(ROOT / "content"))
    return db, version


CLINICIAN = {"id": 7, "email": "arts@example.org", "role": "clinician"}
OTHER = {"id": 8, "email": "verpleegkundige@example.org", "role": "clinician"}
