"""Every threshold just below, at and above, by every route the criteria table allows."""
from datetime import date

import pytest

from companion.prescreen import rules
from companion.prescreen.rules import FAILED, MET, UNKNOWN


def status(answers, criterion, mode="clinician"):
    return rules.screen(answers, mode).result(criterion).status


@pytest.mark.parametrize("months, expected", [
    (7, FAILED), (7.99, FAILED), (8, MET), (9, MET), (215, MET), (215.9, MET), (216, FAILED), (217, FAILED),
])
def test_age_in_months(months, expected):
    assert status({"age_months": months}, "age") == expected


@pytest.mark.parametrize("born, admitted, expected", [
    ("2025-01-15", "2025-09-14", FAILED),  # 7 months, the day before 8
    ("2025-01-15", "2025-09-15", MET),     # 8 months exactly
    ("2025-01-15", "2025-09-16", MET),
    ("2008-03-10", "2026-03-09", MET),     # one day before 18 years
    ("2008-03-10", "2026-03-10", FAILED),  # 18th birthday
    ("2008-03-10", "2026-03-11", FAILED),
    # month ends: born on the 31st, 8 months on the last day of a 30-day month
    ("2025-01-31", "2025-09-29", FAILED),
    ("2025-01-31", "2025-09-30", MET),
    # leap day: born 29 February, 18 on 28 February of a common year
    ("2008-02-29", "2026-02-27", MET),
    ("2008-02-29", "2026-02-28", FAILED),
    # born 29 June 2023, 8 months on 29 February 2024 (leap year), not on the 28th
    ("2023-06-29", "2024-02-28", FAILED),
    ("2023-06-29", "2024-02-29", MET),
])
def test_age_from_dates(born, admitted, expected):
    assert status({"date_of_birth": born, "icu_admission_date": admitted}, "age") == expected


@pytest.mark.parametrize("born, on, months", [
    (date(2020, 1, 31), date(2020, 2, 28), 0),
    (date(2020, 1, 31), date(2020, 2, 29), 1),   # last day of February in a leap year
    (date(2021, 1, 31), date(2021, 2, 28), 1),
    (date(2016, 2, 29), date(2017, 2, 28), 12),
    (date(2016, 2, 29), date(2017, 2, 27), 11),
    (date(2016, 2, 29), date(2020, 2, 29), 48),
    (date(2020, 3, 31), date(2020, 4, 30), 1),
    (date(2020, 3, 30), date(2020, 4, 29), 0),
    (date(2020, 5, 5), date(2020, 5, 5), 0),
    (date(2020, 12, 15), date(2021, 1, 15), 1),
])
def test_whole_months(born, on, months):
    assert rules.whole_months(born, on) == months


def test_age_months_wins_over_dates_and_half_a_date_is_unknown():
    assert status({"age_months": 100, "date_of_birth": "2025-01-01", "icu_admission_date": "2025-02-01"}, "age") == MET
    assert status({"date_of_birth": "2015-01-01"}, "age") == UNKNOWN


@pytest.mark.parametrize("kg, expected", [(9.9, FAILED), (10, MET), (10.1, MET)])
def test_weight(kg, expected):
    assert status({"weight_kg": kg}, "weight") == expected


@pytest.mark.parametrize("unit, below, at, above", [
    ("ug/L", 1999.9, 2000, 2000.1),
    ("ng/mL", 1999.9, 2000, 2000.1),
    ("pmol/L", 4493.9, 4494, 4494.1),  # 2000 µg/L x 2.247
])
def test_ferritin_in_each_unit(unit, below, at, above):
    for value, expected in ((below, FAILED), (at, MET), (above, MET)):
        assert status({"ferritin": value, "ferritin_unit": unit}, "ferritin") == expected, (value, unit)


def test_ferritin_unit_defaults_to_ug_per_l():
    assert status({"ferritin": 2000}, "ferritin") == MET
    assert status({"ferritin": 1999}, "ferritin") == FAILED


@pytest.mark.parametrize("score, expected", [(1, FAILED), (2, MET), (3, MET), (0, FAILED), (13, MET)])
def test_phoenix_score(score, expected):
    assert status({"phoenix_sepsis_score": score}, "phoenix") == expected


def test_phoenix_from_components():
    # 1 point (GCS) -> failed; 2 points (fixed pupils) -> met
    assert status({"phoenix_components": {"gcs": 9}}, "phoenix") == FAILED
    assert status({"phoenix_components": {"pupils_fixed_both": True}}, "phoenix") == MET
    assert status({"phoenix_components": {}}, "phoenix") == UNKNOWN
    # a low MAP without an age could give the missing points: unknown, not failed
    assert status({"phoenix_components": {"gcs": 9, "map_mmhg": 40}}, "phoenix") == UNKNOWN
    assert status({"phoenix_components": {"gcs": 9, "map_mmhg": 40}, "age_months": 100}, "phoenix") == MET
    assert status({"phoenix_components": {"gcs": 9, "map_mmhg": 60}}, "phoenix") == FAILED


