"""A parent's path through the information at phone size, in a real browser, with axe on every page type."""
import re

import pytest

from tests.conftest import screenshot

pytestmark = pytest.mark.e2e


def test_home_to_section_to_other_language_to_glossary(live_server, browser_page, axe_check):
    tab = browser_page
    tab.goto(live_server + "/", wait_until="domcontentloaded")
    assert re.search(r"/(nl|en)/$", tab.url)
    tab.goto(live_server + "/nl/")
    screenshot(tab, "info-1-home-nl")
    axe_check(tab)

    tab.get_by_role("link", name="Lees over het onderzoek").click()
    assert tab.url.endswith("/nl/info/")
    screenshot(tab, "info-2-index-nl")
    axe_check(tab)

    tab.locator(".section-list a").nth(3).click()
    heading = tab.locator("h1").inner_text()
    assert "/nl/info/" in tab.url and heading
    screenshot(tab, "info-3-section-nl")
    axe_check(tab)

    tab.locator("a.lang-switch").click()
    assert "/en/info/" in tab.url
    assert tab.locator("html").get_attribute("lang") == "en"
    assert tab.locator("h1").inner_text() != heading
    screenshot(tab, "info-4-section-en")

    # a term's explanation opens in place: its note below the paragraph, a native <details>
    section_url = tab.url
    term = tab.locator("a.term").first
    term_name = term.inner_text()
    note = tab.locator("details.term-note", has=tab.locator(term.get_attribute("href"))).first
    assert note.locator(".term-note-text").is_hidden()
    note.locator("summary").click()
    assert note.locator(".term-note-text").is_visible() and tab.url == section_url
    assert term_name.lower() in note.locator("summary").inner_text().lower()
    screenshot(tab, "info-5-term-open-en")
    axe_check(tab)

    # tapping the word itself also opens its explanation, without leaving the page
    note.locator("summary").click()
    assert note.locator(".term-note-text").is_hidden()
    term.click()
    assert note.evaluate("d => d.open") and tab.url.split("#")[0] == section_url

    # the whole word list is one tap further, and leads back to the page
    note.locator(".term-note-more a").click()
    assert "/en/glossary?from=" in tab.url and "#term-" in tab.url
    target = tab.url.split("#", 1)[1]
    assert tab.locator(f"#{target}").is_visible()
    assert term_name.lower()[:4] in tab.locator(f"#{target}").inner_text().lower()
    screenshot(tab, "info-6-glossary-en")
    axe_check(tab)
    tab.get_by_role("link", name="Back to the page you were reading").first.click()
    assert tab.url == section_url


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_page_type_is_accessible(live_server, browser_page, axe_check, lang):
    paths = [f"/{lang}/", f"/{lang}/info/", f"/{lang}/info/purpose", f"/{lang}/info/16-17/",
             f"/{lang}/info/12-15/your-say", f"/{lang}/info/under-12/", f"/{lang}/info/under-12/hello",
             f"/{lang}/glossary", f"/{lang}/info/print", f"/{lang}/privacy", f"/{lang}/accessibility",
             f"/{lang}/info/no-such-page"]
    for path in paths:
        browser_page.goto(live_server + path)
        axe_check(browser_page)
    screenshot(browser_page, f"info-404-{lang}")


def test_dark_mode_and_large_text_stay_accessible(browser, live_server, axe_check):
    context = browser.new_context(viewport={"width": 390, "height": 844}, color_scheme="dark")
    tab = context.new_page()
    tab.goto(live_server + "/en/info/side-effects")
    axe_check(tab)
    screenshot(tab, "info-dark-en")
    # WCAG 1.4.10 reflow: at 320 CSS pixels wide (a laptop at 400% zoom) nothing scrolls sideways
    tab.set_viewport_size({"width": 320, "height": 640})
    tab.goto(live_server + "/nl/info/data-and-privacy")
    overflow = tab.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1
    context.close()


def test_pages_work_without_javascript(browser, live_server):
    context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    tab = context.new_page()
    tab.goto(live_server + "/nl/info/")
    tab.locator(".section-list a").first.click()
    tab.locator("a[rel=next]").click()
    assert tab.locator("h1").count() == 1
    # a term's explanation opens without JavaScript too
    tab.goto(live_server + "/nl/info/background")
    note = tab.locator("details.term-note").first
    note.locator("summary").click()
    assert note.locator(".term-note-text").is_visible()
    context.close()


def test_term_notes_at_200_percent_zoom(browser, live_server, axe_check):
    context = browser.new_context(viewport={"width": 195, "height": 422}, device_scale_factor=2)
    tab = context.new_page()
    try:
        tab.goto(live_server + "/nl/info/background")
        for n in range(tab.locator("details.term-note").count()):
            tab.locator("details.term-note summary").nth(n).click()
        overflow = tab.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 1
        screenshot(tab, "info-7-term-notes-zoom-200-nl")
        axe_check(tab)
        tab.locator("details.term-note .term-note-more a").first.click()
        back = tab.get_by_role("link", name="Terug naar de pagina waar u was").first
        assert back.is_visible()
        screenshot(tab, "info-8-glossary-back-zoom-200-nl")
        axe_check(tab)
    finally:
        context.close()
