"""Drafts of content changes: a draft holds only the files it changes, as full text."""
from sqlite_utils import Migrations

migrations = Migrations("staff")


@migrations()
def create_draft_tables(db):
    db["staff_drafts"].create({
        "id": int, "base_version_id": int, "author_id": int, "status": str, "label": str,
        "source": str, "created_at": str, "updated_at": str,
        "approved_by": int, "approved_at": str, "approval_note": str,
        "published_version_id": int, "published_at": str,
    }, pk="id", not_null={"base_version_id", "author_id", "status", "created_at"},
        foreign_keys=[("base_version_id", "content_versions", "id")], if_not_exists=True)
    db["staff_draft_files"].create({
        "id": int, "draft_id": int, "lang": str, "path": str, "text": str, "updated_by": int, "updated_at": str,
    }, pk="id", not_null={"draft_id", "lang", "path", "text"},
        foreign_keys=[("draft_id", "staff_drafts", "id")], if_not_exists=True)
    db["staff_draft_files"].create_index(["draft_id", "lang", "path"], unique=True, if_not_exists=True)


@migrations()
def add_synonyms_to_drafts(db):
    """A draft may change the chat's synonym list: its full new text, or NULL for unchanged."""
    if "synonyms" not in db["staff_drafts"].columns_dict:
        db["staff_drafts"].add_column("synonyms", str)
