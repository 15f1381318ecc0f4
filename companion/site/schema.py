"""Site facts' values: one row per fact and language ('' for a value that is the same in both)."""
from sqlite_utils import Migrations

migrations = Migrations("site")


@migrations()
def create_site_fact_values(db):
    db["site_fact_values"].create({
        "name": str, "lang": str, "value": str, "updated_at": str, "updated_by": int,
    }, pk=("name", "lang"), not_null={"name", "lang", "value", "updated_at"}, if_not_exists=True)
