"""The chat at phone size in a real browser: with JavaScript (answers inline) and without (form posts)."""
import re

import pytest
from playwright.sync_api import expect

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
    tab.get_by_label("Your question").fill("where is the chapel")
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
        assert "tot dag 28" in latest.inner_text()
        assert "[[" not in latest.inner_text()  # a site fact shows as its value or calm sentence
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


# Questions of our own that the chat answers as a best guess ("medium"), on words only and with
# the sentence model alike: the page then says "I think you are asking: …".
MEDIUM = {"en": ("who pays the hospital bill", "Does taking part cost us anything?"),
          "nl": ("wie betaalt de ziekenhuisrekening", "Kost meedoen ons iets?")}


def zoomed(browser, storage_state):
    """A tab like the phone's at 200% zoom: half the CSS pixels, each drawn twice as large."""
    context = browser.new_context(viewport={"width": 195, "height": 422}, device_scale_factor=2,
                                  storage_state=storage_state)
    return context, context.new_page()


# what of the conversation sticks out on the right (nothing may: no sideways scrolling)
STICKING_OUT = """() => Array.from(document.querySelectorAll('#chat-log *'))
    .filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5)
    .map(e => e.tagName + '.' + e.className + ': ' + e.textContent.trim().slice(0, 40))"""


def said(locator) -> str:
    return " ".join(locator.inner_text().split())


def open_other_candidates(turn):
    """Opens "That is not my question" with the keyboard, as a visitor without a mouse would."""
    details = turn.locator("details.chat-other")
    assert details.get_attribute("open") is None
    details.locator("summary").focus()
    details.locator("summary").press("Enter")
    assert details.get_attribute("open") is not None
    return details


def test_medium_answer_with_javascript_survives_a_reload(live_server, browser, browser_page, axe_check):
    tab = browser_page
    question, matched = MEDIUM["en"]
    tab.goto(live_server + "/en/chat")
    tab.get_by_label("Your question").fill(question)
    with tab.expect_response(lambda r: r.url.endswith("/api/chat")) as response:
        tab.get_by_role("button", name="Ask", exact=True).click()
    reply = response.value.json()
    assert reply["confidence"] == "medium" and reply["matched_question"] == matched
    assert reply["suggestions"], "the other candidates come with a best guess"
    turn = tab.locator("#latest")
    turn.wait_for()
    assert tab.url.endswith("/en/chat"), "no page load: the answer came inline"
    assert said(turn.locator(".chat-matched")) == f"I think you are asking: {matched}"
    # only the new turn is announced, and the keyboard is at the new answer
    expect(tab.locator("#chat-status")).to_have_text(re.compile(r"^New answer: "))
    assert matched in tab.locator("#chat-status").text_content()
    assert tab.evaluate("document.activeElement.id") == "latest"
    assert tab.locator("#chat-log").get_attribute("aria-live") == "off"

    details = open_other_candidates(turn)
    candidates = details.get_by_role("button")
    assert candidates.count() == len(reply["suggestions"])
    assert candidates.first.inner_text() == reply["suggestions"][0]["question"]
    for box in (candidates.first.bounding_box(), details.locator("summary").bounding_box()):
        assert box["height"] >= 44, "large enough to tap"
    assert "ask the nurse" in details.locator(".chat-other-hint").inner_text()
    axe_check(tab)
    screenshot(tab, "chat-6-medium-open-en")

    # a follow-up carries the topics of the answer before
    tab.get_by_label("Your question").fill("and for the parking?")
    with tab.expect_request(lambda r: r.url.endswith("/api/chat")) as request:
        tab.get_by_role("button", name="Ask", exact=True).click()
    assert request.value.post_data_json["previous_topics"] == reply["topics"][:5]
    tab.locator(".chat-turn").nth(1).wait_for()

    # the conversation survives a reload: kept in this tab's sessionStorage, not on the server
    tab.reload()
    assert tab.locator(".chat-turn").count() == 2
    first = tab.locator(".chat-turn").first
    assert said(first.locator(".chat-matched")) == f"I think you are asking: {matched}"
    assert first.locator("details.chat-other button").count() == len(reply["suggestions"])
    assert tab.locator("#chat-status").text_content() == "", "nothing read out again after a reload"
    assert tab.locator("#chat-clear").is_visible()
    axe_check(tab)

    # 200% zoom, with the same conversation
    context, big = zoomed(browser, None)
    try:
        big.goto(live_server + "/en/chat")
        big.evaluate("([k, v]) => sessionStorage.setItem(k, v)",
                     ["companion-chat-en", tab.evaluate("sessionStorage.getItem('companion-chat-en')")])
        big.reload()
        open_other_candidates(big.locator(".chat-turn").first)
        big.locator(".chat-turn").first.scroll_into_view_if_needed()
        assert big.evaluate(STICKING_OUT) == []
        screenshot(big, "chat-7-medium-open-en-200")
    finally:
        context.close()

    # another candidate is one tap away, and is answered without a guess
    open_other_candidates(first).get_by_role("button").first.click()
    third = tab.locator(".chat-turn").nth(2)
    third.wait_for()
    assert third.locator(".chat-matched").count() == 0 and third.locator("details").count() == 0

    # "Start again" forgets the tab's conversation too
    tab.get_by_role("button", name="Start again").click()
    tab.wait_for_load_state()
    assert tab.locator(".chat-turn").count() == 0
    assert tab.evaluate("sessionStorage.getItem('companion-chat-en')") is None
    tab.reload()
    assert tab.locator(".chat-turn").count() == 0


