"""Recording one topic of the checklist: each person's status and questions, as new rows.

A save names the revision its form was based on (``writes.bump`` refuses a stale one) and
writes one ``consent.item_recorded`` audit event that holds only a hash of the questions.
"""
from __future__ import annotations

from companion.audit import append_event
from companion.consent import rules
from companion.consent.records import get_header
from companion.consent.writes import (RecordNotFound, actor_of, claim_open_record, parse_revision, serialised_write,
                                      sha256, utc_now)
from companion.privacy import deidentify


def save_item(db, record_id: str, *, revision, item_slug: str, entries: dict, user: dict | None,
              header: dict | None = None, replaced: list | None = None) -> int:
    """Record one checklist item for the participants in ``entries``.

    ``entries`` maps role -> {"status": ..., "questions": ...}; a role with neither is
    left out. The questions are stored de-identified (companion.privacy: a name, BSN, phone
    number, e-mail address, address or date typed there is replaced by a placeholder); the
    kinds replaced are added to ``replaced`` when given, so the clinician can be told.
    Returns the new revision. Raises RuleError, StaleRevision or RecordNotFound.
    """
    revision = parse_revision(revision)
    header = header or get_header(db, record_id)
    if header is None:
        raise RecordNotFound(record_id)
    if item_slug not in header["slugs"]:
        raise rules.RuleError("item_unknown")
    rows = []
    for role, entry in entries.items():
        if role not in header["roles"]:
            raise rules.RuleError("role_unknown")
        status = (entry.get("status") or "").strip()
        questions = rules.clean_questions(entry.get("questions"))
        if questions:
            questions, kinds = _deidentified(questions, header.get("lang", "nl"))
            if replaced is not None:
                replaced.extend(kinds)
        if not status and not questions:
            continue
        if status not in rules.STATUSES:
            raise rules.RuleError("status_missing", role=role)
        rows.append((role, status, questions))
    if not rows:
        raise rules.RuleError("nothing_to_save")
    actor, email = actor_of(user)
    now = utc_now()
    with serialised_write(db):
        state, new_revision = claim_open_record(db, record_id, revision)
        if state["phase"] != "open":
            raise rules.RuleError("record_paused")
        ids = []
        for role, status, questions in rows:
            cur = db.conn.execute(
                "INSERT INTO consent_item_events (record_id, sitting, item_slug, role, status, questions, revision,"
                " at, actor, actor_email) VALUES (?,?,?,?,?,?,?,?,?,?)",
                (record_id, state["sitting"], item_slug, role, status, questions, new_revision, now, actor, email),
            )
            ids.append(cur.lastrowid)
        append_event(db, kind="consent.item_recorded", actor=actor, subject=f"consent:{record_id}", details={
            "item": item_slug, "revision": new_revision, "sitting": state["sitting"],
            "entries": [{"event_id": i, "role": role, "status": status, "questions_sha256": sha256(q)}
                        for i, (role, status, q) in zip(ids, rows)],
        })
    return new_revision


def _deidentified(text: str, lang: str) -> tuple[str, list[str]]:
    """The questions with identifiers replaced, line by line (the clinician's line breaks stay)."""
    kinds, lines = [], []
    for line in text.split("\n"):
        result = deidentify(line, lang)
        kinds += result.replaced
        lines.append(result.text if result.changed else line)
    return "\n".join(lines), kinds
