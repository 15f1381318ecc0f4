"""Family pages on a phone (issue 14: 1, 2, 5, 6), in a real browser at 390×844 and at 200% zoom
(a 195×422 CSS px viewport, what 200% zoom of a 390 px phone gives): the error summary takes the
focus, 40 px radio buttons, a focus ring that stands out in light and dark mode, the word before
a sensitive question, no sideways scrolling and a usable header, no internals in the footer."""
import re

import pytest

from tests.conftest import screenshot

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
ZOOM_200 = {"width": 195, "height": 422}

FAMILY_PAGES = [
    ("home", "/nl/"),
    ("info-index", "/en/info/"),
    ("info-page", "/nl/info/what-happens"),
    ("info-young", "/nl/info/12-15/"),
    ("chat", "/nl/chat"),
    ("prescreen-start", "/en/prescreen/"),
    ("timeline", "/nl/timeline?start=2026-05-04"),
    ("timeline-bad-date", "/en/timeline?start=31-02-2026"),
    ("glossary", "/en/glossary"),
    ("privacy", "/nl/privacy"),
]


def contrast(a, b):
    """WCAG contrast ratio of two "rgb(r, g, b)" colours."""
    def luminance(rgb):
        def channel(c):
            c = c / 255
            return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
        r, g, b = (channel(c) for c in rgb)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def rgb(text):
    return tuple(int(float(x)) for x in re.findall(r"[\d.]+", text)[:3])


FOCUS_STYLE = """el => {
  const bg = node => {  // the first painted background at or above node
    for (; node && node.nodeType === 1; node = node.parentElement) {
      const c = getComputedStyle(node).backgroundColor;
      if (c && c !== 'transparent' && !c.startsWith('rgba(0, 0, 0, 0)')) return c;
    }
    return getComputedStyle(document.body).backgroundColor;
  };
  const s = getComputedStyle(el);
  return {tag: el.tagName + '.' + el.className, outline: s.outlineColor, width: parseFloat(s.outlineWidth),
          style: s.outlineStyle, shadow: s.boxShadow, own: bg(el), behind: bg(el.parentElement)};
}"""


def submit(tab, selector):
    """Press a button that posts the form, and wait for the next page."""
    with tab.expect_navigation():
        tab.locator(selector).click()


def family_walk_to(tab, base, lang, step):
    """Start the family pre-screen and answer up to (not including) `step`, as a 14-year-old girl."""
    tab.goto(f"{base}/{lang}/prescreen/")
    submit(tab, "#start-family")
    tab.locator("#years").fill("14")
    submit(tab, "button[value=continue]")
    while not tab.url.endswith(f"/family/{step}"):
        if tab.locator("#weight_kg").count():
            tab.locator("#weight_kg").fill("45")
        elif tab.locator("#sex-female").count():
            tab.locator("#sex-female").check()
        elif tab.url.rsplit("/", 1)[-1] in ("cancer", "icu", "infection"):
            tab.locator("#choice-yes").check()  # what the study is for
        else:
            tab.locator("#choice-no").check()
        submit(tab, "button[value=continue]")


# --- 1. tap and see ---------------------------------------------------------------------------------

