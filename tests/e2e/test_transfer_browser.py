"""In a real browser at phone size: a family page arrives compressed and styled with JavaScript
off, and a second visit fetches no CSS, JS or image again and gets the page as `304`."""
import pytest

from tests.conftest import screenshot

SECTION = "/nl/info/what-happens"


class Network:
    """Every response of a tab as the browser saw it (DevTools protocol): the status that came
    over the network (None when the browser's cache answered; a revalidated page shows 304
    there and 200 in the response it hands the page), encoding, and bytes over the network."""

    def __init__(self, context, tab):
        self.seen: dict[str, dict] = {}
        cdp = context.new_cdp_session(tab)
        cdp.send("Network.enable")
        cdp.on("Network.responseReceived", self._response)
        cdp.on("Network.responseReceivedExtraInfo", lambda e: self._entry(e["requestId"]).update(wire=e["statusCode"]))
        cdp.on("Network.loadingFinished", lambda e: self._entry(e["requestId"]).update(bytes=e["encodedDataLength"]))

    def _entry(self, request_id: str) -> dict:
        return self.seen.setdefault(request_id, {"wire": None, "bytes": None})

    def _response(self, event):
        response = event["response"]
        headers = {k.lower(): v for k, v in response["headers"].items()}
        self._entry(event["requestId"]).update(url=response["url"], type=event["type"], status=response["status"],
                                               encoding=headers.get("content-encoding"))

    def of_type(self, *types) -> list[dict]:
        return [r for r in self.seen.values() if r.get("type") in types]


def visit(context, url: str):
    tab = context.new_page()
    network = Network(context, tab)
    tab.goto(url, wait_until="load")
    tab.wait_for_load_state("networkidle")
    return tab, network


@pytest.mark.e2e
def test_a_page_is_compressed_styled_without_javascript_and_kept(browser, live_server):
    context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    try:
        tab, first = visit(context, live_server + SECTION)
        (document,) = first.of_type("Document")
        assert document["status"] == 200 and document["encoding"] == "br"
        files = first.of_type("Stylesheet", "Image")
        assert any(f["type"] == "Stylesheet" for f in files)
        for item in files:
            assert item["status"] == 200, item
            assert "/static/" in item["url"], item
        assert all(f["encoding"] == "br" for f in files if f["type"] == "Stylesheet")
        # every stylesheet arrived and applies (a blocked or broken one has no rules)
        assert tab.evaluate("[...document.styleSheets].every(s => s.cssRules.length > 0)")
        assert tab.evaluate("document.styleSheets.length") >= 1
        assert tab.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        assert tab.locator("main h1").is_visible()
        screenshot(tab, "transfer-section-no-js-390")
        tab.close()

        tab, repeat = visit(context, live_server + SECTION)
        (document,) = repeat.of_type("Document")
        assert document["wire"] == 304, "the page is asked again with its ETag and has not changed"
        again = repeat.of_type("Stylesheet", "Script", "Image")
        assert again, "the page still uses its files"
        for item in again:
            assert item["wire"] is None and not item["bytes"], f"{item['url']} was fetched again"
        assert tab.locator("main h1").is_visible()
    finally:
        context.close()
