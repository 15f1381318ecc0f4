"""Start dates as families type them (companion/timeline/dates.py): day first, Dutch and English."""
from datetime import date

import pytest

from companion.timeline.dates import parse_typed_date
from companion.timeline.days import StartDateError

DEC_3 = date(2026, 12, 3)


@pytest.mark.parametrize("typed", [
    # how Dutch families write it
    "3-12-2026", "03-12-2026", "3-12-26", "3 december 2026", "3 December 2026", "3 dec 2026",
    "3 dec. 2026", "do 3 december 2026", "donderdag 3 december 2026", "3.12.2026",
    # how English-speaking families write it (day first)
    "3/12/2026", "03/12/2026", "3 Dec 2026", "Thu 3 December 2026", "Thursday, 3 December 2026",
    "3rd December 2026", "December 3, 2026",
    # ISO, in both
    "2026-12-03",
    # spaces people leave
    "  3 - 12 - 2026 ", "3  december\t2026",
])
def test_accepted_forms(typed):
    assert parse_typed_date(typed) == DEC_3


@pytest.mark.parametrize("typed, expected", [
    ("1 mei 2026", date(2026, 5, 1)), ("1 May 2026", date(2026, 5, 1)),
    ("15 mrt 2027", date(2027, 3, 15)), ("15 maart 2027", date(2027, 3, 15)), ("15 March 2027", date(2027, 3, 15)),
    ("1 okt 2026", date(2026, 10, 1)), ("1 Oct 2026", date(2026, 10, 1)),
    ("29-02-2028", date(2028, 2, 29)), ("12-3-2026", date(2026, 3, 12)),  # day first, never month first
    ("31 juli 2026", date(2026, 7, 31)), ("2 sept 2026", date(2026, 9, 2)),
])
def test_month_names_and_day_first(typed, expected):
    assert parse_typed_date(typed) == expected


@pytest.mark.parametrize("typed", [None, "", "   "])
def test_empty_means_no_date(typed):
    assert parse_typed_date(typed) is None


@pytest.mark.parametrize("typed, reason", [
    ("31-02-2026", "invalid"), ("2026-13-01", "invalid"), ("29-02-2027", "invalid"), ("32 december 2026", "invalid"),
    ("0-12-2026", "invalid"), ("3-13-2026", "invalid"),
    ("abc", "format"), ("morgen", "format"), ("3 decembre 2026", "format"), ("3 december", "format"),
    ("12-2026", "format"), ("3-12/2026", "format"), ("2026/12/03x", "format"), ("2026-12-03<script>", "format"),
    ("9" * 600, "format"), ("zaterdag", "format"),
    ("3-12-1999", "range"), ("1 januari 2101", "range"),
])
def test_nonsense_says_why(typed, reason):
    with pytest.raises(StartDateError) as caught:
        parse_typed_date(typed)
    assert caught.value.reason == reason
    assert caught.value.value == typed  # what was typed, to give back to the family
