"""Sentences for criteria, reasons, Phoenix points and form errors, in the page's language.

Call inside a request (or ``force_locale``): these use Flask-Babel's gettext.
Whole sentences with named placeholders, so Dutch word order can differ.
"""
from __future__ import annotations

import math

from flask_babel import get_locale, get_translations, gettext as _

from . import rules


def translator():
    """gettext bound to the current locale's catalogue: same result as flask_babel.gettext,
    without looking the catalogue up again for every sentence (the API writes 18 or more)."""
    translations = get_translations()

    def gettext(text, **values):
        text = translations.ugettext(text)
        return text % values if values else text

    return gettext


def num(value) -> str:
    """A number as people write it in the page's language (1,5 in Dutch), at most 2 decimals,
    no thousands separator (lab values are written 4400, not 4.400)."""
    if value is None:
        return ""
    if isinstance(value, float):
        value = round(value, 2)
        if value.is_integer():
            value = int(value)
    text = str(value)
    return text.replace(".", ",") if str(get_locale()) == "nl" else text


def criterion_label(criterion: str) -> str:
    return {
        "age": _("Age"),
        "weight": _("Weight"),
        "icu": _("In intensive care"),
        "malignancy_or_hct": _("Cancer or stem cell transplant"),
        "infection": _("Infection"),
        "phoenix": _("Phoenix Sepsis Score"),
        "ferritin": _("Ferritin"),
        "liver": _("Liver and blood clotting"),
        "other_trial": _("Other study"),
        "pregnancy": _("Pregnancy or breastfeeding"),
        "contraception_female": _("Contraception (girls)"),
        "contraception_male": _("Contraception (boys)"),
        "treatment_limits": _("Limits on treatment"),
        "prior_organ_dysfunction": _("Earlier severe organ problems"),
        "targeted_antiinflammatory": _("Targeted anti-inflammatory medicine"),
        "prior_anakinra": _("Anakinra in the past month"),
        "hypersensitivity": _("Allergy to anakinra"),
        "tnf_blocker": _("TNF blocker"),
    }[criterion]


def status_label(status: str) -> str:
    return {rules.MET: _("Met"), rules.FAILED: _("Not met"), rules.UNKNOWN: _("Not known yet")}[status]


def outcome_label(outcome: str) -> str:
    return {
        rules.LIKELY_ELIGIBLE: _("Likely eligible: the study team confirms"),
        rules.NOT_ELIGIBLE: _("Not eligible"),
        rules.NEEDS_REVIEW: _("Needs review: some criteria are not known yet"),
    }[outcome]


def reason_text(reason: rules.Reason, gettext=None) -> str:
    """The sentence for a criterion's reason; ``gettext`` from ``translator()`` saves time in loops."""
    return REASONS[reason.code](reason.values, gettext or _)


