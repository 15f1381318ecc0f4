"""The questionnaire pages through the test client: order, skips, early stop, change, access."""
import pytest

from companion.auth.testing import login, make_user
from companion.db import connect
from tests.prescreen.walk import FAMILY_ALL_FINE, Walker, clinician_all


@pytest.fixture
def clinician_app(app, client):
    """The app with `client` signed in as a clinician: clinician mode needs that sign-in."""
    make_user(app, "clinician@example.nl", "clinician")
    login(client, "clinician@example.nl")
    return app


def log_rows(app):
    db = connect(app.config["DATABASE"])
    try:
        return list(db.query("SELECT * FROM prescreen_log"))
    finally:
        db.conn.close()


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_start_page(page, lang):
    soup = page(f"/{lang}/prescreen/")
    assert soup.select_one("form input[name=mode][value=family]")
    # clinician mode is off by default: a sign-in link instead of the button
    assert not soup.select_one("input[name=mode][value=clinician]")
    assert soup.select_one("a[href^='/staff/login']")


def test_family_walk_under_12_skips_pregnancy(client, app):
    w = Walker(client)
    assert w.start("family").endswith("/en/prescreen/family/age")
    for step, data in FAMILY_ALL_FINE:
        r = w.answer("family", step, data)
    assert r.location.endswith("/en/prescreen/family/check")  # no sex or pregnancy question at 6
    soup = w.finish("family")
    text = soup.get_text(" ")
    assert "Nothing in your answers stands in the way so far" in text
    assert "does not mean that your child can take part" in text
    assert "eligible" not in text.lower()
    assert log_rows(app) == []  # family mode writes nothing


def test_family_teenage_girl_and_boy(client):
    w = Walker(client)
    w.start("family")
    steps = [("age", {"years": "14", "months": "0"})] + FAMILY_ALL_FINE[1:]
    for step, data in steps:
        r = w.answer("family", step, data)
    assert r.location.endswith("/family/sex")
    r = w.answer("family", "sex", {"sex": "female"})
    assert r.location.endswith("/family/pregnancy")
    r = w.answer("family", "pregnancy", {"choice": "yes"})
    assert r.location.endswith("/family/pregnancy/stop")  # says so early
    soup = w.get("/en/prescreen/family/pregnancy/stop")
    assert "cannot take part" in soup.h1.get_text()
    # change to a boy: the pregnancy question drops out, and with it the failure
    r = w.answer("family", "sex", {"sex": "male", "from": "check"})
    assert r.location.endswith("/family/check")
    soup = w.get("/en/prescreen/family/check")
    assert "pregnant" not in soup.get_text()
    result = w.finish("family").get_text(" ")
    assert "Nothing in your answers stands in the way so far" in result


def test_family_tnf_yes_is_checked_by_the_team_not_failed(client):
    w = Walker(client)
    w.start("family")
    for step, data in FAMILY_ALL_FINE[:-1] + [("tnf-blocker", {"choice": "yes"})]:
        w.answer("family", step, data)
    text = w.finish("family").get_text(" ")
    # the study's window is 5 half-lives (it differs per medicine), never a number of months
    assert "the study team checks whether it was within 5 of its half-lives" in text
    assert "month" not in text.lower()


def test_early_stop_and_go_on(client):
    w = Walker(client)
    w.start("family")
    w.answer("family", "age", {"years": "6", "months": "0"})
    r = w.answer("family", "weight", {"weight_kg": "8,5"})
    assert r.location.endswith("/family/weight/stop")
    soup = w.get("/en/prescreen/family/weight/stop")
    assert "8.5 kg" in soup.get_text() and "at least 10 kg" in soup.get_text()
    go_on = soup.find("a", string="Go on with the questions")
    assert go_on["href"].endswith("/family/cancer")
    assert soup.find("a", string="Check your answers")


def test_bad_input_is_a_clear_400(client):
    w = Walker(client)
    w.start("family")
    r = w.answer("family", "age", {"years": "six"}, status=400)
    soup = __import__("bs4").BeautifulSoup(r.get_data(as_text=True), "html.parser")
    assert soup.select_one(".error-summary a")["href"] == "#years"
    assert soup.select_one("#years")["aria-invalid"] == "true"
    assert soup.title.get_text().startswith(soup.h1.get_text())
    w.answer("family", "age", {"years": "40"}, status=400)
    w.answer("family", "age", {}, status=400)
    w.answer("family", "icu", {"choice": "maybe"}, status=400)
    w.answer("family", "weight", {"weight_kg": "0,1"}, status=400)


def test_clinician_mode_needs_a_signed_in_clinician(app, client):
    r = client.get("/en/prescreen/clinician/age")
    assert r.status_code == 302 and "/staff/login" in r.location
    make_user(app, "editor@example.nl", "editor")
    login(client, "editor@example.nl")
    assert client.get("/en/prescreen/clinician/age").status_code == 403
    assert client.post("/en/prescreen/start", data={"mode": "clinician"}).status_code == 400  # no CSRF token


def test_signed_in_clinician_may_start(app, client):
    make_user(app, "dr@example.nl", "clinician")
    login(client, "dr@example.nl")
    Walker(client).get("/en/prescreen/clinician/age")


