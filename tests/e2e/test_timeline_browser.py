"""Day by day in a real browser at phone size: the date form, today's mark, expanding days
without JavaScript, errors, print view; axe on each state; screenshots for people to look at."""
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.conftest import screenshot

pytestmark = pytest.mark.e2e


def amsterdam_today():
    return datetime.now(ZoneInfo("Europe/Amsterdam")).date()


def test_parent_sets_the_start_day_and_sees_today(live_server, browser_page, axe_check):
    tab = browser_page
    tab.goto(live_server + "/nl/timeline")
    assert tab.locator("h1").inner_text() == "Dag voor dag"
    assert tab.locator("li.timeline-day").count() == 29
    screenshot(tab, "timeline-1-overview-nl")
    axe_check(tab)

    start = amsterdam_today() - timedelta(days=3)
    tab.locator("input#start").fill(start.isoformat())
    tab.get_by_role("button", name="Toon de data").click()
    assert f"start={start.isoformat()}" in tab.url
    today = tab.locator("[aria-current=date]")
    assert today.count() == 1
    assert today.get_attribute("id") == "day-3"
    assert today.locator(".day-items").is_visible()  # today's detail is open
    assert "Vandaag" in today.inner_text()
    assert tab.locator("#day-4 .day-items").is_hidden()  # other days stay folded
    box = tab.locator("#day-4 > details > summary").bounding_box()
    assert box["height"] >= 44 and box["width"] >= 300  # a large tap target
    screenshot(tab, "timeline-2-dates-today-nl")
    axe_check(tab)

    tab.locator("#day-7 > details > summary").click()
    assert tab.locator("#day-7 .day-items").is_visible()
    assert "VIS" in tab.locator("#day-7 .day-items").inner_text()
    # a clinical word has its plain explanation beside it, the first time it appears
    vis = tab.locator("#day-7 details.term-note", has_text="VIS")
    vis.locator("summary").click()
    assert "bloeddruk" in vis.locator(".term-note-text").inner_text()
    screenshot(tab, "timeline-2b-term-explained-nl")
    axe_check(tab)

    tab.locator("a.lang-switch").click()
    assert f"start={start.isoformat()}" in tab.url and "/en/timeline" in tab.url
    assert tab.locator("[aria-current=date]").get_attribute("id") == "day-3"
    screenshot(tab, "timeline-3-dates-today-en")
    axe_check(tab)


def test_days_open_without_javascript(browser, live_server):
    context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    tab = context.new_page()
    try:
        tab.goto(live_server + "/en/timeline")
        assert tab.locator("#day-28 .day-items").is_hidden()
        tab.locator("#day-28 > details > summary").click()
        assert "still alive" in tab.locator("#day-28 .day-items").inner_text()
        tab.locator("input#start").fill("2026-12-20")
        tab.get_by_role("button", name="Show the dates").click()
        assert tab.locator("#day-12 time").inner_text() == "Fri 1 January"
        # (axe itself needs JavaScript: it runs on the same pages in the other tests)
    finally:
        context.close()


def test_bad_date_print_view_and_dark_mode(browser, live_server, browser_page, axe_check):
    tab = browser_page
    tab.goto(live_server + "/nl/timeline?start=2026-02-30")
    assert "Deze datum bestaat niet" in tab.locator("#start-error").inner_text()
    screenshot(tab, "timeline-4-bad-date-nl")
    axe_check(tab)

    tab.goto(live_server + "/en/timeline/print?start=2026-05-04")
    assert tab.locator(".print-day").count() == 7
    screenshot(tab, "timeline-5-print-en")
    axe_check(tab)

    context = browser.new_context(viewport={"width": 390, "height": 844}, color_scheme="dark")
    dark = context.new_page()
    try:
        start = amsterdam_today() - timedelta(days=10)
        dark.goto(live_server + f"/nl/timeline?start={start.isoformat()}")
        assert dark.locator("[aria-current=date]").get_attribute("id") == "day-10"
        screenshot(dark, "timeline-6-dark-nl")
        axe_check(dark)
    finally:
        context.close()


