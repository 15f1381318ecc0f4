"""Content versions in the database: importing the files, the live version, reading items back."""
import hashlib
import json
import logging
from datetime import datetime, timezone
from pathlib import Path

from sqlite_utils import Database

from companion.db import write_transaction
from companion.content.files import ContentFile, read_tree, text_hash

LIVE_KEY = "live_content_version"
SITE_REVISION_KEY = "site_facts_revision"  # raised by companion.site on every change of a site fact
log = logging.getLogger(__name__)


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def version_hash(files: list[ContentFile], synonyms: str | None = None) -> str:
    """What a version is: its files and, when it carries one, its synonym list."""
    digest = hashlib.sha256()
    for f in sorted(files, key=lambda f: (f.lang, f.rel_path)):
        digest.update(f"{f.lang}/{f.rel_path}\0".encode())
        digest.update(json.dumps(f.meta, sort_keys=True, ensure_ascii=False, default=str).encode())
        digest.update(b"\0" + f.body.encode() + b"\0")
    if synonyms is not None:
        digest.update(b"synonyms.yaml\0" + synonyms.encode() + b"\0")
    return digest.hexdigest()[:16]


def read_synonyms(content_dir) -> str | None:
    """The text of content/synonyms.yaml, or None when there is none."""
    path = Path(content_dir) / "synonyms.yaml"
    return path.read_text(encoding="utf-8") if path.exists() else None


def synonyms_in_use(version_synonyms: str | None, content_dir) -> str:
    """The list a version uses: its own, or the deployment's file for a version made before
    lists were versioned (`content_versions.synonyms` NULL)."""
    if version_synonyms is not None:
        return version_synonyms
    return read_synonyms(content_dir) or ""


def _item_row(version_id: int, f: ContentFile) -> dict:
    topics = f.meta.get("topics") or []
    return {
        "version_id": version_id, "lang": f.lang, "path": f.rel_path, "kind": f.kind,
        "reader": f.reader, "slug": f.slug, "title": f.title, "sort_order": f.order,
        "audience": str(f.meta.get("audience", "")), "topics": json.dumps(topics if isinstance(topics, list) else []),
        "meta": json.dumps(f.meta, ensure_ascii=False, default=str), "body": f.body,
        "text_hash": text_hash(f.meta, f.body),
    }


def create_version(db: Database, files: list[ContentFile], *, source: str, label: str = "",
                   note: str = "", created_by: int | None = None, synonyms: str | None = None) -> dict:
    """Store a set of files (and the synonym list) as a version, not yet live. Returns the
    existing one for a known hash. Call inside a transaction."""
    digest = version_hash(files, synonyms)
    existing = list(db.query("select * from content_versions where hash = ?", [digest]))
    if existing:
        return existing[0]
    version_id = db["content_versions"].insert({
        "hash": digest, "label": label or f"{source} {now()[:10]}", "note": note, "source": source,
        "created_at": now(), "created_by": created_by, "synonyms": synonyms,
    }).last_pk
    db["content_items"].insert_all((_item_row(version_id, f) for f in files if not f.problems))
    return db["content_versions"].get(version_id)


def publish(db: Database, version_id: int, approved_by: int | None = None) -> None:
    """Make a version the live one (one UPDATE: the site switches in one step). Call in a transaction."""
    db.execute("update content_versions set published_at = ?, approved_by = coalesce(?, approved_by) where id = ?",
               [now(), approved_by, version_id])
    db["settings"].upsert({"key": LIVE_KEY, "value": str(version_id)}, pk="key")


def live_key(db: Database) -> tuple[int | None, str]:
    """(live version id, site facts revision): what the pages of this moment are built from,
    read in one statement on every public request."""
    rows = db.conn.execute("select key, value from settings where key in (?, ?)",
                           [LIVE_KEY, SITE_REVISION_KEY]).fetchall()
    found = dict(rows)
    version = found.get(LIVE_KEY)
    return (int(version) if version is not None else None), found.get(SITE_REVISION_KEY, "0")


def live_version(db: Database) -> dict | None:
    rows = list(db.query(
        "select v.* from settings s join content_versions v on v.id = cast(s.value as integer) where s.key = ?",
        [LIVE_KEY]))
    return rows[0] if rows else None


def sync_from_files(db: Database, content_dir: str) -> dict:
    """Import content/ as a version and publish it when its hash is new.

    A deployment with changed files publishes them; an unchanged deployment keeps whatever
    version staff published since. BEGIN IMMEDIATE: two workers starting at once import once."""
    files = read_tree(content_dir)
    synonyms = read_synonyms(content_dir)
    digest = version_hash(files, synonyms)
    from companion.content.markers import fact_definitions
    from companion.site.store import publish_allowed

    with write_transaction(db):
        known = list(db.query("select * from content_versions where hash = ?", [digest]))
        missing = publish_allowed(db, fact_definitions(content_dir), files)
        if missing:  # a live deployment never shows families a text whose facts are empty
            log.warning("content/ not published: the deployment is live and these site facts are empty: %s",
                        ", ".join(missing))
        if not known:
            version = create_version(db, files, source="files", label="content/ files", synonyms=synonyms)
            if not missing:
                publish(db, version["id"])
        elif live_version(db) is None and not missing:
            publish(db, known[0]["id"])
    return live_version(db)


def load_files(db: Database, version_id: int) -> list[ContentFile]:
    rows = db.query("select lang, path, meta, body from content_items where version_id = ? order by lang, path",
                    [version_id])
    return [ContentFile(r["lang"], r["path"], json.loads(r["meta"]), r["body"]) for r in rows]
