"""Amsterdam wall-clock times from stored UTC timestamps (companion/timefmt.py), across the 2026
changes to and from summer time: 29 March 01:00 UTC (02:00 becomes 03:00) and 25 October 01:00 UTC
(03:00 becomes 02:00)."""
import pytest

from companion.timefmt import iso_local, local_datetime


@pytest.mark.parametrize("stored, nl, en, iso", [
    # an ordinary winter afternoon, as records.py stores it (microseconds and a Z)
    ("2026-12-03T13:05:00.123456Z", "3 december 2026, 14:05", "3 December 2026, 14:05", "2026-12-03T14:05:00+01:00"),
    # the last minute of winter time, then the first of summer time: the clock jumps an hour
    ("2026-03-29T00:59:00Z", "29 maart 2026, 01:59", "29 March 2026, 01:59", "2026-03-29T01:59:00+01:00"),
    ("2026-03-29T01:00:00Z", "29 maart 2026, 03:00", "29 March 2026, 03:00", "2026-03-29T03:00:00+02:00"),
    ("2026-03-28T12:00:00Z", "28 maart 2026, 13:00", "28 March 2026, 13:00", "2026-03-28T13:00:00+01:00"),
    ("2026-03-29T12:00:00Z", "29 maart 2026, 14:00", "29 March 2026, 14:00", "2026-03-29T14:00:00+02:00"),
    # back to winter time: 02:30 happens twice; only the offset tells them apart
    ("2026-10-25T00:30:00Z", "25 oktober 2026, 02:30", "25 October 2026, 02:30", "2026-10-25T02:30:00+02:00"),
    ("2026-10-25T01:30:00Z", "25 oktober 2026, 02:30", "25 October 2026, 02:30", "2026-10-25T02:30:00+01:00"),
    ("2026-10-25T12:00:00Z", "25 oktober 2026, 13:00", "25 October 2026, 13:00", "2026-10-25T13:00:00+01:00"),
    ("2026-10-24T12:00:00Z", "24 oktober 2026, 14:00", "24 October 2026, 14:00", "2026-10-24T14:00:00+02:00"),
    # late evening UTC is already the next day (and year) in Amsterdam
    ("2026-12-31T23:30:00Z", "1 januari 2027, 00:30", "1 January 2027, 00:30", "2027-01-01T00:30:00+01:00"),
    # other stored shapes: an explicit offset, and none at all (taken as UTC)
    ("2026-07-01T10:00:00+00:00", "1 juli 2026, 12:00", "1 July 2026, 12:00", "2026-07-01T12:00:00+02:00"),
    ("2026-07-01T10:00:00", "1 juli 2026, 12:00", "1 July 2026, 12:00", "2026-07-01T12:00:00+02:00"),
])
def test_local_times_in_both_languages_and_in_exports(stored, nl, en, iso):
    assert local_datetime(stored, "nl") == nl
    assert local_datetime(stored, "en") == en
    assert iso_local(stored) == iso


@pytest.mark.parametrize("stored", [None, "", "not a time", "2026-13-45T99:00:00Z"])
def test_nothing_or_garbage_shows_nothing_instead_of_failing(stored):
    assert local_datetime(stored, "nl") == ""
    assert iso_local(stored) is None


def test_the_template_filter_follows_the_page_language(app):
    with app.test_request_context("/en/"):
        from flask_babel import force_locale
        from flask import render_template_string

        with force_locale("en"):
            assert render_template_string("{{ t|localtime }}", t="2026-03-29T01:00:00Z") == "29 March 2026, 03:00"
        with force_locale("nl"):
            assert render_template_string("{{ t|localtime }}", t="2026-03-29T01:00:00Z") == "29 maart 2026, 03:00"