REASONS = {
    "age_unknown": lambda v, _: _("The age is not known yet."),
    "age_too_young": lambda v, _: _("Age %(months)s months: children must be at least 8 months old.",
                               months=num(v["months"])),
    "age_too_old": lambda v, _: _("Age %(months)s months: the study is for children younger than 18 years.",
                             months=num(v["months"])),
    "age_ok": lambda v, _: _("Age %(months)s months: between 8 months and 18 years.", months=num(v["months"])),
    "weight_unknown": lambda v, _: _("The weight is not known yet."),
    "weight_too_low": lambda v, _: _("Weight %(kg)s kg: the child must weigh at least 10 kg.", kg=num(v["kg"])),
    "weight_ok": lambda v, _: _("Weight %(kg)s kg: at least 10 kg.", kg=num(v["kg"])),
    "icu_unknown": lambda v, _: _("Not known yet whether the child is in intensive care."),
    "icu_yes": lambda v, _: _("Admitted to intensive care."),
    "icu_no": lambda v, _: _("The study is only for children in intensive care."),
    "malignancy_or_hct_unknown": lambda v, _: _("Not known yet whether the child has cancer or had a stem cell transplant."),
    "malignancy_or_hct_yes": lambda v, _: _("Cancer, or a stem cell transplant before or at admission."),
    "malignancy_or_hct_no": lambda v, _: _("The study is only for children with cancer or after a stem cell transplant."),
    "infection_unknown": lambda v, _: _("Not known yet whether an infection is suspected or confirmed."),
    "infection_yes": lambda v, _: _("Infection suspected or confirmed at admission."),
    "infection_no": lambda v, _: _("The study is only for children admitted with a suspected or confirmed infection."),
    "phoenix_unknown": lambda v, _: _("The Phoenix Sepsis Score is not known yet."),
    "phoenix_ok": lambda v, _: _("Phoenix Sepsis Score %(score)s: at least 2.", score=v["score"]),
    "phoenix_low": lambda v, _: _("Phoenix Sepsis Score %(score)s: it must be at least 2.", score=v["score"]),
    "phoenix_needs_age": lambda v, _: _("Phoenix Sepsis Score %(score)s without the blood pressure: enter the age to score the blood pressure.",
                                   score=v["score"]),
    "ferritin_unknown": lambda v, _: _("Ferritin is not known yet."),
    "ferritin_ok": lambda v, _: _("Ferritin %(value)s: at least 2000 µg/L.", value=_ferritin(v)),
    "ferritin_low": lambda v, _: _("Ferritin %(value)s: it must be at least 2000 µg/L.", value=_ferritin(v)),
    "liver_unknown": lambda v, _: _("PT and INR are not known yet."),
    "liver_pt_or_inr_missing": lambda v, _: _("Only one of PT and INR is known: enter both."),
    "liver_encephalopathy_unknown": lambda v, _: _("PT 15 s or more or INR 1.5 or more: is there hepatic encephalopathy?"),
    "liver_vitamin_k_unknown": lambda v, _: _("Clotting is too slow: not known yet whether vitamin K corrected it."),
    "liver_severe": lambda v, _: _("PT 20 s or more or INR above 2, not corrected by vitamin K: severe liver dysfunction."),
    "liver_encephalopathy": lambda v, _: _("PT 15 s or more or INR 1.5 or more with hepatic encephalopathy, not corrected by vitamin K."),
    "liver_ok": lambda v, _: _("PT and INR below the limits."),
    "liver_corrected": lambda v, _: _("Clotting was corrected by vitamin K."),
    "other_trial_unknown": lambda v, _: _("Not known yet whether the child is in another study that does not allow this one."),
    "other_trial_yes": lambda v, _: _("In another study that does not allow a second study medicine."),
    "other_trial_no": lambda v, _: _("No other study that stands in the way."),
    "pregnancy_unknown": lambda v, _: _("Not known yet whether she is pregnant or breastfeeding."),
    "pregnancy_yes": lambda v, _: _("Pregnant or breastfeeding."),
    "pregnancy_no": lambda v, _: _("Not pregnant and not breastfeeding."),
    "contraception_female_unknown": lambda v, _: _("Not known yet whether she will use highly effective contraception and have a pregnancy test."),
    "contraception_female_yes": lambda v, _: _("Sexually active and will not use highly effective contraception and pregnancy testing."),
    "contraception_female_no": lambda v, _: _("No objection to contraception and pregnancy testing."),
    "contraception_male_unknown": lambda v, _: _("Not known yet whether he will use effective contraception."),
    "contraception_male_yes": lambda v, _: _("Sexually active and will not use effective contraception."),
    "contraception_male_no": lambda v, _: _("No objection to contraception."),
    "treatment_limits_unknown": lambda v, _: _("Not known yet whether there are limits on treatment."),
    "treatment_limits_yes": lambda v, _: _("A do-not-resuscitate order or another limit on treatment."),
    "treatment_limits_no": lambda v, _: _("No limits on treatment."),
    "prior_organ_dysfunction_unknown": lambda v, _: _("Not known yet whether there was severe lung, heart or kidney disease before."),
    "prior_organ_dysfunction_yes": lambda v, _: _("Severe lung disease, heart failure or chronic kidney failure before admission."),
    "prior_organ_dysfunction_no": lambda v, _: _("No earlier severe lung, heart or kidney disease."),
    "targeted_antiinflammatory_unknown": lambda v, _: _("Not known yet whether a targeted anti-inflammatory medicine was given in the week before admission."),
    "targeted_antiinflammatory_yes": lambda v, _: _("A biologic or JAK inhibitor for hyperinflammation in the week before admission."),
    "targeted_antiinflammatory_no": lambda v, _: _("No targeted anti-inflammatory medicine in the week before admission."),
    "prior_anakinra_unknown": lambda v, _: _("Not known yet whether anakinra was given in the past month."),
    "prior_anakinra_yes": lambda v, _: _("Anakinra in the month before admission."),
    "prior_anakinra_no": lambda v, _: _("No anakinra in the month before admission."),
    "hypersensitivity_unknown": lambda v, _: _("Not known yet whether there is an allergy to anakinra."),
    "hypersensitivity_yes": lambda v, _: _("Known allergy to anakinra, its other ingredients or E. coli proteins."),
    "hypersensitivity_no": lambda v, _: _("No known allergy to anakinra."),
    "tnf_blocker_unknown": lambda v, _: _("Not known yet whether a TNF blocker was given recently."),
    "tnf_blocker_yes": lambda v, _: _("A TNF blocker within 5 of its half-lives."),
    "tnf_blocker_no": lambda v, _: _("No TNF blocker within 5 of its half-lives."),
    "tnf_blocker_team_checks": lambda v, _: _("A TNF blocker recently: the study team checks whether it was within 5 of its half-lives."),
    "not_applicable_under_12": lambda v, _: _("Does not apply below 12 years."),
    "not_applicable_sex": lambda v, _: _("Does not apply."),
    "checked_by_team": lambda v, _: _("The study team checks this."),
}


