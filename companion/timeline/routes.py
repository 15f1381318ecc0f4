"""Day by day, day 0 to day 28: the page, the print view, the .ics file, the API.

A start date only ever lives in the URL (?start=YYYY-MM-DD); nothing is stored.
"""
from datetime import date

from flask import Blueprint, Response, render_template, request, url_for
from flask_babel import force_locale, format_date, get_locale, gettext as _

from companion.errors import ApiError
from companion.i18n import LANGUAGES, drop_from_language_switch, other_language, switch_language_to

from . import view
from .dates import MAX_LENGTH, parse_typed_date
from .days import MAX_YEAR, MIN_YEAR, StartDateError, parse_start
from .ics import milestone_calendar

bp = Blueprint("timeline", __name__)

API_START_ERRORS = {
    "format": "start must be a date written as YYYY-MM-DD.",
    "invalid": "start is not a real calendar date.",
    "range": f"start must be a date from {MIN_YEAR} to {MAX_YEAR}.",
}


def start_error_message(reason: str) -> str:
    if reason == "invalid":
        return _("This date does not exist. Check the day and the month.")
    if reason == "range":
        return _("Enter a date from the year %(first)s to %(last)s.", first=MIN_YEAR, last=MAX_YEAR)
    return _("We could not read this date. Write the day, the month and the year, "
             "for example %(numbers)s or %(words)s.", **date_examples())


def date_examples() -> dict:
    """How people write a date in the page's language: 3-12-2026 and 3 december 2026 in Dutch,
    3/12/2026 and 3 December 2026 in English (day first in both)."""
    sample = date(2026, 12, 3)
    numbers = "d-M-y" if get_locale().language == "nl" else "d/M/y"
    nbsp = "\u00a0"  # "3 december 2026" stays on one line
    return {"numbers": format_date(sample, numbers), "words": format_date(sample, "d MMMM y").replace(" ", nbsp)}


def _start_from_request():
    """(start date or None, error message or None, the typed value to show in the form).

    The page, the print view and the calendar read the date as families type it
    (dates.parse_typed_date); the API keeps to YYYY-MM-DD."""
    raw = request.args.get("start", "")
    try:
        return parse_typed_date(raw), None, raw.strip()
    except StartDateError as exc:
        return None, start_error_message(exc.reason), raw.strip()[:MAX_LENGTH]


def _page(lang, template, **extra):
    start, error, raw = _start_from_request()
    if error:
        drop_from_language_switch("start")  # the other language would only repeat the error
    model = view.page_model(lang, start, view.today())
    html = render_template(template, start=start, start_value=raw, error=error, examples=date_examples(),
                           **model, **extra)
    return html, (400 if error else 200)


@bp.get("/<lang:lang>/timeline")
def timeline_page(lang):
    return _page(lang, "timeline/page.html")


@bp.get("/<lang:lang>/timeline/print")
def timeline_print(lang):
    return _page(lang, "timeline/print.html")


@bp.get("/<lang:lang>/timeline.ics")
def timeline_ics(lang):
    start, error, raw = _start_from_request()
    if start is None:
        message = error or _("Fill in the start day first. Then you can add the dates to your calendar.")
        switch_language_to(url_for("timeline.timeline_page", lang=other_language(lang)))
        return render_template("timeline/ics_error.html", error=message, start_value=raw), 400
    body = milestone_calendar(start, view.milestone_titles(lang), lang=lang,
                              calendar_name=_("Study days – anakinra study"))
    filename = _("study-days") + f"-{start.isoformat()}.ics"
    return Response(body, mimetype="text/calendar", headers={
        "Content-Disposition": f'attachment; filename="{filename}"',
        "Cache-Control": "private, no-store",
    })


@bp.get("/api/timeline")
def api_timeline():
    lang = request.args.get("lang")
    if lang is None or lang == "":
        raise ApiError("lang is required: nl or en.")
    if lang not in LANGUAGES:
        raise ApiError("lang must be nl or en.")
    try:
        start = parse_start(request.args.get("start"))
    except StartDateError as exc:
        raise ApiError(API_START_ERRORS[exc.reason]) from None
    with force_locale(lang):
        return view.api_model(lang, start)
