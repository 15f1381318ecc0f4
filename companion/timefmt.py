"""Stored UTC timestamps as people on a Dutch ward read them, and as exports write them.

The database keeps UTC (`2026-12-03T13:05:00.000000Z`); pages, summaries and PDFs show the
wall-clock time in Amsterdam with the date in the reader's word order ("3 december 2026, 14:05",
"3 December 2026, 14:05"); exports write ISO 8601 with the offset that was in force
(`2026-12-03T14:05:00+01:00`), so a spreadsheet reader never has to guess the summer time.
No Flask needed: the language is passed in (the Jinja filter passes the page's)."""
from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from babel.dates import format_datetime

ZONE = ZoneInfo("Europe/Amsterdam")  # system tzdata, or the `tzdata` package pinned in requirements.txt
# One CLDR pattern for both languages: day, month name, year, 24-hour clock; Babel gives the month
# in the language's own spelling ("december" in Dutch, "December" in English).
PATTERN = "d MMMM y, HH:mm"


def parse_utc(timestamp: str | datetime | None) -> datetime | None:
    """A stored timestamp as an aware datetime; one without an offset is taken as UTC.
    None for an empty or unreadable value (a page shows nothing rather than failing)."""
    if not timestamp:
        return None
    if isinstance(timestamp, datetime):
        moment = timestamp
    else:
        try:
            moment = datetime.fromisoformat(str(timestamp).strip())
        except ValueError:
            return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def local(timestamp: str | datetime | None) -> datetime | None:
    """The moment in Amsterdam time."""
    moment = parse_utc(timestamp)
    return moment.astimezone(ZONE) if moment else None


def local_datetime(timestamp: str | datetime | None, lang: str = "nl") -> str:
    """'3 december 2026, 14:05' (nl) or '3 December 2026, 14:05' (en); '' when there is none."""
    moment = local(timestamp)
    if moment is None:
        return ""
    # tzinfo=None: the moment is already in Amsterdam time; Babel formats it as it is.
    return format_datetime(moment.replace(tzinfo=None), PATTERN, locale="nl" if lang == "nl" else "en")


def iso_local(timestamp: str | datetime | None) -> str | None:
    """ISO 8601 with the Amsterdam offset, to the second: '2026-12-03T14:05:00+01:00'."""
    moment = local(timestamp)
    return moment.isoformat(timespec="seconds") if moment else None


def init_app(app) -> None:
    """`{{ stamp|localtime }}` in templates, in the page's language."""

    @app.template_filter("localtime")
    def localtime_filter(timestamp, lang: str | None = None) -> str:
        if lang is None:
            from flask_babel import get_locale

            locale = get_locale()
            lang = locale.language if locale else "nl"
        return local_datetime(timestamp, lang)
