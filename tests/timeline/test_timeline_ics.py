"""The .ics file parses and holds exactly the three milestones, titles only."""
from datetime import date, datetime, timezone

from icalendar import Calendar

from companion.timeline.ics import milestone_calendar

TITLES = {3: "Study day 3: the first comparison", 7: "Study day 7: the second comparison",
          28: "Study day 28: everything is added up"}


def parse(start, **kw):
    raw = milestone_calendar(start, TITLES, lang="en", calendar_name="Study days",
                             now=datetime(2026, 5, 1, 12, tzinfo=timezone.utc), **kw)
    return Calendar.from_ical(raw)


def events(cal):
    return [c for c in cal.walk() if c.name == "VEVENT"]


def test_exactly_the_three_milestones_as_all_day_events():
    cal = parse(date(2026, 12, 20))
    got = [(str(e["summary"]), e.decoded("dtstart"), e.decoded("dtend")) for e in events(cal)]
    assert got == [
        (TITLES[3], date(2026, 12, 23), date(2026, 12, 24)),
        (TITLES[7], date(2026, 12, 27), date(2026, 12, 28)),
        (TITLES[28], date(2027, 1, 17), date(2027, 1, 18)),
    ]
    for e in events(cal):
        assert type(e.decoded("dtstart")) is date  # all-day, not a datetime


def test_leap_year_dates():
    got = [e.decoded("dtstart") for e in events(parse(date(2028, 2, 1)))]
    assert got == [date(2028, 2, 4), date(2028, 2, 8), date(2028, 2, 29)]


def test_titles_only_no_other_fields():
    for e in events(parse(date(2026, 5, 4))):
        assert set(e.keys()) == {"SUMMARY", "DTSTART", "DTEND", "DTSTAMP", "UID", "TRANSP"}


def test_uids_are_stable_and_distinct():
    a = [str(e["uid"]) for e in events(parse(date(2026, 5, 4)))]
    b = [str(e["uid"]) for e in events(parse(date(2026, 5, 4)))]
    c = [str(e["uid"]) for e in events(parse(date(2026, 5, 5)))]
    assert a == b and len(set(a)) == 3 and not set(a) & set(c)
