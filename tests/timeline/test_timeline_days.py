"""Date logic: parsing ?start=, day dates across month/year ends and leap years."""
from datetime import date, timedelta

import pytest
from hypothesis import given, strategies as st

from companion.timeline.days import (
    LAST_DAY, PHASES, StartDateError, date_of_day, day_dates, day_number,
    fixed_clock, parse_start, phase_of,
)


@pytest.mark.parametrize("value", [None, "", "   "])
def test_no_start_means_no_dates(value):
    assert parse_start(value) is None
    assert [d for _, d in day_dates(None)] == [None] * 29


@pytest.mark.parametrize("value, expected", [
    ("2026-05-04", date(2026, 5, 4)),
    ("2000-01-01", date(2000, 1, 1)),
    ("2100-12-31", date(2100, 12, 31)),
    ("2024-02-29", date(2024, 2, 29)),
    (" 2026-05-04 ", date(2026, 5, 4)),
])
def test_valid_start(value, expected):
    assert parse_start(value) == expected


@pytest.mark.parametrize("value, reason", [
    ("abc", "format"),
    ("2026-5-4", "format"),
    ("04-05-2026", "format"),
    ("2026/05/04", "format"),
    ("20260504", "format"),
    ("2026-05-04T10:00", "format"),
    ("２０２６-05-04", "format"),  # full-width digits are not ASCII dates
    ("2026-02-30", "invalid"),
    ("2025-02-29", "invalid"),  # not a leap year
    ("2100-02-29", "invalid"),  # 2100 is not a leap year
    ("2026-13-01", "invalid"),
    ("2026-00-10", "invalid"),
    ("1999-12-31", "range"),
    ("2101-01-01", "range"),
    ("0000-01-01", "invalid"),
])
def test_invalid_start(value, reason):
    with pytest.raises(StartDateError) as info:
        parse_start(value)
    assert info.value.reason == reason


@pytest.mark.parametrize("start, day, expected", [
    (date(2026, 5, 4), 0, date(2026, 5, 4)),
    (date(2026, 5, 4), 28, date(2026, 6, 1)),          # month end
    (date(2026, 12, 20), 3, date(2026, 12, 23)),
    (date(2026, 12, 20), 12, date(2027, 1, 1)),        # year end
    (date(2026, 12, 20), 28, date(2027, 1, 17)),
    (date(2024, 2, 20), 9, date(2024, 2, 29)),         # leap day
    (date(2024, 2, 20), 10, date(2024, 3, 1)),
    (date(2025, 2, 20), 9, date(2025, 3, 1)),          # no leap day
    (date(2000, 2, 28), 1, date(2000, 2, 29)),         # 2000 is a leap year
    (date(2100, 2, 28), 1, date(2100, 3, 1)),          # 2100 is not
    (date(2100, 12, 31), 28, date(2101, 1, 28)),
])
def test_date_of_day(start, day, expected):
    assert date_of_day(start, day) == expected


def test_day_dates_are_29_consecutive_days():
    start = date(2027, 12, 15)
    pairs = day_dates(start)
    assert [n for n, _ in pairs] == list(range(29))
    assert pairs[0][1] == start
    assert all((b - a).days == 1 for (_, a), (_, b) in zip(pairs, pairs[1:]))


@pytest.mark.parametrize("day", [-1, 29])
def test_date_of_day_outside_range(day):
    with pytest.raises(ValueError):
        date_of_day(date(2026, 5, 4), day)


@pytest.mark.parametrize("today, expected", [
    (date(2026, 5, 3), None),
    (date(2026, 5, 4), 0),
    (date(2026, 5, 7), 3),
    (date(2026, 6, 1), 28),
    (date(2026, 6, 2), None),
])
def test_day_number(today, expected):
    assert day_number(date(2026, 5, 4), today) == expected


def test_phases_cover_every_day_once():
    covered = [n for _, first, last in PHASES for n in range(first, last + 1)]
    assert covered == list(range(LAST_DAY + 1))
    assert phase_of(0) == "day-0"
    assert phase_of(3) == "days-1-3"
    assert phase_of(4) == "days-4-7"
    assert phase_of(28) == "days-8-28"


def test_fixed_clock():
    assert fixed_clock(date(2026, 5, 6))() == date(2026, 5, 6)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)))
def test_every_date_in_range_round_trips(d):
    assert parse_start(d.isoformat()) == d
    pairs = day_dates(d)
    assert pairs[28][1] - pairs[0][1] == date(2000, 1, 29) - date(2000, 1, 1)


@given(st.text(max_size=30))
def test_any_text_parses_or_gives_a_reason(value):
    try:
        parsed = parse_start(value)
    except StartDateError as exc:
        assert exc.reason in {"format", "invalid", "range"}
    else:
        assert parsed is None or 2000 <= parsed.year <= 2100


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)),
       st.integers(min_value=-400, max_value=400))
def test_day_number_matches_date_of_day(start, offset):
    today = start + timedelta(days=offset)
    n = day_number(start, today)
    if 0 <= offset <= LAST_DAY:
        assert n == offset and date_of_day(start, n) == today
    else:
        assert n is None
