"""Staff content area in a real browser at laptop size under gunicorn (2 workers):
edit Dutch -> English shows outdated -> translate -> a second editor approves -> publish ->
the change is on the public page in both languages; axe on every staff page. And XSS
payloads typed into the editor: no dialog opens, no injected script in the DOM."""
import pytest

from companion import create_app
from companion.auth.testing import make_user
from tests.conftest import screenshot, start_server, stop_server
from tests.staff.xss import PAYLOADS

pytestmark = pytest.mark.e2e
PASSWORD = "content browser password"
PURPOSE = "info/parents/purpose.md"
NL_NEW = "Een zin die er net bij is gekomen voor de ouders."
EN_NEW = "A sentence that was just added for the parents."


@pytest.fixture(scope="module")
def content_server(tmp_path_factory):
    db_path = tmp_path_factory.mktemp("content") / "content.db"
    app = create_app({"DATABASE": str(db_path)})
    make_user(app, "ed@example.nl", "editor", PASSWORD)
    make_user(app, "eva@example.nl", "editor", PASSWORD)
    process, base = start_server(db_path)
    yield base
    stop_server(process)


@pytest.fixture
def laptop(browser):
    context = browser.new_context(viewport={"width": 1366, "height": 900}, device_scale_factor=1)
    tab = context.new_page()
    dialogs = []
    tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    tab.dialogs = dialogs
    yield tab
    context.close()


def sign_in(tab, base, email):
    tab.goto(base + "/staff/login?lang=en")
    tab.locator("#email").fill(email)
    tab.locator("#password").fill(PASSWORD)
    tab.get_by_role("button", name="Sign in").last.click()
    assert "/staff/login" not in tab.url


def sign_out(tab):
    tab.get_by_role("button", name="Sign out", exact=True).click()


def injected(tab) -> list[str]:
    return tab.evaluate("""() => {
        const out = [];
        for (const s of document.querySelectorAll('script')) {
            const own = s.src && new URL(s.src).origin === location.origin && new URL(s.src).pathname.startsWith('/static/js/');
            if (!own) out.push('script ' + (s.src || s.textContent.slice(0, 40)));  // the app's own files are no injection
        }
        for (const el of document.querySelectorAll('*')) {
            for (const a of el.attributes) {
                if (a.name.startsWith('on')) out.push(el.tagName + ' ' + a.name);
                if (/^\\s*(javascript|vbscript|data):/i.test(a.value) && ['href', 'src', 'action'].includes(a.name))
                    out.push(el.tagName + ' ' + a.name + '=' + a.value);
            }
        }
        for (const t of ['iframe', 'object', 'embed', 'svg', 'math', 'base', 'style', 'marquee'])
            if (document.querySelector('main ' + t)) out.push(t);
        return out;
    }""")


