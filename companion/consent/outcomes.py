"""A conversation's course: pausing and resuming sittings, and recording how it ended.

Signed on paper (with the paper's date), declined, postponed, or the child refused. A final
outcome closes the record; putting it right is ``corrections``' job.
"""
from __future__ import annotations

import datetime as _dt

from companion.audit import append_event
from companion.consent import rules
from companion.consent.records import get_record
from companion.consent.writes import (RecordNotFound, actor_of, claim_open_record, parse_revision, serialised_write,
                                      utc_now)


def _record_event(db, record_id: str, *, revision, kind: str, user: dict | None, audit_kind: str,
                  allowed_phases: set[str], refuse_code: str, outcome: str | None = None,
                  signed_date: str | None = None, check=None) -> int:
    revision = parse_revision(revision)
    actor, email = actor_of(user)
    now = utc_now()
    with serialised_write(db):
        state, new_revision = claim_open_record(db, record_id, revision)
        if state["phase"] not in allowed_phases:
            raise rules.RuleError(refuse_code)
        if check is not None:
            check()
        sitting = state["sitting"] + (1 if kind == "resumed" else 0)
        db.conn.execute(
            "INSERT INTO consent_record_events (record_id, kind, sitting, outcome, signed_date, revision, at, actor,"
            " actor_email) VALUES (?,?,?,?,?,?,?,?,?)",
            (record_id, kind, sitting, outcome, signed_date, new_revision, now, actor, email),
        )
        details = {"revision": new_revision, "sitting": sitting}
        if outcome:
            details["outcome"] = outcome
        if signed_date:
            details["signed_date"] = signed_date
        append_event(db, kind=audit_kind, actor=actor, subject=f"consent:{record_id}", details=details)
    return new_revision


def pause(db, record_id: str, *, revision, user: dict | None) -> int:
    return _record_event(db, record_id, revision=revision, kind="paused", user=user,
                         audit_kind="consent.sitting_paused", allowed_phases={"open"}, refuse_code="not_open")


def resume(db, record_id: str, *, revision, user: dict | None) -> int:
    return _record_event(db, record_id, revision=revision, kind="resumed", user=user,
                         audit_kind="consent.sitting_resumed", allowed_phases={"paused", "postponed"},
                         refuse_code="not_paused")


def parse_signed_date(value: str | None, created_at: str, today: _dt.date | None = None) -> str:
    """The paper form's date: ISO, not in the future, not before the record began."""
    try:
        day = _dt.date.fromisoformat((value or "").strip())
    except ValueError:
        raise rules.RuleError("date_invalid") from None
    today = today or _dt.datetime.now(_dt.timezone.utc).date()
    if day > today:
        raise rules.RuleError("date_future")
    if day < _dt.date.fromisoformat(created_at[:10]):
        raise rules.RuleError("date_before_record")
    return day.isoformat()


def record_outcome(db, record_id: str, *, revision, outcome: str, signed_date: str | None,
                   user: dict | None) -> int:
    """Signed on paper (with its date), declined, postponed, or the child refused."""
    record = get_record(db, record_id)
    if record is None:
        raise RecordNotFound(record_id)
    if outcome not in rules.OUTCOMES:
        raise rules.RuleError("outcome_unknown")
    date = parse_signed_date(signed_date, record.created_at) if outcome == "signed_paper" else None

    def check_ready():
        # Inside the write lock: readiness from the history as it is now.
        fresh = get_record(db, record_id)
        if outcome == "signed_paper" and not fresh.ready:
            raise rules.RuleError("not_ready")

    return _record_event(db, record_id, revision=revision, kind="outcome", user=user,
                         audit_kind="consent.outcome_recorded", allowed_phases={"open", "paused", "postponed"},
                         refuse_code="record_closed", outcome=outcome, signed_date=date, check=check_ready)
