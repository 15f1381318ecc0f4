"""The page, print view, .ics download and API, through the real app on a real SQLite file."""
import copy
from dataclasses import replace
from datetime import date

import pytest
from icalendar import Calendar

from companion import create_app
from companion.config import ROOT
from companion.content.markers import fact_definitions
from companion.db import get_db
from companion.site import store
from companion.timeline.content import ITEM_KINDS

CONTENT = ROOT / "content"


@pytest.fixture
def at(app):
    """Fix the app's "today": at(date(2026, 5, 7))."""
    def set_today(d):
        app.config["TIMELINE_CLOCK"] = lambda: d
    return set_today


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_page_without_start(page, lang):
    soup = page(f"/{lang}/timeline")
    assert len(soup.select("li.timeline-day > details > summary")) == 29
    assert [a["href"] for a in soup.select(".timeline-overview a")] == [
        "#phase-day-0", "#phase-days-1-3", "#phase-days-4-7", "#phase-days-8-28"]
    assert soup.select("time.day-date") == []
    assert soup.select("[aria-current=date]") == []
    # a text field: the date as people write it (3-12-2026, 3 december 2026), see test_timeline_dates.py
    assert soup.select_one("form.timeline-start input[name=start][type=text]") is not None
    assert soup.select_one("details[open]") is None  # collapsed: the overview stays compact
    # every day's detail is there without JavaScript
    assert len(soup.select("li#day-28 .day-item")) == 9
    # the study team's facts: while empty, each shows its calm sentence, never brackets
    assert "[[" not in soup.get_text() and not soup.select("mark.placeholder")
    missing = fact_definitions(CONTENT)["treatment_days"].missing[lang]
    assert missing in [s.get_text() for s in soup.select("span.site-fact-missing")]


def test_same_structure_on_both_pages(page):
    def shape(soup):
        return [(li["id"], "is-milestone" in li["class"],
                 [i["class"][1] for i in li.select(".day-item")]) for li in soup.select("li.timeline-day")]
    assert shape(page("/nl/timeline")) == shape(page("/en/timeline"))


@pytest.mark.parametrize("lang, first, last", [
    ("nl", "ma 4 mei", "ma 1 juni"),
    ("en", "Mon 4 May", "Mon 1 June"),
])
def test_dates_in_the_page_language(page, lang, first, last):
    soup = page(f"/{lang}/timeline?start=2026-05-04")
    dates = soup.select("li.timeline-day time.day-date")
    assert len(dates) == 29
    assert dates[0].get_text(strip=True) == first and dates[0]["datetime"] == "2026-05-04"
    assert dates[28].get_text(strip=True) == last and dates[28]["datetime"] == "2026-06-01"


@pytest.mark.parametrize("start, day, iso, text", [
    ("2026-12-20", 12, "2027-01-01", "vr 1 januari"),
    ("2028-02-20", 9, "2028-02-29", "di 29 februari"),
    ("2027-02-20", 9, "2027-03-01", "ma 1 maart"),
    ("2026-01-31", 1, "2026-02-01", "zo 1 februari"),
])
def test_dates_across_month_year_and_leap_day(page, start, day, iso, text):
    soup = page(f"/nl/timeline?start={start}")
    time = soup.select_one(f"li#day-{day} time.day-date")
    assert (time["datetime"], time.get_text(strip=True)) == (iso, text)


def test_today_is_highlighted_with_a_fixed_clock(page, at):
    at(date(2027, 1, 1))
    soup = page("/en/timeline?start=2026-12-20")
    current = soup.select("[aria-current=date]")
    assert len(current) == 1
    assert current[0]["id"] == "day-12" and "is-today" in current[0]["class"]
    assert current[0].select_one("details").has_attr("open")
    assert [d.parent["id"] for d in soup.select("li.timeline-day > details[open]")] == ["day-12"]
    assert "Today is day 12." in soup.select_one("#timeline-status").get_text()
    assert soup.select_one(".timeline-overview li.has-today a")["href"] == "#phase-days-8-28"


