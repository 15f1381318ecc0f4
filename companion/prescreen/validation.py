"""Strict validation of a pre-screening request (CONTRACTS.md, ``POST /api/prescreen``).

``validate_request(payload)`` returns ``(mode, answers)`` or raises
``ValidationError`` whose message is a plain sentence naming the field.
No Flask here: the questionnaire pages use the same checks per field.
"""
from __future__ import annotations

import math
import re
from datetime import date

from . import phoenix, rules

MODES = ("family", "clinician")
LANGS = ("nl", "en")
FERRITIN_UNITS = ("ug/L", "ng/mL", "pmol/L")
MAX_TEXT = 500
MIN_DATE, MAX_DATE = date(1900, 1, 1), date(2199, 12, 31)
MAX_AGE_MONTHS = 300

BOOLEAN_ANSWERS = (
    "in_icu",
    "malignancy_or_hct",
    "infection_suspected_or_confirmed",
    "hepatic_encephalopathy",
    "corrected_by_vitamin_k",
    *rules.YES_FAILS.values(),
)

#: name -> (kind, low, high); kind "number" (int or float) or "integer".
NUMBER_ANSWERS = {
    "age_months": ("number", 0, MAX_AGE_MONTHS),
    "weight_kg": ("number", 0.5, 250),
    "phoenix_sepsis_score": ("integer", 0, 13),
    "ferritin": ("number", 0, 1_000_000),
    "pt_seconds": ("number", 5, 200),
    "inr": ("number", 0.5, 25),
}

COMPONENT_NUMBERS = {
    "fio2": ("number", 0.21, 1.0),
    "pao2_kpa": ("number", 1, 100),
    "pao2_mmhg": ("number", 5, 760),
    "spo2_percent": ("number", 1, 100),
    "vasoactive_count": ("integer", 0, 6),
    "lactate_mmol_l": ("number", 0, 40),
    "map_mmhg": ("number", 5, 250),
    "sbp_mmhg": ("number", 10, 300),
    "dbp_mmhg": ("number", 5, 250),
    "platelets_10e9_l": ("number", 0, 5000),
    "inr": ("number", 0.5, 25),
    "d_dimer_mg_l_feu": ("number", 0, 500),
    "fibrinogen_g_l": ("number", 0, 30),
    "gcs": ("integer", 3, 15),
}
COMPONENT_BOOLEANS = ("invasive_ventilation", "respiratory_support", "pupils_fixed_both")
assert set(COMPONENT_NUMBERS) | set(COMPONENT_BOOLEANS) == set(phoenix.COMPONENTS)

DATE_ANSWERS = ("date_of_birth", "icu_admission_date")
OTHER_ANSWERS = ("ferritin_unit", "phoenix_components")

ANSWERS = (*NUMBER_ANSWERS, *BOOLEAN_ANSWERS, *DATE_ANSWERS, *OTHER_ANSWERS)

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class ValidationError(ValueError):
    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


def check_number(field: str, value, kind: str, low: float, high: float):
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        wanted = "a whole number" if kind == "integer" else "a number"
        raise ValidationError(field, f"{field} must be {wanted}.")
    if isinstance(value, float) and not math.isfinite(value):
        raise ValidationError(field, f"{field} must be a finite number.")
    if kind == "integer" and not isinstance(value, int):
        raise ValidationError(field, f"{field} must be a whole number.")
    if not low <= value <= high:
        raise ValidationError(field, f"{field} must be between {low:g} and {high:g}.")
    return value


def check_boolean(field: str, value):
    if not isinstance(value, bool):
        raise ValidationError(field, f"{field} must be true, false or null.")
    return value


def check_text(field: str, value) -> str:
    if not isinstance(value, str):
        raise ValidationError(field, f"{field} must be text.")
    if len(value) > MAX_TEXT:
        raise ValidationError(field, f"{field} is longer than {MAX_TEXT} characters.")
    return value


def check_date(field: str, value) -> str:
    value = check_text(field, value)
    if not _ISO_DATE.fullmatch(value):
        raise ValidationError(field, f"{field} must be a date written as YYYY-MM-DD.")
    try:
        parsed = date.fromisoformat(value)
    except ValueError:
        raise ValidationError(field, f"{field} is not a real date.") from None
    if not MIN_DATE <= parsed <= MAX_DATE:
        raise ValidationError(field, f"{field} is outside the plausible range.")
    return value


