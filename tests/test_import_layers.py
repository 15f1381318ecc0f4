"""companion/db.py is the bottom layer: it imports no feature, so no feature module can form an import
circle through it (content/store.py uses db's transactions; init-db, which needs both, is initdb.py)."""
import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def imported_modules(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_db_imports_nothing_of_the_companion():
    assert {m for m in imported_modules(ROOT / "companion" / "db.py") if m.startswith("companion")} == set()


def test_the_content_store_does_not_import_what_imports_it():
    store = imported_modules(ROOT / "companion" / "content" / "store.py")
    assert "companion.initdb" not in store and "companion" not in store
    assert "companion.content.store" in imported_modules(ROOT / "companion" / "initdb.py")