@pytest.mark.parametrize("today, status", [
    (date(2026, 12, 19), "Day 0 has not started yet."),
    (date(2027, 1, 18), "Day 28 has passed."),
])
def test_no_highlight_outside_the_28_days(page, at, today, status):
    at(today)
    soup = page("/en/timeline?start=2026-12-20")
    assert soup.select("[aria-current=date]") == []
    assert status in soup.select_one("#timeline-status").get_text()


def test_day_0_and_day_28_are_today_at_the_edges(page, at):
    at(date(2026, 12, 20))
    assert page("/nl/timeline?start=2026-12-20").select_one("[aria-current=date]")["id"] == "day-0"
    at(date(2027, 1, 17))
    assert page("/nl/timeline?start=2026-12-20").select_one("[aria-current=date]")["id"] == "day-28"


@pytest.mark.parametrize("lang, value, message", [
    ("nl", "2026-02-30", "Deze datum bestaat niet."),
    ("en", "2026-02-30", "This date does not exist."),
    ("en", "abc", "We could not read this date."),
    ("nl", "abc", "We kunnen deze datum niet lezen."),
    ("en", "1999-12-31", "from the year 2000 to 2100"),
    ("en", "2101-01-01", "from the year 2000 to 2100"),
    ("en", "2026-05-04<script>", "We could not read this date."),
])
def test_bad_start_gets_a_friendly_message(page, client, lang, value, message):
    soup = page(f"/{lang}/timeline?start={value}", status=400)
    error = soup.select_one("#start-error")
    assert message in error.get_text()
    field = soup.select_one("input#start")
    assert field["aria-invalid"] == "true" and "start-error" in field["aria-describedby"]
    assert field["value"] == value and field["type"] == "text"  # kept, to correct it
    assert soup.select("time.day-date") == [] and len(soup.select("li.timeline-day")) == 29
    assert "<script>" not in client.get(f"/{lang}/timeline?start={value}").get_data(as_text=True)


def test_nothing_is_stored_or_cached(client, app):
    response = client.get("/nl/timeline?start=2026-05-04")
    assert "Set-Cookie" not in response.headers
    with app.app_context():
        from companion.db import get_db
        tables = get_db().table_names()
    assert not any("timeline" in t for t in tables)


@pytest.mark.parametrize("lang, word, joiner", [("nl", "Dag", "tot en met"), ("en", "Day", "to")])
def test_print_view_shows_every_day_open_and_short(page, lang, word, joiner):
    soup = page(f"/{lang}/timeline/print?start=2026-05-04")
    assert soup.select("form") == []
    # no folded days; a term's explanation is printed open
    assert soup.select("details:not(.term-note)") == [] and soup.select("details.term-note:not([open])") == []
    assert soup.select("details.term-note[open]")
    blocks = soup.select(".print-day")
    # runs of ordinary days with the same items are one block; milestones stand alone
    assert [b.h3["id"] for b in blocks] == ["day-0", "day-1", "day-3", "day-4", "day-7", "day-8", "day-28"]
    assert blocks[5].h3.get_text(" ", strip=True).startswith(f"{word} 8 {joiner} 27")
    assert blocks[6].select_one("time")["datetime"] == "2026-06-01"
    on_page = {li["id"]: [i["class"][1] for i in li.select(".day-item")]
               for li in page(f"/{lang}/timeline").select("li.timeline-day")}
    for block, (first, last) in zip(blocks, [(0, 0), (1, 2), (3, 3), (4, 6), (7, 7), (8, 27), (28, 28)]):
        kinds = [i["class"][1] for i in block.select(".day-item")]
        assert all(on_page[f"day-{n}"] == kinds for n in range(first, last + 1))


def test_print_view_without_start_and_with_a_bad_one(page):
    assert page("/en/timeline/print").select("time") == []
    soup = page("/en/timeline/print?start=2026-13-01", status=400)
    assert "does not exist" in soup.select_one("#start-error").get_text()