def _ferritin(v: dict) -> str:
    """"2500 µg/L", or "4500 pmol/L (2002.6 µg/L)" when converted. Rounded down, as the rule
    reads it: 4493.99 pmol/L is 1999.99 µg/L and must not show as "2000 µg/L" beside a fail."""
    shown = f"{num(v['value'])} {unit_label(v['unit'])}"
    if v["unit"] == "pmol/L":
        shown += f" ({num(math.floor(v['ug_l'] * 10) / 10)} µg/L)"
    return shown


def unit_label(unit: str) -> str:
    return {"ug/L": "µg/L", "ng/mL": "ng/mL", "pmol/L": "pmol/L", "kPa": "kPa", "mmHg": "mmHg"}.get(unit, unit)


def system_label(system: str) -> str:
    return {"respiratory": _("Breathing"), "cardiovascular": _("Heart and circulation"),
            "coagulation": _("Blood clotting"), "neurologic": _("Brain")}[system]


def point_text(point, gettext=None) -> str:
    """Which value gave a Phoenix point, as a sentence."""
    return POINTS[point.code](point.values, gettext or _)


POINTS = {
    "resp_pf_support": lambda v, _: _("P/F ratio %(ratio)s, below %(limit)s, on respiratory support.",
                                 ratio=num(round(v["ratio"])), limit=v["limit"]),
    "resp_sf_support": lambda v, _: _("S/F ratio %(ratio)s, below %(limit)s, on respiratory support.",
                                 ratio=num(round(v["ratio"])), limit=v["limit"]),
    "resp_pf_imv": lambda v, _: _("P/F ratio %(ratio)s, below %(limit)s, on invasive ventilation.",
                             ratio=num(round(v["ratio"])), limit=v["limit"]),
    "resp_sf_imv": lambda v, _: _("S/F ratio %(ratio)s, below %(limit)s, on invasive ventilation.",
                             ratio=num(round(v["ratio"])), limit=v["limit"]),
    "cv_vasoactive": lambda v, _: (_("1 vasoactive medicine.") if v["count"] == 1
                                   else _("%(count)s vasoactive medicines.", count=v["count"])),
    "cv_lactate": lambda v, _: _("Lactate %(value)s mmol/L, %(limit)s or more.", value=num(v["lactate"]), limit=v["limit"]),
    "cv_map": lambda v, _: _("Mean arterial pressure %(map)s mmHg, below %(limit)s for this age.",
                        map=num(round(v["map"], 1)), limit=v["limit"]),
    "coag_platelets": lambda v, _: _("Platelets %(value)s ×10⁹/L, below 100.", value=num(v["value"])),
    "coag_inr": lambda v, _: _("INR %(value)s, above 1.3.", value=num(v["value"])),
    "coag_d_dimer": lambda v, _: _("D-dimer %(value)s mg/L FEU, above 2.", value=num(v["value"])),
    "coag_fibrinogen": lambda v, _: _("Fibrinogen %(value)s g/L, below 1.", value=num(v["value"])),
    "neuro_pupils": lambda v, _: _("Both pupils fixed."),
    "neuro_gcs": lambda v, _: _("Glasgow Coma Scale %(value)s, 10 or lower.", value=v["value"]),
}


