"""The anonymous screening log (migration set "prescreen").

One row per completed clinician pre-screen: the day, the mode, the outcome and
the ids of the failed and unknown criteria. Never an age, a date of birth, a
value or anything else that could identify a child.
"""
from sqlite_utils import Migrations

migrations = Migrations("prescreen")


@migrations()
def create_prescreen_log(db):
    db.execute(
        """
        CREATE TABLE IF NOT EXISTS prescreen_log (
            id INTEGER PRIMARY KEY,
            day TEXT NOT NULL CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
            mode TEXT NOT NULL CHECK (mode IN ('family', 'clinician')),
            outcome TEXT NOT NULL CHECK (outcome IN ('likely_eligible', 'not_eligible', 'needs_review')),
            failed TEXT NOT NULL DEFAULT '[]',
            unknown TEXT NOT NULL DEFAULT '[]'
        )
        """
    )
    db.execute("CREATE INDEX IF NOT EXISTS prescreen_log_day ON prescreen_log(day)")