@pytest.mark.parametrize("viewport", [PHONE, ZOOM_200], ids=["390", "zoom200"])
def test_radio_buttons_and_checkboxes_are_40px_and_never_shrink(live_server, browser, viewport):
    context = browser.new_context(viewport=viewport)
    tab = context.new_page()
    try:
        family_walk_to(tab, live_server, "en", "pregnancy")
        # a very long label beside one of them, and a checkbox with a long label too
        tab.evaluate("""() => {
          document.querySelector('label[for=choice-yes]').textContent = 'Yes, and this label goes on and on '.repeat(8);
          const row = document.createElement('div'); row.className = 'checkbox';
          row.innerHTML = '<input type="checkbox" id="probe"><label for="probe">' + 'A long label beside a checkbox '.repeat(8) + '</label>';
          document.querySelector('fieldset').append(row);
        }""")
        for selector in ("#choice-yes", "#choice-no", "#choice-unknown", "#probe"):
            box = tab.locator(selector).bounding_box()
            assert box["width"] >= 40 and box["height"] >= 40, (selector, box)
        # the label is part of the target: tapping its text chooses the answer
        tab.locator("label[for=choice-no]").click()
        assert tab.locator("#choice-no").is_checked()
        assert tab.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_focus_ring_stands_out_against_every_background(live_server, browser, scheme):
    """Tab through a page with a header, buttons, radio buttons and links: the outer ring has 3:1
    against what is around the element, and one of the two rings 3:1 against the element itself."""
    context = browser.new_context(viewport=PHONE, color_scheme=scheme)
    tab = context.new_page()
    try:
        family_walk_to(tab, live_server, "en", "limits")
        seen = set()
        for _ in range(14):
            tab.keyboard.press("Tab")
            style = tab.evaluate(f"({FOCUS_STYLE})(document.activeElement)")
            if style["tag"].startswith("BODY"):
                continue
            seen.add(style["tag"])
            assert style["style"] == "solid" and style["width"] >= 2, style
            outer, inner = rgb(style["outline"]), rgb(style["shadow"])
            behind, own = rgb(style["behind"]), rgb(style["own"])
            assert contrast(outer, behind) >= 3, style
            assert max(contrast(outer, own), contrast(inner, own)) >= 3, style
        assert any(t.startswith("BUTTON") for t in seen) and any(t.startswith("INPUT") for t in seen)
        assert any(t.startswith("A.lang-switch") for t in seen)
        tab.locator("#choice-no").focus()
        tab.keyboard.press("ArrowUp")
        screenshot(tab, f"family-focus-ring-{scheme}")
    finally:
        context.close()


def focus_lands_on(tab, element_id: str) -> None:
    """The element gets the focus. `autofocus` is applied by the browser at its next rendering
    step after the page loaded, not at once, so this waits for it (and fails after 5 s)."""
    tab.wait_for_function(f"document.activeElement && document.activeElement.id === {element_id!r}", timeout=5000)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_after_an_error_the_focus_is_on_the_error_summary(live_server, browser, javascript):
    """Pre-screen, timeline date and chat: the summary at the top has the focus and links to the field."""
    context = browser.new_context(viewport=PHONE, java_script_enabled=javascript)
    tab = context.new_page()
    try:
        tab.goto(live_server + "/nl/prescreen/")
        submit(tab, "#start-family")
        submit(tab, "button[value=continue]")  # nothing filled in
        focus_lands_on(tab, "error-summary")
        summary = tab.locator("#error-summary")
        assert "Kijk uw antwoord nog even na" in summary.inner_text()
        screenshot(tab, f"family-error-prescreen-{'js' if javascript else 'nojs'}")
        summary.get_by_role("link").click()
        tab.wait_for_function("document.activeElement.id === 'years'")

        tab.goto(live_server + "/nl/timeline?start=31-02-2026")
        focus_lands_on(tab, "error-summary")
        assert tab.locator("#start").input_value() == "31-02-2026"  # what was typed stays
        tab.locator("#error-summary a").click()
        tab.wait_for_function("document.activeElement.id === 'start'")

        tab.goto(live_server + "/en/chat")
        if javascript:
            tab.locator("#chat-form button[type=submit]").click()  # an empty question
            tab.wait_for_selector("#error-summary")
        else:
            submit(tab, "#chat-form button[type=submit]")
        focus_lands_on(tab, "error-summary")
        assert "Type a question" in tab.locator("#error-summary").inner_text()
        screenshot(tab, f"family-error-chat-{'js' if javascript else 'nojs'}")
    finally:
        context.close()


def test_error_summary_is_calm_and_passes_axe(live_server, browser_page, axe_check):
    tab = browser_page
    family_walk_to(tab, live_server, "en", "cancer")
    submit(tab, "button[value=continue]")
    summary = tab.locator("#error-summary")
    assert "Not sure? Then choose 'I don't know'." in summary.inner_text()
    colour = rgb(summary.evaluate("el => getComputedStyle(el).borderLeftColor"))
    assert not (colour[0] > 150 and colour[1] < 60 and colour[2] < 60), f"alarm red: {colour}"
    axe_check(tab)