def field_error(code: str, values: dict) -> str:
    texts = {
        "number": lambda: _("Enter a number, for example 12 or 12,5."),
        "whole": lambda: _("Enter a whole number."),
        "range": lambda: _("Enter a number from %(low)s to %(high)s.", low=num(values["low"]), high=num(values["high"])),
        "date": lambda: _("Enter the date as day-month-year, for example 31-01-2020."),
        "date_invalid": lambda: _("This date does not exist. Check the day and the month."),
        "date_range": lambda: _("Enter a date after 1900."),
        "choose": lambda: _("Choose one of the answers."),
        "choose_unsure": lambda: _("Choose an answer. Not sure? Then choose 'I don't know'."),
        "required": lambda: _("Enter the age in years."),
        "age_either": lambda: _("Enter the age, or the two dates, not both."),
        "both_dates": lambda: _("Enter both dates: the date of birth and the date of admission to intensive care."),
        "admission_before_birth": lambda: _("The admission date is before the date of birth."),
        "score_or_values": lambda: _("Enter the score, or the values, not both."),
        "dbp_above_sbp": lambda: _("The diastolic pressure is higher than the systolic pressure."),
        "invalid": lambda: _("This answer cannot be right. Check it."),
    }
    return texts[code]()


# --- the questions -------------------------------------------------------------------
# Medicine names: anakinra is sold as Kineret; tocilizumab as RoActemra, ruxolitinib as
# Jakavi, infliximab as Remicade, adalimumab as Humira, etanercept as Enbrel.
# source: EMA product information (EPAR/SmPC) of each medicine; to be confirmed by the study team.
# TNF blockers: the study's window is 5 half-lives, which differs per medicine, so families are
# asked about any recent TNF blocker and the study team checks the date (no window in months here).

