"""/staff/site-facts: an admin fills in what only the site knows, and marks the deployment
as a demonstration or live."""
from flask import Blueprint, current_app, flash, get_flashed_messages, redirect, render_template, request
from flask_babel import gettext as _

from companion.auth import current_user, role_required
from companion.content.markers import fact_definitions
from companion.content.store import live_version, load_files
from companion.db import get_db
from companion.i18n import N_
from companion.site import store

bp = Blueprint("site", __name__)
GROUPS = {
    "contact": N_("Contacts"), "study": N_("The study"), "approval": N_("Approval"), "insurance": N_("Insurance"),
    "protocol": N_("The study team's choices"), "consent": N_("Consent"), "money": N_("Costs and expenses"),
    "data": N_("Data and privacy"), "app": N_("This app"),
}


def _group_label(group: str) -> str:
    return _(GROUPS.get(group, N_("Other")))


def _page(problems=None, submitted=None, status=200):
    db = get_db()
    definitions = fact_definitions(current_app.config["CONTENT_DIR"])
    live = live_version(db)
    files = load_files(db, live["id"]) if live else []
    used = store.usage(files)
    stored = store.values(db)
    rows = []
    for name, d in definitions.items():
        langs = ("nl", "en") if d.per_language else ("",)
        rows.append({
            "name": name, "definition": d, "group": _group_label(d.group), "used": used.get(name, 0),
            "filled": store.is_filled(d, stored),
            "fields": [{"lang": lang, "id": f"fact-{name}-{lang or 'all'}",
                        "value": (submitted or {}).get((name, lang), stored.get((name, lang), ""))}
                       for lang in langs],
        })
    missing_used = store.missing_in(files, definitions, stored)
    groups = {}
    for row in rows:  # in the registry's order, each group once
        groups.setdefault(row["group"], []).append(row)
    return render_template("site/facts.html", groups=list(groups.items()), definitions=definitions, mode=store.mode(db), missing_used=missing_used,
                           problems=problems or [], messages=get_flashed_messages()), status


@bp.get("/staff/site-facts")
@role_required("admin")
def facts_page():
    return _page()


@bp.post("/staff/site-facts")
@role_required("admin")
def facts_save():
    db = get_db()
    definitions = fact_definitions(current_app.config["CONTENT_DIR"])
    submitted = {}
    for name, d in definitions.items():
        for lang in (("nl", "en") if d.per_language else ("",)):
            key = f"fact-{name}-{lang or 'all'}"
            if key in request.form:
                submitted[(name, lang)] = request.form.get(key, "")
    unknown = [k for k in request.form if k.startswith("fact-")
               and k not in {f"fact-{n}-{lang or 'all'}" for (n, lang) in submitted}]
    if unknown:
        return _page([_("The form named a site fact that does not exist; reload the page and try again.")],
                     submitted, 400)
    try:
        changes = store.save(db, definitions, submitted, current_user()["id"])
    except store.SiteFactError as exc:
        return _page([_(exc.msgid, **exc.params)], submitted, 400)
    flash(_("Saved: %(n)s change(s). Families see them on their next page.", n=len(changes)) if changes
          else _("Nothing changed."))
    return redirect("/staff/site-facts", 303)


@bp.post("/staff/site-facts/mode")
@role_required("admin")
def mode_save():
    db = get_db()
    new_mode = request.form.get("mode", "")
    live = live_version(db)
    files = load_files(db, live["id"]) if live else []
    try:
        store.set_mode(db, new_mode, fact_definitions(current_app.config["CONTENT_DIR"]), files, current_user()["id"])
    except store.SiteFactError as exc:
        return _page([_(exc.msgid, **exc.params)], None, 400)
    flash(_("The deployment is now live for families.") if new_mode == "live"
          else _("The deployment is now a demonstration."))
    return redirect("/staff/site-facts", 303)
