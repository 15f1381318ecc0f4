"""The pre-screening rules: the criteria table of CONTRACTS.md (``POST /api/prescreen``).

Plain functions, no Flask. Input is a validated answers dict (see
``validation.py``): a missing answer or ``None`` means "not known yet".
Each criterion is ``met``, ``failed`` or ``unknown``; unknown never counts as
met: a criterion is ``met`` (or ``failed``) only when every possible value of
the unknown answers would give that same result.

Reasons are codes with values (``Reason``); ``messages.py`` turns them into
sentences in the visitor's language.
"""
from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from . import phoenix

MET, FAILED, UNKNOWN = "met", "failed", "unknown"
LIKELY_ELIGIBLE, NOT_ELIGIBLE, NEEDS_REVIEW = "likely_eligible", "not_eligible", "needs_review"

#: Every criterion, in the order of the criteria table.
CRITERIA = (
    "age",
    "weight",
    "icu",
    "malignancy_or_hct",
    "infection",
    "phoenix",
    "ferritin",
    "liver",
    "other_trial",
    "pregnancy",
    "contraception_female",
    "contraception_male",
    "treatment_limits",
    "prior_organ_dysfunction",
    "targeted_antiinflammatory",
    "prior_anakinra",
    "hypersensitivity",
    "tnf_blocker",
)

#: What a parent can know; in family mode every other criterion stays unknown.
FAMILY_CRITERIA = frozenset({
    "age", "weight", "icu", "malignancy_or_hct", "infection", "treatment_limits",
    "hypersensitivity", "prior_anakinra", "targeted_antiinflammatory", "tnf_blocker",
    "pregnancy",
})

MIN_AGE_MONTHS = 8
MAX_AGE_MONTHS = 18 * 12  # younger than this
PREGNANCY_FROM_MONTHS = 12 * 12  # pregnancy and contraception asked from 12 years
MIN_WEIGHT_KG = 10
MIN_FERRITIN_UG_L = Decimal(2000)
PMOL_PER_UG = Decimal("2.247")  # 1 µg/L ferritin = 2.247 pmol/L
MIN_PHOENIX = 2

#: "fails when true" criteria: criterion -> answer name.
YES_FAILS = {
    "other_trial": "other_trial_conflict",
    "pregnancy": "pregnant_or_breastfeeding",
    "contraception_female": "female_unwilling_contraception",
    "contraception_male": "male_unwilling_contraception",
    "treatment_limits": "dnr_or_treatment_limitation",
    "prior_organ_dysfunction": "severe_preexisting_organ_dysfunction",
    "targeted_antiinflammatory": "targeted_antiinflammatory_last_7_days",
    "prior_anakinra": "anakinra_last_month",
    "hypersensitivity": "anakinra_or_ecoli_protein_allergy",
    "tnf_blocker": "tnf_blocker_within_5_half_lives",
}
#: "needed" criteria: criterion -> answer name (met when true, failed when false).
YES_NEEDED = {
    "icu": "in_icu",
    "malignancy_or_hct": "malignancy_or_hct",
    "infection": "infection_suspected_or_confirmed",
}
#: Criteria that do not apply below 12 years.
FROM_12_YEARS = ("pregnancy", "contraception_female", "contraception_male")


@dataclass(frozen=True)
class Reason:
    criterion: str
    code: str
    values: dict = field(default_factory=dict)


@dataclass(frozen=True)
class CriterionResult:
    criterion: str
    status: str
    reason: Reason


@dataclass
class Screening:
    mode: str
    results: list  # list[CriterionResult], in CRITERIA order
    phoenix: phoenix.PhoenixResult | None = None

    @property
    def outcome(self) -> str:
        return outcome_of(r.status for r in self.results)

    def ids(self, status: str) -> list:
        return [r.criterion for r in self.results if r.status == status]

    def result(self, criterion: str) -> CriterionResult:
        return next(r for r in self.results if r.criterion == criterion)


