"""Start dates as families type them. Pure functions, no Flask.

Day first, always: 3-12-2026, 03-12-2026, 3/12/2026, 3.12.2026, 3 december 2026,
3 dec 2026 and 3 December 2026 are all the 3rd of December; ISO (2026-12-03) works too.
Month names are read in Dutch and in English on both pages, because the language
switch carries the typed text along. A weekday in front ("do 3 december 2026", as the
page shows dates) is ignored.
"""
from __future__ import annotations

import re
from datetime import date

from .days import MAX_YEAR, MIN_YEAR, StartDateError

MAX_LENGTH = 40

MONTHS = {
    # Dutch
    "januari": 1, "februari": 2, "maart": 3, "april": 4, "mei": 5, "juni": 6, "juli": 7,
    "augustus": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mrt": 3, "maa": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "okt": 10, "nov": 11, "dec": 12,
    # English
    "january": 1, "february": 2, "march": 3, "may": 5, "june": 6, "july": 7, "august": 8,
    "october": 10, "mar": 3, "oct": 10,
}
WEEKDAYS = {
    "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag",
    "ma", "di", "wo", "do", "vr", "za", "zo",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
}

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_NUMERIC = re.compile(r"(\d{1,2})\s*([-/.])\s*(\d{1,2})\s*\2\s*(\d{4}|\d{2})")
_DAY_MONTH = re.compile(r"(\d{1,2})(?:e|ste|de|st|nd|rd|th)?\.?\s+([a-z]+)\.?,?\s+(\d{4})")
_MONTH_DAY = re.compile(r"([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})")
_WEEKDAY = re.compile(r"^([a-z]+)\.?,?\s+(?=\d)")


def parse_typed_date(value: str | None) -> date | None:
    """The date in ``value``, or None when it is empty.

    Raises StartDateError: ``format`` when it cannot be read as a date, ``invalid`` when it
    reads as one that does not exist (31-02-2026, 2026-13-01), ``range`` outside 2000-2100.
    """
    if value is None:
        return None
    text = " ".join(value.split()).lower()
    if text == "":
        return None
    if len(text) > MAX_LENGTH:
        raise StartDateError("format", value)
    weekday = _WEEKDAY.match(text)
    if weekday and weekday.group(1) in WEEKDAYS:
        text = text[weekday.end():]
    if match := _ISO.fullmatch(text):
        year, month, day = (int(g) for g in match.groups())
    elif match := _NUMERIC.fullmatch(text):
        day, month = int(match.group(1)), int(match.group(3))
        year = _full_year(match.group(4))
    elif match := _DAY_MONTH.fullmatch(text):
        day, month, year = int(match.group(1)), _month(match.group(2), value), int(match.group(3))
    elif match := _MONTH_DAY.fullmatch(text):
        month, day, year = _month(match.group(1), value), int(match.group(2)), int(match.group(3))
    else:
        raise StartDateError("format", value)
    try:
        parsed = date(year, month, day)
    except ValueError:
        raise StartDateError("invalid", value) from None
    if not MIN_YEAR <= parsed.year <= MAX_YEAR:
        raise StartDateError("range", value)
    return parsed


def _month(name: str, value: str) -> int:
    if name not in MONTHS:
        raise StartDateError("format", value)
    return MONTHS[name]


def _full_year(digits: str) -> int:
    """Two digits mean this century (3-12-26 is 2026): the study runs now, not in 1926."""
    return int(digits) + 2000 if len(digits) == 2 else int(digits)
