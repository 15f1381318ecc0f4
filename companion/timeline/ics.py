"""The milestone calendar: all-day events on day 3, 7 and 28, titles only.

No child data goes in: only the study-day titles and the dates that follow
from the start date the family typed in.
"""
from __future__ import annotations

import hashlib
from datetime import date, datetime, timedelta, timezone

from icalendar import Calendar, Event

from .days import MILESTONE_DAYS, date_of_day

PRODID = "-//Companion//Study timeline//EN"


def milestone_calendar(
    start: date,
    titles: dict[int, str],
    *,
    lang: str,
    calendar_name: str,
    now: datetime | None = None,
) -> bytes:
    """An iCalendar file with one all-day event per milestone day.

    ``titles`` maps each day in MILESTONE_DAYS to its (translated) title.
    UIDs are derived from start date, day and language, so downloading the
    file again updates the same events instead of adding copies.
    """
    stamp = (now or datetime.now(timezone.utc)).astimezone(timezone.utc).replace(microsecond=0)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", calendar_name)
    for day in MILESTONE_DAYS:
        when = date_of_day(start, day)
        event = Event()
        digest = hashlib.sha256(f"{start.isoformat()}/{day}/{lang}".encode()).hexdigest()[:24]
        event.add("uid", f"timeline-{digest}@companion")
        event.add("dtstamp", stamp)
        event.add("dtstart", when)
        event.add("dtend", when + timedelta(days=1))
        event.add("summary", titles[day])
        event.add("transp", "TRANSPARENT")
        cal.add_component(event)
    return cal.to_ical()
