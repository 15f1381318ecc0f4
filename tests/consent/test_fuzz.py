"""Any form input to the consent pages gets a page or a clear message: never a 500."""
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from companion import create_app
from companion.auth.testing import csrf_token_from, login, make_user
from companion.consent import rules

text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=80)
field_values = st.one_of(text, st.sampled_from(["understood", "not_yet", "explained_again", "1", "-1", "0",
                                                 "2026-01-01", "signed_paper", "declined", "nl", "16-17",
                                                 "9" * 25, str(2**63), "yes", "postponed", "child_refused"]))
FIELDS = ["revision", "status-parent_1", "status-parent_2", "status-child", "questions-parent_1",
          "questions-parent_2", "outcome", "signed_date", "answer", "screening_number", "lang", "age_group",
          "authority", "q-purpose", "q-benefit", "corrected_outcome", "corrected_signed_date", "reason",
          "confirm_correction"]


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    app = create_app({"DATABASE": str(tmp_path_factory.mktemp("consent-fuzz") / "fuzz.db")})
    make_user(app, "fuzz@example.nl", "clinician")
    client = app.test_client()
    login(client, "fuzz@example.nl")
    token = csrf_token_from(client.get("/nl/consent/new").get_data(as_text=True))
    response = client.post("/nl/consent/new", data={"csrf_token": token, "screening_number": "FZ-1", "lang": "nl",
                                                     "age_group": "12-15", "authority": "two_parents"})
    return client, token, response.headers["Location"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(target=st.sampled_from(["/new", "/item/purpose", "/item/purpose/check", "/pause", "/resume", "/outcome",
                               "/correction", "CHECK"]),
       form=st.dictionaries(st.sampled_from(FIELDS), field_values, max_size=8))
def test_no_form_input_gives_a_500(env, target, form):
    client, token, record_url = env
    if target == "CHECK":
        path = "/en/check"
    elif target == "/new":
        path = "/nl/consent/new"
    else:
        path = record_url + target
    response = client.post(path, data={**form, "csrf_token": token})
    assert response.status_code in (200, 303, 400, 404, 409), (path, form, response.status_code)


@given(st.text(max_size=60))
def test_screening_number_rule_never_crashes(value):
    try:
        cleaned = rules.clean_screening_number(value)
    except rules.RuleError as err:
        assert err.code in ("screening_missing", "screening_date", "screening_format")
    else:
        assert cleaned == cleaned.strip().upper() and any(c.isdigit() for c in cleaned)


@given(st.text(max_size=2500))
def test_questions_rule_never_crashes(value):
    try:
        cleaned = rules.clean_questions(value)
    except rules.RuleError as err:
        assert err.code == "questions_long"
    else:
        assert len(cleaned) <= rules.MAX_QUESTIONS_CHARS and "\r" not in cleaned and "\x00" not in cleaned


@pytest.mark.parametrize("target", ["/item/purpose", "/pause", "/resume", "/outcome", "/correction"])
@pytest.mark.parametrize("revision", ["9" * 25, str(2**63), str(2**62)])
def test_a_revision_beyond_sqlite_integers_is_a_clear_refusal(env, target, revision):
    client, token, record_url = env
    response = client.post(record_url + target, data={"revision": revision, "csrf_token": token,
                                                      "status-parent_1": "understood", "outcome": "postponed",
                                                      "corrected_outcome": "postponed", "reason": "r",
                                                      "confirm_correction": "yes"})
    assert response.status_code == 400, response.status_code