def test_edit_translate_approve_publish(content_server, laptop, axe_check):
    base, tab = content_server, laptop
    sign_in(tab, base, "ed@example.nl")
    tab.goto(base + "/staff/content")
    assert tab.locator("h1").inner_text() == "Content"
    axe_check(tab)
    tab.locator(f'tr[data-path="{PURPOSE}"] a').click()
    assert tab.locator("h1").inner_text() == f"Edit {PURPOSE}"
    axe_check(tab)
    nl_body = tab.locator("#nl-body")
    nl_body.fill(nl_body.input_value() + "\n" + NL_NEW + "\n")
    tab.get_by_role("button", name="Show preview").click()
    assert NL_NEW in tab.locator("#preview-nl").inner_text()
    tab.get_by_role("button", name="Save in draft").click()
    assert "draft=" in tab.url
    assert tab.locator("#state-en").inner_text() == "outdated"
    screenshot(tab, "staff-content-1-outdated")
    axe_check(tab)
    en_body = tab.locator("#en-body")
    en_body.fill(en_body.input_value() + "\n" + EN_NEW + "\n")
    tab.locator("#in-sync").check()
    tab.get_by_role("button", name="Save in draft").click()
    assert tab.locator("#state-en").inner_text() == "up to date"
    draft_url = tab.locator(".draft-banner a").get_attribute("href")
    tab.goto(base + draft_url)
    # the purpose changed: its chat answers and key points are flagged and block approval
    review = tab.locator("#review")
    assert "Review: section changed" in review.inner_text()
    flagged = review.locator("li.review-item")
    assert flagged.count() >= 2
    assert "review: section changed" in tab.locator("#check-errors").inner_text()
    screenshot(tab, "staff-content-1b-review")
    axe_check(tab)
    for i in range(flagged.count()):  # read each next to its section, then tick it
        flagged.nth(i).get_by_label("I read it: it still agrees with its section").check()
    tab.get_by_role("button", name="Confirm the ticked texts").click()
    assert "still agree with their section" in tab.locator("main").inner_text()
    assert tab.locator("#review").count() == 0
    assert tab.locator("#check-ok").is_visible()
    assert "another editor must approve" in tab.locator("main").inner_text()
    axe_check(tab)
    sign_out(tab)

    sign_in(tab, base, "eva@example.nl")
    tab.goto(base + draft_url)
    tab.locator("#approve-note").fill("Approved by the ethics committee on 1 May 2026")
    tab.get_by_role("button", name="Approve this draft").click()
    assert tab.locator("#draft-status").inner_text() == "approved"
    axe_check(tab)
    tab.locator("#publish-label").fill("v2, approved by the ethics committee on 1 May 2026")
    tab.get_by_role("button", name="Publish as new version").click()
    assert tab.locator("h1").inner_text() == "Versions"
    assert tab.locator("tr.live").inner_text().count("v2, approved") == 1
    screenshot(tab, "staff-content-2-published")
    axe_check(tab)
    tab.goto(base + "/staff/content/diff?a=1&b=2")
    purpose = tab.locator(".item-diff", has=tab.locator(f"code:text-is('{PURPOSE}')"))
    assert NL_NEW in purpose.locator(".diff-side[lang=nl] ins").first.inner_text()
    assert EN_NEW in purpose.locator(".diff-side[lang=en] ins").first.inner_text()
    axe_check(tab)

    for path, sentence in (("/nl/info/purpose", NL_NEW), ("/en/info/purpose", EN_NEW)):
        tab.goto(base + path)  # served by either worker: both see the new live version
        assert sentence in tab.locator("main").inner_text()
        axe_check(tab)
    assert not tab.dialogs


def test_xss_payloads_typed_into_the_editor_do_not_execute(content_server, laptop):
    base, tab = content_server, laptop
    sign_in(tab, base, "ed@example.nl")
    tab.goto(base + "/staff/content/edit?path=chat/withdraw.md&lang=en")
    text = "\n\n".join(PAYLOADS)
    for lang in ("nl", "en"):
        tab.locator(f"#{lang}-title").fill(" ".join(p.replace("\n", " ") for p in PAYLOADS)[:200])
        tab.locator(f"#{lang}-body").fill(text)
        tab.locator(f"#{lang}-phrasings").fill(text)
    tab.get_by_role("button", name="Show preview").click()
    tab.wait_for_timeout(300)
    assert tab.locator("#preview-nl").inner_text().strip()
    assert injected(tab) == []
    tab.get_by_role("button", name="Save in draft").click()
    tab.wait_for_timeout(300)
    assert injected(tab) == []
    tab.goto(base + tab.locator(".draft-banner a").get_attribute("href"))
    tab.wait_for_timeout(300)
    assert injected(tab) == []
    screenshot(tab, "staff-content-3-xss-draft")
    assert tab.dialogs == []


def test_staff_pages_in_dutch_on_a_tablet_pass_axe(content_server, browser, axe_check):
    context = browser.new_context(viewport={"width": 768, "height": 1024}, device_scale_factor=1)
    tab = context.new_page()
    try:
        tab.goto(content_server + "/staff/login?lang=nl")
        tab.locator("#email").fill("ed@example.nl")
        tab.locator("#password").fill(PASSWORD)
        tab.get_by_role("button", name="Inloggen").last.click()
        for path, h1 in [("/staff/content", "Teksten"), ("/staff/content/drafts", "Concepten"),
                         ("/staff/content/versions", "Versies"), ("/staff/content/import", "Een zip-bestand inlezen"),
                         ("/staff/content/inbox", "Vragenbak"), ("/staff/content/diff?a=1&b=1", "Versies vergelijken"),
                         (f"/staff/content/edit?path={PURPOSE}", f"{PURPOSE} bewerken"),
                         ("/staff/content/edit?path=timeline/days-1-3.md", "timeline/days-1-3.md bewerken"),
                         ("/staff/content/synonyms", "Synoniemen voor de chat")]:
            tab.goto(content_server + path)
            assert tab.locator("html").get_attribute("lang") == "nl"
            assert tab.locator("h1").inner_text() == h1
            axe_check(tab)
        screenshot(tab, "staff-content-4-editor-tablet-nl")
    finally:
        context.close()


