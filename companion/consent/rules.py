"""Who must agree, and when a record is ready: the consent rules as plain functions.

From shared/domain/consent-nl.md (WMO; EU Regulation 536/2014 Art. 32):
under 12, both parents with parental authority or the guardian; 12 to 15, the child
and both parents or the guardian; 16 and 17, the young person alone. A child's
refusal ends it at any age.

A final outcome closes a record; a mistake in it is put right by a *correction*, a new
record event with a reason, never by changing what was recorded.
"""
from __future__ import annotations

import re
from typing import Iterable, Mapping

AGE_GROUPS = ("under-12", "12-15", "16-17")
# Who holds parental authority: two parents, or one person alone (a guardian, or a
# parent with sole authority). Irrelevant from 16.
AUTHORITIES = ("two_parents", "one_guardian")
ROLES = ("parent_1", "parent_2", "child")
STATUSES = ("understood", "explained_again", "not_yet")
OUTCOMES = ("signed_paper", "declined", "postponed", "child_refused")
FINAL_OUTCOMES = frozenset({"signed_paper", "declined", "child_refused"})
LANGS = ("nl", "en")

MAX_QUESTIONS_CHARS = 2000
MAX_REASON_CHARS = MAX_QUESTIONS_CHARS  # a correction's reason: free text like the questions
_SCREENING_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{1,29}$")
_DATE_LIKE = re.compile(r"(?<!\d)(\d{1,2}[-./]\d{1,2}[-./]\d{2,4}|\d{4}[-./]\d{1,2}[-./]\d{1,2})(?!\d)")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class RuleError(ValueError):
    """Input that breaks a consent rule; ``code`` names the message to show."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code = code
        self.params = params


def required_roles(age_group: str, authority: str = "two_parents") -> tuple[str, ...]:
    """The participants who must agree, in the order they are shown."""
    if age_group not in AGE_GROUPS:
        raise RuleError("age_group")
    if age_group == "16-17":
        return ("child",)
    if authority not in AUTHORITIES:
        raise RuleError("authority")
    parents = ("parent_1", "parent_2") if authority == "two_parents" else ("parent_1",)
    return parents + (("child",) if age_group == "12-15" else ())


def age_group_for_months(months: float | None) -> str | None:
    """The consent age group of a child this many months old (None when unknown or 18 and over)."""
    if months is None or months < 0:
        return None
    if months < 12 * 12:
        return "under-12"
    if months < 16 * 12:
        return "12-15"
    if months < 18 * 12:
        return "16-17"
    return None


def clean_screening_number(value: str | None) -> str:
    """A study screening number: letters, digits and hyphens, at least one digit.
    Refuses what looks like a name (no digit) or a date (of birth)."""
    value = (value or "").strip()
    if not value:
        raise RuleError("screening_missing")
    if _DATE_LIKE.search(value):
        raise RuleError("screening_date")
    if not _SCREENING_RE.match(value) or not any(c.isdigit() for c in value):
        raise RuleError("screening_format")
    return value.upper()


def clean_questions(value: str | None) -> str:
    """The family's questions as free text: trimmed, line ends normalised, bounded."""
    text = (value or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    text = _CONTROL.sub("", text)
    if len(text) > MAX_QUESTIONS_CHARS:
        raise RuleError("questions_long", max=MAX_QUESTIONS_CHARS)
    return text


def clean_reason(value: str | None) -> str:
    """Why an outcome is corrected: required, and bounded like the family's questions."""
    try:
        text = clean_questions(value)
    except RuleError:
        raise RuleError("reason_long", max=MAX_REASON_CHARS) from None
    if not text:
        raise RuleError("reason_missing")
    return text


def missing_items(
    item_slugs: Iterable[str], roles: Iterable[str], current: Mapping[tuple[str, str], str]
) -> list[tuple[str, str]]:
    """(item, role) pairs whose latest status is not 'understood', in checklist order."""
    roles = tuple(roles)
    return [(slug, role) for slug in item_slugs for role in roles if current.get((slug, role)) != "understood"]


def is_ready(item_slugs: Iterable[str], roles: Iterable[str], current: Mapping[tuple[str, str], str]) -> bool:
    """Ready for signature: every item understood by every required participant."""
    item_slugs = list(item_slugs)
    return bool(item_slugs) and not missing_items(item_slugs, roles, current)


def phase(events: Iterable[Mapping]) -> dict:
    """The record's phase from its record events (oldest first).

    Returns {"phase": "open" | "paused" | "postponed" | <final outcome>, "sitting": n}.
    A sitting begins at creation or resumption and ends at a pause, a postponement
    or a final outcome. A correction replaces the current outcome and starts no sitting:
    corrected to ``postponed``, the record can be resumed (a new sitting).
    """
    current, sitting = "open", 0
    for event in events:
        kind = event["kind"]
        if kind in ("created", "resumed"):
            current, sitting = "open", sitting + 1
        elif kind == "paused":
            current = "paused"
        elif kind in ("outcome", "correction"):
            current = event["outcome"]
    return {"phase": current, "sitting": sitting}


def check_outcome(outcome: str, current_phase: str, ready: bool) -> None:
    """Refuse an outcome that the record's state does not allow."""
    if outcome not in OUTCOMES:
        raise RuleError("outcome_unknown")
    if current_phase in FINAL_OUTCOMES:
        raise RuleError("record_closed")
    if outcome == "signed_paper" and not ready:
        raise RuleError("not_ready")


def check_correction(outcome: str, signed_date: str | None, current_phase: str,
                     current: Mapping | None, ready: bool) -> None:
    """Refuse a correction the record's state does not allow.

    Only a closed record (a final outcome) is corrected; an open, paused or postponed one
    records its outcome the usual way. The corrected outcome is any outcome: ``postponed``
    reopens the record. ``current`` is the outcome or correction event now in force; a
    correction that changes neither the outcome nor the signing date is refused. Signed on
    paper needs the same readiness as ever."""
    if outcome not in OUTCOMES:
        raise RuleError("outcome_unknown")
    if current_phase not in FINAL_OUTCOMES:
        raise RuleError("not_closed")
    if current is not None and current.get("outcome") == outcome and current.get("signed_date") == signed_date:
        raise RuleError("correction_unchanged")
    if outcome == "signed_paper" and not ready:
        raise RuleError("not_ready")