@pytest.mark.parametrize("lang, first_title", [
    ("nl", "Onderzoeksdag 3 – De eerste vergelijking"),
    ("en", "Study day 3 – The first comparison"),
])
def test_ics_download(client, lang, first_title):
    response = client.get(f"/{lang}/timeline.ics?start=2026-12-20")
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["Content-Disposition"].endswith('-2026-12-20.ics"')
    cal = Calendar.from_ical(response.data)
    events = [c for c in cal.walk() if c.name == "VEVENT"]
    word = first_title.split(" 3 ")[0]  # "Onderzoeksdag" / "Study day"
    assert [(e.decoded("dtstart"), str(e["summary"]).split(" – ")[0]) for e in events] == [
        (date(2026, 12, 23), f"{word} 3"), (date(2026, 12, 27), f"{word} 7"),
        (date(2027, 1, 17), f"{word} 28")]
    assert str(events[0]["summary"]) == first_title
    assert all(set(e.keys()) == {"SUMMARY", "DTSTART", "DTEND", "DTSTAMP", "UID", "TRANSP"}
               for e in events)


@pytest.mark.parametrize("query, message", [
    ("", "Fill in the start day first."),
    ("?start=2025-02-29", "This date does not exist."),
    ("?start=tomorrow", "We could not read this date."),
])
def test_ics_without_a_good_start(page, query, message):
    soup = page(f"/en/timeline.ics{query}", status=400)
    assert message in soup.select_one("#start-error").get_text()


@pytest.mark.parametrize("lang, title0", [("nl", "Dag 0 – De behandeling begint"),
                                          ("en", "Day 0 – The treatment starts")])
def test_api_contract(client, lang, title0):
    response = client.get(f"/api/timeline?lang={lang}&start=2026-05-04")
    assert response.status_code == 200 and response.is_json
    body = response.get_json()
    assert set(body) == {"lang", "start", "days"}
    assert body["lang"] == lang and body["start"] == "2026-05-04"
    assert [d["day"] for d in body["days"]] == list(range(29))
    assert body["days"][0]["date"] == "2026-05-04" and body["days"][28]["date"] == "2026-06-01"
    assert body["days"][0]["title"] == title0
    assert body["days"][1]["title"] == ("Dag 1" if lang == "nl" else "Day 1")
    for day in body["days"]:
        assert set(day) == {"day", "date", "title", "items"}
        assert day["items"]
        for item in day["items"]:
            assert set(item) == {"kind", "text"} and item["kind"] in ITEM_KINDS
            assert "](" not in item["text"] and "**" not in item["text"]
    assert "anakinra" in body["days"][0]["items"][0]["text"]


def test_api_without_start_has_null_dates(client):
    body = client.get("/api/timeline?lang=en").get_json()
    assert body["start"] is None
    assert len(body["days"]) == 29 and all(d["date"] is None for d in body["days"])


def test_api_structure_matches_across_languages(client):
    nl = client.get("/api/timeline?lang=nl").get_json()["days"]
    en = client.get("/api/timeline?lang=en").get_json()["days"]
    assert [[i["kind"] for i in d["items"]] for d in nl] == [[i["kind"] for i in d["items"]] for d in en]


@pytest.mark.parametrize("query", [
    "", "?lang=", "?lang=fr", "?lang=NL", "?lang=en&start=abc", "?lang=en&start=2026-02-30",
    "?lang=en&start=1999-12-31", "?lang=nl&start=2101-01-01", "?lang=nl&start=" + "9" * 600,
])
def test_api_bad_input_is_400_with_a_sentence(client, query):
    response = client.get(f"/api/timeline{query}")
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert isinstance(error, str) and error.endswith(".")


