"""A kind family pre-screen (issue 14.2): a word before the hard questions, "I don't know" on every
question, a count that never jumps, calm error summaries, and usual care said on every result page."""
import re

import pytest
from bs4 import BeautifulSoup

from companion.prescreen import flow
from tests.prescreen.walk import FAMILY_ALL_FINE, Walker


def soup_of(response):
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def progress(soup):
    m = re.fullmatch(r"Question (\d+) of (\d+)", soup.select_one(".prescreen-progress").get_text(strip=True))
    return int(m.group(1)), int(m.group(2))


# --- plain logic ---------------------------------------------------------------------------

def test_progress_counts_every_question_of_the_mode_whatever_applies():
    young, teen = flow.new_state("family"), flow.new_state("family")
    young["raw"]["age"] = {"years": "6", "months": "0"}
    teen["raw"]["age"] = {"years": "14", "months": "0"}
    assert [s.id for s in flow.steps(young)] != [s.id for s in flow.steps(teen)]  # pregnancy drops out
    for state in (young, teen, flow.new_state("family")):
        assert flow.progress(state, "age") == (1, 12)
        assert flow.progress(state, "tnf-blocker") == (10, 12)
    assert flow.progress(teen, "pregnancy") == (12, 12)


def test_not_known_keeps_no_value_and_reads_as_unknown():
    for step_id in ("age", "weight", "limits", "pregnancy", "sex"):
        step = flow.STEPS[step_id]
        raw = flow.not_known(step, skipped=step_id in flow.SENSITIVE)
        assert flow.answers_of(step, raw, "family") in ({}, {step.answer: None}, {"weight_kg": None})
    assert flow.not_known(flow.STEPS["limits"], skipped=True)["skipped"] == "yes"
    assert "skipped" not in flow.not_known(flow.STEPS["weight"])


def test_family_may_rather_not_say_girl_or_boy_then_the_pregnancy_question_stays():
    state = flow.new_state("family")
    state["raw"]["age"] = {"years": "14", "months": "0"}
    state["raw"]["sex"] = flow.parse(flow.STEPS["sex"], {"sex": "unknown"}, "family")
    assert "pregnancy" in [s.id for s in flow.steps(state)]
    with pytest.raises(flow.FieldError):  # the clinician form keeps its two answers
        flow.parse(flow.STEPS["sex"], {"sex": "unknown"}, "clinician")


# --- pages -------------------------------------------------------------------------------------

def test_count_is_stable_from_the_first_question_for_a_young_child(client):
    w = Walker(client)
    w.start("family")
    seen = []
    for step, data in FAMILY_ALL_FINE:  # a child of 6: sex and pregnancy do not apply
        seen.append(progress(w.get(f"/en/prescreen/family/{step}")))
        w.answer("family", step, data)
    assert seen == [(n, 12) for n in range(1, 11)]
    check = w.get("/en/prescreen/family/check")
    assert "Some questions did not apply to your child" in check.get_text()


def test_start_page_names_the_same_count_and_i_dont_know(page):
    text = page("/en/prescreen/").get_text(" ", strip=True)
    assert "at most 12 questions" in text and "choose 'I don't know'" in text


@pytest.mark.parametrize("lang", ["en", "nl"])
@pytest.mark.parametrize("step", ["limits", "pregnancy"])
def test_a_word_before_the_sensitive_questions_and_a_way_to_skip(client, lang, step):
    w = Walker(client, lang)
    w.start("family")
    w.answer("family", "age", {"years": "14"})
    w.answer("family", "sex", {"sex": "female"})
    soup = w.get(f"/{lang}/prescreen/family/{step}")
    notice = soup.select_one("#sensitive-notice")
    assert notice is not None
    # before the question, and read with it by a screen reader
    assert notice.sourceline < soup.h1.sourceline
    assert "sensitive-notice" in soup.select_one("fieldset")["aria-describedby"].split()
    text = notice.get_text()
    assert ("skip" in text) if lang == "en" else ("overslaan" in text)
    assert soup.select_one("button[name=action][value=skip]")
    assert soup.select_one("input[name=choice][value=unknown]")  # and "I don't know" as well
    r = client.post(f"/{lang}/prescreen/family/{step}", data={"action": "skip", "csrf_token": w.token})
    assert r.status_code == 302
    check = w.get(f"/{lang}/prescreen/family/check")
    assert ("Skipped" if lang == "en" else "Overgeslagen") in check.get_text()


