"""The anonymous screening log: write one row per completed clinician pre-screen; count them.

Plain functions on a sqlite-utils Database; no Flask.
"""
from __future__ import annotations

import csv
import io
import json
from collections import Counter
from datetime import date

from companion.db import write_transaction

from . import rules

OUTCOMES = (rules.LIKELY_ELIGIBLE, rules.NEEDS_REVIEW, rules.NOT_ELIGIBLE)


def row_for(screening: rules.Screening, day: date) -> dict:
    """What is kept: the day, mode, outcome and criterion ids. Nothing else."""
    return {
        "day": day.isoformat(),
        "mode": screening.mode,
        "outcome": screening.outcome,
        "failed": json.dumps(screening.ids(rules.FAILED)),
        "unknown": json.dumps(screening.ids(rules.UNKNOWN)),
    }


def record(db, screening: rules.Screening, day: date, log_id: int | None = None) -> int:
    """Insert a row, or update this session's own row when the screen is finished again."""
    row = row_for(screening, day)
    with write_transaction(db):
        if log_id is not None and db["prescreen_log"].count_where("id = ?", [log_id]):
            db.execute("UPDATE prescreen_log SET mode = ?, outcome = ?, failed = ?, unknown = ? WHERE id = ?",
                       [row["mode"], row["outcome"], row["failed"], row["unknown"], log_id])
            return log_id
        cursor = db.execute("INSERT INTO prescreen_log (day, mode, outcome, failed, unknown) VALUES (?, ?, ?, ?, ?)",
                            [row["day"], row["mode"], row["outcome"], row["failed"], row["unknown"]])
        return cursor.lastrowid


def monthly(db) -> list[dict]:
    """Counts per month (newest first): total, by outcome, failed and unknown by criterion."""
    months: dict[str, dict] = {}
    for row in db.query("SELECT day, outcome, failed, unknown FROM prescreen_log ORDER BY day"):
        month = row["day"][:7]
        m = months.setdefault(month, {"month": month, "total": 0, "outcomes": Counter(),
                                      "failed": Counter(), "unknown": Counter()})
        m["total"] += 1
        m["outcomes"][row["outcome"]] += 1
        m["failed"].update(json.loads(row["failed"]))
        m["unknown"].update(json.loads(row["unknown"]))
    return sorted(months.values(), key=lambda m: m["month"], reverse=True)


def csv_text(db) -> str:
    """One line per month: totals, outcomes, then failed_<criterion> and unknown_<criterion>."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    header = ["month", "screened", *OUTCOMES,
              *[f"failed_{c}" for c in rules.CRITERIA], *[f"unknown_{c}" for c in rules.CRITERIA]]
    writer.writerow(header)
    for m in sorted(monthly(db), key=lambda m: m["month"]):
        writer.writerow([m["month"], m["total"], *[m["outcomes"][o] for o in OUTCOMES],
                         *[m["failed"][c] for c in rules.CRITERIA],
                         *[m["unknown"][c] for c in rules.CRITERIA]])
    return out.getvalue()