def test_content_check_runs_the_timeline_check():
    """`flask content check` calls check_timeline, and it finds a broken timeline."""
    from companion.content.check import KIND_CHECKS, check_files
    from companion.content.files import read_tree
    from companion.config import ROOT

    assert KIND_CHECKS["timeline"] == "companion.timeline.content:check_timeline"
    files = [f for f in read_tree(ROOT / "content") if f.kind == "timeline"]
    assert not [e for e in check_files(files).errors if e.startswith("timeline:")]
    broken = [replace(f, meta=copy.deepcopy(f.meta)) for f in files]  # leave the shared files alone
    for f in broken:
        if f.lang == "en" and f.slug == "days-4-7":
            f.meta["every_day"][0]["kind"] = "score"
    errors = [e for e in check_files(broken).errors if e.startswith("timeline:")]
    assert errors and all("day" in e for e in errors)
    assert not [e for e in check_files(files).errors if e.startswith("timeline:")]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_api_placeholders_say_who_fills_them_in(client, lang):
    # The number of treatment days is a site fact: its calm sentence says whom to ask while it is
    # empty, and once filled the API shows its value; never brackets.
    missing = fact_definitions(CONTENT)["treatment_days"].missing[lang]
    days = client.get(f"/api/timeline?lang={lang}").get_json()["days"]
    texts = [i["text"] for d in days for i in d["items"]]
    assert not any("[[" in t or "placeholder" in t for t in texts)
    assert all(missing in d["items"][0]["text"] for d in days[1:])


def test_api_shows_a_filled_fact(tmp_path):
    app = create_app({"DATABASE": str(tmp_path / "filled.db")})
    with app.app_context():
        store.save(get_db(), fact_definitions(CONTENT), {("treatment_days", "en"): "7 days",
                                                         ("treatment_days", "nl"): "7 dagen"}, None)
    for lang, value in (("en", "7 days"), ("nl", "7 dagen")):
        days = app.test_client().get(f"/api/timeline?lang={lang}").get_json()["days"]
        first = [d["items"][0]["text"] for d in days[1:]]
        assert all(value in t and "[[" not in t for t in first), first[:1]
        assert not any(fact_definitions(CONTENT)["treatment_days"].missing[lang] in t for t in first)


@pytest.mark.parametrize("path", ["/nl/timeline", "/en/timeline", "/en/timeline?start=2026-05-04",
                                  "/nl/timeline/print", "/en/timeline/print?start=2026-05-04"])
def test_a_term_is_linked_once_where_it_first_appears(page, path):
    soup = page(path)
    targets = [a["href"] for a in soup.select("a.term")]
    assert targets and len(targets) == len(set(targets)), sorted(targets)
    first = soup.select_one("a.term[href='#explain-anakinra']")
    assert first is not None  # linked where it first appears: in the introduction or day 0
    day_28 = soup.select("li.timeline-day, .print-day")[-1]
    assert "anakinra" in day_28.get_text() and not day_28.select("a[href$='explain-anakinra']")
    # each linked term has its plain explanation right beside it, in a note that opens in place
    for href in targets:
        note = soup.select_one(href).find_parent("details")
        assert "term-note" in note["class"] and note.select_one(".term-note-text").get_text(strip=True)
    assert len(soup.select("details.term-note")) == len(targets)


@pytest.mark.parametrize("path, switch", [
    ("/nl/timeline?start=2026-02-30", "/en/timeline"),
    ("/en/timeline?start=abc", "/nl/timeline"),
    ("/nl/timeline/print?start=2026-13-01", "/en/timeline/print"),
    ("/en/timeline.ics?start=2025-02-29", "/nl/timeline"),
    ("/en/timeline.ics", "/nl/timeline"),
])
def test_language_switch_leaves_a_bad_start_behind(page, client, path, switch):
    soup = page(path, status=400)
    href = soup.select_one("a.lang-switch")["href"]
    assert href == switch
    assert client.get(href).status_code == 200


def test_language_switch_keeps_a_good_start(page):
    soup = page("/nl/timeline?start=2026-05-04")
    assert soup.select_one("a.lang-switch")["href"] == "/en/timeline?start=2026-05-04"