def test_clinician_walk_logs_one_anonymous_row(clinician_app, client):
    w = Walker(client)
    w.start("clinician")
    for step, data in clinician_all():
        r = w.answer("clinician", step, data)
    assert r.location.endswith("/clinician/check")
    soup = w.finish("clinician")
    assert "Likely eligible" in soup.select_one(".outcome-box").get_text()
    assert len(soup.select(".criteria-table tbody tr")) == 18
    rows = log_rows(clinician_app)
    assert len(rows) == 1
    assert set(rows[0]) == {"id", "day", "mode", "outcome", "failed", "unknown"}
    assert rows[0]["outcome"] == "likely_eligible" and rows[0]["failed"] == "[]"
    # change an answer and finish again: the same row is updated, not a second one
    w.answer("clinician", "weight", {"weight_kg": "9", "from": "check"})
    soup = w.finish("clinician")
    rows = log_rows(clinician_app)
    assert len(rows) == 1 and rows[0]["outcome"] == "not_eligible" and rows[0]["failed"] == '["weight"]'


def test_clinician_phoenix_calculator_inline(clinician_app, client):
    w = Walker(client)
    w.start("clinician")
    w.answer("clinician", "age", {"years": "", "months": "", "date_of_birth": "2016-02-29", "icu_admission_date": "2024-02-28"})
    values = {"fio2": "60", "fio2_unit": "percent", "pao2": "7", "pao2_unit": "kPa", "invasive_ventilation": "on",
              "map_mmhg": "40", "gcs": "12"}
    r = w.answer("clinician", "phoenix", {**values, "action": "calculate"}, status=200)
    soup = __import__("bs4").BeautifulSoup(r.get_data(as_text=True), "html.parser")
    result = soup.select_one(".phoenix-result").get_text(" ")
    # P/F = 7 kPa (52.5 mmHg) / 0.6 = 88 -> 3; MAP 40 at 95 months (< 49) -> 1
    assert "Calculated score: 4" in result and "P/F ratio 88" in result
    w.answer("clinician", "phoenix", values)
    r = w.answer("clinician", "phoenix", {"phoenix_sepsis_score": "3", **values}, status=400)
    assert "not both" in r.get_data(as_text=True)


def test_clinician_age_either_not_both(clinician_app, client):
    w = Walker(client)
    w.start("clinician")
    w.answer("clinician", "age", {"years": "3", "date_of_birth": "2020-01-01", "icu_admission_date": "2024-01-01"}, status=400)
    w.answer("clinician", "age", {"date_of_birth": "2020-01-01"}, status=400)
    w.answer("clinician", "age", {"date_of_birth": "2020-01-01", "icu_admission_date": "2019-01-01"}, status=400)
    w.answer("clinician", "age", {"date_of_birth": "31-02-2020", "icu_admission_date": "2021-01-01"}, status=400)
    r = w.answer("clinician", "age", {"date_of_birth": "17-03-2011", "icu_admission_date": "2024-03-16"})
    assert r.location.endswith("/clinician/weight")


def test_clinician_teen_gets_sex_specific_questions(clinician_app, client):
    w = Walker(client)
    w.start("clinician")
    steps = clinician_all(age={"years": "15", "months": "1"})
    for step, data in steps[:9]:
        r = w.answer("clinician", step, data)
    assert r.location.endswith("/clinician/sex")
    r = w.answer("clinician", "sex", {"sex": "male"})
    assert r.location.endswith("/clinician/contraception-male")
    r = w.answer("clinician", "contraception-male", {"choice": "no"})
    assert r.location.endswith("/clinician/limits")


@pytest.mark.parametrize("path", ["/en/prescreen/family/nonsense", "/en/prescreen/other/age", "/de/prescreen/"])
def test_unknown_paths_404(client, path):
    assert client.get(path).status_code == 404


def test_result_before_finishing_goes_to_check(client):
    r = client.get("/en/prescreen/family/result")
    assert r.status_code == 302 and r.location.endswith("/family/check")


def test_every_question_page_renders_in_both_languages(clinician_app, page):
    from companion.prescreen import flow
    for lang in ("nl", "en"):
        for mode in flow.MODES:
            for step in flow.ORDER[mode]:
                page(f"/{lang}/prescreen/{mode}/{step}")
            page(f"/{lang}/prescreen/{mode}/check")


def test_pages_with_answers_are_not_cached(client):
    w = Walker(client)
    w.start("family")
    w.answer("family", "age", {"years": "6"})
    assert client.get("/en/prescreen/family/check").headers["Cache-Control"] == "no-store"
    assert client.get("/en/prescreen/family/age").headers["Cache-Control"] == "no-store"


def test_answers_left_untouched_for_an_hour_are_forgotten(client):
    w = Walker(client)
    w.start("family")
    w.answer("family", "age", {"years": "7"})
    assert client.get("/en/prescreen/family/check").status_code == 200
    with client.session_transaction() as session:
        assert session["prescreen"]["raw"]["age"]["years"] == "7"
        session["prescreen"] = {**session["prescreen"], "saved_at": session["prescreen"]["saved_at"] - 61 * 60}
    page = client.get("/en/prescreen/family/check").get_data(as_text=True)
    assert ">7<" not in page and "7 years" not in page
    with client.session_transaction() as session:
        assert "prescreen" not in session  # gone from the cookie, not only from the page
