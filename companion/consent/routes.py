"""Consent checklist views: thin wrappers around records.py, rules.py and summary.py.

A topic's save survives the idle time-out (``role_required(..., resume=...)``, see
companion/auth/carry.py), and the family view hides the key points while the family holds
the tablet.

Clinician pages live under /<lang>/consent/ (clinician and admin roles); the family's
private self-test is /<lang>/check (public, stores nothing).
"""
from __future__ import annotations

from flask import Blueprint, Response, abort, g, redirect, render_template, request, session, url_for
from flask_babel import force_locale
from flask_wtf.csrf import CSRFError

from companion.auth import current_user, role_required
from companion.consent import labels, records, rules
from companion.consent.checklist import by_slug, load_items
from companion.content.store import live_version
from companion.db import get_db

bp = Blueprint("consent", __name__)
STAFF = ("clinician", "admin")


@bp.app_context_processor
def consent_labels():
    return {"consent_labels": labels}


def _record_or_404(record_id: str) -> records.Record:
    if len(record_id) > 64:
        abort(404)
    record = records.get_record(get_db(), record_id)
    if record is None:
        abort(404)
    return record


@bp.errorhandler(CSRFError)
def refused(error):
    """A consent form whose security check failed (a changed or missing CSRF token: a form from
    elsewhere, or a browser that lost its cookie) is not saved; what it held is shown as text,
    so the clinician can type it again, and never put back into a form."""
    args = request.view_args or {}
    header = None
    if request.endpoint == "consent.save_item" and len(args.get("record_id", "")) <= 64:
        header = records.get_header(get_db(), args["record_id"])
    typed = []
    if header is not None:
        for role in header["roles"]:
            status = (request.form.get(f"status-{role}") or "")[:40]
            questions = (request.form.get(f"questions-{role}") or "")[:rules.MAX_QUESTIONS_CHARS]
            if status or questions:
                typed.append({"who": labels.role_label(role, header["age_group"], header["authority"]),
                              "status": status if status in rules.STATUSES else "", "questions": questions})
    back = url_for("consent.item", **args) if header is not None else None
    return render_template("consent/refused.html", typed=typed, back=back), 400


# starting ------------------------------------------------------------------------

@bp.get("/<lang:lang>/consent/")
@role_required(*STAFF)
def index(lang):
    return render_template("consent/index.html", rows=records.list_records(get_db()))


def _new_form(lang, *, form=None, errors=None, status=200):
    who = {group: {authority: rules.required_roles(group, authority) for authority in rules.AUTHORITIES}
           for group in rules.AGE_GROUPS}
    return render_template("consent/new.html", form=form or {"lang": lang}, errors=errors or {}, who=who,
                           age_groups=rules.AGE_GROUPS, authorities=rules.AUTHORITIES), status


@bp.get("/<lang:lang>/consent/new")
@role_required(*STAFF)
def new(lang):
    """The new-record form; ``?conversation=<lang>&age_group=<group>`` (from the clinician pre-screen)
    chooses those two in advance. Nothing else is taken from the URL."""
    form = {"lang": lang}
    if request.args.get("conversation") in rules.LANGS:
        form["lang"] = request.args["conversation"]
    if request.args.get("age_group") in rules.AGE_GROUPS:
        form["age_group"] = request.args["age_group"]
    return _new_form(lang, form=form)


@bp.post("/<lang:lang>/consent/new")
@role_required(*STAFF)
def create(lang):
    form = {k: (request.form.get(k) or "").strip()[:100] for k in ("screening_number", "lang", "age_group",
                                                                   "authority")}
    errors = {}
    if form["lang"] not in rules.LANGS:
        errors["lang"] = labels.rule_message("lang")
    if form["age_group"] not in rules.AGE_GROUPS:
        errors["age_group"] = labels.rule_message("age_group")
    elif form["age_group"] != "16-17" and form["authority"] not in rules.AUTHORITIES:
        errors["authority"] = labels.rule_message("authority")
    try:
        rules.clean_screening_number(form["screening_number"])
    except rules.RuleError as err:
        errors["screening_number"] = labels.rule_message(err.code)
    if errors:
        return _new_form(lang, form=form, errors=errors, status=400)
    db = get_db()
    try:
        record_id = records.create_record(
            db, screening_number=form["screening_number"], lang=form["lang"], age_group=form["age_group"],
            authority=form["authority"] or "two_parents", content_version=live_version(db), user=current_user())
    except rules.RuleError as err:
        return _new_form(lang, form=form, errors={"form": labels.rule_message(err.code)}, status=400)
    return redirect(url_for("consent.record", lang=lang, record_id=record_id), code=303)


