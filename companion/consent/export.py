"""`flask --app app consent export --format json|csv`: every record with its checklist answers.

``outcome`` and ``signed_date`` are the outcome in force (after any correction); every outcome
and correction, with who, when and a correction's reason, is listed too: in JSON under
``outcomes``, in CSV as rows whose ``entry`` is ``outcome`` or ``correction`` (answers are
``answer`` rows).

Times are ISO 8601 in Amsterdam time with their offset (``2026-12-03T14:05:00+01:00``): one
reading, whatever the summer time was; the database itself keeps UTC."""
from __future__ import annotations

import csv
import io
import json

import click
from flask import current_app
from flask.cli import with_appcontext

from companion.consent.records import Record, get_record
from companion.timefmt import iso_local

CSV_COLUMNS = [
    "record_id", "screening_number", "lang", "age_group", "authority", "content_version_id", "content_hash",
    "created_at", "created_by", "phase", "ready", "outcome", "signed_date", "item", "role", "status",
    "questions", "sitting", "recorded_at", "recorded_by",
    # added with corrections: what kind of row this is, and an outcome or correction's own fields
    "entry", "entry_outcome", "entry_signed_date", "previous_outcome", "previous_signed_date", "reason",
]


def record_dict(record: Record) -> dict:
    outcome = record.outcome_event
    return {
        "id": record.id,
        "screening_number": record.screening_number,
        "lang": record.lang,
        "age_group": record.age_group,
        "authority": record.authority,
        "content_version_id": record.content_version_id,
        "content_hash": record.content_hash,
        "created_at": iso_local(record.created_at),
        "created_by": record.created_by_email,
        "revision": record.revision,
        "phase": record.phase,
        "ready_for_signature": record.ready,
        "outcome": outcome["outcome"] if outcome else None,
        "signed_date": outcome["signed_date"] if outcome else None,
        "participants": list(record.roles),
        "sittings": [{**s, "started_at": iso_local(s["started_at"]), "ended_at": iso_local(s["ended_at"])}
                     for s in record.sittings()],
        "events": [{"kind": e["kind"], "outcome": e["outcome"], "signed_date": e["signed_date"],
                    "sitting": e["sitting"], "at": iso_local(e["at"]), "by": e["actor_email"], "reason": e.get("note")}
                   for e in record.events],
        "outcomes": [{"kind": h["kind"], "outcome": h["outcome"], "signed_date": h["signed_date"],
                      "previous_outcome": h["previous_outcome"], "previous_signed_date": h["previous_signed_date"],
                      "reason": h["reason"] or None, "corrected_later": h["corrected"], "in_force": h["current"],
                      "sitting": h["sitting"], "at": iso_local(h["at"]), "by": h["by"]} for h in record.outcome_history()],
        "answers": [{"item": e["item_slug"], "role": e["role"], "status": e["status"], "questions": e["questions"],
                     "sitting": e["sitting"], "at": iso_local(e["at"]), "by": e["actor_email"]} for e in record.item_events],
    }


def all_records(db):
    ids = [r[0] for r in db.conn.execute("SELECT id FROM consent_records ORDER BY created_at, id").fetchall()]
    for record_id in ids:
        yield get_record(db, record_id)


def _cell(value) -> str:
    """A spreadsheet must not run a cell as a formula (CSV injection)."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def write_json(db, out) -> int:
    data = [record_dict(r) for r in all_records(db)]
    json.dump({"records": data}, out, ensure_ascii=False, indent=2)
    out.write("\n")
    return len(data)


def write_csv(db, out) -> int:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    count = 0
    for record in all_records(db):
        count += 1
        d = record_dict(record)
        base = [d["id"], d["screening_number"], d["lang"], d["age_group"], d["authority"], d["content_version_id"],
                d["content_hash"], d["created_at"], d["created_by"], d["phase"], d["ready_for_signature"],
                d["outcome"], d["signed_date"]]
        if not d["answers"] and not d["outcomes"]:
            writer.writerow([_cell(v) for v in base + [""] * 7 + ["record"] + [""] * 5])
        for a in d["answers"]:
            writer.writerow([_cell(v) for v in base + [a["item"], a["role"], a["status"], a["questions"],
                                                       a["sitting"], a["at"], a["by"], "answer"] + [""] * 5])
        for o in d["outcomes"]:
            writer.writerow([_cell(v) for v in base + ["", "", "", "", o["sitting"], o["at"], o["by"], o["kind"],
                                                       o["outcome"], o["signed_date"], o["previous_outcome"],
                                                       o["previous_signed_date"], o["reason"]]])
    return count


@click.group("consent")
def consent_cli():
    """Consent checklist records."""


@consent_cli.command("export")
@click.option("--format", "fmt", type=click.Choice(["json", "csv"]), default="json", show_default=True)
@with_appcontext
def export_command(fmt):
    """Every consent record with its checklist answers, to standard output."""
    from companion.db import connect

    db = connect(current_app.config["DATABASE"])
    try:
        out = io.StringIO()
        (write_json if fmt == "json" else write_csv)(db, out)
        click.echo(out.getvalue(), nl=False)
    finally:
        db.conn.close()
