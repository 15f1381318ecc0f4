"""Storing consent records: creation, item recording, sittings, outcomes, corrections, reading back.

Every change runs in one ``write_transaction`` (BEGIN IMMEDIATE) together with its
audit event, and moves the record's ``revision`` up by one. A save carries the
revision its form was based on; when another save came first, it is refused with
``StaleRevision`` and nothing is written. History rows are only ever inserted: a wrong
final outcome is put right by a ``correction`` event (with a reason), never by an edit.
Plain functions on a sqlite_utils Database; no Flask.
"""
from __future__ import annotations

import datetime as _dt
import fcntl
import hashlib
import os
import secrets
from contextlib import contextmanager
from dataclasses import dataclass, field

from companion.audit import append_event, write_transaction
from companion.consent import rules
from companion.consent.checklist import Item, load_items


OUTCOME_KINDS = ("outcome", "correction")


class StaleRevision(Exception):
    """Someone else saved this record since the form was opened."""


class RecordNotFound(Exception):
    pass


def utc_now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _actor(user: dict | None) -> tuple[int | None, str | None]:
    if not user:
        return None, None
    return user.get("id"), user.get("email")


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@contextmanager
def serialised_write(db):
    """One consent write at a time across all workers, then BEGIN IMMEDIATE.

    SQLite's busy handler waits for a held write lock by sleeping in growing steps (up to
    100 ms), so under a burst of saves most of the time goes to sleeping. An exclusive
    flock on a file next to the database queues the writers instead and wakes the next
    one as soon as the lock is free. The SQLite lock stays the real guard."""
    if db.conn.in_transaction:  # inside a caller's transaction: it holds the write lock already
        with write_transaction(db):
            yield db
        return
    row = db.conn.execute("PRAGMA database_list").fetchone()
    path = row[2] if row else ""
    if not path:
        with write_transaction(db):
            yield db
        return
    fd = os.open(path + "-consent.lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        with write_transaction(db):
            yield db
    finally:
        os.close(fd)


def _bump(db, record_id: str, revision: int) -> int:
    """Move the revision on, or refuse when the form was based on an older one."""
    cur = db.conn.execute(
        "UPDATE consent_records SET revision = revision + 1 WHERE id = ? AND revision = ?",
        (record_id, revision),
    )
    if cur.rowcount != 1:
        if db.conn.execute("SELECT 1 FROM consent_records WHERE id = ?", (record_id,)).fetchone() is None:
            raise RecordNotFound(record_id)
        raise StaleRevision(record_id)
    return revision + 1


def _revision(value) -> int:
    try:
        revision = int(value)
    except (TypeError, ValueError):
        raise rules.RuleError("revision") from None
    if not 1 <= revision < 2**62:  # beyond SQLite's integers it could never match: a bad form
        raise rules.RuleError("revision")
    return revision


# creating ----------------------------------------------------------------------

def create_record(db, *, screening_number: str, lang: str, age_group: str, authority: str,
                  content_version: dict, user: dict | None) -> str:
    """A new record with its required participants; the content version is pinned."""
    screening = rules.clean_screening_number(screening_number)
    if lang not in rules.LANGS:
        raise rules.RuleError("lang")
    if age_group == "16-17":
        authority = "none"
    roles = rules.required_roles(age_group, authority)
    if not content_version:
        raise rules.RuleError("no_content")
    actor, email = _actor(user)
    # 128 random bits in hex: unguessable, and never starting with "-", which a CSV export
    # would have to guard against spreadsheet formulas (and so change the id)
    record_id = secrets.token_hex(16)
    now = utc_now()
    with serialised_write(db):
        db.conn.execute(
            "INSERT INTO consent_records (id, screening_number, lang, age_group, authority, content_version_id,"
            " content_hash, revision, created_at, created_by, created_by_email) VALUES (?,?,?,?,?,?,?,1,?,?,?)",
            (record_id, screening, lang, age_group, authority, content_version["id"], content_version["hash"],
             now, actor, email),
        )
        db.conn.executemany(
            "INSERT INTO consent_participants (record_id, role, required, added_at, added_by) VALUES (?,?,1,?,?)",
            [(record_id, role, now, actor) for role in roles],
        )
        db.conn.execute(
            "INSERT INTO consent_record_events (record_id, kind, sitting, revision, at, actor, actor_email)"
            " VALUES (?, 'created', 1, 1, ?, ?, ?)",
            (record_id, now, actor, email),
        )
        append_event(db, kind="consent.record_created", actor=actor, subject=f"consent:{record_id}", details={
            "screening_number": screening, "lang": lang, "age_group": age_group, "authority": authority,
            "participants": list(roles), "content_version_id": content_version["id"],
            "content_hash": content_version["hash"],
        })
    return record_id


# reading -----------------------------------------------------------------------

@dataclass
class Record:
    """A record with everything derived from its history."""

    id: str
    screening_number: str
    lang: str
    age_group: str
    authority: str
    content_version_id: int
    content_hash: str
    revision: int
    created_at: str
    created_by_email: str | None
    roles: tuple[str, ...]
    items: tuple[Item, ...]
    events: list[dict]
    item_events: list[dict]
    phase: str = "open"
    sitting: int = 1
    current: dict = field(default_factory=dict)  # (slug, role) -> latest item event

    @property
    def statuses(self) -> dict:
        return {key: row["status"] for key, row in self.current.items()}

    @property
    def ready(self) -> bool:
        return rules.is_ready([i.slug for i in self.items], self.roles, self.statuses)

    @property
    def missing(self) -> list[tuple[str, str]]:
        return rules.missing_items([i.slug for i in self.items], self.roles, self.statuses)

    @property
    def closed(self) -> bool:
        return self.phase in rules.FINAL_OUTCOMES

    @property
    def outcome_event(self) -> dict | None:
        """The outcome now in force: the latest outcome or correction event."""
        outcomes = [e for e in self.events if e["kind"] in OUTCOME_KINDS]
        return outcomes[-1] if outcomes else None

    def outcome_history(self) -> list[dict]:
        """Every outcome and correction, oldest first, with who, when and (for a correction)
        the reason and what it replaced. ``corrected``: a later correction replaced it;
        ``current``: it is the latest and the record's phase is still that outcome."""
        out: list[dict] = []
        for e in self.events:
            if e["kind"] not in OUTCOME_KINDS:
                continue
            previous = out[-1] if out else None
            correction = e["kind"] == "correction"
            if correction and previous:
                previous["corrected"] = True
            out.append({
                "id": e["id"], "kind": e["kind"], "outcome": e["outcome"], "signed_date": e["signed_date"],
                "sitting": e["sitting"], "at": e["at"], "by": e["actor_email"],
                "reason": (e.get("note") or "") if correction else "",
                "previous_outcome": previous["outcome"] if correction and previous else None,
                "previous_signed_date": previous["signed_date"] if correction and previous else None,
                "corrected": False, "current": False,
            })
        if out and out[-1]["outcome"] == self.phase:
            out[-1]["current"] = True
        return out

    @property
    def corrections(self) -> list[dict]:
        return [h for h in self.outcome_history() if h["kind"] == "correction"]

    def history(self, slug: str, role: str) -> list[dict]:
        return [e for e in self.item_events if e["item_slug"] == slug and e["role"] == role]

    def sittings(self) -> list[dict]:
        """Each sitting with its start, end and how many item entries it holds.
        ``corrected``: the outcome that ended it was corrected later."""
        out: list[dict] = []
        ended_by_event: dict[int, dict] = {}
        for e in self.events:
            if e["kind"] in ("created", "resumed"):
                out.append({"number": e["sitting"], "started_at": e["at"], "started_by": e["actor_email"],
                            "ended_at": None, "ended_by": None, "end_kind": None, "entries": 0,
                            "corrected": False})
            elif out and out[-1]["ended_at"] is None and (e["kind"] == "paused" or e["kind"] == "outcome"):
                out[-1].update(ended_at=e["at"], ended_by=e["actor_email"],
                               end_kind=e["outcome"] if e["kind"] == "outcome" else "paused")
                ended_by_event[e["id"]] = out[-1]
        for h in self.outcome_history():
            if h["corrected"] and h["id"] in ended_by_event:
                ended_by_event[h["id"]]["corrected"] = True
        counts: dict[int, int] = {}
        for e in self.item_events:
            counts[e["sitting"]] = counts.get(e["sitting"], 0) + 1
        for s in out:
            s["entries"] = counts.get(s["number"], 0)
        return out


def _rows(cursor) -> list[dict]:
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, values)) for values in cursor.fetchall()]