LIVER = [
    # (pt, inr, encephalopathy, vitamin K corrected, expected). Abnormal clotting
    # fails only when vitamin K did not correct it: with that answer unknown it is unknown.
    (14.9, 1.4, True, False, MET),
    (15, 1.4, True, False, FAILED),      # PT 15 with encephalopathy
    (15, 1.4, True, None, UNKNOWN),
    (15, 1.4, False, False, MET),        # PT 15 without encephalopathy
    (15, 1.4, True, True, MET),          # corrected by vitamin K
    (15, 1.4, None, False, UNKNOWN),     # encephalopathy not known
    (19.9, 1.4, False, False, MET),
    (20, 1.4, False, False, FAILED),     # PT 20 without encephalopathy
    (20, 1.4, True, False, FAILED),
    (20, 1.4, False, True, MET),
    (20, 1.4, False, None, UNKNOWN),
    (14, 1.49, True, False, MET),
    (14, 1.5, True, False, FAILED),      # INR 1.5 with encephalopathy
    (14, 1.5, False, False, MET),
    (14, 1.5, True, True, MET),
    (14, 2.0, False, False, MET),        # INR 2 is not above 2
    (14, 2.0, True, False, FAILED),
    (14, 2.0, True, True, MET),
    (14, 2.01, False, False, FAILED),    # INR above 2
    (14, 2.01, False, True, MET),
    (14, 2.01, None, None, UNKNOWN),
]


@pytest.mark.parametrize("pt, inr, he, vk, expected", LIVER)
def test_liver(pt, inr, he, vk, expected):
    answers = {"pt_seconds": pt, "inr": inr, "hepatic_encephalopathy": he, "corrected_by_vitamin_k": vk}
    answers = {k: v for k, v in answers.items() if v is not None}
    assert status(answers, "liver") == expected


def test_liver_needs_both_values_unless_already_decided():
    assert status({"pt_seconds": 12}, "liver") == UNKNOWN  # INR could be above 2
    assert status({"inr": 1.0}, "liver") == UNKNOWN
    assert status({"pt_seconds": 25}, "liver") == UNKNOWN  # vitamin K not known
    assert status({"pt_seconds": 25, "corrected_by_vitamin_k": False}, "liver") == FAILED
    assert status({"corrected_by_vitamin_k": True}, "liver") == MET
    assert status({}, "liver") == UNKNOWN


@pytest.mark.parametrize("criterion, answer", list(rules.YES_FAILS.items()))
def test_yes_fails(criterion, answer):
    assert status({answer: True}, criterion) == FAILED
    assert status({answer: False}, criterion) == MET
    assert status({}, criterion) == UNKNOWN


@pytest.mark.parametrize("criterion, answer", list(rules.YES_NEEDED.items()))
def test_yes_needed(criterion, answer):
    assert status({answer: True}, criterion) == MET
    assert status({answer: False}, criterion) == FAILED
    assert status({}, criterion) == UNKNOWN


@pytest.mark.parametrize("criterion", rules.FROM_12_YEARS)
def test_pregnancy_and_contraception_not_applicable_below_12(criterion):
    assert status({"age_months": 143}, criterion) == MET
    assert status({"age_months": 144}, criterion) == UNKNOWN
    assert status({"age_months": 143, rules.YES_FAILS[criterion]: True}, criterion) == FAILED


def all_met():
    return {
        "age_months": 60, "weight_kg": 20, "in_icu": True, "malignancy_or_hct": True,
        "infection_suspected_or_confirmed": True, "phoenix_sepsis_score": 4, "ferritin": 5000,
        "pt_seconds": 12, "inr": 1.1, **{a: False for a in rules.YES_FAILS.values()},
    }


def test_outcomes_and_their_order():
    assert rules.screen(all_met()).outcome == rules.LIKELY_ELIGIBLE
    a = all_met(); del a["ferritin"]
    assert rules.screen(a).outcome == rules.NEEDS_REVIEW
    a["weight_kg"] = 5
    s = rules.screen(a)
    assert s.outcome == rules.NOT_ELIGIBLE  # failed beats unknown
    assert s.ids(FAILED) == ["weight"] and s.ids(UNKNOWN) == ["ferritin"]
    assert len(s.results) == 18


def test_family_mode_never_likely_eligible():
    s = rules.screen(all_met(), "family")
    assert s.outcome == rules.NEEDS_REVIEW
    assert set(s.ids(UNKNOWN)) == set(rules.CRITERIA) - rules.FAMILY_CRITERIA
    assert s.phoenix is None
