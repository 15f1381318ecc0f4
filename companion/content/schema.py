"""Tables for published content versions and their items."""
from sqlite_utils import Migrations

migrations = Migrations("content")


@migrations()
def create_content_tables(db):
    db["settings"].create({"key": str, "value": str}, pk="key", if_not_exists=True)
    db["content_versions"].create({
        "id": int, "hash": str, "label": str, "note": str, "source": str,
        "created_at": str, "created_by": int, "approved_by": int, "published_at": str,
    }, pk="id", not_null={"hash", "source", "created_at"}, if_not_exists=True)
    db["content_versions"].create_index(["hash"], unique=True, if_not_exists=True)
    db["content_items"].create({
        "id": int, "version_id": int, "lang": str, "path": str, "kind": str, "reader": str,
        "slug": str, "title": str, "sort_order": int, "audience": str, "topics": str,
        "meta": str, "body": str, "text_hash": str,
    }, pk="id", not_null={"version_id", "lang", "path", "kind", "slug", "body"},
        foreign_keys=[("version_id", "content_versions", "id")], if_not_exists=True)
    db["content_items"].create_index(["version_id", "lang", "path"], unique=True, if_not_exists=True)
    db["content_items"].create_index(["version_id", "kind", "lang"], if_not_exists=True)
    db["content_items"].enable_fts(["title", "body"], create_triggers=True,
                                   tokenize="unicode61 remove_diacritics 2")


@migrations()
def add_synonyms_to_versions(db):
    """A version carries the chat's synonym list it was published with (synonyms.yaml's text);
    NULL for versions made before, which fall back to the file."""
    if "synonyms" not in db["content_versions"].columns_dict:
        db["content_versions"].add_column("synonyms", str)
