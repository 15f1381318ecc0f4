""""Read aloud" (static/js/read-aloud.js) in a real browser at phone size.

window.speechSynthesis is replaced by a stub (page.add_init_script) that records what would be
spoken: the test checks the button appears only where speech and a voice for the page's
language exist, and that speak() gets the text with the right language. Nothing is spoken."""
import json

import pytest

from tests.conftest import screenshot

pytestmark = pytest.mark.e2e

STUB = """
(() => {
  const voices = %s;
  window.__spoken = []; window.__calls = [];
  window.SpeechSynthesisUtterance = class { constructor(text) { this.text = text; this.lang = ""; this.voice = null; } };
  const synth = {
    speaking: false, paused: false, current: null,
    getVoices() { return voices; },
    speak(u) { window.__spoken.push({text: u.text, lang: u.lang, voice: u.voice && u.voice.name}); this.current = u; this.speaking = true; },
    pause() { window.__calls.push("pause"); this.paused = true; },
    resume() { window.__calls.push("resume"); this.paused = false; },
    cancel() { window.__calls.push("cancel"); this.speaking = false; this.current = null; },
    addEventListener() {}, removeEventListener() {},
  };
  Object.defineProperty(window, "speechSynthesis", {value: synth, configurable: true});
})();
"""
NO_SPEECH = """Object.defineProperty(window, "speechSynthesis", {value: undefined, configurable: true});"""
DUTCH_AND_ENGLISH = [{"name": "Xander", "lang": "nl-NL"}, {"name": "Daniel", "lang": "en-GB"},
                     {"name": "Samantha", "lang": "en-US"}]


def with_voices(tab, voices):
    tab.add_init_script(STUB % json.dumps(voices))
    return tab


def spoken(tab):
    return tab.evaluate("window.__spoken")


def finish_utterance(tab):
    """What the browser does when it has spoken one utterance."""
    tab.evaluate("() => { const u = window.speechSynthesis.current; u && u.onend && u.onend({}); }")


def test_information_page_reads_aloud_in_dutch(live_server, browser_page, axe_check):
    tab = with_voices(browser_page, DUTCH_AND_ENGLISH)
    tab.goto(live_server + "/nl/info/purpose")
    button = tab.get_by_role("button", name="Lees voor")
    assert button.count() == 1 and button.is_visible()
    box = button.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44
    assert tab.locator(".read-aloud-stop").is_hidden()
    screenshot(tab, "read-aloud-1-info-nl")
    axe_check(tab)

    button.click()
    said = spoken(tab)
    assert len(said) == 1 and said[0]["lang"] == "nl-NL" and said[0]["voice"] == "Xander"
    assert said[0]["text"].startswith(tab.locator("h1").inner_text())
    assert "Lees voor" not in said[0]["text"] and "wat betekent dat" not in said[0]["text"]

    # where the browser reports word boundaries, the word being read is highlighted
    tab.evaluate("() => window.speechSynthesis.current.onboundary({name: 'word', charIndex: 0, charLength: 4})")
    assert tab.evaluate("CSS.highlights.has('read-aloud')")

    pause = tab.get_by_role("button", name="Pauzeer")
    pause.click()
    tab.get_by_role("button", name="Ga verder").click()
    assert tab.evaluate("window.__calls").count("pause") == 1 and "resume" in tab.evaluate("window.__calls")
    screenshot(tab, "read-aloud-2-speaking-nl")
    axe_check(tab)

    # sentence by sentence: the next part only when the one before has been spoken
    finish_utterance(tab)
    assert len(spoken(tab)) == 2 and spoken(tab)[1]["text"] != said[0]["text"]

    tab.get_by_role("button", name="Stop").click()
    assert "cancel" in tab.evaluate("window.__calls")
    assert tab.get_by_role("button", name="Lees voor").is_visible() and tab.locator(".read-aloud-stop").is_hidden()
    assert not tab.evaluate("CSS.highlights.has('read-aloud')")


def test_english_page_uses_an_english_voice(live_server, browser_page):
    tab = with_voices(browser_page, [{"name": "Samantha", "lang": "en-US"}, {"name": "Xander", "lang": "nl-NL"}])
    tab.goto(live_server + "/en/info/purpose")
    tab.get_by_role("button", name="Read aloud").click()
    assert spoken(tab)[0]["lang"] == "en-US"  # en-GB preferred, any English voice will do


@pytest.mark.parametrize("init", [None, NO_SPEECH, STUB % json.dumps([{"name": "Daniel", "lang": "en-GB"}])],
                         ids=["headless-chromium-without-voices", "no-speech-synthesis", "no-dutch-voice"])
