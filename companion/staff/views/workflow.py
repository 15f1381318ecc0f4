"""The content list and the life of a draft: open, review, approve (a second editor), publish, withdraw."""
from flask import flash, get_flashed_messages, redirect, render_template, request
from flask_babel import gettext as _

from companion.auth import current_user, role_required
from companion.content.files import LANGS
from companion.content.store import live_version
from companion.db import get_db
from companion.staff import drafts, overview, wordiff
from companion.staff.views.common import EDITORS, bp, exclusions, int_id, message, not_found, synonyms_of_version


# --- overview ------------------------------------------------------------------------

@bp.get("/staff/content")
@role_required(*EDITORS)
def content_overview():
    db = get_db()
    state = request.args.get("state", "")
    group = request.args.get("group", "")
    state = state if state in overview.STATES else ""
    group = group if group in overview.GROUPS else ""
    draft_id = int_id(request.args.get("draft"))
    draft = drafts.get_draft(db, draft_id) if draft_id else None
    if draft is not None:
        files = drafts.draft_files(db, draft)
    else:
        live = live_version(db)
        files = drafts.load_files(db, live["id"])
    items = overview.item_states(files, exclusions())
    changed = {k.split("/", 1)[1] for k in drafts.changed_files(db, draft["id"])} if draft else set()
    shown = overview.filter_items(items, state, group)
    if draft is not None and request.args.get("changed") == "1":
        shown = [i for i in shown if i.rel_path in changed]
    return render_template("staff/overview.html", items=shown, total=len(items), counts=overview.counts(items),
                           state=state, group=group, draft=draft, open_drafts=drafts.list_drafts(db),
                           changed=changed, only_changed=request.args.get("changed") == "1",
                           version=live_version(db), messages=get_flashed_messages())


# --- drafts --------------------------------------------------------------------------

@bp.get("/staff/content/drafts")
@role_required(*EDITORS)
def draft_list():
    db = get_db()
    return render_template("staff/drafts.html", open_drafts=drafts.list_drafts(db),
                           done=drafts.list_drafts(db, ("published", "withdrawn"))[:30],
                           messages=get_flashed_messages())


@bp.post("/staff/content/drafts")
@role_required(*EDITORS)
def draft_create():
    user = current_user()
    label = (request.form.get("label") or "").strip()
    draft = drafts.create_draft(get_db(), user["id"], label=label)
    return redirect(f"/staff/content/drafts/{draft['id']}")


@bp.get("/staff/content/drafts/<int:draft_id>")
@role_required(*EDITORS)
def draft_view(draft_id):
    db = get_db()
    draft = drafts.get_draft(db, draft_id)
    if draft is None:
        return not_found(_("This draft does not exist."))
    result = drafts.check_draft(db, draft, exclusions())
    changed = drafts.changed_files(db, draft_id)
    base = drafts.version_mapping(db, draft["base_version_id"])
    # both languages of every changed item, so that an unchanged side shows as "no change"
    keys = {f"{lang}/{key.split('/', 1)[1]}" for key in changed for lang in LANGS}
    old = {k: base[k] for k in keys if k in base}
    new = {**old, **changed}
    if draft["synonyms"] is not None:
        old["synonyms.yaml"] = synonyms_of_version(db, draft["base_version_id"])
        new["synonyms.yaml"] = draft["synonyms"]
    diff = wordiff.item_diffs(old, new)
    user = current_user()
    users = {r["id"]: r["email"] for r in db.query("select id, email from users")}
    reviews = [{"key": f"{item.lang}/{item.rel_path}", "item": item, "section": section,
                "text": item.body if item.kind == "chat" else "\n".join(f"- {p}" for p in item.meta.get("key_points") or [])}
               for item, section in drafts.review_list(db, draft)]
    return render_template("staff/draft.html", draft=draft, check=result, diff=diff, users=users, reviews=reviews,
                           may_approve=user["id"] not in drafts.editors_of(db, draft),
                           messages=get_flashed_messages(), errors=request.args.get("error"))


def _draft_action(draft_id, action):
    db = get_db()
    user = current_user()
    try:
        action(db, user)
    except drafts.DraftError as exc:
        flash(message(exc))
        return redirect(f"/staff/content/drafts/{draft_id}")
    return None


@bp.post("/staff/content/drafts/<int:draft_id>/approve")
@role_required(*EDITORS)
def draft_approve(draft_id):
    note = request.form.get("note") or ""
    failed = _draft_action(draft_id, lambda db, user: drafts.approve(db, draft_id, user["id"], note, exclusions()))
    if failed:
        return failed
    flash(_("The draft is approved. It can now be published."))
    return redirect(f"/staff/content/drafts/{draft_id}")


@bp.post("/staff/content/drafts/<int:draft_id>/publish")
@role_required(*EDITORS)
def draft_publish(draft_id):
    label = request.form.get("label") or ""
    failed = _draft_action(draft_id, lambda db, user: drafts.publish(db, draft_id, user["id"], label))
    if failed:
        return failed
    flash(_("Published. The site now shows this version."))
    return redirect("/staff/content/versions")


@bp.post("/staff/content/drafts/<int:draft_id>/confirm")
@role_required(*EDITORS)
def draft_confirm(draft_id):
    """Review: section changed. The editor confirms that the ticked texts still agree with their section."""
    keys = [k for k in request.form.getlist("item") if isinstance(k, str)][:500]
    if not keys:
        flash(_("Tick the texts you have read and that still agree with their section."))
        return redirect(f"/staff/content/drafts/{draft_id}#review")
    done = []
    failed = _draft_action(draft_id, lambda db, user: done.extend(drafts.confirm_reviews(db, draft_id, user["id"], keys)))
    if failed:
        return failed
    flash(_("Confirmed: %(n)s text(s) still agree with their section.", n=len(done)))
    return redirect(f"/staff/content/drafts/{draft_id}#review")


@bp.post("/staff/content/drafts/<int:draft_id>/withdraw")
@role_required(*EDITORS)
def draft_withdraw(draft_id):
    failed = _draft_action(draft_id, lambda db, user: drafts.withdraw(db, draft_id, user["id"]))
    if failed:
        return failed
    flash(_("The draft was withdrawn."))
    return redirect("/staff/content/drafts")