def get_record(db, record_id: str) -> Record | None:
    rows = _rows(db.conn.execute("SELECT * FROM consent_records WHERE id = ?", (record_id,)))
    if not rows:
        return None
    row = rows[0]
    roles = tuple(r["role"] for r in _rows(db.conn.execute(
        "SELECT role FROM consent_participants WHERE record_id = ? AND required = 1 ORDER BY id", (record_id,))))
    events = _rows(db.conn.execute("SELECT * FROM consent_record_events WHERE record_id = ? ORDER BY id",
                                   (record_id,)))
    item_events = _rows(db.conn.execute("SELECT * FROM consent_item_events WHERE record_id = ? ORDER BY id",
                                        (record_id,)))
    record = Record(
        id=row["id"], screening_number=row["screening_number"], lang=row["lang"], age_group=row["age_group"],
        authority=row["authority"], content_version_id=row["content_version_id"], content_hash=row["content_hash"],
        revision=row["revision"], created_at=row["created_at"], created_by_email=row["created_by_email"],
        roles=roles, items=load_items(db, row["content_version_id"], row["lang"]), events=events,
        item_events=item_events,
    )
    state = rules.phase(events)
    record.phase, record.sitting = state["phase"], state["sitting"]
    record.current = {(e["item_slug"], e["role"]): e for e in item_events}
    return record