def test_timeline_pages_are_valid_html(live_server, tmp_path):
    """The pages the shared HTML check does not visit: print view, error states, .ics without a date."""
    import json
    import shutil
    import subprocess
    import urllib.error
    import urllib.request
    from pathlib import Path

    vnu = Path(__file__).resolve().parents[2] / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
    assert vnu.exists() and shutil.which("java"), "run `make node-deps system-deps`"
    files = []
    for n, path in enumerate(["/nl/timeline/print?start=2026-05-04", "/en/timeline/print",
                              "/en/timeline?start=2026-02-30", "/nl/timeline.ics",
                              "/nl/timeline/print?start=abc"]):
        try:
            body = urllib.request.urlopen(live_server + path).read()
        except urllib.error.HTTPError as error:
            assert error.code == 400, path
            body = error.read()
        files.append(tmp_path / f"page{n}.html")
        files[-1].write_bytes(body)
    result = subprocess.run(["java", "-jar", str(vnu), "--format", "json", "--exit-zero-always",
                             *map(str, files)], capture_output=True, text=True, timeout=120)
    messages = json.loads(result.stderr or result.stdout)["messages"]
    errors = [f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m['message']}"
              for m in messages if m["type"] == "error"]
    assert not errors, "\n".join(errors)


@pytest.mark.parametrize("lang, typed, shown, button", [
    ("nl", "3-12-2026", "do 3 december", "Toon de data"),
    ("nl", "03-12-2026", "do 3 december", "Toon de data"),
    ("nl", "3 december 2026", "do 3 december", "Toon de data"),
    ("nl", "3 dec 2026", "do 3 december", "Toon de data"),
    ("nl", "2026-12-03", "do 3 december", "Toon de data"),
    ("en", "3/12/2026", "Thu 3 December", "Show the dates"),
    ("en", "3 December 2026", "Thu 3 December", "Show the dates"),
    ("en", "2026-12-03", "Thu 3 December", "Show the dates"),
])
def test_dates_as_people_write_them(live_server, browser_page, lang, typed, shown, button):
    tab = browser_page
    tab.goto(live_server + f"/{lang}/timeline")
    tab.locator("input#start").fill(typed)
    tab.get_by_role("button", name=button).click()
    day0 = tab.locator("#day-0 time")
    assert day0.inner_text() == shown and day0.get_attribute("datetime") == "2026-12-03"
    assert tab.locator("#day-28 time").get_attribute("datetime") == "2026-12-31"
    assert tab.locator("input#start").input_value() == typed  # what was typed stays
    assert tab.locator("#start-error").count() == 0


@pytest.mark.parametrize("lang, typed, message", [
    ("nl", "31-02-2026", "Deze datum bestaat niet."),
    ("nl", "2026-13-01", "Deze datum bestaat niet."),
    ("nl", "morgen", "We kunnen deze datum niet lezen."),
    ("en", "31/02/2026", "This date does not exist."),
    ("en", "next week", "We could not read this date."),
])
def test_nonsense_dates_get_a_message_and_keep_what_was_typed(live_server, browser_page, axe_check,
                                                               lang, typed, message):
    tab = browser_page
    tab.goto(live_server + f"/{lang}/timeline")
    tab.locator("input#start").fill(typed)
    tab.locator("form.timeline-start button[type=submit]").click()
    assert message in tab.locator("#start-error").inner_text()
    field = tab.locator("input#start")
    assert field.input_value() == typed and field.get_attribute("aria-invalid") == "true"
    assert tab.locator("time.day-date").count() == 0
    if typed in ("morgen", "next week"):
        screenshot(tab, f"timeline-7-unreadable-date-{lang}")
        axe_check(tab)


def test_timeline_at_200_percent_zoom(browser, live_server, axe_check):
    context = browser.new_context(viewport={"width": 195, "height": 422}, device_scale_factor=2)
    tab = context.new_page()
    try:
        tab.goto(live_server + "/nl/timeline?start=3+december+2026")
        tab.locator("#day-7 > details > summary").click()
        tab.locator("#day-7 details.term-note summary").first.click()
        overflow = tab.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 1
        screenshot(tab, "timeline-8-zoom-200-nl")
        axe_check(tab)
    finally:
        context.close()
