"""Unanswered questions for the staff inbox, with personal details taken out before storing.

Stored: the question after de-identification (companion.privacy: names, addresses, numbers,
dates, e-mail addresses replaced by placeholders), its language, why it is here (`not_found` or
`not_helpful`), the entry that was shown (for `not_helpful`), the top candidates with scores,
the day, and how often it was asked. Never stored: IP address, session id, the time of day, or
anything else about the visitor.

Bounded, so that nobody can fill the database: the same question asked again (from the page or
the API) raises ``times`` on its row; each client may add ``INBOX_WRITES_PER_CLIENT_HOUR`` per
hour and all together ``INBOX_WRITES_PER_HOUR``, counted in ``chat_inbox_quota`` by a keyed hash
of the client's address that changes every hour; and at ``INBOX_MAX_QUESTIONS`` open questions
the inbox is full. Past any limit the chat still answers; it only stores nothing.

Staff mark questions handled (``mark_handled``: added as a phrasing, new entry, dismissed; the day
only, in ``chat_inbox_handled``); handled questions leave the inbox and ``purge_handled`` deletes
them once they were handled more than the retention period ago.
"""
import json
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from companion.privacy import deidentify
from companion.privacy.keyed import keyed_hash

MAX_STORED = 500


@dataclass(frozen=True)
class Limits:
    per_client_hour: int = 20
    per_hour: int = 300
    max_open: int = 5000

    @classmethod
    def from_config(cls, config) -> "Limits":
        return cls(int(config.get("INBOX_WRITES_PER_CLIENT_HOUR", cls.per_client_hour)),
                   int(config.get("INBOX_WRITES_PER_HOUR", cls.per_hour)),
                   int(config.get("INBOX_MAX_QUESTIONS", cls.max_open)))


def scrub(text: str, lang: str = "nl", known_words=frozenset()) -> str:
    """The question as it may be stored: at most MAX_STORED characters, identifiers replaced."""
    return deidentify(" ".join(str(text).split())[:MAX_STORED], lang, known_words).text


def question_key(text: str) -> str:
    """What makes two stored questions "the same": lower case, words only."""
    return " ".join(re.findall(r"\[[^\]]+\]|\w+", text.casefold()))


def open_count(db) -> int:
    return db.execute("SELECT count(*) FROM chat_inbox WHERE id NOT IN"
                      " (SELECT question_id FROM chat_inbox_handled)").fetchone()[0]


def record(db, *, lang: str, kind: str, question: str, candidates: list, entry: str | None = None,
           known_words=frozenset(), today: date | None = None, client: str | None = None,
           secret: str = "", limits: Limits = Limits(), now: datetime | None = None) -> str:
    """Store one question for the staff inbox (call inside the caller's transaction).

    Returns what happened: ``stored`` (a new row), ``counted`` (asked before: ``times`` + 1),
    ``over_quota`` (this client or everyone wrote enough this hour), ``full`` (the inbox holds
    ``limits.max_open`` open questions) or ``empty`` (nothing left after de-identification)."""
    cleaned = scrub(question, lang, known_words)
    if not cleaned.strip():
        return "empty"
    now = now or datetime.now(timezone.utc)
    hour = now.strftime("%Y-%m-%dT%H")
    who = keyed_hash(secret, f"inbox-client:{hour}", client or "unknown")
    used = dict(db.execute("SELECT who, writes FROM chat_inbox_quota WHERE hour = ? AND who IN (?, '*')",
                           [hour, who]).fetchall())
    if used.get(who, 0) >= limits.per_client_hour or used.get("*", 0) >= limits.per_hour:
        return "over_quota"
    key = question_key(cleaned)
    day = (today or date.today()).isoformat()
    existing = db.execute(
        "SELECT id FROM chat_inbox WHERE lang = ? AND kind = ? AND question_key = ? AND coalesce(entry, '') = ?"
        " AND id NOT IN (SELECT question_id FROM chat_inbox_handled) LIMIT 1",
        [lang, kind, key, entry or ""]).fetchone()
    if existing:
        db.execute("UPDATE chat_inbox SET times = times + 1, asked_on = ?, question = ? WHERE id = ?",
                   [day, cleaned, existing[0]])  # the newest spelling, as staff saw it before rows were merged
        outcome = "counted"
    elif open_count(db) >= limits.max_open:
        return "full"
    else:
        db.execute(
            "INSERT INTO chat_inbox (asked_on, lang, kind, question, entry, candidates, times, question_key)"
            " VALUES (?, ?, ?, ?, ?, ?, 1, ?)",
            [day, lang, kind, cleaned, entry,
             json.dumps([{"slug": c.slug, "score": round(c.score, 3)} for c in candidates[:3]]), key])
        outcome = "stored"
    db.execute("DELETE FROM chat_inbox_quota WHERE hour < ?", [hour])
    for name in (who, "*"):
        db.execute("INSERT INTO chat_inbox_quota (hour, who, writes) VALUES (?, ?, 1)"
                   " ON CONFLICT(hour, who) DO UPDATE SET writes = writes + 1", [hour, name])
    return outcome


HANDLED_AS = ("phrasing", "new_entry", "dismissed")


def questions(db) -> list[dict]:
    """Every stored question that staff have not handled yet, newest first, for the staff inbox."""
    rows = db.execute(
        "SELECT id, question, lang, kind, entry, candidates, asked_on, times FROM chat_inbox"
        " WHERE id NOT IN (SELECT question_id FROM chat_inbox_handled) ORDER BY id DESC").fetchall()
    return [{"id": r[0], "question": r[1], "lang": r[2], "kind": r[3], "entry": r[4], "candidates": json.loads(r[5]),
             "asked_at": r[6], "count": r[7]} for r in rows]


def mark_handled(db, ids, how: str, today: date | None = None) -> int:
    """Mark the stored questions `ids` as handled (`how`: one of HANDLED_AS) on `today`; questions
    that are gone or already handled are left as they are. Returns how many were marked. Call inside
    the caller's transaction (it does not commit)."""
    if how not in HANDLED_AS:
        raise ValueError(f"how must be one of {HANDLED_AS}, got {how!r}")
    day = (today or date.today()).isoformat()
    marked = 0
    ids = sorted({int(i) for i in ids})
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        marks = ",".join("?" * len(chunk))
        marked += db.execute(
            f"INSERT OR IGNORE INTO chat_inbox_handled (question_id, handled_on, handled_as)"
            f" SELECT id, ?, ? FROM chat_inbox WHERE id IN ({marks})", [day, how, *chunk]).rowcount
    return marked


def purge_handled(db, days: int, today: date | None = None) -> int:
    """Delete the questions handled more than `days` days ago (retention); returns how many.
    Cheap when there is nothing to delete: no write then."""
    cutoff = ((today or date.today()) - timedelta(days=max(0, int(days)))).isoformat()
    if db.execute("SELECT 1 FROM chat_inbox_handled WHERE handled_on < ? LIMIT 1", [cutoff]).fetchone() is None:
        return 0
    old = "SELECT question_id FROM chat_inbox_handled WHERE handled_on < ?"
    deleted = db.execute(f"DELETE FROM chat_inbox WHERE id IN ({old})", [cutoff]).rowcount
    db.execute("DELETE FROM chat_inbox_handled WHERE handled_on < ?", [cutoff])
    return deleted
