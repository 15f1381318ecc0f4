"""Pre-screening: the questionnaire pages, POST /api/prescreen and the staff screening log.

Answers live only in the signed session cookie between pages; the one thing
written to the database is the anonymous log row at the end of clinician mode.
"""
from __future__ import annotations

import time
from datetime import date

from flask import (Blueprint, Response, abort, current_app, jsonify, redirect, render_template,
                   request, session, url_for)
from flask_babel import force_locale

from companion.auth import current_user, role_required
from companion.auth.decorators import login_url
from companion.db import get_db
from companion.json_body import read_json_body
from companion.security import csrf

from . import flow, log, messages, rules, validation

bp = Blueprint("prescreen", __name__)

CLINICIAN_ROLES = ("clinician", "admin")
SESSION_KEY = "prescreen"


@bp.app_context_processor
def prescreen_helpers():
    return {"ps": messages}


@bp.after_request
def no_store(response):
    """Answers (a date of birth, lab values) must not linger in a shared device's cache."""
    response.headers["Cache-Control"] = "no-store"
    return response


# --- access --------------------------------------------------------------------

def clinician_allowed() -> bool:
    """Clinician mode: a signed-in clinician or admin (it writes the screening log)."""
    user = current_user()
    return bool(user and user["role"] in CLINICIAN_ROLES)


def _guard(mode: str):
    """None when the visitor may use this mode, else the response to give."""
    if mode not in flow.MODES:
        abort(404)
    if mode == "clinician" and not clinician_allowed():
        if current_user() is None:
            return redirect(login_url(request.path))
        return render_template("auth/forbidden.html", user=current_user()), 403
    return None


def _stored_state() -> dict | None:
    """The answers in the visitor's session cookie, or None. The cookie is signed, not secret:
    on a shared phone or ward computer anyone could read it, so answers left untouched for
    PRESCREEN_FORGET_MINUTES are dropped (and the server never stores them)."""
    state = session.get(SESSION_KEY)
    if not isinstance(state, dict):
        return None
    saved = state.get("saved_at")
    limit = current_app.config.get("PRESCREEN_FORGET_MINUTES", 60) * 60
    if not isinstance(saved, (int, float)) or time.time() - saved > limit:
        session.pop(SESSION_KEY, None)
        return None
    return state


def _state(mode: str) -> dict:
    state = _stored_state()
    if state is None or state.get("mode") != mode or not isinstance(state.get("raw"), dict):
        state = flow.new_state(mode)
    return state


def _save(state: dict) -> None:
    session[SESSION_KEY] = {**state, "saved_at": int(time.time())}


# --- pages ------------------------------------------------------------------------

@bp.get("/<lang:lang>/prescreen/")
def start(lang):
    """The start page (endpoint name used by the home page and the main menu)."""
    return render_template("prescreen/index.html", state=_stored_state(),
                           clinician_allowed=clinician_allowed(), family_count=len(flow.ORDER["family"]))


@bp.post("/<lang:lang>/prescreen/start")
def begin(lang):
    mode = request.form.get("mode", "")
    if mode not in flow.MODES:
        return render_template("prescreen/index.html", state=None, clinician_allowed=clinician_allowed(),
                               family_count=len(flow.ORDER["family"]), error=True), 400
    denied = _guard(mode)
    if denied:
        return denied
    state = flow.new_state(mode)
    _save(state)
    return redirect(url_for(".question", lang=lang, mode=mode, step=flow.next_step(state)))


@bp.post("/<lang:lang>/prescreen/restart")
def restart(lang):
    session.pop(SESSION_KEY, None)
    return redirect(url_for(".start", lang=lang))


RADIO_FIELDS = {"choice": "yes", "sex": "female", "hepatic_encephalopathy": "yes", "corrected_by_vitamin_k": "yes"}


def _anchor(step, field: str) -> str:
    """The id of the input an error message links to."""
    if field not in flow.FIELDS[step.kind]:
        field = flow.FIELDS[step.kind][0]
    return f"{field}-{RADIO_FIELDS[field]}" if field in RADIO_FIELDS else field


