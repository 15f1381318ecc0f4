"""Reading the audit trail for the admin page and the CSV export (plain functions)."""

from __future__ import annotations

import csv
import datetime as _dt
import io
import json
import re
from dataclasses import dataclass, field

from companion.i18n import N_

PAGE_SIZE = 100
CSV_COLUMNS = ["id", "created_at", "kind", "actor", "actor_email", "subject", "details", "prev_hash", "hash"]
_KIND_RE = re.compile(r"^[a-z0-9_.]{1,80}$")


@dataclass
class Filters:
    actor: int | None = None
    kind: str | None = None
    subject: str | None = None
    date_from: _dt.date | None = None
    date_to: _dt.date | None = None
    page: int = 1
    errors: dict = field(default_factory=dict)

    def query_args(self) -> dict:
        out = {}
        if self.actor is not None:
            out["actor"] = str(self.actor)
        if self.kind:
            out["kind"] = self.kind
        if self.subject:
            out["subject"] = self.subject
        if self.date_from:
            out["from"] = self.date_from.isoformat()
        if self.date_to:
            out["to"] = self.date_to.isoformat()
        return out


def parse_filters(args) -> Filters:
    """From a query string (a dict-like); a bad value is dropped with a message (English msgid)."""
    f = Filters()
    actor = (args.get("actor") or "").strip()
    if actor:
        if actor.isdigit() and len(actor) < 10:
            f.actor = int(actor)
        else:
            f.errors["actor"] = N_("Choose a person from the list.")
    kind = (args.get("kind") or "").strip()
    if kind:
        if _KIND_RE.match(kind):
            f.kind = kind
        else:
            f.errors["kind"] = N_("Choose a type from the list.")
    subject = (args.get("subject") or "").strip()
    if subject:
        if len(subject) <= 100:
            f.subject = subject
        else:
            f.errors["subject"] = N_("Enter at most 100 characters, for example consent:12.")
    for key, attr in (("from", "date_from"), ("to", "date_to")):
        value = (args.get(key) or "").strip()
        if value:
            try:
                setattr(f, attr, _dt.date.fromisoformat(value))
            except ValueError:
                f.errors[key] = N_("Enter a date like 2026-05-04.")
    if f.date_from and f.date_to and f.date_from > f.date_to:
        f.errors["to"] = N_("The end date must be on or after the start date.")
        f.date_to = None
    page = (args.get("page") or "1").strip()
    f.page = int(page) if page.isdigit() and 0 < int(page) < 1_000_000 else 1
    return f


def _where(f: Filters) -> tuple[str, list]:
    clauses, params = [], []
    if f.actor is not None:
        clauses.append("e.actor = ?")
        params.append(f.actor)
    if f.kind:
        clauses.append("e.kind = ?")
        params.append(f.kind)
    if f.subject:
        clauses.append("e.subject = ?")
        params.append(f.subject)
    if f.date_from:
        clauses.append("e.created_at >= ?")
        params.append(f.date_from.isoformat())
    if f.date_to:
        clauses.append("e.created_at < ?")
        params.append((f.date_to + _dt.timedelta(days=1)).isoformat())
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


_SELECT = (
    "SELECT e.id, e.created_at, e.kind, e.actor, u.email AS actor_email, e.subject, e.details,"
    " e.prev_hash, e.hash FROM audit_events e LEFT JOIN users u ON u.id = e.actor"
)


def count_events(db, f: Filters) -> int:
    where, params = _where(f)
    return next(db.query(f"SELECT count(*) AS n FROM audit_events e{where}", params))["n"]


def find_events(db, f: Filters, *, limit: int | None = PAGE_SIZE) -> list[dict]:
    """Newest first; ``limit=None`` for every matching event."""
    where, params = _where(f)
    sql = f"{_SELECT}{where} ORDER BY e.id DESC"
    if limit is not None:
        sql += " LIMIT ? OFFSET ?"
        params = [*params, limit, (f.page - 1) * limit]
    rows = []
    for row in db.query(sql, params):
        try:
            row["details_obj"] = json.loads(row["details"])
        except (TypeError, ValueError):
            row["details_obj"] = row["details"]
        rows.append(row)
    return rows


def kinds(db) -> list[str]:
    return [r["kind"] for r in db.query("SELECT DISTINCT kind FROM audit_events ORDER BY kind")]


def people(db) -> list[dict]:
    return list(db.query("SELECT id, email FROM users ORDER BY email"))


def _cell(value) -> str:
    """Text for a spreadsheet cell; neutralises formulas (CSV injection)."""
    text = "" if value is None else str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


def to_csv(rows) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        writer.writerow([_cell(row[c]) for c in CSV_COLUMNS])
    return out.getvalue()
