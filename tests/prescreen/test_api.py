"""POST /api/prescreen: the contract's shape, strict 400s, never a 500."""
import json

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from companion.prescreen import rules
from tests.prescreen.bad_inputs import BAD_REQUESTS


def post(client, body):
    return client.post("/api/prescreen", data=json.dumps(body, allow_nan=True), content_type="application/json")


def test_contract_shape(client):
    r = post(client, {"mode": "clinician", "answers": {"weight_kg": 20, "ferritin": 1500, "ferritin_unit": "ng/mL"}})
    assert r.status_code == 200 and r.is_json
    body = r.get_json()
    assert body["outcome"] == "not_eligible"
    assert "ferritin" in body["failed"] and "weight" in body["met"] and "phoenix" in body["unknown"]
    assert sorted(body["met"] + body["failed"] + body["unknown"]) == sorted(rules.CRITERIA)
    reasons = {r["criterion"]: r["text"] for r in body["reasons"]}
    assert "2000" in reasons["ferritin"]
    assert "phoenix_sepsis_score" not in body


def test_all_met_is_likely_eligible(client):
    answers = {"age_months": 60, "weight_kg": 20, "in_icu": True, "malignancy_or_hct": True,
               "infection_suspected_or_confirmed": True, "phoenix_sepsis_score": 4, "ferritin": 9000,
               "ferritin_unit": "pmol/L", "pt_seconds": 12, "inr": 1.1,
               **{a: False for a in rules.YES_FAILS.values()}}
    body = post(client, {"mode": "clinician", "answers": answers}).get_json()
    assert body["outcome"] == "likely_eligible" and body["failed"] == [] and body["unknown"] == []
    family = post(client, {"mode": "family", "answers": answers}).get_json()
    assert family["outcome"] == "needs_review"
    assert {"phoenix", "ferritin", "liver"} <= set(family["unknown"])


def test_phoenix_components_give_score_and_subscores(client):
    body = post(client, {"mode": "clinician", "answers": {
        "age_months": 30, "phoenix_components": {
            "fio2": 0.5, "pao2_kpa": 6, "invasive_ventilation": True, "vasoactive_count": 1,
            "sbp_mmhg": 60, "dbp_mmhg": 30, "platelets_10e9_l": 80, "gcs": 9}}}).get_json()
    assert body["phoenix_subscores"] == {"respiratory": 3, "cardiovascular": 1 + 1, "coagulation": 1, "neurologic": 1}
    assert body["phoenix_sepsis_score"] == 7
    assert "phoenix" in body["met"]


def test_reasons_in_dutch(client):
    body = post(client, {"mode": "clinician", "lang": "nl", "answers": {"weight_kg": 8}}).get_json()
    text = {r["criterion"]: r["text"] for r in body["reasons"]}["weight"]
    assert "minstens 10 kg" in text


@pytest.mark.parametrize("body, field", BAD_REQUESTS, ids=[f for _, f in BAD_REQUESTS])
def test_bad_input_gets_400_naming_the_field(client, body, field):
    r = post(client, body)
    assert r.status_code == 400 and r.is_json
    assert r.get_json()["field"] == field
    assert field in r.get_json()["error"] or field == "body"


@pytest.mark.parametrize("data, content_type", [
    ("not json", "application/json"),
    ('{"mode": "family", "answers": {', "application/json"),
    ('{"mode": "family", "answers": {}}', "text/plain"),
    ('{"mode": "clinician", "answers": {"weight_kg": NaN}}', "application/json"),
    ('{"mode": "clinician", "answers": {"weight_kg": Infinity}}', "application/json"),
    ('{"mode": "clinician", "answers": {"weight_kg": 1e999}}', "application/json"),
    ("", "application/json"),
    ("null", "application/json"),
    ("[" * 100_000, "application/json"),
    ('{"mode": "clinician", "answers": {"age_months": ' + "[" * 50_000 + "]" * 50_000 + "}}", "application/json"),
])
def test_not_json_gets_400(client, data, content_type):
    r = client.post("/api/prescreen", data=data, content_type=content_type)
    assert r.status_code == 400 and r.is_json and r.get_json()["error"]


def test_get_is_not_allowed_as_json(client):
    r = client.get("/api/prescreen")
    assert r.status_code == 405 and r.is_json


JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-10**20, 10**20) | st.floats() | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=12,
)
ANSWER_NAMES = st.sampled_from(["age_months", "weight_kg", "ferritin", "ferritin_unit", "phoenix_sepsis_score",
                                "phoenix_components", "date_of_birth", "icu_admission_date", "inr",
                                "pt_seconds", "in_icu", "hepatic_encephalopathy", "bogus"])


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(
    JSON,
    st.fixed_dictionaries({"mode": st.sampled_from(["family", "clinician", "x"]),
                           "answers": st.dictionaries(ANSWER_NAMES, JSON, max_size=5)}),
))
def test_nothing_gets_500(client, body):
    r = post(client, body)
    assert r.status_code in (200, 400), (body, r.status_code)
    assert r.is_json


@pytest.mark.parametrize("value, failed, shown", [(4493.99, True, "1999.9 µg/L"), (4494, False, "2000.0 µg/L"),
                                                  (4500, False, "2002.6 µg/L")])
def test_a_converted_ferritin_is_shown_rounded_down_like_the_rule(client, value, failed, shown):
    body = post(client, {"mode": "clinician", "lang": "en",
                         "answers": {"ferritin": value, "ferritin_unit": "pmol/L"}}).get_json()
    assert ("ferritin" in body["failed"]) is failed
    text = {r["criterion"]: r["text"] for r in body["reasons"]}["ferritin"]
    assert shown.replace("2000.0", "2000") in text


@pytest.mark.parametrize("count, text", [(1, "1 vasoactive medicine."), (2, "2 vasoactive medicines.")])
def test_vasoactive_points_in_singular_and_plural(client, count, text):
    body = post(client, {"mode": "clinician", "lang": "en", "answers": {
        "age_months": 60, "phoenix_components": {"vasoactive_count": count}}}).get_json()
    assert text in [p["text"] for p in body["phoenix_points"]]
    nl = post(client, {"mode": "clinician", "lang": "nl", "answers": {
        "age_months": 60, "phoenix_components": {"vasoactive_count": count}}}).get_json()
    assert ("1 vasoactief medicijn." if count == 1 else "2 vasoactieve medicijnen.") in [p["text"] for p in nl["phoenix_points"]]