def _box(locator):
    box = locator.bounding_box()
    assert box is not None
    return box


@pytest.mark.parametrize("width, height, beside", [(1280, 800, True), (820, 1180, False)])
def test_editor_preview_beside_the_text_at_desk_width_and_live(content_server, browser, axe_check, width, height, beside):
    """Desk (1280 px): each language's preview stands beside its fields and follows the typing (JS);
    tablet (820 px): the preview sits below the fields. axe finds nothing at either size."""
    context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=1)
    tab = context.new_page()
    try:
        sign_in(tab, content_server, "ed@example.nl")
        tab.goto(content_server + f"/staff/content/edit?path={PURPOSE}")
        body, preview = _box(tab.locator("#nl-body")), _box(tab.locator("#preview-box-nl"))
        if beside:
            assert preview["x"] >= body["x"] + body["width"]  # to the right of the text …
            assert preview["y"] < body["y"] + body["height"]   # … and level with it, not below
        else:
            assert preview["y"] >= body["y"] + body["height"]
        typed = f"Live voorbeeld {width}: deze zin staat meteen in het voorbeeld."
        tab.locator("#nl-body").press("End")
        tab.locator("#nl-body").press("Control+End")
        tab.locator("#nl-body").type("\n\n" + typed)
        from playwright.sync_api import expect

        expect(tab.locator("#preview-nl")).to_contain_text(typed)  # waits for the server's rendering
        assert typed not in tab.locator("#preview-en").inner_text()
        assert "nothing is saved" in tab.locator("#preview-status").inner_text().lower()
        screenshot(tab, f"staff-content-5-editor-{width}x{height}")
        axe_check(tab)
        # typing saved nothing: the page says so and no draft was made
        tab.goto(content_server + "/staff/content/drafts")
        assert typed not in tab.locator("main").inner_text()
    finally:
        context.close()


def test_the_draft_diff_puts_dutch_and_english_side_by_side_in_words(content_server, browser, axe_check):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, device_scale_factor=1)
    tab = context.new_page()
    try:
        sign_in(tab, content_server, "ed@example.nl")
        tab.goto(content_server + "/staff/content/edit?path=chat/withdraw.md")
        nl_title = tab.locator("#nl-title")
        nl_title.fill(nl_title.input_value() + " (nieuw)")
        en_body = tab.locator("#en-body")
        en_body.fill(en_body.input_value().replace("You can stop at any time.", "You can stop at any moment.", 1))
        tab.get_by_role("button", name="Save in draft").click()
        tab.goto(content_server + tab.locator(".draft-banner a").get_attribute("href"))
        item = tab.locator(".item-diff", has=tab.locator("code:text-is('chat/withdraw.md')"))
        nl, en = item.locator(".diff-side[lang=nl]"), item.locator(".diff-side[lang=en]")
        assert "(nieuw)" in nl.locator("ins").first.inner_text()
        assert "moment." in en.locator("ins").first.inner_text()
        nl_box, en_box = _box(nl), _box(en)
        assert en_box["x"] >= nl_box["x"] + nl_box["width"] and abs(en_box["y"] - nl_box["y"]) < 5
        assert "removed:" in tab.locator(".diff-legend del").text_content()  # a label, not colour alone
        import re

        assert not re.search(r"\b[0-9a-f]{16}\b", tab.locator(".item-diff").first.inner_text())  # no hashes
        assert "translation_of" not in tab.locator("main").inner_text()
        item.scroll_into_view_if_needed()
        screenshot(tab, "staff-content-6-draft-diff-1280")
        axe_check(tab)
    finally:
        context.close()