# the record ----------------------------------------------------------------------

def _record_page(lang, record, *, errors=None, form=None, notice=None, status=200):
    return render_template("consent/record.html", record=record, errors=errors or {}, form=form or {},
                           notice=notice or request.args.get("notice", "")[:20],
                           family_url=url_for("info.index", lang=record.lang, _external=True),
                           check_url=url_for("consent.check", lang=record.lang, _external=True)), status


@bp.get("/<lang:lang>/consent/<record_id>")
@role_required(*STAFF)
def record(lang, record_id):
    return _record_page(lang, _record_or_404(record_id))


def _record_change(lang, record_id, action):
    rec = _record_or_404(record_id)
    try:
        action(rec)
    except records.StaleRevision:
        # the fresh record (and revision) with what this person chose still filled in
        return _record_page(lang, _record_or_404(record_id), status=409,
                            errors={"form": labels.rule_message("stale")}, form=dict(request.form),
                            notice="stale")
    except rules.RuleError as err:
        return _record_page(lang, _record_or_404(record_id), errors={"form": labels.rule_message(err.code)},
                            form=dict(request.form), status=400)
    return None


@bp.post("/<lang:lang>/consent/<record_id>/pause")
@role_required(*STAFF)
def pause(lang, record_id):
    failed = _record_change(lang, record_id, lambda rec: records.pause(
        get_db(), rec.id, revision=request.form.get("revision"), user=current_user()))
    return failed or redirect(url_for("consent.record", lang=lang, record_id=record_id, notice="paused"), code=303)


@bp.post("/<lang:lang>/consent/<record_id>/resume")
@role_required(*STAFF)
def resume(lang, record_id):
    failed = _record_change(lang, record_id, lambda rec: records.resume(
        get_db(), rec.id, revision=request.form.get("revision"), user=current_user()))
    return failed or redirect(url_for("consent.record", lang=lang, record_id=record_id, notice="resumed"),
                              code=303)


@bp.post("/<lang:lang>/consent/<record_id>/outcome")
@role_required(*STAFF)
def outcome(lang, record_id):
    if request.form.get("outcome") in rules.FINAL_OUTCOMES and request.form.get("confirm") != "yes":
        return _record_page(lang, _record_or_404(record_id), errors={"confirm": labels.rule_message("confirm_final")},
                            form=dict(request.form), status=400)
    failed = _record_change(lang, record_id, lambda rec: records.record_outcome(
        get_db(), rec.id, revision=request.form.get("revision"), outcome=request.form.get("outcome", ""),
        signed_date=request.form.get("signed_date"), user=current_user()))
    return failed or redirect(url_for("consent.record", lang=lang, record_id=record_id, notice="outcome"),
                              code=303)


# Which field a refused correction points at (the rest goes to the top of the page).
_CORRECTION_FIELDS = {"reason_missing": "reason", "reason_long": "reason", "outcome_unknown": "corrected_outcome",
                      "correction_unchanged": "corrected_outcome", "date_invalid": "corrected_signed_date",
                      "date_future": "corrected_signed_date", "date_before_record": "corrected_signed_date"}
CORRECTION_FIELDS = ("corrected_outcome", "corrected_signed_date", "reason", "confirm_correction")


