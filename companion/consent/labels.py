"""Words shown for the codes a record stores (roles, statuses, phases, refusals)."""
from flask_babel import get_locale, gettext as _

from companion.timefmt import local_datetime


def role_label(role: str, age_group: str = "", authority: str = "") -> str:
    if role == "child":
        return _("Young person") if age_group == "16-17" else _("Child")
    if role == "parent_1" and authority == "one_guardian":
        return _("Parent or guardian (sole authority)")
    return {"parent_1": _("Parent or guardian 1"), "parent_2": _("Parent or guardian 2")}.get(role, role)


def status_label(status: str | None) -> str:
    return {"understood": _("Understood"), "explained_again": _("Explained again"),
            "not_yet": _("Not yet")}.get(status or "", _("Not discussed yet"))


def age_group_label(age_group: str) -> str:
    return {"under-12": _("Under 12"), "12-15": _("12 to 15"), "16-17": _("16 or 17")}.get(age_group, age_group)


def authority_label(authority: str) -> str:
    return {"two_parents": _("Two parents with parental authority"),
            "one_guardian": _("One parent or guardian with sole authority"),
            "none": _("Not needed (16 or 17)")}.get(authority, authority)


def phase_label(phase: str) -> str:
    return {"open": _("In progress"), "paused": _("Paused"), "postponed": _("Postponed"),
            "signed_paper": _("Signed on paper"), "declined": _("Declined"),
            "child_refused": _("The child refused: ended")}.get(phase, phase)


def language_label(lang: str) -> str:
    return {"nl": _("Dutch"), "en": _("English")}.get(lang, lang)


def rule_message(code: str, params: dict | None = None) -> str:
    """A plain sentence that says what to do."""
    params = params or {}
    messages = {
        "screening_missing": _("Enter the study screening number."),
        "screening_date": _("That looks like a date. Enter the screening number only, never a date of birth."),
        "screening_format": _("Enter the screening number only: letters, digits and hyphens, with at least one "
                              "digit. Never a name."),
        "lang": _("Choose the language of the conversation."),
        "age_group": _("Choose the child's age group."),
        "authority": _("Choose who has parental authority."),
        "no_content": _("No study information is published yet. Ask an editor to publish it first."),
        "questions_long": _("The questions are too long: keep them under %(max)s characters.",
                            max=params.get("max", 2000)),
        "status_missing": _("Choose understood, explained again or not yet for %(who)s.",
                            who=params.get("who", "")),
        "nothing_to_save": _("Choose a status for at least one person before saving."),
        "item_unknown": _("This topic is not part of this record's checklist."),
        "role_unknown": _("That person is not part of this record."),
        "record_closed": _("This record is finished. Nothing can be added to it."),
        "record_paused": _("This conversation is paused. Resume it first, then record."),
        "not_open": _("Only a conversation in progress can be paused."),
        "not_paused": _("Only a paused or postponed conversation can be resumed."),
        "not_ready": _("Not ready for signature yet: every topic must be understood by everyone who must agree."),
        "outcome_unknown": _("Choose what happened."),
        "confirm_final": _("Tick the box to confirm. Signed, declined and refused finish the record: a mistake "
                           "can only be corrected afterwards, with a reason."),
        "confirm_correction": _("Tick the box to confirm the correction."),
        "reason_missing": _("Enter the reason for the correction."),
        "reason_long": _("The reason is too long: keep it under %(max)s characters.", max=params.get("max", 2000)),
        "not_closed": _("Only a finished record can be corrected. Record what happened with the form for the "
                        "outcome instead."),
        "correction_unchanged": _("This is what is recorded now. Choose a different outcome or signing date."),
        "date_invalid": _("Enter the date the form was signed, for example 2026-05-04."),
        "date_future": _("The signing date cannot be in the future."),
        "date_before_record": _("The signing date cannot be before this record was started."),
        "revision": _("The form was incomplete. Open the page again and repeat your input."),
        "stale": _("Someone else saved this record while you were working. Nothing of yours was saved: your "
                   "input is still below. Check the latest status, then save again."),
    }
    return messages.get(code, _("Something in the form is not right. Check it and try again."))


def when(timestamp: str | None) -> str:
    """A stored UTC timestamp as Amsterdam time in the page's language: '3 december 2026, 14:05'."""
    locale = get_locale()
    return local_datetime(timestamp, locale.language if locale else "nl")
