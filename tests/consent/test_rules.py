import pytest

from companion.consent import rules


@pytest.mark.parametrize("age_group, authority, expected", [
    ("under-12", "two_parents", ("parent_1", "parent_2")),
    ("under-12", "one_guardian", ("parent_1",)),
    ("12-15", "two_parents", ("parent_1", "parent_2", "child")),
    ("12-15", "one_guardian", ("parent_1", "child")),
    ("16-17", "two_parents", ("child",)),
    ("16-17", "anything", ("child",)),
])
def test_who_must_agree_follows_consent_nl(age_group, authority, expected):
    assert rules.required_roles(age_group, authority) == expected


@pytest.mark.parametrize("age_group, authority", [("18+", "two_parents"), ("", "two_parents"),
                                                   ("under-12", "grandma")])
def test_unknown_age_group_or_authority_is_refused(age_group, authority):
    with pytest.raises(rules.RuleError):
        rules.required_roles(age_group, authority)


@pytest.mark.parametrize("value, expected", [("scr-0042", "SCR-0042"), (" MB24-017 ", "MB24-017"), ("12", "12")])
def test_screening_numbers(value, expected):
    assert rules.clean_screening_number(value) == expected


@pytest.mark.parametrize("value, code", [
    ("", "screening_missing"), ("   ", "screening_missing"),
    ("Jansen", "screening_format"),            # a name: no digit
    ("Emma de Vries 1", "screening_format"),   # spaces
    ("12-03-2019", "screening_date"), ("2019-03-12", "screening_date"), ("1.3.19", "screening_date"),
    ("<script>1", "screening_format"), ("A" * 29 + "12", "screening_format"),
])
def test_names_dates_and_junk_are_not_screening_numbers(value, code):
    with pytest.raises(rules.RuleError) as err:
        rules.clean_screening_number(value)
    assert err.value.code == code


def test_questions_are_trimmed_and_bounded():
    assert rules.clean_questions("  Is it painful?\r\nHow long?\x00 ") == "Is it painful?\nHow long?"
    assert rules.clean_questions(None) == ""
    with pytest.raises(rules.RuleError):
        rules.clean_questions("x" * (rules.MAX_QUESTIONS_CHARS + 1))


def test_ready_only_when_every_item_understood_by_every_required_participant():
    items = ["purpose", "voluntary"]
    roles = ("parent_1", "parent_2")
    current = {("purpose", "parent_1"): "understood", ("purpose", "parent_2"): "understood",
               ("voluntary", "parent_1"): "understood", ("voluntary", "parent_2"): "explained_again"}
    assert not rules.is_ready(items, roles, current)
    assert rules.missing_items(items, roles, current) == [("voluntary", "parent_2")]
    current[("voluntary", "parent_2")] = "understood"
    assert rules.is_ready(items, roles, current)
    assert not rules.is_ready([], roles, current)  # an empty checklist is never ready


def test_phase_and_sittings():
    events = [{"kind": "created", "outcome": None}]
    assert rules.phase(events) == {"phase": "open", "sitting": 1}
    events.append({"kind": "paused", "outcome": None})
    assert rules.phase(events) == {"phase": "paused", "sitting": 1}
    events.append({"kind": "resumed", "outcome": None})
    assert rules.phase(events) == {"phase": "open", "sitting": 2}
    events.append({"kind": "outcome", "outcome": "child_refused"})
    assert rules.phase(events)["phase"] == "child_refused"


def test_outcome_rules():
    rules.check_outcome("declined", "open", ready=False)
    rules.check_outcome("postponed", "paused", ready=False)
    rules.check_outcome("signed_paper", "open", ready=True)
    for outcome, phase, ready, code in [("signed_paper", "open", False, "not_ready"),
                                        ("declined", "child_refused", True, "record_closed"),
                                        ("consented", "open", True, "outcome_unknown")]:
        with pytest.raises(rules.RuleError) as err:
            rules.check_outcome(outcome, phase, ready)
        assert err.value.code == code


def test_a_correction_replaces_the_outcome_and_can_reopen():
    events = [{"kind": "created", "outcome": None}, {"kind": "outcome", "outcome": "declined"}]
    assert rules.phase(events) == {"phase": "declined", "sitting": 1}
    events.append({"kind": "correction", "outcome": "signed_paper"})
    assert rules.phase(events) == {"phase": "signed_paper", "sitting": 1}
    events.append({"kind": "correction", "outcome": "postponed"})  # reopened: can be resumed
    assert rules.phase(events) == {"phase": "postponed", "sitting": 1}
    events.append({"kind": "resumed", "outcome": None})
    assert rules.phase(events) == {"phase": "open", "sitting": 2}


def test_correction_rules():
    declined = {"outcome": "declined", "signed_date": None}
    signed = {"outcome": "signed_paper", "signed_date": "2026-05-04"}
    rules.check_correction("signed_paper", "2026-05-04", "declined", declined, ready=True)
    rules.check_correction("signed_paper", "2026-05-05", "signed_paper", signed, ready=True)  # a date typo
    rules.check_correction("postponed", None, "child_refused", {"outcome": "child_refused", "signed_date": None},
                           ready=False)
    for args, code in [(("signed_paper", "2026-05-04", "declined", declined, False), "not_ready"),
                       (("declined", None, "declined", declined, True), "correction_unchanged"),
                       (("signed_paper", "2026-05-04", "signed_paper", signed, True), "correction_unchanged"),
                       (("declined", None, "open", None, True), "not_closed"),
                       (("declined", None, "postponed", {"outcome": "postponed", "signed_date": None}, True),
                        "not_closed"),
                       (("consented", None, "declined", declined, True), "outcome_unknown")]:
        with pytest.raises(rules.RuleError) as err:
            rules.check_correction(*args)
        assert err.value.code == code, args


def test_a_reason_is_required_and_bounded():
    assert rules.clean_reason("  Wrong button\r\n ") == "Wrong button"
    for value, code in [(None, "reason_missing"), (" \n", "reason_missing"),
                        ("x" * (rules.MAX_REASON_CHARS + 1), "reason_long")]:
        with pytest.raises(rules.RuleError) as err:
            rules.clean_reason(value)
        assert err.value.code == code