@bp.post("/<lang:lang>/consent/<record_id>/correction")
@role_required(*STAFF)
def correction(lang, record_id):
    """Correct the final outcome of a closed record: a new event with a reason, never an edit."""
    rec = _record_or_404(record_id)
    form = {k: (request.form.get(k) or "")[:rules.MAX_REASON_CHARS + 1000] for k in CORRECTION_FIELDS}
    form["revision"] = (request.form.get("revision") or "")[:40]
    errors = {}
    if form["confirm_correction"] != "yes":
        errors["confirm_correction"] = labels.rule_message("confirm_correction")
    try:
        rules.clean_reason(form["reason"])
    except rules.RuleError as err:
        errors["reason"] = labels.rule_message(err.code, err.params)
    if errors:
        return _record_page(lang, rec, errors=errors, form=form, status=400)
    try:
        records.record_correction(get_db(), rec.id, revision=form["revision"], outcome=form["corrected_outcome"],
                                  signed_date=form["corrected_signed_date"], reason=form["reason"],
                                  user=current_user())
    except records.StaleRevision:
        # the fresh record and revision, with this person's correction still filled in
        form.pop("revision")
        return _record_page(lang, _record_or_404(record_id), status=409, errors={"form": labels.rule_message("stale")},
                            form=form, notice="stale")
    except rules.RuleError as err:
        key = _CORRECTION_FIELDS.get(err.code, "form")
        return _record_page(lang, _record_or_404(record_id), errors={key: labels.rule_message(err.code, err.params)},
                            form=form, status=400)
    return redirect(url_for("consent.record", lang=lang, record_id=record_id, notice="corrected"), code=303)


# one topic -----------------------------------------------------------------------

def _item_index(rec, slug) -> int:
    index = next((n for n, i in enumerate(rec.items) if i.slug == slug), None)
    if index is None:
        abort(404)
    return index


def _item_page(lang, rec, slug, *, form=None, errors=None, status=200, stale=False, restored=False, filled=False):
    items = rec.items
    index = _item_index(rec, slug)
    if form is None:
        form = {}
    return render_template(
        "consent/item.html", record=rec, item=items[index], position=index + 1, total=len(items),
        previous=items[index - 1] if index > 0 else None,
        following=items[index + 1] if index + 1 < len(items) else None,
        form=form, errors=errors or {}, stale=stale, restored=restored, filled=filled,
    ), status


def _entries(roles, source=None) -> tuple[dict, dict]:
    source = request.form if source is None else source
    entries, form = {}, {}
    for role in roles:
        status = (source.get(f"status-{role}") or "")[:40]
        questions = (source.get(f"questions-{role}") or "")[:rules.MAX_QUESTIONS_CHARS + 1000]
        entries[role] = {"status": status, "questions": questions}
        form[f"status-{role}"], form[f"questions-{role}"] = status, questions
    return entries, form


def _unsaved(rec, source) -> dict:
    """The topic form as typed (statuses, questions, the revision it was based on): never stored."""
    form = _entries(rec.roles, source)[1]
    form["revision"] = (source.get("revision") or "")[:40]
    return form


def _item_after_sign_in(fields, lang, record_id, slug):
    """After a new sign-in (companion/auth/carry.py): the topic as it was left, not saved yet."""
    rec = _record_or_404(record_id)
    _item_index(rec, slug)
    return _item_page(lang, rec, slug, form=_unsaved(rec, fields), restored=True)


@bp.get("/<lang:lang>/consent/<record_id>/item/<slug>")
@role_required(*STAFF)
def item(lang, record_id, slug):
    return _item_page(lang, _record_or_404(record_id), slug)


