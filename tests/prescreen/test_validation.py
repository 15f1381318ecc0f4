import pytest

from companion.prescreen import validation
from tests.prescreen.bad_inputs import BAD_REQUESTS


@pytest.mark.parametrize("body, field", BAD_REQUESTS, ids=[f for _, f in BAD_REQUESTS])
def test_bad_input_names_the_field(body, field):
    with pytest.raises(validation.ValidationError) as info:
        validation.validate_request(body)
    assert info.value.field == field
    assert field in info.value.message or field == "body"
    assert info.value.message.endswith(".")


def test_good_request_drops_nulls_and_keeps_values():
    mode, answers, lang = validation.validate_request({
        "mode": "clinician", "lang": "nl",
        "answers": {"weight_kg": 12, "ferritin": None, "date_of_birth": "2020-02-29",
                    "icu_admission_date": "2021-02-28",
                    "phoenix_components": {"gcs": 9, "fio2": None}},
    })
    assert (mode, lang) == ("clinician", "nl")
    assert answers == {"weight_kg": 12, "date_of_birth": "2020-02-29", "icu_admission_date": "2021-02-28",
                       "phoenix_components": {"gcs": 9}}


def test_every_contract_answer_is_known():
    names = {"age_months", "date_of_birth", "icu_admission_date", "weight_kg", "in_icu",
             "malignancy_or_hct", "infection_suspected_or_confirmed", "phoenix_sepsis_score",
             "phoenix_components", "ferritin", "ferritin_unit", "pt_seconds", "inr",
             "hepatic_encephalopathy", "corrected_by_vitamin_k", "other_trial_conflict",
             "pregnant_or_breastfeeding", "female_unwilling_contraception",
             "male_unwilling_contraception", "dnr_or_treatment_limitation",
             "severe_preexisting_organ_dysfunction", "targeted_antiinflammatory_last_7_days",
             "anakinra_last_month", "anakinra_or_ecoli_protein_allergy",
             "tnf_blocker_within_5_half_lives"}
    assert set(validation.ANSWERS) == names
