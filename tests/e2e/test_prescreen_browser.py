"""The pre-screening questionnaire in a real browser at phone size, both modes, with back and
change, axe on every kind of page, screenshots for people to look at."""
import re

import pytest

from tests.conftest import LIVE_CLINICIAN, screenshot

pytestmark = pytest.mark.e2e


def choose(tab, label):
    tab.get_by_label(label, exact=True).check()


def press(tab, name):
    tab.get_by_role("button", name=name, exact=True).click()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_family_mode_dutch_with_back_and_change(live_server, browser, axe_check, javascript):
    """Every step is a plain form: the same walk works with JavaScript off (axe needs it on)."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=javascript)
    tab = context.new_page()
    if not javascript:
        axe_check = lambda tab: None  # noqa: E731
    try:
        tab.goto(live_server + "/nl/prescreen/")
        assert tab.locator("h1").inner_text() == "Kan mijn kind meedoen?"
        screenshot(tab, "prescreen-1-start-nl")
        axe_check(tab)
        press(tab, "Begin met de vragen")

        assert tab.locator("h1").inner_text() == "Hoe oud is uw kind?"
        press(tab, "Verder")  # nothing filled in: a clear message, not a crash
        assert tab.locator(".error-summary").is_visible()
        assert "Vul de leeftijd in jaren in" in tab.locator(".error-summary").inner_text()
        screenshot(tab, "prescreen-2-error-nl")
        axe_check(tab)
        tab.get_by_label("Jaar").fill("13")
        tab.get_by_label("Maanden").fill("4")
        press(tab, "Verder")

        assert tab.locator("h1").inner_text() == "Hoeveel weegt uw kind?"
        box = tab.get_by_role("button", name="Verder").bounding_box()
        assert box["height"] >= 44
        tab.get_by_label("Gewicht").fill("41,5")
        press(tab, "Verder")

        assert "kanker" in tab.locator("h1").inner_text()
        screenshot(tab, "prescreen-3-question-nl")
        axe_check(tab)
        # back to the weight: the answer is still there
        tab.get_by_role("link", name="Terug").click()
        assert tab.get_by_label("Gewicht").input_value() == "41,5"
        press(tab, "Verder")
        for _ in range(3):  # cancer, ICU, infection
            choose(tab, "Ja")
            press(tab, "Verder")
        for _ in range(5):  # limits, allergy, anakinra, anti-inflammatory, TNF blocker
            choose(tab, "Nee")
            press(tab, "Verder")
        assert tab.locator("h1").inner_text() == "Is uw kind een meisje of een jongen?"
        choose(tab, "Meisje")
        press(tab, "Verder")
        assert "zwanger" in tab.locator("h1").inner_text()
        choose(tab, "Weet ik niet")
        press(tab, "Verder")

        assert tab.locator("h1").inner_text() == "Kijk uw antwoorden na"
        assert "13 jaar en 4 maanden" in tab.locator(".summary-list").inner_text()
        screenshot(tab, "prescreen-4-check-nl")
        axe_check(tab)
        # change the weight from the check page: back to the check page after saving
        tab.get_by_role("link", name=re.compile(r"^Wijzigen\s*: Hoeveel weegt uw kind\?$")).click()
        tab.get_by_label("Gewicht").fill("9")
        press(tab, "Opslaan en terug naar het overzicht")
        assert "waarschijnlijk niet meedoen" in tab.locator("h1").inner_text()  # said early
        assert "minstens 10 kg" in tab.locator(".outcome-box").inner_text()
        screenshot(tab, "prescreen-5-stop-nl")
        axe_check(tab)
        tab.get_by_role("link", name="Dit antwoord veranderen").click()
        tab.get_by_label("Gewicht").fill("41,5")
        press(tab, "Verder")
        tab.goto(live_server + "/nl/prescreen/family/check")
        press(tab, "Bekijk de uitslag")

        assert tab.locator("h1").inner_text() == "Wat uw antwoorden laten zien"
        text = tab.locator("main").inner_text()
        assert "staat er in uw antwoorden niets in de weg" in text
        assert "betekent nog niet dat uw kind mee kan doen" in text
        assert "zwanger" in text  # what they did not know
        screenshot(tab, "prescreen-6-result-nl")
        axe_check(tab)
    finally:
        context.close()


def test_clinician_mode_english_with_calculator(live_server, browser_page, axe_check):
    tab = browser_page
    tab.goto(live_server + "/en/prescreen/")
    assert tab.get_by_role("button", name="Start the clinician pre-screen", exact=True).count() == 0
    tab.goto(live_server + "/staff/login?lang=en")  # clinician mode needs a clinician's sign-in
    tab.locator("#email").fill(LIVE_CLINICIAN[0])
    tab.locator("#password").fill(LIVE_CLINICIAN[1])
    tab.get_by_role("button", name="Sign in").last.click()
    tab.wait_for_url("**/staff/**")
    tab.goto(live_server + "/en/prescreen/")
    press(tab, "Start the clinician pre-screen")
    assert tab.locator("h1").inner_text() == "Age at ICU admission"
    tab.get_by_label("Date of birth").fill("2016-02-29")
    tab.get_by_label("Date of ICU admission").fill("2024-02-28")
    screenshot(tab, "prescreen-7-clinician-age-en")
    axe_check(tab)
    press(tab, "Continue")
    tab.get_by_label("Weight").fill("24")
    press(tab, "Continue")
    for _ in range(3):  # ICU, malignancy, infection
        choose(tab, "Yes")
        press(tab, "Continue")

    assert tab.locator("h1").inner_text() == "Phoenix Sepsis Score"
    tab.get_by_label("FiO2", exact=True).fill("60")
    tab.get_by_label("PaO2", exact=True).fill("7")
    tab.get_by_label("Invasive mechanical ventilation").check()
    tab.get_by_label("Mean arterial pressure").fill("40")
    tab.get_by_label("Platelets").fill("80")
    press(tab, "Calculate the score")
    result = tab.locator(".phoenix-result").inner_text()
    assert "Calculated score: 5" in result and "P/F ratio 88" in result and "Platelets 80" in result
    screenshot(tab, "prescreen-8-phoenix-en")
    axe_check(tab)
    press(tab, "Continue")

    tab.get_by_label("Ferritin", exact=True).fill("4400")
    tab.get_by_label("Unit").select_option("pmol/L")
    press(tab, "Continue")
    assert tab.locator("h1").inner_text() == "Exclusion: Ferritin"  # 4400 pmol/L = 1958 µg/L
    axe_check(tab)
    tab.get_by_role("link", name="Go on with the questions").click()

    tab.locator("#pt_seconds").fill("16")
    tab.locator("#inr").fill("1.4")
    tab.locator("#hepatic_encephalopathy-no").check()
    press(tab, "Continue")
    for _ in range(7):  # other trial, limits, organ dysfunction, anti-inflammatory, anakinra, allergy, TNF
        choose(tab, "No")
        press(tab, "Continue")
    assert tab.locator("h1").inner_text() == "Check your answers"
    # change the ferritin unit from the check page
    tab.get_by_role("link", name=re.compile(r"^Change\s*: Serum ferritin at ICU admission$")).click()
    tab.get_by_label("Unit").select_option("ug/L")
    press(tab, "Save and go back to the check page")
    assert tab.locator("h1").inner_text() == "Check your answers"
    press(tab, "See the result")

    assert tab.locator("h1").inner_text() == "Pre-screening result"
    assert "Likely eligible" in tab.locator(".outcome-box").inner_text()
    assert tab.locator(".criteria-table tbody tr").count() == 18
    assert "Does not apply below 12 years" in tab.locator(".criteria-table").inner_text()
    screenshot(tab, "prescreen-9-result-en")
    axe_check(tab)
    tab.emulate_media(media="print")
    assert tab.locator(".site-header nav").is_hidden()
    screenshot(tab, "prescreen-10-result-print-en")


def test_every_prescreen_page_is_valid_html(app, tmp_path):
    """Nu Html Checker over every question kind, the check, stop, result and staff log pages."""
    import json
    import shutil
    import subprocess
    from pathlib import Path

    from companion.auth.testing import login, make_user
    from tests.prescreen.walk import Walker, clinician_all

    vnu = Path(__file__).resolve().parents[2] / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
    assert vnu.exists() and shutil.which("java"), "run `make node-deps system-deps`"
    client = app.test_client()
    make_user(app, "vnu@example.nl", "clinician")
    login(client, "vnu@example.nl")
    pages = {}
    for lang in ("nl", "en"):
        w = Walker(client, lang)
        w.start("clinician")
        for step, data in clinician_all(age={"years": "14", "months": "0"}, weight={"weight_kg": "9"}):
            pages[f"{lang}-clinician-{step}"] = client.get(f"/{lang}/prescreen/clinician/{step}")
            w.answer("clinician", step, data)
        pages[f"{lang}-error"] = client.post(f"/{lang}/prescreen/clinician/weight",
                                             data={"weight_kg": "x", "csrf_token": w.token})
        pages[f"{lang}-calculated"] = client.post(f"/{lang}/prescreen/clinician/phoenix", data={
            "gcs": "5", "map_mmhg": "30", "action": "calculate", "csrf_token": w.token})
        pages[f"{lang}-stop"] = client.get(f"/{lang}/prescreen/clinician/weight/stop")
        w.finish("clinician")
        pages[f"{lang}-check"] = client.get(f"/{lang}/prescreen/clinician/check")
        pages[f"{lang}-result"] = client.get(f"/{lang}/prescreen/clinician/result")
        w = Walker(client, lang)
        w.start("family")
        w.answer("family", "age", {"years": "14"})
        for step in ("age", "sex", "pregnancy"):
            pages[f"{lang}-family-{step}"] = client.get(f"/{lang}/prescreen/family/{step}")
        w.finish("family")
        pages[f"{lang}-family-result"] = client.get(f"/{lang}/prescreen/family/result")
        pages[f"{lang}-start"] = client.get(f"/{lang}/prescreen/")
    pages["staff-log"] = client.get("/staff/prescreen/log")
    files = []
    for name, response in pages.items():
        assert response.status_code in (200, 400), (name, response.status_code)
        path = tmp_path / f"{name}.html"
        path.write_bytes(response.data)
        files.append(str(path))
    result = subprocess.run(["java", "-jar", str(vnu), "--format", "json", "--exit-zero-always", *files],
                            capture_output=True, text=True, timeout=300)
    messages = [m for m in json.loads(result.stderr)["messages"] if m.get("type") == "error"]
    assert not messages, "\n".join(f"{Path(m['url']).name}: {m['message']}" for m in messages[:20])