@bp.post("/<lang:lang>/consent/<record_id>/item/<slug>")
@role_required(*STAFF, resume=_item_after_sign_in)
def save_item(lang, record_id, slug):
    db = get_db()
    header = records.get_header(db, record_id) if len(record_id) <= 64 else None
    if header is None or slug not in header["slugs"]:
        abort(404)
    entries, form = _entries(header["roles"])
    if request.form.get("fill") == "understood":
        # "Everyone understood" without JavaScript: the page again with every status set; nothing saved
        form = {**form, **{f"status-{role}": "understood" for role in header["roles"]},
                "revision": request.form.get("revision", "")[:40]}
        return _item_page(lang, _record_or_404(record_id), slug, form=form, filled=True)
    replaced = []
    try:
        records.save_item(db, record_id, revision=request.form.get("revision"), item_slug=slug,
                          entries=entries, user=current_user(), header=header, replaced=replaced)
    except records.StaleRevision:
        return _item_page(lang, _record_or_404(record_id), slug, form=form, status=409, stale=True,
                          errors={"form": labels.rule_message("stale")})
    except rules.RuleError as err:
        params = dict(err.params)
        if "role" in params:
            params["who"] = labels.role_label(params["role"], header["age_group"], header["authority"])
        errors = {"form": labels.rule_message(err.code, params)}
        if "role" in err.params:
            errors[err.params["role"]] = errors["form"]
        form["revision"] = request.form.get("revision", "")
        return _item_page(lang, _record_or_404(record_id), slug, form=form, errors=errors, status=400)
    slugs = header["slugs"]
    position = slugs.index(slug)
    base = url_for("consent.record", lang=lang, record_id=record_id)
    # what de-identification replaced, by kind only ("name,phone"), for the notice on the next page
    took_out = f"&replaced={','.join(sorted(set(replaced)))}" if replaced else ""
    if position + 1 < len(slugs):  # slugs come from content/ file names: URL-safe
        return redirect(f"{base}/item/{slugs[position + 1]}?saved={slug}{took_out}", code=303)
    return redirect(f"{base}?notice=saved{took_out}", code=303)


# family view: the tablet handed to the family -------------------------------------
#
# While it is on, the session says so, and every clinician page of the consent checklist
# sends the browser back to the family view: a family member pressing "back" or typing a
# URL sees the question, never the key points. The clinician's unsaved answers travel in
# hidden fields of the family view's forms (the family never sees them), nothing is stored.

FAMILY = "consent_family"  # session key: {"record", "slug", "lang"} while the family view is on
CLINICIAN_PAGES = {"consent.index", "consent.new", "consent.record", "consent.item", "consent.summary",
                   "consent.summary_pdf"}


@bp.before_app_request
def keep_family_view():
    on = session.get(FAMILY)
    if on and request.method == "GET" and request.endpoint in CLINICIAN_PAGES and isinstance(on, dict):
        return redirect(url_for("consent.family", lang=on.get("lang", "nl"), record_id=on.get("record", ""),
                                slug=on.get("slug", "")), code=303)
    return None


def _family_page(rec, slug, *, answer=None, unsaved=None, errors=None, status=200):
    """In the family's language (the record's), whatever the clinician's pages are in."""
    index = _item_index(rec, slug)
    g.lang = rec.lang
    with force_locale(rec.lang):
        html = render_template("consent/family.html", record=rec, item=rec.items[index], check_answer=answer,
                               unsaved=unsaved or {}, errors=errors or {})
    return html, status


@bp.post("/<lang:lang>/consent/<record_id>/item/<slug>/family")
@role_required(*STAFF)
def family_start(lang, record_id, slug):
    """"Show the family": the family view on, with the clinician's unsaved answers carried along."""
    rec = _record_or_404(record_id)
    _item_index(rec, slug)
    session[FAMILY] = {"record": rec.id, "slug": slug, "lang": lang}
    unsaved = _unsaved(rec, request.form) if "revision" in request.form else {}
    if not any(v for k, v in unsaved.items() if k != "revision"):
        return redirect(url_for("consent.family", lang=rec.lang, record_id=rec.id, slug=slug), code=303)
    return _family_page(rec, slug, unsaved=unsaved)


@bp.get("/<lang:lang>/consent/<record_id>/item/<slug>/family")
@role_required(*STAFF)
def family(lang, record_id, slug):
    rec = _record_or_404(record_id)
    _item_index(rec, slug)
    if not session.get(FAMILY):
        session[FAMILY] = {"record": rec.id, "slug": slug, "lang": lang}
    return _family_page(rec, slug)


