"""Unanswered questions for the staff inbox, with personal details stripped before storing.

Stored: the scrubbed question, its language, why it is here (`not_found` or `not_helpful`),
the entry that was shown (for `not_helpful`), the top candidates with scores, and the day.
Never stored: IP address, session id, the time of day, or anything else about the visitor.

Staff mark questions handled (``mark_handled``: added as a phrasing, new entry, dismissed; the day
only, in ``chat_inbox_handled``); handled questions leave the inbox and ``purge_handled`` deletes
them once they were handled more than the retention period ago.
"""
import json
import re
from datetime import date, timedelta

from .language import STOPWORDS

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_URL = re.compile(r"\b(?:https?://|www\.)\S+", re.I)
_PHONE = re.compile(r"(?<!\w)(?:\+|00)?\d[\d\s\-().]{6,}\d(?!\w)")
_MONTHS = (r"jan(?:uari|uary)?|feb(?:ruari|ruary)?|maart|march|mar|apr(?:il)?|mei|may|jun[ie]?|juni|jul[iy]?|"
           r"aug(?:ustus|ust)?|sep(?:tember|t)?|okt(?:ober)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?")
_DATE = re.compile(
    rf"\b\d{{1,4}}[-/.]\d{{1,2}}[-/.]\d{{1,4}}\b"
    rf"|\b\d{{1,2}}(?:st|nd|rd|th|e|ste|de)?\s+(?:{_MONTHS})\b\.?(?:\s+\d{{2,4}})?"
    rf"|\b(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{2,4}})?\b",
    re.I)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
_NAME_CUE = re.compile(
    r"\b((?:my|mijn|our|onze|ons)\s+(?:son|daughter|child|kid|boy|girl|baby|zoon|zoontje|dochter|dochtertje|kind|kindje|"
    r"meisje|jongen|husband|wife|man|vrouw)(?:\s+(?:heet|is called|named|called|genaamd))?"
    r"|named|called|heet|heten|genaamd|naam is|name is|ik ben|i am|im|this is|dit is"
    r"|dr|dokter|doctor|nurse|zuster|mevrouw|meneer|mr|mrs|ms|juf|meester)\.?"
    r"\s+([A-Za-zÀ-ÿ'-]+)",
    re.I)
_WORD = re.compile(r"[A-Za-zÀ-ÿ][\w'-]*")
MAX_STORED = 500


def scrub(text: str, known_words: set[str] = frozenset()) -> str:
    """The question without e-mail addresses, links, phone numbers, dates, numbers and names.

    A name is a word right after "my son", "heet", "my name is" and the like that is not a known
    word, or a capitalised word inside a sentence that is not a known word."""
    text = " ".join(str(text).split())[:MAX_STORED]
    text = _EMAIL.sub("[e-mail]", text)
    text = _URL.sub("[link]", text)
    text = _DATE.sub("[date]", text)
    text = _PHONE.sub("[phone]", text)
    text = _NUMBER.sub("[number]", text)
    known = {w.lower() for w in known_words} | STOPWORDS["nl"] | STOPWORDS["en"]

    def cue(match):
        word = match.group(2)
        return match.group(0) if word.lower() in known else f"{match.group(1)} [name]"

    text = _NAME_CUE.sub(cue, text)
    words = []
    sentence_start = True
    for token in re.split(r"(\s+)", text):
        word = _WORD.match(token)
        if word and not sentence_start and token[:1].isupper() and word.group(0).lower() not in known:
            token = "[name]" + token[word.end():]
        if token.strip():
            sentence_start = token.rstrip()[-1:] in ".?!"
        words.append(token)
    return "".join(words)


def record(db, *, lang: str, kind: str, question: str, candidates: list, entry: str | None = None,
           known_words: set[str] = frozenset(), today: date | None = None) -> None:
    """Store one question for the staff inbox (call inside the request's transaction or alone)."""
    cleaned = scrub(question, known_words)
    if not cleaned.strip():
        return
    db.execute(
        "INSERT INTO chat_inbox (asked_on, lang, kind, question, entry, candidates) VALUES (?, ?, ?, ?, ?, ?)",
        [(today or date.today()).isoformat(), lang, kind, cleaned, entry,
         json.dumps([{"slug": c.slug, "score": round(c.score, 3)} for c in candidates[:3]])])


HANDLED_AS = ("phrasing", "new_entry", "dismissed")


def questions(db) -> list[dict]:
    """Every stored question that staff have not handled yet, newest first, for the staff inbox."""
    rows = db.execute(
        "SELECT id, question, lang, kind, entry, candidates, asked_on FROM chat_inbox"
        " WHERE id NOT IN (SELECT question_id FROM chat_inbox_handled) ORDER BY id DESC").fetchall()
    return [{"id": r[0], "question": r[1], "lang": r[2], "kind": r[3], "entry": r[4], "candidates": json.loads(r[5]),
             "asked_at": r[6]} for r in rows]


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
