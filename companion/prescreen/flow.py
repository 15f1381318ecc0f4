"""The questionnaire: which question comes when, what a form answer means.

Plain Python, no Flask. The pages keep a small ``state`` dict in the signed
session cookie (never in the database)::

    {"mode": "family" | "clinician",
     "raw": {step_id: {field: text as typed}},   # only answers that passed the checks
     "log_id": int | None}                        # the screening-log row, clinician mode

Everything else (the API answers, the screening) is derived from ``raw`` each
time, so a changed answer changes everything after it, and questions that no
longer apply (pregnancy after the age was changed to 10) simply drop out.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from . import rules, validation

MODES = ("family", "clinician")
YES, NO, UNKNOWN = "yes", "no", "unknown"
CHOICES = (YES, NO, UNKNOWN)

#: Family questions that may be hard to read: the page first says why they are asked and that
#: they can be skipped (messages.sensitive_notice).
SENSITIVE = ("limits", "pregnancy")


@dataclass(frozen=True)
class Step:
    id: str
    kind: str  # yesno, age, weight, phoenix, ferritin, liver, sex
    criterion: str | None
    answer: str | None = None  # the API answer of a yes/no step


_YESNO = {
    "icu": ("icu", "in_icu"),
    "cancer": ("malignancy_or_hct", "malignancy_or_hct"),
    "infection": ("infection", "infection_suspected_or_confirmed"),
    "other-trial": ("other_trial", "other_trial_conflict"),
    "pregnancy": ("pregnancy", "pregnant_or_breastfeeding"),
    "contraception-female": ("contraception_female", "female_unwilling_contraception"),
    "contraception-male": ("contraception_male", "male_unwilling_contraception"),
    "limits": ("treatment_limits", "dnr_or_treatment_limitation"),
    "organ-dysfunction": ("prior_organ_dysfunction", "severe_preexisting_organ_dysfunction"),
    "anti-inflammatory": ("targeted_antiinflammatory", "targeted_antiinflammatory_last_7_days"),
    "anakinra": ("prior_anakinra", "anakinra_last_month"),
    "allergy": ("hypersensitivity", "anakinra_or_ecoli_protein_allergy"),
    "tnf-blocker": ("tnf_blocker", "tnf_blocker_within_5_half_lives"),
}

STEPS = {
    "age": Step("age", "age", "age"),
    "weight": Step("weight", "weight", "weight"),
    "phoenix": Step("phoenix", "phoenix", "phoenix"),
    "ferritin": Step("ferritin", "ferritin", "ferritin"),
    "liver": Step("liver", "liver", "liver"),
    "sex": Step("sex", "sex", None),
    **{sid: Step(sid, "yesno", c, a) for sid, (c, a) in _YESNO.items()},
}

ORDER = {
    "family": ("age", "weight", "cancer", "icu", "infection", "limits", "allergy", "anakinra",
               "anti-inflammatory", "tnf-blocker", "sex", "pregnancy"),
    "clinician": ("age", "weight", "icu", "cancer", "infection", "phoenix", "ferritin", "liver",
                  "other-trial", "sex", "pregnancy", "contraception-female", "contraception-male",
                  "limits", "organ-dysfunction", "anti-inflammatory", "anakinra", "allergy",
                  "tnf-blocker"),
}
assert {STEPS[s].criterion for s in ORDER["clinician"]} - {None} == set(rules.CRITERIA)

#: Phoenix form fields: name -> API component (numbers); checkboxes separately.
PHOENIX_NUMBERS = ("fio2", "pao2", "spo2_percent", "vasoactive_count", "lactate_mmol_l",
                   "map_mmhg", "sbp_mmhg", "dbp_mmhg", "platelets_10e9_l", "phoenix_inr",
                   "d_dimer_mg_l_feu", "fibrinogen_g_l", "gcs")
PHOENIX_CHECKS = ("invasive_ventilation", "respiratory_support", "pupils_fixed_both")
PAO2_UNITS = ("kPa", "mmHg")
FIO2_UNITS = ("fraction", "percent")

FIELDS = {
    "yesno": ("choice",),
    "sex": ("sex",),
    "age": ("years", "months", "date_of_birth", "icu_admission_date"),
    "weight": ("weight_kg",),
    "ferritin": ("ferritin", "ferritin_unit"),
    "liver": ("pt_seconds", "inr", "hepatic_encephalopathy", "corrected_by_vitamin_k"),
    "phoenix": ("phoenix_sepsis_score", *PHOENIX_NUMBERS, "pao2_unit", "fio2_unit", *PHOENIX_CHECKS),
}


class FieldError(Exception):
    """A form value we cannot use: ``code`` says why (see messages.field_error)."""

    def __init__(self, field: str, code: str, **values):
        super().__init__(code)
        self.field, self.code, self.values = field, code, values


def new_state(mode: str) -> dict:
    return {"mode": mode, "raw": {}, "log_id": None}


# --- order -------------------------------------------------------------------

def age_months(state: dict) -> float | None:
    return rules.age_in_months(answers(state, only=("age",)))


def sex(state: dict) -> str | None:
    return state["raw"].get("sex", {}).get("sex")


def applies(step_id: str, state: dict) -> bool:
    """Skip what does not apply: pregnancy and contraception below 12 years, and by sex."""
    if step_id not in ORDER[state["mode"]]:
        return False
    if step_id in ("sex", "pregnancy", "contraception-female", "contraception-male"):
        months = age_months(state)
        if months is not None and months < rules.PREGNANCY_FROM_MONTHS:
            return False
        if step_id in ("pregnancy", "contraception-female") and sex(state) == "male":
            return False
        if step_id == "contraception-male" and sex(state) == "female":
            return False
    return True


def steps(state: dict) -> list[Step]:
    return [STEPS[s] for s in ORDER[state["mode"]] if applies(s, state)]


def next_step(state: dict, current: str | None = None) -> str | None:
    """The step after ``current`` (the first step when None); None at the end."""
    ids = [s.id for s in steps(state)]
    if current is None:
        return ids[0]
    order = ORDER[state["mode"]]
    after = order[order.index(current) + 1:]
    return next((s for s in after if s in ids), None)


def previous_step(state: dict, current: str) -> str | None:
    ids = [s.id for s in steps(state)]
    order = ORDER[state["mode"]]
    before = order[:order.index(current)]
    return next((s for s in reversed(before) if s in ids), None)


def first_unanswered(state: dict) -> str | None:
    return next((s.id for s in steps(state) if s.id not in state["raw"]), None)


def progress(state: dict, step_id: str) -> tuple[int, int]:
    """(N, M) for "Question N of M". M is every question of the mode, so the count shown on the
    first page never changes; a question that a later answer makes not apply (pregnancy for a
    child of 6) counts as passed, so N only ever goes up by one or more."""
    order = ORDER[state["mode"]]
    return order.index(step_id) + 1, len(order)


def sex_choices(mode: str) -> tuple:
    """A parent may rather not say: the pregnancy question then simply stays (with its own
    "I don't know")."""
    return ("female", "male", UNKNOWN) if mode == "family" else ("female", "male")


def not_known(step: Step, skipped: bool = False) -> dict:
    """The kept values of a family question answered with the "I don't know" button, or skipped
    (a sensitive question): every field empty, that is not known. A skip is remembered so that
    the check page can say "Skipped" rather than "I don't know"."""
    raw = {f: "" for f in FIELDS[step.kind]}
    if step.kind == "yesno":
        raw["choice"] = UNKNOWN
    elif step.kind == "sex":
        raw["sex"] = UNKNOWN
    if skipped:
        raw["skipped"] = "yes"
    return raw


# --- reading a form ----------------------------------------------------------

_NUMBER = re.compile(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DUTCH = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})")


def read_number(field: str, text: str, kind: str, low: float, high: float):
    """A typed number (comma or point as decimal mark) within [low, high], or None when empty."""
    text = (text or "").strip().replace(" ", "")
    if not text:
        return None
    if len(text) > 20 or not _NUMBER.fullmatch(text):
        raise FieldError(field, "number")
    value = float(text.replace(",", "."))
    if kind == "integer":
        if value != int(value):
            raise FieldError(field, "whole")
        value = int(value)
    elif "." not in text and "," not in text:
        value = int(value)
    if not low <= value <= high:
        raise FieldError(field, "range", low=low, high=high)
    return value


def read_date(field: str, text: str) -> str | None:
    """YYYY-MM-DD (what a date field sends) or DD-MM-YYYY (typed by hand); None when empty."""
    text = (text or "").strip()
    if not text:
        return None
    if len(text) > 20:
        raise FieldError(field, "date")
    m = _ISO.fullmatch(text)
    if m:
        y, mo, d = m.groups()
    else:
        m = _DUTCH.fullmatch(text)
        if not m:
            raise FieldError(field, "date")
        d, mo, y = m.groups()
    try:
        value = date(int(y), int(mo), int(d))
    except ValueError:
        raise FieldError(field, "date_invalid") from None
    if not validation.MIN_DATE <= value <= validation.MAX_DATE:
        raise FieldError(field, "date_range")
    return value.isoformat()


def read_choice(field: str, text: str, allowed=CHOICES, required=True) -> str | None:
    text = (text or "").strip()
    if text in allowed:
        return text
    if not text and not required:
        return None
    raise FieldError(field, "choose")


def _bool(choice: str | None):
    return {YES: True, NO: False}.get(choice)


def parse(step: Step, form, mode: str) -> dict:
    """Check a posted form for one step; returns the raw values to keep.

    Raises ``FieldError`` naming the first field that cannot be used.
    """
    raw = {f: (form.get(f) or "").strip()[:validation.MAX_TEXT] for f in FIELDS[step.kind]}
    if step.kind == "yesno":
        read_choice("choice", raw["choice"])
    elif step.kind == "sex":
        read_choice("sex", raw["sex"], sex_choices(mode))
    elif step.kind == "weight":
        read_number("weight_kg", raw["weight_kg"], *validation.NUMBER_ANSWERS["weight_kg"])
    elif step.kind == "age":
        raw = _parse_age(raw, mode)
    elif step.kind == "ferritin":
        read_number("ferritin", raw["ferritin"], *validation.NUMBER_ANSWERS["ferritin"])
        if raw["ferritin_unit"] not in validation.FERRITIN_UNITS:
            raise FieldError("ferritin_unit", "choose")
    elif step.kind == "liver":
        read_number("pt_seconds", raw["pt_seconds"], *validation.NUMBER_ANSWERS["pt_seconds"])
        read_number("inr", raw["inr"], *validation.NUMBER_ANSWERS["inr"])
        for name in ("hepatic_encephalopathy", "corrected_by_vitamin_k"):
            read_choice(name, raw[name], required=False)
    elif step.kind == "phoenix":
        raw = _parse_phoenix(raw)
    answers_of(step, raw, mode)  # the whole step must also pass the API's checks
    return raw


def _parse_age(raw: dict, mode: str) -> dict:
    years = read_number("years", raw["years"], "integer", 0, 25)
    months = read_number("months", raw["months"], "integer", 0, 11 if years is not None else 300)
    if mode == "family":
        raw["date_of_birth"] = raw["icu_admission_date"] = ""
        if years is None:
            raise FieldError("years", "required")
    born = read_date("date_of_birth", raw["date_of_birth"])
    admitted = read_date("icu_admission_date", raw["icu_admission_date"])
    if (years is not None or months is not None) and (born or admitted):
        raise FieldError("years", "age_either")
    if (born is None) != (admitted is None):
        raise FieldError("date_of_birth" if born is None else "icu_admission_date", "both_dates")
    if born and admitted:
        if admitted < born:
            raise FieldError("icu_admission_date", "admission_before_birth")
        raw["date_of_birth"], raw["icu_admission_date"] = born, admitted
    total = (years or 0) * 12 + (months or 0)
    if (years is not None or months is not None) and total > validation.MAX_AGE_MONTHS:
        raise FieldError("years", "range", low=0, high=25)
    return raw


def _parse_phoenix(raw: dict) -> dict:
    score = read_number("phoenix_sepsis_score", raw["phoenix_sepsis_score"],
                        *validation.NUMBER_ANSWERS["phoenix_sepsis_score"])
    if raw["pao2_unit"] not in PAO2_UNITS:
        raw["pao2_unit"] = "kPa"
    if raw["fio2_unit"] not in FIO2_UNITS:
        raw["fio2_unit"] = "percent"
    for name in PHOENIX_CHECKS:
        raw[name] = "on" if raw[name] else ""
    components = _components(raw)
    if score is not None and components:
        raise FieldError("phoenix_sepsis_score", "score_or_values")
    return raw


_LIMITS = {
    "fio2": {"fraction": ("number", 0.21, 1.0), "percent": ("number", 21, 100)},
    "pao2": {"kPa": validation.COMPONENT_NUMBERS["pao2_kpa"],
             "mmHg": validation.COMPONENT_NUMBERS["pao2_mmhg"]},
}


def _components(raw: dict) -> dict:
    c = {}
    for name in PHOENIX_NUMBERS:
        if name == "fio2":
            limits = _LIMITS["fio2"][raw.get("fio2_unit") or "percent"]
        elif name == "pao2":
            limits = _LIMITS["pao2"][raw.get("pao2_unit") or "kPa"]
        elif name == "phoenix_inr":
            limits = validation.COMPONENT_NUMBERS["inr"]
        else:
            limits = validation.COMPONENT_NUMBERS[name]
        value = read_number(name, raw.get(name, ""), *limits)
        if value is None:
            continue
        if name == "fio2":
            c["fio2"] = value / 100 if raw.get("fio2_unit", "percent") == "percent" else value
        elif name == "pao2":
            c["pao2_kpa" if raw.get("pao2_unit", "kPa") == "kPa" else "pao2_mmhg"] = value
        elif name == "phoenix_inr":
            c["inr"] = value
        else:
            c[name] = value
    for name in PHOENIX_CHECKS:
        if raw.get(name):
            c[name] = True
    if "sbp_mmhg" in c and "dbp_mmhg" in c and c["dbp_mmhg"] > c["sbp_mmhg"]:
        raise FieldError("dbp_mmhg", "dbp_above_sbp")
    return c


# --- from kept values to API answers -------------------------------------------

def answers_of(step: Step, raw: dict, mode: str) -> dict:
    """The API answers one step's kept values stand for (validated)."""
    a = {}
    if step.kind == "yesno":
        value = _bool(raw.get("choice"))
        if mode == "family" and step.id == "tnf-blocker" and value is True:
            value = None  # the study team checks whether it was within 5 half-lives
        a[step.answer] = value
    elif step.kind == "age":
        years = read_number("years", raw.get("years", ""), "integer", 0, 25)
        months = read_number("months", raw.get("months", ""), "integer", 0, 11 if years is not None else 300)
        if years is not None or months is not None:
            a["age_months"] = (years or 0) * 12 + (months or 0)
        elif raw.get("date_of_birth") and raw.get("icu_admission_date"):
            a["date_of_birth"] = raw["date_of_birth"]
            a["icu_admission_date"] = raw["icu_admission_date"]
    elif step.kind == "weight":
        a["weight_kg"] = read_number("weight_kg", raw.get("weight_kg", ""), *validation.NUMBER_ANSWERS["weight_kg"])
    elif step.kind == "ferritin":
        a["ferritin"] = read_number("ferritin", raw.get("ferritin", ""), *validation.NUMBER_ANSWERS["ferritin"])
        a["ferritin_unit"] = raw.get("ferritin_unit") or "ug/L"
    elif step.kind == "liver":
        a["pt_seconds"] = read_number("pt_seconds", raw.get("pt_seconds", ""), *validation.NUMBER_ANSWERS["pt_seconds"])
        a["inr"] = read_number("inr", raw.get("inr", ""), *validation.NUMBER_ANSWERS["inr"])
        a["hepatic_encephalopathy"] = _bool(raw.get("hepatic_encephalopathy"))
        a["corrected_by_vitamin_k"] = _bool(raw.get("corrected_by_vitamin_k"))
    elif step.kind == "phoenix":
        score = read_number("phoenix_sepsis_score", raw.get("phoenix_sepsis_score", ""),
                            *validation.NUMBER_ANSWERS["phoenix_sepsis_score"])
        components = _components(raw)
        if score is not None:
            a["phoenix_sepsis_score"] = score
        elif components:
            a["phoenix_components"] = components
    elif step.kind == "sex":
        s = raw.get("sex")
        if s == "male":
            a["pregnant_or_breastfeeding"] = False
            a["female_unwilling_contraception"] = False
        elif s == "female" and mode == "clinician":
            a["male_unwilling_contraception"] = False
    try:
        return validation.validate_answers(a)
    except validation.ValidationError as exc:
        raise FieldError(exc.field, "invalid", message=exc.message) from None