@bp.post("/<lang:lang>/consent/<record_id>/item/<slug>/check")
@role_required(*STAFF)
def item_check(lang, record_id, slug):
    """The family answers the check question on the clinician's device; nothing is stored."""
    rec = _record_or_404(record_id)
    current = by_slug(rec.items).get(slug)
    if current is None or current.check is None:
        abort(404)
    if not session.get(FAMILY):
        session[FAMILY] = {"record": rec.id, "slug": slug, "lang": lang}
    answer = _answer(request.form.get("answer"), len(current.check.options))
    unsaved = _unsaved(rec, request.form) if "revision" in request.form else {}
    return _family_page(rec, slug, answer=answer, unsaved=unsaved)


def _family_end(fields, lang, record_id, slug):
    rec = _record_or_404(record_id)
    _item_index(rec, slug)
    on = session.pop(FAMILY, None)
    staff_lang = on.get("lang") if isinstance(on, dict) and on.get("lang") in rules.LANGS else lang
    unsaved = _unsaved(rec, fields) if "revision" in fields else {}
    if any(v for k, v in unsaved.items() if k != "revision"):
        g.lang = staff_lang
        return _item_page(staff_lang, rec, slug, form=unsaved, restored=True)
    return redirect(url_for("consent.item", lang=staff_lang, record_id=rec.id, slug=slug), code=303)


@bp.post("/<lang:lang>/consent/<record_id>/item/<slug>/family/end")
@role_required(*STAFF, resume=_family_end)
def family_end(lang, record_id, slug):
    """Back to the clinician's page, only when the clinician confirms it."""
    if request.form.get("confirm") != "yes":
        rec = _record_or_404(record_id)
        unsaved = _unsaved(rec, request.form) if "revision" in request.form else {}
        return _family_page(rec, slug, unsaved=unsaved, errors={"confirm": True}, status=400)
    return _family_end(request.form, lang, record_id, slug)


def _answer(value, count) -> int | None:
    try:
        answer = int(value)
    except (TypeError, ValueError):
        return -1
    return answer if 0 <= answer < count else -1


# family link ---------------------------------------------------------------------

@bp.get("/<lang:lang>/consent/family-link.svg")
@role_required(*STAFF)
def family_qr(lang):
    """QR code of the study information in ``lang``: the information URL and nothing else."""
    from companion.consent.qr import info_qr_svg

    svg = info_qr_svg(url_for("info.index", lang=lang, _external=True))
    return Response(svg, mimetype="image/svg+xml", headers={"Cache-Control": "no-store"})


# summary for the investigator site file ------------------------------------------

@bp.get("/<lang:lang>/consent/<record_id>/summary")
@role_required(*STAFF)
def summary(lang, record_id):
    from companion.consent.summary import summary_context

    rec = _record_or_404(record_id)
    return render_template("consent/summary.html", **summary_context(get_db(), rec, lang))


@bp.get("/<lang:lang>/consent/<record_id>/summary.pdf")
@role_required(*STAFF)
def summary_pdf(lang, record_id):
    from companion.consent.summary import summary_pdf as make_pdf

    rec = _record_or_404(record_id)
    pdf = make_pdf(get_db(), rec, lang)
    name = f"consent-{rec.screening_number}-{lang}.pdf"
    return Response(pdf, mimetype="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="{name}"', "Cache-Control": "no-store"})


# the family's own self-test --------------------------------------------------------

def _check_items(lang):
    db = get_db()
    version = live_version(db)
    items = load_items(db, version["id"], lang) if version else ()
    return [i for i in items if i.check]


def _section_titles(lang) -> dict:
    from companion.content.repository import current_content

    return {f.slug: f.title for f in current_content().sections(lang, "parents")}


@bp.get("/<lang:lang>/check")
def check(lang):
    return render_template("consent/check.html", items=_check_items(lang), answers=None, section_titles={})


@bp.post("/<lang:lang>/check")
def check_answers(lang):
    """Feedback on the family's answers; nothing is stored or logged."""
    items = _check_items(lang)
    answers = {i.slug: _answer(request.form.get(f"q-{i.slug}"), len(i.check.options)) for i in items}
    html = render_template("consent/check.html", items=items, answers=answers, section_titles=_section_titles(lang))
    return html, 200, {"Cache-Control": "no-store"}  # a shared phone keeps no copy of the answers