def test_no_notice_on_other_questions_or_in_clinician_mode(client):
    w = Walker(client)
    w.start("family")
    assert w.get("/en/prescreen/family/cancer").select_one("#sensitive-notice") is None
    assert w.get("/en/prescreen/family/cancer").select_one("button[value=skip]") is None
    from companion.prescreen import messages
    assert all(messages.sensitive_notice(s, "clinician") is None for s in flow.ORDER["clinician"])


@pytest.mark.parametrize("step", flow.ORDER["family"])
def test_every_family_question_has_an_i_dont_know_answer(client, step):
    w = Walker(client)
    w.start("family")
    w.answer("family", "age", {"years": "14"})
    soup = w.get(f"/en/prescreen/family/{step}")
    answers = [el.get_text(strip=True) for el in soup.select("form label, form button")]
    assert "I don't know" in answers or "I'd rather not say" in answers, answers


@pytest.mark.parametrize("step", ["age", "weight"])
def test_i_dont_know_button_on_number_questions_goes_on_without_an_error(client, step):
    w = Walker(client)
    w.start("family")
    r = w.answer("family", step, {"action": "unknown", "years": "nonsense"})
    assert r.status_code == 302
    check = w.get("/en/prescreen/family/check")
    rows = {row.dt.get_text(strip=True): row.select_one(".summary-answer").get_text(strip=True)
            for row in check.select(".summary-row")}
    title = {"age": "How old is your child?", "weight": "How much does your child weigh?"}[step]
    assert rows[title] == "Not known yet"


def test_unanswered_question_gets_a_calm_error_summary_focused_and_linked(client):
    w = Walker(client)
    w.start("family")
    r = w.answer("family", "cancer", {}, status=400)
    soup = soup_of(r)
    summary = soup.select_one(".error-summary")
    assert summary.has_attr("autofocus") and summary["tabindex"] == "-1"  # focused without JavaScript
    assert summary.select_one("[role=alert]")
    assert summary.select_one("a")["href"] == "#choice-yes" and soup.select_one("#choice-yes")
    assert "Not sure? Then choose 'I don't know'." in summary.get_text()
    assert "problem" not in summary.get_text().lower()
    assert summary.sourceline < soup.select_one("fieldset").sourceline  # at the top of the form
    assert soup.title.get_text().startswith(soup.h1.get_text())


def test_a_typed_answer_stays_after_an_error(client):
    w = Walker(client)
    w.start("family")
    soup = soup_of(w.answer("family", "weight", {"weight_kg": "heavy"}, status=400))
    assert soup.select_one("#weight_kg")["value"] == "heavy"
    assert soup.select_one(".error-summary a")["href"] == "#weight_kg"


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_every_family_result_page_says_usual_care_goes_on(client, lang):
    w = Walker(client, lang)
    w.start("family")
    w.answer("family", "age", {"years": "6"})
    w.answer("family", "weight", {"weight_kg": "8"})  # too light: the early stop page
    stop = w.get(f"/{lang}/prescreen/family/weight/stop")
    usual = {"en": "all the usual care for your child goes on", "nl": "alle gewone zorg voor uw kind gaat gewoon door"}[lang]
    assert usual in stop.select_one(".usual-care").get_text()
    result_failed = w.finish("family")
    assert usual in result_failed.select_one(".usual-care").get_text()
    w.answer("family", "weight", {"weight_kg": "20"})
    result_fine = w.finish("family")
    assert "outcome-needs_review" in str(result_fine) and usual in result_fine.select_one(".usual-care").get_text()