def _question_page(lang, mode, state, step, *, values=None, error=None, calculated=None, status=200):
    if step.kind == "phoenix" and calculated is None and values is None and step.id in state["raw"]:
        calculated = flow.screen(state)
    previous = flow.previous_step(state, step.id)
    back = (url_for(".check", lang=lang, mode=mode) if request.values.get("from") == "check"
            else url_for(".question", lang=lang, mode=mode, step=previous) if previous
            else url_for(".start", lang=lang))
    position, count = flow.progress(state, step.id)
    return render_template(
        "prescreen/question.html", mode=mode, step=step, values=values or state["raw"].get(step.id, {}),
        error=error, back=back, position=position, count=count, calculated=calculated,
        from_check=request.values.get("from") == "check", sex_choices=flow.sex_choices(mode),
    ), status


@bp.get("/<lang:lang>/prescreen/<mode>/<step>")
def question(lang, mode, step):
    denied = _guard(mode)
    if denied:
        return denied
    state = _state(mode)
    if step not in flow.ORDER[mode]:
        abort(404)
    if not flow.applies(step, state):
        nxt = flow.next_step(state, step)
        return redirect(url_for(".question", lang=lang, mode=mode, step=nxt) if nxt
                        else url_for(".check", lang=lang, mode=mode))
    return _question_page(lang, mode, state, flow.STEPS[step])


@bp.post("/<lang:lang>/prescreen/<mode>/<step>")
def answer(lang, mode, step):
    denied = _guard(mode)
    if denied:
        return denied
    state = _state(mode)
    if step not in flow.ORDER[mode]:
        abort(404)
    the_step = flow.STEPS[step]
    action = request.form.get("action")
    if mode == "family" and action in ("unknown", "skip"):
        # "I don't know" or "Skip this question": nothing typed is needed, nothing is wrong
        raw = flow.not_known(the_step, skipped=action == "skip")
    else:
        try:
            raw = flow.parse(the_step, request.form, mode)
        except flow.FieldError as exc:
            code = "choose_unsure" if mode == "family" and exc.code == "choose" and exc.field == "choice" else exc.code
            error = {"field": exc.field, "text": messages.field_error(code, exc.values),
                     "anchor": _anchor(the_step, exc.field)}
            return _question_page(lang, mode, state, the_step, values=request.form, error=error, status=400)
    if the_step.kind == "phoenix" and request.form.get("action") == "calculate":
        trial = {**state, "raw": {**state["raw"], step: raw}}
        return _question_page(lang, mode, state, the_step, values=raw, calculated=flow.screen(trial))
    state["raw"][step] = raw
    _save(state)
    if flow.step_failed(state, step):
        return redirect(url_for(".stop", lang=lang, mode=mode, step=step,
                                **({"from": "check"} if request.form.get("from") == "check" else {})))
    if request.form.get("from") == "check":
        return redirect(url_for(".check", lang=lang, mode=mode))
    nxt = flow.next_step(state, step)
    if nxt is None:
        return redirect(url_for(".check", lang=lang, mode=mode))
    return redirect(url_for(".question", lang=lang, mode=mode, step=nxt))


@bp.get("/<lang:lang>/prescreen/<mode>/<step>/stop")
def stop(lang, mode, step):
    denied = _guard(mode)
    if denied:
        return denied
    state = _state(mode)
    if step not in flow.ORDER[mode]:
        abort(404)
    failed = flow.step_failed(state, step)
    nxt = flow.next_step(state, step)
    if failed is None:
        return redirect(url_for(".question", lang=lang, mode=mode, step=nxt) if nxt
                        else url_for(".check", lang=lang, mode=mode))
    go_on = url_for(".question", lang=lang, mode=mode, step=nxt) if nxt else None
    return render_template("prescreen/stop.html", mode=mode, step=flow.STEPS[step], failed=failed,
                           go_on=go_on, from_check=request.args.get("from") == "check")