def test_no_button_without_speech_or_a_voice(live_server, browser_page, init):
    tab = browser_page
    if init:
        tab.add_init_script(init)
    tab.goto(live_server + "/nl/info/purpose")
    tab.wait_for_load_state("load")
    assert tab.locator(".read-aloud-box").count() == 0
    assert tab.get_by_role("button", name="Lees voor").count() == 0


def test_no_button_without_javascript(browser, live_server):
    context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    tab = context.new_page()
    try:
        tab.goto(live_server + "/nl/timeline")
        assert tab.get_by_role("button", name="Lees voor").count() == 0
        tab.goto(live_server + "/en/info/purpose")
        assert tab.get_by_role("button", name="Read aloud").count() == 0
    finally:
        context.close()


def test_timeline_day_reads_aloud_with_its_title(live_server, browser_page, axe_check):
    tab = with_voices(browser_page, DUTCH_AND_ENGLISH)
    tab.goto(live_server + "/nl/timeline?start=3-12-2026")
    tab.locator("#day-3 > details > summary").click()
    button = tab.locator("#day-3").get_by_role("button", name="Lees voor")
    assert button.is_visible()
    assert tab.locator("#day-3 .read-aloud").get_attribute("aria-label").startswith("Lees voor: Dag 3")
    button.click()
    said = spoken(tab)[0]
    assert said["lang"] == "nl-NL" and said["text"].startswith("Dag 3")
    assert "zo 6 december" in said["text"]  # the day's date, as the page shows it
    screenshot(tab, "read-aloud-3-timeline-day-nl")
    axe_check(tab)

    # starting another day stops the first
    tab.locator("#day-4 > details > summary").click()
    tab.locator("#day-4").get_by_role("button", name="Lees voor").click()
    assert spoken(tab)[-1]["text"].startswith("Dag 4") and "cancel" in tab.evaluate("window.__calls")
    assert tab.locator("#day-3").get_by_role("button", name="Lees voor").is_visible()


def test_chat_answer_reads_aloud(live_server, browser_page):
    tab = with_voices(browser_page, DUTCH_AND_ENGLISH)
    tab.goto(live_server + "/en/chat")
    tab.locator("textarea[name=question]").fill("What is anakinra?")
    tab.locator("#chat-form button[type=submit]").click()
    button = tab.locator(".chat-reply").last.get_by_role("button", name="Read aloud")
    button.wait_for()
    button.click()
    said = spoken(tab)[0]
    assert said["lang"] == "en-GB" and said["text"] in tab.locator(".chat-reply .prose").last.inner_text()
    screenshot(tab, "read-aloud-4-chat-en")


def test_empty_and_very_long_texts_do_not_block(live_server, browser_page):
    tab = with_voices(browser_page, DUTCH_AND_ENGLISH)
    tab.goto(live_server + "/nl/info/purpose")
    tab.evaluate("""() => {
      const empty = document.createElement("div");
      empty.setAttribute("data-read-aloud", ""); empty.id = "empty";
      const long = document.createElement("div");
      long.setAttribute("data-read-aloud", ""); long.id = "long";
      long.textContent = Array.from({length: 3000}, (_, i) => "Dit is zin nummer " + i + ".").join(" ")
        + " " + "woord".repeat(2000);
      document.querySelector("main").append(empty, long);
    }""")
    tab.locator("#long .read-aloud-play").wait_for()
    assert tab.locator("#empty .read-aloud-box").count() == 0  # nothing to read: no button
    tab.locator("#long .read-aloud-play").click()
    said = spoken(tab)
    assert len(said) == 1 and len(said[0]["text"]) <= 330  # one short part at a time
    assert tab.locator("h1").inner_text()  # the page still answers
    for _ in range(3):
        finish_utterance(tab)
    assert len(spoken(tab)) == 4 and all(len(s["text"]) <= 330 for s in spoken(tab))


def test_read_aloud_at_200_percent_zoom(browser, live_server, axe_check):
    context = browser.new_context(viewport={"width": 195, "height": 422}, device_scale_factor=2)
    tab = with_voices(context.new_page(), DUTCH_AND_ENGLISH)
    try:
        tab.goto(live_server + "/nl/info/purpose")
        tab.get_by_role("button", name="Lees voor").click()
        overflow = tab.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 1
        screenshot(tab, "read-aloud-5-zoom-200-nl")
        axe_check(tab)
    finally:
        context.close()