def outcome_of(statuses) -> str:
    statuses = set(statuses)
    if FAILED in statuses:
        return NOT_ELIGIBLE
    if UNKNOWN in statuses:
        return NEEDS_REVIEW
    return LIKELY_ELIGIBLE


# --- age -------------------------------------------------------------------

def whole_months(born: date, on: date) -> int:
    """Whole calendar months from ``born`` to ``on`` (``on`` not before ``born``).

    A month is complete on the same day of the month; when that month is too
    short for the day (born on the 31st, or on 29 February), it is complete
    on the month's last day: born 31 January, one month old on 28 (or 29)
    February; born 29 February 2016, twelve months old on 28 February 2017.
    """
    months = (on.year - born.year) * 12 + (on.month - born.month)
    last_day = calendar.monthrange(on.year, on.month)[1]
    if on.day < born.day and on.day != last_day:
        months -= 1
    return months


def age_in_months(answers: dict) -> float | None:
    """Age at ICU admission in months: ``age_months``, else from the two dates."""
    if answers.get("age_months") is not None:
        return answers["age_months"]
    born, admitted = answers.get("date_of_birth"), answers.get("icu_admission_date")
    if born is not None and admitted is not None:
        return whole_months(_as_date(born), _as_date(admitted))
    return None


def _as_date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


def rule_age(answers: dict) -> CriterionResult:
    months = age_in_months(answers)
    if months is None:
        return _r("age", UNKNOWN, "age_unknown")
    if months < MIN_AGE_MONTHS:
        return _r("age", FAILED, "age_too_young", months=months)
    if months >= MAX_AGE_MONTHS:
        return _r("age", FAILED, "age_too_old", months=months)
    return _r("age", MET, "age_ok", months=months)


# --- simple answers ----------------------------------------------------------

def rule_weight(answers: dict) -> CriterionResult:
    kg = answers.get("weight_kg")
    if kg is None:
        return _r("weight", UNKNOWN, "weight_unknown")
    if kg < MIN_WEIGHT_KG:
        return _r("weight", FAILED, "weight_too_low", kg=kg)
    return _r("weight", MET, "weight_ok", kg=kg)


def rule_yes_needed(criterion: str, answers: dict) -> CriterionResult:
    value = answers.get(YES_NEEDED[criterion])
    if value is None:
        return _r(criterion, UNKNOWN, f"{criterion}_unknown")
    return _r(criterion, MET if value else FAILED, f"{criterion}_{'yes' if value else 'no'}")


def rule_yes_fails(criterion: str, answers: dict) -> CriterionResult:
    value = answers.get(YES_FAILS[criterion])
    if value is None and criterion in FROM_12_YEARS:
        months = age_in_months(answers)
        if months is not None and months < PREGNANCY_FROM_MONTHS:
            return _r(criterion, MET, "not_applicable_under_12")
    if value is None:
        return _r(criterion, UNKNOWN, f"{criterion}_unknown")
    return _r(criterion, FAILED if value else MET, f"{criterion}_{'yes' if value else 'no'}")


# --- Phoenix -----------------------------------------------------------------

def rule_phoenix(answers: dict, result: phoenix.PhoenixResult | None) -> CriterionResult:
    given = answers.get("phoenix_sepsis_score")
    if given is not None:
        status = MET if given >= MIN_PHOENIX else FAILED
        return _r("phoenix", status, "phoenix_ok" if status == MET else "phoenix_low", score=given)
    if result is None or not result.any_value:
        return _r("phoenix", UNKNOWN, "phoenix_unknown")
    total = result.total
    if total >= MIN_PHOENIX:
        return _r("phoenix", MET, "phoenix_ok", score=total)
    if result.map_needs_age and total + result.map_points_if_age_known >= MIN_PHOENIX:
        return _r("phoenix", UNKNOWN, "phoenix_needs_age", score=total)
    return _r("phoenix", FAILED, "phoenix_low", score=total)


# --- ferritin ----------------------------------------------------------------

def ferritin_ug_l(value: float, unit: str | None) -> Decimal:
    """Ferritin in µg/L, exactly (decimal): ng/mL is the same, pmol/L / 2.247."""
    amount = Decimal(repr(float(value)))
    if unit == "pmol/L":
        return amount / PMOL_PER_UG
    return amount


