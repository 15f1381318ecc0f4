"""A whole consent conversation in a real browser at tablet size (1024×768): start, record
topics for two parents, pause, resume, finish, sign, open the summary and its PDF; axe on
every kind of page; screenshots for people to look at."""
from datetime import datetime, timezone

import pytest
from playwright.sync_api import expect

from tests.conftest import screenshot
from tests.consent.live import PASSWORD, make_database, start_gunicorn, stop_gracefully

pytestmark = pytest.mark.e2e
EMAIL = "arts@example.nl"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    db_path = tmp_path_factory.mktemp("consent-e2e") / "e2e.db"
    make_database(db_path, [EMAIL])
    process, base = start_gunicorn(db_path)
    yield base
    stop_gracefully(process)


@pytest.fixture
def tablet(browser):
    context = browser.new_context(viewport={"width": 1024, "height": 768}, device_scale_factor=1)
    tab = context.new_page()
    yield tab
    context.close()


def record_topic(tab, statuses: dict, questions: dict | None = None):
    for role, status in statuses.items():
        tab.locator(f"#status-{role}-{status}").check()
    for role, text in (questions or {}).items():
        tab.locator(f"#questions-{role}").fill(text)
    with tab.expect_navigation():
        tab.locator("#record-form button.save").click()


def test_whole_conversation_at_tablet_size(server, tablet, axe_check):
    tab = tablet
    tab.goto(server + "/nl/consent/")
    assert "/staff/login" in tab.url
    tab.locator("#email").fill(EMAIL)
    tab.locator("#password").fill(PASSWORD)
    tab.locator("form[action='/staff/login'] button[type=submit]").click()
    expect(tab).to_have_url(server + "/nl/consent/")
    axe_check(tab)

    # Start: a name is refused with a clear message, the input stays.
    tab.get_by_role("link", name="Nieuw gesprek beginnen").click()
    tab.locator("#screening_number").fill("Sophie")
    tab.locator("#lang-nl").check()
    tab.locator("#age_group-under-12").check()
    tab.locator("#authority-two_parents").check()
    tab.get_by_role("button", name="Beginnen").click()
    expect(tab.locator("#error-summary")).to_contain_text("Nooit een naam")
    assert tab.title().startswith("Fout: ")
    screenshot(tab, "consent-1-start-error-nl")
    axe_check(tab)
    tab.locator("#screening_number").fill("SCR-2026-014")
    tab.get_by_role("button", name="Beginnen").click()
    expect(tab.locator("h1")).to_have_text("Toestemmingsgesprek SCR-2026-014")
    assert tab.locator(".participants li").all_inner_texts() == ["Ouder of voogd 1", "Ouder of voogd 2"]
    assert tab.locator(".short-link a").inner_text().endswith("/nl/info/")
    qr = tab.locator(".family-link img")
    assert qr.evaluate("img => img.complete && img.naturalWidth > 100")  # the QR code loaded
    screenshot(tab, "consent-2-record-nl")
    axe_check(tab)

    # First sitting: four topics, one explained again with a question.
    tab.get_by_role("link", name="Verder met het volgende onderwerp").click()
    expect(tab.locator("h1")).to_have_text("Waarom we dit onderzoek doen")
    assert "eigen woorden" in tab.locator(".teach-back .prompt").inner_text()
    screenshot(tab, "consent-3-topic-nl")
    axe_check(tab)
    tab.get_by_role("button", name="Laat aan het gezin zien").click()  # the family answers themselves
    expect(tab.locator(".key-points")).to_have_count(0)
    tab.locator("#answer-0").check()
    tab.get_by_role("button", name="Kijk het antwoord na").click()
    expect(tab.locator(".check-feedback")).to_contain_text("Dat klopt.")
    axe_check(tab)
    tab.locator(".family-exit summary").click()
    tab.get_by_role("button", name="Ik ben de arts of verpleegkundige: toon de checklist").click()
    expect(tab.locator(".key-points")).to_be_visible()
    record_topic(tab, {"parent_1": "understood", "parent_2": "explained_again"},
                 {"parent_2": 'Wat is hyperinflammatie precies? <script>alert("x")</script>'})
    expect(tab.locator("h1")).to_have_text("Meedoen is uw eigen keuze")
    tab.get_by_role("link", name="Vorig onderwerp").click()
    expect(tab.locator(".history")).to_contain_text('alert("x")')  # shown as text, not run
    record_topic(tab, {"parent_2": "understood"})
    for _ in range(3):
        record_topic(tab, {"parent_1": "understood", "parent_2": "understood"})

    # Pause, and resume (another day).
    tab.get_by_role("link", name="Gesprek SCR-2026-014").click()
    tab.get_by_role("button", name="Gesprek pauzeren").click()
    expect(tab.locator(".notice")).to_contain_text("Gepauzeerd")
    axe_check(tab)
    tab.get_by_role("button", name="Gesprek hervatten").click()
    expect(tab.locator(".notice")).to_contain_text("gesprek 2")

    # Second sitting: the rest of the topics.
    tab.get_by_role("link", name="Verder met het volgende onderwerp").click()
    while tab.locator("h1").inner_text() != "Toestemmingsgesprek SCR-2026-014":
        record_topic(tab, {"parent_1": "understood", "parent_2": "understood"})
    expect(tab.locator(".ready")).to_have_count(1)
    assert tab.locator(".sittings li").count() == 2
    today = datetime.now(timezone.utc).date().isoformat()
    tab.locator("#outcome-signed_paper").check()
    tab.locator("#signed_date").fill(today)
    tab.locator("#confirm").check()
    tab.get_by_role("button", name="Vastleggen wat er is gebeurd").click()
    expect(tab.locator(".phase")).to_contain_text(f"Op papier getekend ({today})")
    screenshot(tab, "consent-4-signed-nl")
    axe_check(tab)

    # Summary page and PDF.
    tab.get_by_role("link", name="Samenvatting om te printen").click()
    expect(tab.locator(".summary-item")).to_have_count(13)
    assert "Wat is hyperinflammatie precies?" in tab.locator(".questions").first.inner_text()
    screenshot(tab, "consent-5-summary-nl")
    axe_check(tab)
    pdf_url = tab.get_by_role("link", name="Downloaden als pdf").get_attribute("href")
    response = tab.request.get(server + pdf_url)
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    body = response.body()
    assert body.startswith(b"%PDF-") and len(body) > 10_000
    from tests.conftest import SCREENSHOTS

    (SCREENSHOTS / "consent-6-summary-nl.pdf").write_bytes(body)


def test_family_self_test_on_a_phone(server, browser_page, axe_check):
    tab = browser_page
    tab.goto(server + "/en/check")
    assert tab.locator("fieldset.self-check").count() == 13
    axe_check(tab)
    tab.locator("#q-purpose-0").check()
    tab.locator("#q-comparison-1").check()  # wrong: a lottery
    tab.get_by_role("button", name="Check my answers").click()
    expect(tab.locator(".check-score")).to_contain_text("You got 1 of 13 right.")
    link = tab.locator("fieldset.self-check").nth(4).locator(".check-feedback a")
    assert link.get_attribute("href") == "/en/info/what-happens"
    screenshot(tab, "consent-7-self-test-en")
    axe_check(tab)
    link.click()
    expect(tab).to_have_url(server + "/en/info/what-happens")