@bp.get("/<lang:lang>/prescreen/<mode>/check")
def check(lang, mode):
    denied = _guard(mode)
    if denied:
        return denied
    state = _state(mode)
    return render_template("prescreen/check.html", mode=mode, steps=flow.steps(state), raw=state["raw"],
                           unanswered=flow.first_unanswered(state), total=len(flow.ORDER[mode]))


@bp.post("/<lang:lang>/prescreen/<mode>/result")
def finish(lang, mode):
    denied = _guard(mode)
    if denied:
        return denied
    state = _state(mode)
    if not state["raw"]:
        return redirect(url_for(".question", lang=lang, mode=mode, step=flow.next_step(state)))
    if mode == "clinician":
        state["log_id"] = log.record(get_db(), flow.screen(state), date.today(), state.get("log_id"))
    state["finished"] = True
    _save(state)
    return redirect(url_for(".result", lang=lang, mode=mode))


@bp.get("/<lang:lang>/prescreen/<mode>/result")
def result(lang, mode):
    denied = _guard(mode)
    if denied:
        return denied
    state = _state(mode)
    if not state.get("finished"):
        return redirect(url_for(".check", lang=lang, mode=mode))
    screening = flow.screen(state)
    return render_template(f"prescreen/result_{mode}.html", mode=mode, screening=screening,
                           rules=rules, today=date.today(), start_consent=_start_consent(lang, mode, state, screening))


def _start_consent(lang, mode, state, screening) -> str | None:
    """"Start the consent conversation" after a clinician's likely-eligible or needs-review result:
    the new-record form with the language and age group chosen, and nothing that identifies the child."""
    if mode != "clinician" or screening.outcome not in ("likely_eligible", "needs_review"):
        return None
    from companion.consent.rules import age_group_for_months

    group = age_group_for_months(flow.age_months(state))
    return url_for("consent.new", lang=lang, conversation=lang, **({"age_group": group} if group else {}))


# --- API -----------------------------------------------------------------------------

@bp.post("/api/prescreen")
@csrf.exempt
def api():
    started = time.perf_counter()
    payload = read_json_body(require_content_type=True)
    if payload is None:
        return jsonify({"error": "The request body must be JSON (Content-Type: application/json)."}), 400
    try:
        mode, answers, lang = validation.validate_request(payload)
    except validation.ValidationError as exc:
        return jsonify({"error": exc.message, "field": exc.field}), 400
    screening = rules.screen(answers, mode)
    with force_locale(lang):
        gettext = messages.translator()
        body = {
            "outcome": screening.outcome,
            "met": screening.ids(rules.MET),
            "failed": screening.ids(rules.FAILED),
            "unknown": screening.ids(rules.UNKNOWN),
            "reasons": [{"criterion": r.criterion, "text": messages.reason_text(r.reason, gettext)}
                        for r in screening.results],
        }
        if screening.phoenix is not None and "phoenix_components" in answers:
            body["phoenix_sepsis_score"] = screening.phoenix.total
            body["phoenix_subscores"] = dict(screening.phoenix.subscores)
            body["phoenix_points"] = [
                {"system": p.system, "points": p.points, "text": messages.point_text(p, gettext)}
                for p in screening.phoenix.points
            ]
    response = jsonify(body)
    response.headers["Server-Timing"] = f"app;dur={(time.perf_counter() - started) * 1000:.3f}"
    return response


# --- staff: the screening log ------------------------------------------------------------

@bp.get("/staff/prescreen/log")
@role_required("clinician", "admin")
def staff_log():
    return render_template("prescreen/log.html", months=log.monthly(get_db()), rules=rules,
                           outcomes=log.OUTCOMES)


@bp.get("/staff/prescreen/log.csv")
@role_required("clinician", "admin")
def staff_log_csv():
    return Response(log.csv_text(get_db()), mimetype="text/csv",
                    headers={"Content-Disposition": 'attachment; filename="prescreen-log.csv"'})