def check_components(value) -> dict:
    field = "phoenix_components"
    if not isinstance(value, dict):
        raise ValidationError(field, f"{field} must be an object.")
    clean = {}
    for name, item in value.items():
        path = f"{field}.{name}"
        if name not in phoenix.COMPONENTS:
            raise ValidationError(path, f"{path} is not a known Phoenix value.")
        if item is None:
            continue
        if name in COMPONENT_BOOLEANS:
            clean[name] = check_boolean(path, item)
        else:
            clean[name] = check_number(path, item, *COMPONENT_NUMBERS[name])
    if "pao2_kpa" in clean and "pao2_mmhg" in clean:
        raise ValidationError(f"{field}.pao2_mmhg",
                              f"Give {field}.pao2_kpa or {field}.pao2_mmhg, not both.")
    if "sbp_mmhg" in clean and "dbp_mmhg" in clean and clean["dbp_mmhg"] > clean["sbp_mmhg"]:
        raise ValidationError(f"{field}.dbp_mmhg",
                              f"{field}.dbp_mmhg must not be higher than sbp_mmhg.")
    return clean


def validate_answers(answers) -> dict:
    """Check every answer; returns the answers without ``None`` values."""
    if not isinstance(answers, dict):
        raise ValidationError("answers", "answers must be an object.")
    clean = {}
    for name, value in answers.items():
        if not isinstance(name, str) or name not in ANSWERS:
            shown = str(name)[:60]
            raise ValidationError(str(name)[:60], f"{shown} is not a known answer.")
        if value is None:
            continue
        if name in NUMBER_ANSWERS:
            clean[name] = check_number(name, value, *NUMBER_ANSWERS[name])
        elif name in BOOLEAN_ANSWERS:
            clean[name] = check_boolean(name, value)
        elif name in DATE_ANSWERS:
            clean[name] = check_date(name, value)
        elif name == "ferritin_unit":
            check_text(name, value)
            if value not in FERRITIN_UNITS:
                raise ValidationError(name, f"ferritin_unit must be one of {', '.join(FERRITIN_UNITS)}.")
            clean[name] = value
        elif name == "phoenix_components":
            clean[name] = check_components(value)
    if "date_of_birth" in clean and "icu_admission_date" in clean:
        born = date.fromisoformat(clean["date_of_birth"])
        admitted = date.fromisoformat(clean["icu_admission_date"])
        if admitted < born:
            raise ValidationError("icu_admission_date",
                                  "icu_admission_date is before date_of_birth.")
        if rules.whole_months(born, admitted) > MAX_AGE_MONTHS:
            raise ValidationError("date_of_birth",
                                  "date_of_birth gives an age over 300 months at ICU admission.")
    if "phoenix_sepsis_score" in clean and "phoenix_components" in clean:
        raise ValidationError("phoenix_components",
                              "Give phoenix_sepsis_score or phoenix_components, not both.")
    return clean


def validate_request(payload) -> tuple[str, dict, str]:
    """Returns ``(mode, answers, lang)``; raises ``ValidationError``."""
    if not isinstance(payload, dict):
        raise ValidationError("body", "The request body must be a JSON object.")
    for name in payload:
        if name not in ("mode", "answers", "lang"):
            raise ValidationError(str(name)[:60], f"{str(name)[:60]} is not a known field.")
    mode = payload.get("mode")
    if mode is None or mode == "":
        raise ValidationError("mode", "mode is missing: use family or clinician.")
    if not isinstance(mode, str) or mode not in MODES:
        raise ValidationError("mode", "mode must be family or clinician.")
    lang = payload.get("lang", "en")
    if not isinstance(lang, str) or lang not in LANGS:
        raise ValidationError("lang", "lang must be nl or en.")
    if "answers" not in payload or payload["answers"] is None:
        raise ValidationError("answers", "answers is missing: send an object, {} when nothing is known.")
    return mode, validate_answers(payload["answers"]), lang
