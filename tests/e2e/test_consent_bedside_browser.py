"""Consent at the bedside in a real browser (issue 13): a save after the idle time-out is kept
through a new sign-in and saved once; the idle warning and "Stay signed in"; the family view
(also after "back"); people side by side at tablet width, stacked on a phone; Enter in the
Phoenix calculator. Tablet 820×1180, phone 390×844, and 200% zoom (410 CSS px at scale 2)."""
import sqlite3

import pytest
from playwright.sync_api import expect

from tests.conftest import screenshot, start_server, stop_server
from tests.consent.live import PASSWORD, make_database

pytestmark = pytest.mark.e2e
EMAIL = "bedside@example.nl"
TABLET = {"width": 820, "height": 1180}
PHONE = {"width": 390, "height": 844}
QUESTION = 'Mag ze later stoppen? <b>"echt"</b>'


@pytest.fixture(scope="module")
def database(tmp_path_factory):
    path = tmp_path_factory.mktemp("bedside-e2e") / "bedside.db"
    make_database(path, [EMAIL])
    return path


@pytest.fixture(scope="module")
def server(database):
    process, base = start_server(database)
    yield base
    stop_server(process)


@pytest.fixture(scope="module")
def short_server(database):
    """The same database, signed out after 6 idle seconds and warned 4 seconds before."""
    process, base = start_server(database, env_extra={"COMPANION_CONFIG_STAFF_IDLE_TIMEOUT": "6",
                                                      "COMPANION_CONFIG_STAFF_IDLE_WARNING": "4"})
    yield base
    stop_server(process)


def new_tab(browser, viewport, scale=1):
    context = browser.new_context(viewport=viewport, device_scale_factor=scale)
    return context, context.new_page()


def sign_in(tab, base):
    tab.goto(base + "/staff/login")
    tab.locator("#email").fill(EMAIL)
    tab.locator("#password").fill(PASSWORD)
    tab.locator("form[action='/staff/login'] button[type=submit]").click()
    expect(tab.locator(".signed-in-as")).to_be_visible()


def start_record(tab, base, number):
    tab.goto(base + "/nl/consent/new")
    tab.locator("#screening_number").fill(number)
    tab.locator("#lang-nl").check()
    tab.locator("#age_group-under-12").check()
    tab.locator("#authority-two_parents").check()
    tab.get_by_role("button", name="Beginnen").click()
    expect(tab.locator("h1")).to_contain_text(number)
    return tab.url


def audited_saves(database, record_url) -> int:
    record_id = record_url.rstrip("/").rsplit("/", 1)[1]
    conn = sqlite3.connect(database)
    try:
        return conn.execute("select count(*) from audit_events where kind = 'consent.item_recorded' and subject = ?",
                            [f"consent:{record_id}"]).fetchone()[0]
    finally:
        conn.close()


@pytest.mark.parametrize("size", ["tablet", "phone"])
def test_a_save_after_the_idle_limit_is_kept_through_a_new_sign_in(browser, short_server, database, size):
    context, tab = new_tab(browser, TABLET if size == "tablet" else PHONE)
    try:
        sign_in(tab, short_server)
        record_url = start_record(tab, short_server, "SCR-2026-10" + str(len(size)))
        tab.goto(record_url + "/item/stopping")
        tab.locator("#status-parent_1-understood").check()
        tab.locator("#status-parent_2-not_yet").check()
        tab.locator("#questions-parent_2").fill(QUESTION)
        # wait past the limit: the page says so, and keeps what was typed
        expect(tab.locator("#session-warning-text")).to_contain_text("U bent uitgelogd", timeout=30_000)
        expect(tab.locator("#questions-parent_2")).to_have_value(QUESTION)
        screenshot(tab, f"bedside-1-signed-out-{size}")
        tab.locator("button.save").click()
        expect(tab.locator("h1")).to_have_text("Inloggen voor medewerkers")  # a staff page, not the families' one
        expect(tab.locator(".carried-notice")).to_be_visible()
        assert audited_saves(database, record_url) == 0
        screenshot(tab, f"bedside-2-sign-in-again-{size}")
        tab.locator("#email").fill(EMAIL)
        tab.locator("#password").fill(PASSWORD)
        tab.locator("form[action='/staff/login'] button[type=submit]").click()
        expect(tab.locator(".restored")).to_be_visible()
        expect(tab.locator("#questions-parent_2")).to_have_value(QUESTION)
        expect(tab.locator("#status-parent_1-understood")).to_be_checked()
        expect(tab.locator("#status-parent_2-not_yet")).to_be_checked()
        assert audited_saves(database, record_url) == 0
        screenshot(tab, f"bedside-3-answers-back-{size}")
        tab.locator("button.save").click()
        expect(tab.locator(".notice")).to_contain_text("Opgeslagen")
        assert audited_saves(database, record_url) == 1
        tab.goto(record_url + "/item/stopping")
        expect(tab.locator(".history li")).to_have_count(2)  # one save: one entry for each parent
        expect(tab.locator(".history")).to_contain_text(QUESTION)
    finally:
        context.close()


