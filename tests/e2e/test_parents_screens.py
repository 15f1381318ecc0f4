"""Parent information, glossary, privacy and accessibility pages in a real browser at phone size."""
import pytest

from tests.conftest import screenshot

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("path", [
    "/nl/info/what-happens", "/en/info/side-effects", "/nl/info/consent", "/en/info/who-can-take-part",
    "/nl/glossary", "/en/privacy", "/nl/accessibility",
])
def test_parent_pages_on_a_phone(live_server, browser_page, axe_check, path):
    response = browser_page.goto(live_server + path)
    assert response.status == 200
    assert browser_page.evaluate("document.documentElement.scrollWidth") <= 390, "page scrolls sideways"
    # Placeholders are visible, never hidden: a family sees what the site still has to fill in.
    marks = browser_page.locator("main mark.placeholder")
    for i in range(marks.count()):
        assert marks.nth(i).is_visible()
    screenshot(browser_page, "parents" + path.replace("/", "_"))
    axe_check(browser_page)


def test_glossary_link_from_a_section_lands_on_its_term(live_server, browser_page):
    browser_page.goto(live_server + "/en/info/background")
    link = browser_page.locator("main a.term", has_text="interleukin-1").first
    link.click()  # the explanation opens in place (a <details> below the paragraph) ...
    explanation = browser_page.locator("#explain-interleukin-1")
    assert explanation.is_visible() and "/en/info/background" in browser_page.url
    explanation.locator(".term-note-more a").click()  # ... and leads on to the word list
    assert browser_page.url.endswith("#term-interleukin-1") and "/en/glossary?from=" in browser_page.url
    assert browser_page.locator("#term-interleukin-1").is_visible()