def test_medium_answer_without_javascript(live_server, browser, axe_check):
    question, matched = MEDIUM["nl"]
    context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    tab = context.new_page()
    try:
        tab.goto(live_server + "/nl/chat")
        tab.get_by_label("Uw vraag").fill(question)
        tab.get_by_role("button", name="Vraag", exact=True).click()
        assert tab.url.endswith("/nl/chat#latest")
        latest = tab.locator("#latest")
        assert said(latest.locator(".chat-matched")) == f"Ik denk dat u dit vraagt: {matched}"
        details = open_other_candidates(latest)
        assert details.locator("summary").inner_text() == "Dit is niet mijn vraag"
        candidates = details.get_by_role("button")
        assert candidates.count() >= 1 and candidates.first.is_visible()
        assert "verpleegkundige" in details.locator(".chat-other-hint").inner_text()
        screenshot(tab, "chat-8-medium-open-nojs-nl")

        # axe needs JavaScript: the same conversation, rendered by the server, in a tab that has it
        state = context.storage_state()
        checked = browser.new_context(viewport={"width": 390, "height": 844}, storage_state=state)
        try:
            with_js = checked.new_page()
            with_js.goto(live_server + "/nl/chat")
            assert with_js.locator(".chat-turn").count() == 1
            open_other_candidates(with_js.locator("#latest"))
            axe_check(with_js)
        finally:
            checked.close()
        big_context = browser.new_context(viewport={"width": 195, "height": 422}, device_scale_factor=2,
                                          java_script_enabled=False, storage_state=state)
        try:
            big = big_context.new_page()
            big.goto(live_server + "/nl/chat#latest")
            open_other_candidates(big.locator("#latest"))
            assert big.evaluate(STICKING_OUT) == []
            screenshot(big, "chat-9-medium-open-nojs-nl-200")
        finally:
            big_context.close()

        # a candidate is a form post that asks it
        picked = candidates.first.inner_text()
        candidates.first.click()
        assert tab.url.endswith("/nl/chat#latest")
        assert tab.locator(".chat-turn").count() == 2
        assert tab.locator("#latest .chat-question").inner_text().endswith(picked)
        assert tab.locator("#latest .chat-matched").count() == 0
    finally:
        context.close()
