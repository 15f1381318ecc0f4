"""Date logic for the day-by-day view. Pure functions, no Flask.

Day 0 is the day the study treatment starts; the study follows the child to
day 28. A start date only ever comes from the URL and is never stored.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Callable

FIRST_DAY = 0
LAST_DAY = 28
MILESTONE_DAYS = (3, 7, 28)
MIN_YEAR = 2000
MAX_YEAR = 2100

# (phase id, first day, last day): the compact overview on the page.
PHASES: tuple[tuple[str, int, int], ...] = (
    ("day-0", 0, 0),
    ("days-1-3", 1, 3),
    ("days-4-7", 4, 7),
    ("days-8-28", 8, 28),
)

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class StartDateError(ValueError):
    """The start date is not a real date in YYYY-MM-DD form within range.

    ``reason`` is one of ``format``, ``invalid``, ``range`` so that callers
    can word their own (translated) message.
    """

    def __init__(self, reason: str, value: str):
        super().__init__(f"{reason}: {value!r}")
        self.reason = reason
        self.value = value


def parse_start(value: str | None) -> date | None:
    """Parse ``?start=``. Empty or missing means "no start date" (None).

    Raises StartDateError for anything that is not a real calendar date
    written as YYYY-MM-DD with a year from 2000 to 2100.
    """
    if value is None:
        return None
    value = value.strip()
    if value == "":
        return None
    if len(value) > 10 or not _ISO_DATE.fullmatch(value):
        raise StartDateError("format", value)
    try:
        parsed = date.fromisoformat(value)
    except ValueError:
        raise StartDateError("invalid", value) from None
    if not MIN_YEAR <= parsed.year <= MAX_YEAR:
        raise StartDateError("range", value)
    return parsed


def date_of_day(start: date, day: int) -> date:
    """The calendar date of study day ``day`` (day 0 = ``start``)."""
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValueError(f"day {day} outside {FIRST_DAY}..{LAST_DAY}")
    return start + timedelta(days=day)


def day_dates(start: date | None) -> list[tuple[int, date | None]]:
    """All 29 study days with their date (None when no start is known)."""
    return [
        (day, None if start is None else date_of_day(start, day))
        for day in range(FIRST_DAY, LAST_DAY + 1)
    ]


def day_number(start: date, today: date) -> int | None:
    """Which study day ``today`` is, or None when outside day 0..28."""
    n = (today - start).days
    return n if FIRST_DAY <= n <= LAST_DAY else None


def phase_of(day: int) -> str:
    for phase, first, last in PHASES:
        if first <= day <= last:
            return phase
    raise ValueError(f"day {day} outside {FIRST_DAY}..{LAST_DAY}")


@dataclass(frozen=True)
class Clock:
    """An injectable "today", so tests can fix the date."""

    today: Callable[[], date] = date.today

    def __call__(self) -> date:
        return self.today()


def fixed_clock(d: date) -> Clock:
    return Clock(today=lambda: d)