def test_the_warning_is_announced_and_stay_signed_in_keeps_the_session(browser, short_server, database):
    context, tab = new_tab(browser, PHONE)
    try:
        sign_in(tab, short_server)
        record_url = start_record(tab, short_server, "SCR-2026-W1")
        tab.goto(record_url + "/item/purpose")
        tab.locator("#status-parent_1-understood").check()
        # three rounds of warning and "Stay signed in": longer than the 6-second limit in all
        for _ in range(3):
            expect(tab.locator("#session-warning")).to_be_visible(timeout=30_000)
            expect(tab.locator("#session-announce")).to_contain_text("uitgelogd")
            screenshot(tab, "bedside-4-warning-phone")
            tab.get_by_role("button", name="Ingelogd blijven").click()
            expect(tab.locator("#session-warning")).to_be_hidden()
            expect(tab.locator("#session-announce")).to_have_text("U blijft ingelogd.")
        tab.locator("button.save").click()
        expect(tab.locator(".notice")).to_contain_text("Opgeslagen")  # saved at once: still signed in
        assert audited_saves(database, record_url) == 1
    finally:
        context.close()


def test_the_family_view_hides_the_key_points_also_after_back(browser, server):
    context, tab = new_tab(browser, TABLET)
    try:
        sign_in(tab, server)
        record_url = start_record(tab, server, "SCR-2026-F1")
        tab.goto(record_url + "/item/comparison")
        key_point = tab.locator(".key-points li").first.inner_text()
        tab.locator("#questions-parent_1").fill("Wie kiest de groep?")
        tab.get_by_role("button", name="Laat aan het gezin zien").click()
        expect(tab.locator("h1.family-question")).to_be_visible()
        assert key_point not in tab.locator("body").inner_text()
        expect(tab.locator(".key-points, .person, .staff-nav")).to_have_count(0)
        screenshot(tab, "bedside-5-family-view-tablet")
        tab.go_back()  # a family member presses back
        expect(tab.locator("h1.family-question")).to_be_visible()
        assert key_point not in tab.locator("body").inner_text()
        tab.locator("#answer-0").check()
        tab.get_by_role("button", name="Kijk het antwoord na").click()
        expect(tab.locator(".check-feedback")).to_be_visible()
        tab.locator(".family-exit summary").click()
        tab.get_by_role("button", name="Ik ben de arts of verpleegkundige: toon de checklist").click()
        expect(tab.locator(".key-points")).to_be_visible()
        expect(tab.locator("#record-form")).to_be_visible()
    finally:
        context.close()


def test_people_side_by_side_on_a_tablet_and_stacked_on_a_phone(browser, server, axe_check):
    context, tab = new_tab(browser, TABLET)
    try:
        sign_in(tab, server)
        record_url = start_record(tab, server, "SCR-2026-L1")
        tab.goto(record_url + "/item/purpose")
        first, second = (tab.locator("fieldset.person").nth(i).bounding_box() for i in (0, 1))
        assert abs(first["y"] - second["y"]) < 2 and second["x"] >= first["x"] + first["width"]
        save = tab.locator("button.save").bounding_box()
        assert save["y"] + save["height"] <= TABLET["height"]  # the common case fits one screen
        tab.get_by_role("button", name="Iedereen heeft het begrepen").click()
        expect(tab.locator("#status-parent_1-understood")).to_be_checked()
        expect(tab.locator("#status-parent_2-understood")).to_be_checked()
        expect(tab.locator("#fill-all-done")).to_contain_text("Iedereen staat nu op begrepen")
        tab.locator("#status-parent_2-explained_again").check()  # each can still be changed
        screenshot(tab, "bedside-6-topic-tablet")
        axe_check(tab)
        height = tab.evaluate("document.documentElement.scrollHeight")
        print(f"topic page height at 820 px: {height}, save button bottom: {save['y'] + save['height']:.0f}")
        tab.locator("button.save").click()
        expect(tab.locator(".notice")).to_contain_text("Opgeslagen")

        tab.set_viewport_size(PHONE)
        tab.goto(record_url + "/item/purpose")
        first, second = (tab.locator("fieldset.person").nth(i).bounding_box() for i in (0, 1))
        assert second["y"] >= first["y"] + first["height"] - 1  # stacked
        screenshot(tab, "bedside-7-topic-phone")
        axe_check(tab)
    finally:
        context.close()

    context, tab = new_tab(browser, {"width": 410, "height": 590}, scale=2)  # 820×1180 at 200% zoom
    try:
        sign_in(tab, server)
        tab.goto(record_url + "/item/voluntary")
        assert tab.evaluate("document.documentElement.scrollWidth") <= 410  # nothing runs off the side
        screenshot(tab, "bedside-8-topic-zoom-200")
        axe_check(tab)
    finally:
        context.close()


def test_enter_in_the_phoenix_calculator_calculates_and_the_result_gets_focus(browser, server, axe_check):
    context, tab = new_tab(browser, TABLET)
    try:
        sign_in(tab, server)
        tab.goto(server + "/en/prescreen/")
        with tab.expect_navigation():
            tab.locator("form:has(input[name=mode][value=clinician]) button[type=submit]").click()
        tab.goto(server + "/en/prescreen/clinician/phoenix")
        expect(tab.locator(".staff-nav .signed-in-as")).to_be_visible()  # the staff header
        tab.locator("#gcs").fill("8")
        tab.locator("#gcs").press("Enter")
        expect(tab.locator("#phoenix-result-heading")).to_be_visible()
        expect(tab.locator("#phoenix-result-heading")).to_be_focused()
        assert "/clinician/phoenix" in tab.url  # still on the calculator, not the next question
        screenshot(tab, "bedside-9-phoenix-enter-tablet")
        axe_check(tab)
    finally:
        context.close()