def answers(state: dict, only: tuple | None = None) -> dict:
    """The API answers of every kept step that still applies."""
    mode = state["mode"]
    merged = {}
    for step_id in ORDER[mode]:
        if only is not None and step_id not in only:
            continue
        if step_id not in state["raw"]:
            continue
        if only is None and not applies(step_id, state):
            continue
        merged.update(answers_of(STEPS[step_id], state["raw"][step_id], mode))
    return validation.validate_answers(merged)


#: Criteria that the sex question answers as "does not apply".
def not_applicable_by_sex(state: dict) -> set:
    s = sex(state)
    if s == "male":
        return {"pregnancy", "contraception_female"}
    if s == "female" and state["mode"] == "clinician":
        return {"contraception_male"}
    return set()


def screen(state: dict) -> rules.Screening:
    result = rules.screen(answers(state), state["mode"])
    by_sex = not_applicable_by_sex(state)
    if by_sex:
        result.results = [
            rules.CriterionResult(r.criterion, r.status, rules.Reason(r.criterion, "not_applicable_sex"))
            if r.criterion in by_sex and r.status == rules.MET else r
            for r in result.results
        ]
    if state["mode"] == "family" and state["raw"].get("tnf-blocker", {}).get("choice") == YES:
        result.results = [
            rules.CriterionResult(r.criterion, r.status, rules.Reason(r.criterion, "tnf_blocker_team_checks"))
            if r.criterion == "tnf_blocker" else r
            for r in result.results
        ]
    return result


def step_failed(state: dict, step_id: str) -> rules.CriterionResult | None:
    """The failed criterion this step's answer caused, if any (to say so early)."""
    criterion = STEPS[step_id].criterion
    if criterion is None:
        return None
    result = screen(state).result(criterion)
    return result if result.status == rules.FAILED else None


def complete(state: dict) -> bool:
    return first_unanswered(state) is None
