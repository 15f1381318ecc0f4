"""A consent record: creating one and reading it back with everything derived from its history.

The other jobs have their own modules: ``writes`` (one writer at a time, the revision check),
``entries`` (recording a topic for each person), ``outcomes`` (pausing, resuming, the final
outcome) and ``corrections`` (putting a final outcome right). Their functions can still be
reached here under their old names (``records.save_item`` …), for the code that used them so.
History rows are only ever inserted: a wrong final outcome is put right by a ``correction``
event (with a reason), never by an edit. Plain functions on a sqlite_utils Database; no Flask.
"""
from __future__ import annotations

import importlib
import secrets
from dataclasses import dataclass, field

from companion.audit import append_event
from companion.consent import rules
from companion.consent.checklist import Item, load_items
from companion.consent.writes import (RecordNotFound, StaleRevision, actor_of, fetch_rows,  # noqa: F401
                                      serialised_write, utc_now)

OUTCOME_KINDS = ("outcome", "correction")

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
    actor, email = actor_of(user)
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


def get_record(db, record_id: str) -> Record | None:
    rows = fetch_rows(db.conn.execute("SELECT * FROM consent_records WHERE id = ?", (record_id,)))
    if not rows:
        return None
    row = rows[0]
    roles = tuple(r["role"] for r in fetch_rows(db.conn.execute(
        "SELECT role FROM consent_participants WHERE record_id = ? AND required = 1 ORDER BY id", (record_id,))))
    events = fetch_rows(db.conn.execute("SELECT * FROM consent_record_events WHERE record_id = ? ORDER BY id",
                                   (record_id,)))
    item_events = fetch_rows(db.conn.execute("SELECT * FROM consent_item_events WHERE record_id = ? ORDER BY id",
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
    rows = fetch_rows(cur)
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


# moved to their own modules; still importable from here under the old names
_MOVED = {"save_item": "entries", "pause": "outcomes", "resume": "outcomes", "record_outcome": "outcomes",
          "parse_signed_date": "outcomes", "record_correction": "corrections"}


def __getattr__(name):
    if name in _MOVED:
        return getattr(importlib.import_module(f"companion.consent.{_MOVED[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