def question(step_id: str, mode: str) -> dict:
    """Title (the page's h1 and the question) and hint of one step in one mode."""
    family = {
        "age": (_("How old is your child?"), _("In years and months.")),
        "weight": (_("How much does your child weigh?"),
                   _("In kilograms. A rough number is fine. Leave it empty if you do not know.")),
        "cancer": (_("Does your child have cancer, or did your child have a stem cell transplant?"),
                   _("This also counts if the transplant was longer ago.")),
        "icu": (_("Is your child in intensive care now?"),
                _("Intensive care is also called the IC or the ICU.")),
        "infection": (_("Do the doctors think your child has an infection?"),
                      _("Or have they found an infection with tests?")),
        "limits": (_("Have you agreed with the doctors to limit the treatment?"),
                   _("For example: no resuscitation if the heart stops. Or no breathing machine, no medicines for the blood pressure, no kidney machine or no heart-lung machine.")),
        "allergy": (_("Is your child allergic to anakinra (Kineret)?"),
                    _("Or to something else in this medicine? Anakinra is made with E. coli bacteria. An allergy to proteins from these bacteria also counts.")),
        "anakinra": (_("Did your child get anakinra (Kineret) in the past month?"), ""),
        "anti-inflammatory": (_("Did your child get a special medicine against an overactive immune system in the week before intensive care?"),
                              _("For example tocilizumab (RoActemra) or ruxolitinib (Jakavi). Not sure? Choose 'I don't know'.")),
        "tnf-blocker": (_("Did your child get a TNF blocker recently?"),
                        _("For example infliximab (Remicade), adalimumab (Humira) or etanercept (Enbrel). How far back counts differs per medicine. If your child had one, the study team checks the date.")),
        "sex": (_("Is your child a girl or a boy?"), _("We only ask this to know if the next question is needed.")),
        "pregnancy": (_("Is your daughter pregnant, or does she breastfeed?"),
                      _("Not sure? Choose 'I don't know'. The team can check this.")),
    }
    clinician = {
        "age": (_("Age at ICU admission"),
                _("Years and months, or the date of birth and the ICU admission date: whole calendar months are counted.")),
        "weight": (_("Body weight"), _("In kg. Leave empty when not known yet.")),
        "icu": (_("Admitted to the ICU?"), ""),
        "cancer": (_("Underlying malignancy, or HCT before or at ICU admission?"), ""),
        "infection": (_("Suspected or confirmed infection at ICU admission?"), ""),
        "phoenix": (_("Phoenix Sepsis Score"),
                    _("Enter the score, or the bedside values and let the calculator score them. Missing values count as normal (0 points).")),
        "ferritin": (_("Serum ferritin at ICU admission"), _("At least 2000 µg/L. 1 ng/mL = 1 µg/L; 1 µg/L = 2.247 pmol/L.")),
        "liver": (_("Liver: PT, INR and hepatic encephalopathy"),
                  _("Excluded: PT 20 s or more or INR above 2; or PT 15 s or more or INR 1.5 or more with hepatic encephalopathy; in both cases not corrected by vitamin K.")),
        "other-trial": (_("Enrolled in another trial that does not allow co-enrolment with an investigational medicine?"), ""),
        "sex": (_("Sex"), _("Decides which pregnancy and contraception questions apply.")),
        "pregnancy": (_("Pregnant or breastfeeding?"), ""),
        "contraception-female": (_("Sexually active, of childbearing potential, and not willing to use highly effective contraception and pregnancy testing?"), ""),
        "contraception-male": (_("Sexually active, fertile, and not willing to use effective contraception?"), ""),
        "limits": (_("DNR order, or any limit on ventilation, vasopressors or inotropes, CRRT or ECMO?"), ""),
        "organ-dysfunction": (_("Severe organ dysfunction before admission: severe lung disease, heart failure or chronic kidney failure?"), ""),
        "anti-inflammatory": (_("Targeted anti-inflammatory treatment for hyperinflammation (biologic or JAK inhibitor) in the week before ICU admission?"), ""),
        "anakinra": (_("Anakinra in the month before ICU admission?"), ""),
        "allergy": (_("Known allergy or hypersensitivity to anakinra, its excipients or E. coli-derived proteins?"), ""),
        "tnf-blocker": (_("TNF-alpha blocker within 5 of its half-lives before ICU admission?"), ""),
    }
    title, hint = (family if mode == "family" else clinician)[step_id]
    return {"title": title, "hint": hint}


def sensitive_notice(step_id: str, mode: str) -> str | None:
    """What a parent reads before a question that may be hard (flow.SENSITIVE): why it is asked
    and that it may be skipped. Family mode only; None for every other question."""
    if mode != "family":
        return None
    return {
        "limits": _("This question is about limits on treatment, such as not resuscitating. That can be hard to read. We ask it because the study has a rule about it. You may skip the question: the study team can check it with the doctors."),
        "pregnancy": _("We ask this question for every girl of 12 or older. It is a standard question and says nothing about your daughter. The study has a rule about pregnancy and breastfeeding. You may skip the question: the study team can check it."),
    }.get(step_id)


def choice_label(choice: str, mode: str, name: str = "choice") -> str:
    if choice == "yes":
        return _("Yes")
    if choice == "no":
        return _("No")
    if choice == "unknown" and name == "sex":
        return _("I'd rather not say")
    if choice == "unknown":
        return _("I don't know") if mode == "family" else _("Not known yet")
    return {"female": _("Girl") if mode == "family" else _("Female"),
            "male": _("Boy") if mode == "family" else _("Male")}.get(choice, choice)