# --- 2. a kind pre-screen -----------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_word_before_the_sensitive_questions(live_server, browser_page, axe_check, lang):
    tab = browser_page
    family_walk_to(tab, live_server, lang, "limits")
    notice = tab.locator("#sensitive-notice")
    assert notice.is_visible()
    assert notice.bounding_box()["y"] < tab.locator("h1").bounding_box()["y"]  # read before the question
    assert tab.locator(".prescreen-progress").inner_text().endswith("6 " + ("van" if lang == "nl" else "of") + " 12")
    screenshot(tab, f"family-sensitive-limits-{lang}")
    axe_check(tab)
    submit(tab, "button[value=skip]")  # skipped: on to the next question, no error
    assert tab.url.endswith("/family/allergy")
    family_walk_to(tab, live_server, lang, "pregnancy")
    assert tab.locator("#sensitive-notice").is_visible()
    assert tab.locator(".prescreen-progress").inner_text().endswith("12")
    screenshot(tab, f"family-sensitive-pregnancy-{lang}")
    axe_check(tab)


def test_the_count_never_jumps(live_server, browser_page):
    """A child of 6: sex and pregnancy do not apply, yet the count says "of 12" from the first page."""
    tab = browser_page
    tab.goto(live_server + "/en/prescreen/")
    assert "at most 12 questions" in tab.locator("main").inner_text()
    submit(tab, "#start-family")
    counts = []
    while "/family/check" not in tab.url:
        counts.append(tab.locator(".prescreen-progress").inner_text())
        if tab.locator("#years").count():
            tab.locator("#years").fill("6")
            submit(tab, "button[value=continue]")
        elif tab.locator("#weight_kg").count():
            submit(tab, "button[value=unknown]")
        else:
            tab.locator("#choice-unknown").check()
            submit(tab, "button[value=continue]")
    assert counts == [f"Question {n} of 12" for n in range(1, 11)]
    submit(tab, "main form button[type=submit]")
    assert "all the usual care for your child goes on" in tab.locator(".usual-care").inner_text()


# --- 5 and 6. zoom, small screens, no internals --------------------------------------------------------

@pytest.mark.parametrize("name,path", FAMILY_PAGES, ids=[n for n, _ in FAMILY_PAGES])
def test_200_percent_zoom_on_a_phone(live_server, browser, axe_check, name, path):
    """Nothing scrolls sideways, the language switch and "Ask a question" stay visible and tappable,
    axe finds nothing; screenshots at 390 px and at 200%, light and dark, for people to look at."""
    for scheme in ("light", "dark"):
        for label, viewport, scale in (("390", PHONE, 1), ("zoom200", ZOOM_200, 2)):
            context = browser.new_context(viewport=viewport, device_scale_factor=scale, color_scheme=scheme)
            tab = context.new_page()
            try:
                response = tab.goto(live_server + path)
                assert response.status == (400 if "bad-date" in name else 200)
                width = tab.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
                assert width[0] <= width[1], f"{path} at {label}: scrolls sideways {width}"
                client_width = width[1]
                switch = tab.locator("a.lang-switch")
                ask = tab.locator(".main-nav a[href$='/chat']")
                for target in (switch, ask):
                    box = target.bounding_box()
                    assert target.is_visible() and box["x"] >= 0 and box["x"] + box["width"] <= client_width, (path, box)
                    assert box["height"] >= 44, (path, box)
                assert "Content version" not in tab.content() and "Versie van de teksten" not in tab.content()
                screenshot(tab, f"family-{name}-{label}-{scheme}")
                axe_check(tab)
                if label == "zoom200" and scheme == "light":
                    other = tab.evaluate("document.documentElement.lang")
                    with tab.expect_navigation():
                        switch.click()  # the switch works at 200%
                    assert tab.evaluate("document.documentElement.lang") != other
            finally:
                context.close()


def test_prescreen_question_and_error_at_200_percent(live_server, browser, axe_check):
    for scheme in ("light", "dark"):
        context = browser.new_context(viewport=ZOOM_200, device_scale_factor=2, color_scheme=scheme)
        tab = context.new_page()
        try:
            family_walk_to(tab, live_server, "nl", "limits")
            submit(tab, "button[value=continue]")
            focus_lands_on(tab, "error-summary")
            assert tab.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
            for selector in ("#choice-yes", "#choice-no", "#choice-unknown"):
                box = tab.locator(selector).bounding_box()
                assert box["width"] >= 40 and box["height"] >= 40
            screenshot(tab, f"family-prescreen-limits-error-zoom200-{scheme}")
            axe_check(tab)
        finally:
            context.close()
