"""The screens for young readers in a real browser at phone size: icons load, nothing scrolls sideways, axe is clean."""
import pytest

from tests.conftest import screenshot

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("path", [
    "/nl/info/under-12/hello", "/en/info/under-12/you-can-say-no", "/nl/info/under-12/",
    "/en/info/12-15/your-say", "/nl/info/16-17/side-effects",
])
def test_young_readers_screen_on_a_phone(live_server, browser_page, axe_check, path):
    response = browser_page.goto(live_server + path)
    assert response.status == 200
    assert browser_page.evaluate("document.documentElement.scrollWidth") <= 390, "page scrolls sideways"
    images = browser_page.locator("main img")
    for i in range(images.count()):
        img = images.nth(i)
        assert img.get_attribute("alt") == "", "icons are decorative"
        assert img.evaluate("el => el.complete && el.naturalWidth > 0"), f"icon did not load: {img.get_attribute('src')}"
    if "/under-12/" in path and not path.endswith("/"):
        assert images.count() >= 1, "an under-12 screen shows its icon"
        box = images.first.bounding_box()
        assert box["width"] >= 48 and box["x"] >= 0 and box["x"] + box["width"] <= 390
    screenshot(browser_page, "youth" + path.replace("/", "_").rstrip("_"))
    axe_check(browser_page)
