"""Unanswered questions for the staff inbox, with personal details stripped before storing.

Stored: the scrubbed question, its language, why it is here (`not_found` or `not_helpful`),
the entry that was shown (for `not_helpful`), the top candidates with scores, and the day.
Never stored: IP address, session id, the time of day, or anything else about the visitor.
"""
import json
import re
from datetime import date

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


def questions(db) -> list[dict]:
    """Every stored question, newest first, for the staff inbox."""
    rows = db.execute(
        "SELECT question, lang, kind, entry, candidates, asked_on FROM chat_inbox ORDER BY id DESC").fetchall()
    return [{"question": r[0], "lang": r[1], "kind": r[2], "entry": r[3], "candidates": json.loads(r[4]),
             "asked_at": r[5]} for r in rows]
