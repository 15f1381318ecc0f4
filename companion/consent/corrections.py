"""Putting a final outcome right: a new ``correction`` event with a reason, never an edit."""
from __future__ import annotations

from companion.audit import append_event
from companion.consent import rules
from companion.consent.records import OUTCOME_KINDS, get_header, get_record
from companion.consent.outcomes import parse_signed_date
from companion.consent.writes import (RecordNotFound, actor_of, bump, fetch_rows, parse_revision, serialised_write,
                                      sha256, utc_now)


def record_correction(db, record_id: str, *, revision, outcome: str, signed_date: str | None, reason: str | None,
                      user: dict | None) -> int:
    """Correct the final outcome of a closed record: a new ``correction`` event, never an edit.

    ``outcome`` is the corrected outcome; ``postponed`` reopens the record (resume it to go
    on). Signed on paper needs its date (checked like any signing date) and the record to be
    ready. ``reason`` is required; it is stored with the event, and only its SHA-256 goes into
    the audit trail. Raises RuleError, StaleRevision or RecordNotFound."""
    revision = parse_revision(revision)
    header = get_header(db, record_id)
    if header is None:
        raise RecordNotFound(record_id)
    if outcome not in rules.OUTCOMES:
        raise rules.RuleError("outcome_unknown")
    note = rules.clean_reason(reason)
    date = parse_signed_date(signed_date, header["created_at"]) if outcome == "signed_paper" else None
    actor, email = actor_of(user)
    now = utc_now()
    with serialised_write(db):
        # Inside the lock: the outcome in force and the readiness as they are now.
        events = fetch_rows(db.conn.execute(
            "SELECT id, kind, outcome, signed_date FROM consent_record_events WHERE record_id = ? ORDER BY id",
            (record_id,)))
        state = rules.phase(events)
        new_revision = bump(db, record_id, revision)
        current = next((e for e in reversed(events) if e["kind"] in OUTCOME_KINDS), None)
        ready = outcome == "signed_paper" and get_record(db, record_id).ready
        rules.check_correction(outcome, date, state["phase"], current, ready)
        cur = db.conn.execute(
            "INSERT INTO consent_record_events (record_id, kind, sitting, outcome, signed_date, revision, at, actor,"
            " actor_email, note) VALUES (?, 'correction', ?, ?, ?, ?, ?, ?, ?, ?)",
            (record_id, state["sitting"], outcome, date, new_revision, now, actor, email, note),
        )
        append_event(db, kind="consent.outcome_corrected", actor=actor, subject=f"consent:{record_id}", details={
            "revision": new_revision, "sitting": state["sitting"], "event_id": cur.lastrowid,
            "corrects_event_id": current["id"], "old_outcome": current["outcome"],
            "old_signed_date": current["signed_date"], "new_outcome": outcome, "new_signed_date": date,
            "reason_sha256": sha256(note),
        })
    return new_revision