def get_header(db, record_id: str) -> dict | None:
    """The record's own row, its required roles and its checklist slugs: what a save needs,
    without reading the record's history."""
    cur = db.conn.execute("SELECT * FROM consent_records WHERE id = ?", (record_id,))
    rows = _rows(cur)
    if not rows:
        return None
    header = rows[0]
    header["roles"] = tuple(r[0] for r in db.conn.execute(
        "SELECT role FROM consent_participants WHERE record_id = ? AND required = 1 ORDER BY id", (record_id,)))
    header["slugs"] = tuple(i.slug for i in load_items(db, header["content_version_id"], header["lang"]))
    return header


def list_records(db, limit: int = 200) -> list[dict]:
    """The newest records for the clinician's list: id, screening number, phase, progress."""
    out = []
    ids = [r[0] for r in db.conn.execute(
        "SELECT id FROM consent_records ORDER BY created_at DESC LIMIT ?", (limit,)).fetchall()]
    for record_id in ids:
        record = get_record(db, record_id)
        total = len(record.items) * len(record.roles)
        out.append({"id": record.id, "screening_number": record.screening_number, "lang": record.lang,
                    "created_at": record.created_at, "phase": record.phase, "ready": record.ready,
                    "done": total - len(record.missing), "total": total})
    return out


# changing ----------------------------------------------------------------------

def save_item(db, record_id: str, *, revision, item_slug: str, entries: dict, user: dict | None,
              header: dict | None = None) -> int:
    """Record one checklist item for the participants in ``entries``.

    ``entries`` maps role -> {"status": ..., "questions": ...}; a role with neither is
    left out. Returns the new revision. Raises RuleError, StaleRevision or RecordNotFound.
    """
    revision = _revision(revision)
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
        if not status and not questions:
            continue
        if status not in rules.STATUSES:
            raise rules.RuleError("status_missing", role=role)
        rows.append((role, status, questions))
    if not rows:
        raise rules.RuleError("nothing_to_save")
    actor, email = _actor(user)
    now = utc_now()
    with serialised_write(db):
        # Re-read the phase inside the lock: a pause or an outcome may just have landed.
        state = rules.phase(_rows(db.conn.execute(
            "SELECT kind, outcome FROM consent_record_events WHERE record_id = ? ORDER BY id", (record_id,))))
        new_revision = _bump(db, record_id, revision)
        if state["phase"] in rules.FINAL_OUTCOMES:
            raise rules.RuleError("record_closed")
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
            "entries": [{"event_id": i, "role": role, "status": status, "questions_sha256": _sha256(q)}
                        for i, (role, status, q) in zip(ids, rows)],
        })
    return new_revision


def _record_event(db, record_id: str, *, revision, kind: str, user: dict | None, audit_kind: str,
                  allowed_phases: set[str], refuse_code: str, outcome: str | None = None,
                  signed_date: str | None = None, check=None) -> int:
    revision = _revision(revision)
    actor, email = _actor(user)
    now = utc_now()
    with serialised_write(db):
        state = rules.phase(_rows(db.conn.execute(
            "SELECT kind, outcome FROM consent_record_events WHERE record_id = ? ORDER BY id", (record_id,))))
        new_revision = _bump(db, record_id, revision)
        if state["phase"] in rules.FINAL_OUTCOMES:
            raise rules.RuleError("record_closed")
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


def record_correction(db, record_id: str, *, revision, outcome: str, signed_date: str | None, reason: str | None,
                      user: dict | None) -> int:
    """Correct the final outcome of a closed record: a new ``correction`` event, never an edit.

    ``outcome`` is the corrected outcome; ``postponed`` reopens the record (resume it to go
    on). Signed on paper needs its date (checked like any signing date) and the record to be
    ready. ``reason`` is required; it is stored with the event, and only its SHA-256 goes into
    the audit trail. Raises RuleError, StaleRevision or RecordNotFound."""
    revision = _revision(revision)
    header = get_header(db, record_id)
    if header is None:
        raise RecordNotFound(record_id)
    if outcome not in rules.OUTCOMES:
        raise rules.RuleError("outcome_unknown")
    note = rules.clean_reason(reason)
    date = parse_signed_date(signed_date, header["created_at"]) if outcome == "signed_paper" else None
    actor, email = _actor(user)
    now = utc_now()
    with serialised_write(db):
        # Inside the lock: the outcome in force and the readiness as they are now.
        events = _rows(db.conn.execute(
            "SELECT id, kind, outcome, signed_date FROM consent_record_events WHERE record_id = ? ORDER BY id",
            (record_id,)))
        state = rules.phase(events)
        new_revision = _bump(db, record_id, revision)
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
            "reason_sha256": _sha256(note),
        })
    return new_revision