def rule_ferritin(answers: dict) -> CriterionResult:
    value = answers.get("ferritin")
    if value is None:
        return _r("ferritin", UNKNOWN, "ferritin_unknown")
    unit = answers.get("ferritin_unit") or "ug/L"
    ug = ferritin_ug_l(value, unit)
    values = {"value": value, "unit": unit, "ug_l": float(ug)}
    if ug >= MIN_FERRITIN_UG_L:
        return _r("ferritin", MET, "ferritin_ok", **values)
    return _r("ferritin", FAILED, "ferritin_low", **values)


# --- liver (three-valued: True, False, None = unknown) ------------------------

def _or(*xs):
    if any(x is True for x in xs):
        return True
    if all(x is False for x in xs):
        return False
    return None


def _and(*xs):
    if any(x is False for x in xs):
        return False
    if all(x is True for x in xs):
        return True
    return None


def _not(x):
    return None if x is None else not x


def _cmp(value, test):
    return None if value is None else test(value)


def rule_liver(answers: dict) -> CriterionResult:
    """Fails when PT >= 20 s or INR > 2, or PT >= 15 s or INR >= 1.5 with hepatic
    encephalopathy, and vitamin K did not correct it; met when below those
    limits or corrected."""
    pt, inr = answers.get("pt_seconds"), answers.get("inr")
    encephalopathy = answers.get("hepatic_encephalopathy")
    corrected = answers.get("corrected_by_vitamin_k")
    severe = _or(_cmp(pt, lambda v: v >= 20), _cmp(inr, lambda v: v > 2))
    moderate = _or(_cmp(pt, lambda v: v >= 15), _cmp(inr, lambda v: v >= 1.5))
    abnormal = _or(severe, _and(moderate, encephalopathy))
    fails = _and(abnormal, _not(corrected))
    values = {"pt": pt, "inr": inr}
    if fails is True:
        code = "liver_severe" if severe else "liver_encephalopathy"
        return _r("liver", FAILED, code, **values)
    if fails is False:
        if abnormal is False:
            return _r("liver", MET, "liver_ok", **values)
        return _r("liver", MET, "liver_corrected", **values)
    # unknown: say what is missing
    if abnormal is True:
        return _r("liver", UNKNOWN, "liver_vitamin_k_unknown", **values)
    if pt is None and inr is None:
        return _r("liver", UNKNOWN, "liver_unknown", **values)
    if pt is None or inr is None:
        return _r("liver", UNKNOWN, "liver_pt_or_inr_missing", **values)
    return _r("liver", UNKNOWN, "liver_encephalopathy_unknown", **values)


# --- all together --------------------------------------------------------------

def screen(answers: dict, mode: str = "clinician") -> Screening:
    """Apply every criterion to validated answers."""
    phoenix_result = None
    if answers.get("phoenix_components") is not None:
        phoenix_result = phoenix.score(answers["phoenix_components"], age_in_months(answers))
    results = []
    for criterion in CRITERIA:
        if mode == "family" and criterion not in FAMILY_CRITERIA:
            results.append(_r(criterion, UNKNOWN, "checked_by_team"))
            continue
        if criterion == "age":
            results.append(rule_age(answers))
        elif criterion == "weight":
            results.append(rule_weight(answers))
        elif criterion in YES_NEEDED:
            results.append(rule_yes_needed(criterion, answers))
        elif criterion in YES_FAILS:
            results.append(rule_yes_fails(criterion, answers))
        elif criterion == "phoenix":
            results.append(rule_phoenix(answers, phoenix_result))
        elif criterion == "ferritin":
            results.append(rule_ferritin(answers))
        elif criterion == "liver":
            results.append(rule_liver(answers))
    return Screening(mode=mode, results=results,
                     phoenix=phoenix_result if mode != "family" else None)


def _r(criterion: str, status: str, code: str, **values) -> CriterionResult:
    return CriterionResult(criterion, status, Reason(criterion, code, values))
