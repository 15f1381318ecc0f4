"""The chat at phone size in a real browser: with JavaScript (answers inline) and without (form posts)."""
import pytest

from tests.conftest import screenshot

pytestmark = pytest.mark.e2e


def test_ask_inline_with_javascript(live_server, browser_page, axe_check):
    tab = browser_page
    tab.goto(live_server + "/en/chat")
    axe_check(tab)
    screenshot(tab, "chat-1-empty-en")

    tab.get_by_label("Your question").fill("what are the side efects of kineret?")
    with tab.expect_response(lambda r: r.url.endswith("/api/chat")) as response:
        tab.get_by_role("button", name="Ask", exact=True).click()
    assert response.value.status == 200
    turn = tab.locator(".chat-turn").last
    turn.wait_for()
    assert tab.url.endswith("/en/chat"), "no page load: the answer came inline"
    assert "side effects" in turn.locator(".chat-reply").inner_text()
    source = turn.locator(".chat-source a")
    assert source.get_attribute("href") == "/en/info/side-effects"
    assert tab.locator("#chat-log").get_attribute("role") == "log"  # announced to screen readers
    assert tab.get_by_label("Your question").input_value() == ""
    screenshot(tab, "chat-2-answer-en")
    axe_check(tab)

    # "Was this helpful?" without leaving the page
    turn.get_by_role("button", name="No").click()
    turn.locator(".chat-thanks").wait_for()

    # a suggested question is a button that asks it
    tab.locator(".chat-starters button").first.click()
    tab.locator(".chat-turn").nth(1).wait_for()
    assert tab.locator(".chat-turn").count() == 2

    # an emergency in the other language
    tab.get_by_label("Your question").fill("mijn zoon ademt niet")
    tab.get_by_role("button", name="Ask", exact=True).click()
    emergency = tab.locator(".chat-turn").nth(2).locator(".chat-reply.chat-emergency")
    emergency.wait_for()
    assert "112" in emergency.inner_text()
    screenshot(tab, "chat-3-emergency")
    axe_check(tab)

    # not found, with "Did you mean…" buttons
    tab.get_by_label("Your question").fill("what time does the cafeteria open")
    tab.get_by_role("button", name="Ask", exact=True).click()
    tab.locator(".chat-turn").nth(3).wait_for()
    assert "chat-not_found" in tab.locator(".chat-turn").nth(3).locator(".chat-reply").get_attribute("class")
    axe_check(tab)


def test_form_path_without_javascript(live_server, browser, axe_check):
    context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    tab = context.new_page()
    try:
        tab.goto(live_server + "/nl/chat")
        tab.get_by_label("Uw vraag").fill("hoelang duurt het onderzoek?")
        tab.get_by_role("button", name="Vraag", exact=True).click()
        assert tab.url.endswith("/nl/chat#latest")
        latest = tab.locator("#latest")
        assert "28 dagen" in latest.inner_text()
        assert latest.locator(".chat-source a").count() == 1
        screenshot(tab, "chat-4-nojs-nl")

        tab.locator(".chat-starters button").first.click()
        assert tab.locator(".chat-turn").count() == 2
        tab.locator("#latest").get_by_role("button", name="Nee").click()
        assert tab.locator("#latest .chat-thanks").count() == 1

        tab.get_by_label("Uw vraag").fill("   ")
        tab.get_by_role("button", name="Vraag", exact=True).click()
        assert "Typ een vraag." in tab.locator(".error-summary").inner_text()
        screenshot(tab, "chat-5-nojs-error-nl")
        # axe needs JavaScript: check the same conversation, rendered by the server, in a tab that has it
        checked = browser.new_context(viewport={"width": 390, "height": 844}, storage_state=context.storage_state())
        try:
            with_js = checked.new_page()
            with_js.goto(live_server + "/nl/chat")
            assert with_js.locator(".chat-turn").count() == 2
            axe_check(with_js)
        finally:
            checked.close()
    finally:
        context.close()
