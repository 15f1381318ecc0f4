"""Staff content area: /staff/content (overview, editor, drafts, versions, diff, export/import, inbox)."""
from flask import Blueprint, Response, current_app, flash, get_flashed_messages, redirect, render_template, request
from flask_babel import gettext as _

from companion.audit import append_event
from companion.auth import current_user, role_required
from companion.content.check import TOPICS, readability_exclusions, readable_text
from companion.content.files import LANGS, ContentFile, parse
from companion.content.markers import cited_claims, site_names, source_list
from companion.content.render import placeholders
from companion.content.readability import measure
from companion.content.repository import ContentSet
from companion.content.render import render
from companion.chat import service as chat_service
from companion.chat.retrieval import Synonyms
from companion.chat.synonyms import problems as synonym_problems
from companion.content.store import live_version, synonyms_in_use
from companion.db import get_db
from companion.staff import drafts, overview, versions
from companion.staff.drafts import N_
from companion.staff.fields import apply_extra, editable_keys, extra_text, preview_texts
from companion.timeline.content import ITEM_KINDS
from companion.staff import inbox as inbox_logic

bp = Blueprint("staff", __name__)
EDITORS = ("editor", "admin")


def message(exc: drafts.StaffError) -> str:
    """A refusal in the staff member's language."""
    text = _(exc.msgid, **exc.params)
    details = "; ".join(_(msgid, **params) for msgid, params in exc.details)
    return f"{text} {details}".strip()


def _exclusions():
    return readability_exclusions(current_app.config["CONTENT_DIR"])


def _int(value) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**62 else None


def _draft_or_404(draft_id: int) -> dict:
    draft = drafts.get_draft(get_db(), draft_id)
    if draft is None:
        return None
    return draft


def _not_found(message: str):
    return render_template("staff/message.html", heading=_("Not found"), message=message), 404


# --- overview ------------------------------------------------------------------------

@bp.get("/staff/content")
@role_required(*EDITORS)
def content_overview():
    db = get_db()
    state = request.args.get("state", "")
    group = request.args.get("group", "")
    state = state if state in overview.STATES else ""
    group = group if group in overview.GROUPS else ""
    draft_id = _int(request.args.get("draft"))
    draft = drafts.get_draft(db, draft_id) if draft_id else None
    if draft is not None:
        files = drafts.draft_files(db, draft)
    else:
        live = live_version(db)
        files = drafts.load_files(db, live["id"])
    items = overview.item_states(files, _exclusions())
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
        return _not_found(_("This draft does not exist."))
    result = drafts.check_draft(db, draft, _exclusions())
    changed = drafts.changed_files(db, draft_id)
    base = drafts.version_mapping(db, draft["base_version_id"])
    diff = versions.diff_mappings({k: base[k] for k in changed if k in base}, changed)
    if draft["synonyms"] is not None:
        diff += versions.diff_mappings({"synonyms.yaml": _synonyms_of_version(db, draft["base_version_id"])},
                                       {"synonyms.yaml": draft["synonyms"]})
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
    failed = _draft_action(draft_id, lambda db, user: drafts.approve(db, draft_id, user["id"], note, _exclusions()))
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


# --- editor --------------------------------------------------------------------------

def _editor_sides(mapping: dict, rel_path: str) -> dict:
    """Per language what the editor shows; `meta` is the file's front matter (for the preview and
    for "Other fields"), `extra` the YAML text of the other fields (None: this kind has none)."""
    sides = {}
    for lang in LANGS:
        text = mapping.get(f"{lang}/{rel_path}")
        if text is None:
            meta = {"slug": rel_path.rsplit("/", 1)[-1].removesuffix(".md")}
            sides[lang] = {"title": "", "body": "", "phrasings": "", "exists": False, "meta": meta,
                           "extra": extra_text(rel_path, meta), "extra_keys": editable_keys(rel_path, meta)}
            continue
        try:
            meta, body = parse(text)
        except ValueError:
            meta, body = {}, text
        phrasings = meta.get("phrasings")
        sides[lang] = {"title": str(meta.get("title", "")), "body": body, "exists": True, "meta": meta,
                       "phrasings": "\n".join(str(p) for p in phrasings) if isinstance(phrasings, list) else None,
                       "extra": extra_text(rel_path, meta), "extra_keys": editable_keys(rel_path, meta)}
    return sides


def _previews(mapping: dict, sides: dict, rel_path: str) -> dict:
    files = drafts.tree_from_mapping(mapping)
    content = ContentSet({}, files)
    sources = source_list(current_app.config["CONTENT_DIR"])
    out = {}
    for lang in LANGS:
        body = sides[lang]["body"]
        meta = sides[lang].get("meta") or {}
        ctx = content.link_context(lang)
        others = [{"label": label, "text": text, "html": render(text, ctx) if markdown else None}
                  for label, text, markdown in preview_texts(rel_path, meta)]
        score = measure(readable_text(ContentFile(lang, rel_path, meta, body)), lang, _exclusions())
        out[lang] = {
            "html": render(body, ctx),
            "others": others,
            "score": score.describe() if score.words >= 20 else _("too short to measure"),
            "below": score.below_target(),
            "placeholders": placeholders(body) + [p for o in others for p in placeholders(o["text"])],
            "sources": [c for text in [body, *(o["text"] for o in others)] for c in cited_claims(text, sources, lang)],
            "facts": sorted({n for text in [body, *(o["text"] for o in others)] for n in site_names(text)}),
        }
    return out


def _topics(mapping: dict, rel_path: str) -> list[str] | None:
    """The item's topics (from the Dutch file, else the English), or None for kinds without topics."""
    kind = rel_path.split("/", 1)[0]
    for lang in LANGS:
        text = mapping.get(f"{lang}/{rel_path}")
        if text is None:
            continue
        try:
            meta, _body = parse(text)
        except ValueError:
            continue
        if "topics" in meta or kind in ("info", "chat"):
            value = meta.get("topics") or []
            return [str(t) for t in value] if isinstance(value, list) else []
    return None


def _sources(mapping: dict, rel_path: str) -> list[tuple[str, str]] | None:
    """For a chat entry: the parents' information sections its answer may come from (slug, Dutch title)."""
    if not rel_path.startswith("chat/"):
        return None
    out = []
    for key, text in sorted(mapping.items()):
        if key.startswith("nl/info/parents/"):
            try:
                meta, _body = parse(text)
            except ValueError:
                continue
            out.append((key.rsplit("/", 1)[1].removesuffix(".md"), str(meta.get("title", ""))))
    return out


def _source_of(mapping: dict, rel_path: str) -> str:
    for lang in LANGS:
        text = mapping.get(f"{lang}/{rel_path}")
        if text:
            try:
                return str(parse(text)[0].get("source") or "")
            except ValueError:
                continue
    return ""


def _valid_path(mapping: dict, rel_path: str) -> bool:
    return bool(rel_path) and any(f"{lang}/{rel_path}" in mapping for lang in LANGS)


@bp.get("/staff/content/edit")
@role_required(*EDITORS)
def editor():
    db = get_db()
    rel_path = request.args.get("path", "")
    draft_id = _int(request.args.get("draft"))
    draft = drafts.get_draft(db, draft_id) if draft_id else None
    if draft_id and draft is None:
        return _not_found(_("This draft does not exist."))
    mapping = drafts.draft_mapping(db, draft) if draft else drafts.version_mapping(db, live_version(db)["id"])
    if not _valid_path(mapping, rel_path):
        return _not_found(_("There is no content item with this path."))
    sides = _editor_sides(mapping, rel_path)
    states = {i.rel_path: i for i in overview.item_states(drafts.tree_from_mapping(
        {k: v for k, v in mapping.items() if k.split("/", 1)[1] == rel_path}))}
    return render_template("staff/editor.html", path=rel_path, draft=draft, sides=sides,
                           previews=_previews(mapping, sides, rel_path), item=states.get(rel_path), errors=[],
                           item_kinds=ITEM_KINDS,
                           topics=_topics(mapping, rel_path), all_topics=sorted(TOPICS),
                           sources=_sources(mapping, rel_path), source=_source_of(mapping, rel_path),
                           open_drafts=drafts.list_drafts(db, ("open", "approved")),
                           messages=get_flashed_messages())


@bp.post("/staff/content/edit")
@role_required(*EDITORS)
def editor_post():
    db = get_db()
    user = current_user()
    rel_path = request.form.get("path", "")
    draft_field = request.form.get("draft", "new")
    draft_id = _int(draft_field)
    draft = drafts.get_draft(db, draft_id) if draft_id else None
    if draft_field != "new" and draft is None:  # 0, -3, 10**30 or text: no such draft, never a new one
        return _not_found(_("This draft does not exist."))
    mapping = drafts.draft_mapping(db, draft) if draft else drafts.version_mapping(db, live_version(db)["id"])
    if not _valid_path(mapping, rel_path):
        return _not_found(_("There is no content item with this path."))
    current = _editor_sides(mapping, rel_path)
    fields = {}
    for lang in LANGS:
        if f"{lang}_body" not in request.form and f"{lang}_title" not in request.form:
            continue  # that column was not sent: leave it as it is
        if not current[lang]["exists"] and not (request.form.get(f"{lang}_body") or "").strip():
            continue
        values = {"title": request.form.get(f"{lang}_title", ""), "body": request.form.get(f"{lang}_body", "")}
        if current[lang]["phrasings"] is not None:
            values["phrasings"] = request.form.get(f"{lang}_phrasings", "")
        if current[lang]["extra"] is not None and f"{lang}_extra" in request.form:
            values["extra"] = request.form.get(f"{lang}_extra", "")
        fields[lang] = values
    in_sync = request.form.get("in_sync") == "1"
    topics = request.form.getlist("topics") if request.form.get("topics_shown") == "1" else None
    sources = _sources(mapping, rel_path)
    shared = {}
    if sources is not None and request.form.get("source"):  # none chosen yet: the content check will say so
        shared["source"] = request.form.get("source", "")
    sides = {lang: {**current[lang], **fields.get(lang, {})} for lang in LANGS}
    shown_topics = topics if topics is not None else _topics(mapping, rel_path)
    errors = []
    if topics is not None and any(t not in TOPICS for t in topics):
        errors.append(_("Choose topics from the list."))
    if "source" in shared and shared["source"] not in [slug for slug, _title in sources]:
        errors.append(_("Choose the information section this answer comes from."))
    for lang, values in fields.items():
        errors += [_(msgid, **params) for msgid, params in drafts.validate_fields(values["title"], values["body"], lang)]
        if "extra" in values:
            meta, found = apply_extra(rel_path, lang, current[lang]["meta"], values["extra"])
            errors += [_(msgid, **params) for msgid, params in found]
            sides[lang]["meta"] = meta  # the preview shows the new fields once they are valid
    if request.form.get("action") != "save" or errors:
        status = 400 if errors else 200
        return render_template("staff/editor.html", path=rel_path, draft=draft, sides=sides,
                               previews=_previews(mapping, sides, rel_path), item=None, errors=errors, preview_only=True,
                               item_kinds=ITEM_KINDS,
                               topics=shown_topics, all_topics=sorted(TOPICS), sources=sources,
                               source=shared.get("source", _source_of(mapping, rel_path)),
                               in_sync=in_sync, open_drafts=drafts.list_drafts(db, ("open", "approved")),
                               messages=[]), status
    if draft is None:
        draft = drafts.create_draft(db, user["id"])
    try:
        changed = drafts.save_pair(db, draft["id"], user["id"], rel_path, fields, in_sync=in_sync, topics=topics,
                                     shared=shared)
    except drafts.DraftError as exc:
        return render_template("staff/editor.html", path=rel_path, draft=draft, sides=sides,
                               previews=_previews(mapping, sides, rel_path), item=None, errors=[message(exc)],
                               item_kinds=ITEM_KINDS,
                               topics=shown_topics, all_topics=sorted(TOPICS), sources=sources,
                               source=shared.get("source", _source_of(mapping, rel_path)),
                               open_drafts=[], messages=[]), 400
    flash(_("Saved in draft %(id)s.", id=draft["id"]) if changed else _("Nothing changed."))
    return redirect(f"/staff/content/edit?path={rel_path}&draft={draft['id']}")


# --- synonyms ------------------------------------------------------------------------

MAX_SYNONYMS_CHARS = 200_000


def _file_synonyms() -> str:
    """The deployment's content/synonyms.yaml: what versions made before lists were versioned use."""
    return synonyms_in_use(None, current_app.config["CONTENT_DIR"])


def _synonyms_of_version(db, version_id: int) -> str:
    return synonyms_in_use(drafts.version_synonyms(db, version_id), current_app.config["CONTENT_DIR"])


def _synonyms_page(draft, text, problems=(), status=200):
    groups = len(Synonyms.from_text(text).groups) if not problems else None
    return render_template("staff/synonyms.html", draft=draft, text=text, problems=list(problems),
                           groups=groups, messages=get_flashed_messages()), status


@bp.get("/staff/content/synonyms")
@role_required(*EDITORS)
def synonyms_editor():
    db = get_db()
    draft_field = request.args.get("draft")
    draft = drafts.get_draft(db, _int(draft_field)) if draft_field else None
    if draft_field and draft is None:
        return _not_found(_("This draft does not exist."))
    if draft is not None and draft["synonyms"] is not None:
        text = draft["synonyms"]
    else:
        text = _synonyms_of_version(db, draft["base_version_id"] if draft else live_version(db)["id"])
    return _synonyms_page(draft, text)


@bp.post("/staff/content/synonyms")
@role_required(*EDITORS)
def synonyms_post():
    """Save the list into a draft (a new one unless `draft` names an open one): it goes live only
    when a second editor approves and the draft is published, like every text."""
    db = get_db()
    user = current_user()
    draft_field = request.form.get("draft", "new")
    draft = drafts.get_draft(db, _int(draft_field)) if draft_field != "new" else None
    if draft_field != "new" and draft is None:
        return _not_found(_("This draft does not exist."))
    text = request.form.get("synonyms", "")
    if len(text) > MAX_SYNONYMS_CHARS:
        return _synonyms_page(draft, text[:MAX_SYNONYMS_CHARS], [
            _("The list is longer than %(n)s characters.", n=MAX_SYNONYMS_CHARS)], 400)
    found = synonym_problems(text)
    if found:
        return _synonyms_page(draft, text, found, 400)
    base_version = draft["base_version_id"] if draft else live_version(db)["id"]
    unchanged = drafts.normalise_synonyms(text) == drafts.normalise_synonyms(_synonyms_of_version(db, base_version))
    if draft is None and unchanged:
        flash(_("Nothing changed: the list is the same as the live version's."))
        return redirect("/staff/content/synonyms")
    try:
        if draft is None:
            draft = drafts.create_draft(db, user["id"], label=_("Synonyms"))
        drafts.save_synonyms(db, draft["id"], user["id"], text, base_text=_file_synonyms())
    except drafts.DraftError as exc:
        return _synonyms_page(draft, text, [message(exc)], 400)
    flash(_("The synonym list is saved in draft %(id)s.", id=draft["id"]))
    return redirect(f"/staff/content/drafts/{draft['id']}")


# --- versions, diff, export, import ---------------------------------------------------

@bp.get("/staff/content/versions")
@role_required(*EDITORS)
def version_list():
    db = get_db()
    return render_template("staff/versions.html", versions=versions.list_versions(db), live=live_version(db),
                           messages=get_flashed_messages())


@bp.get("/staff/content/versions/<int:version_id>")
@role_required(*EDITORS)
def version_view(version_id):
    db = get_db()
    version = db["content_versions"].get(version_id) if db["content_versions"].count_where("id = ?", [version_id]) else None
    if version is None:
        return _not_found(_("This version does not exist."))
    files = drafts.load_files(db, version_id)
    rel_path = request.args.get("path", "")
    lang = request.args.get("file_lang", "nl")
    shown = None
    if rel_path:
        content = ContentSet(version, files)
        item = content.get(lang if lang in LANGS else "nl", rel_path)
        if item is None:
            return _not_found(_("There is no content item with this path."))
        shown = {"file": item, "html": content.html(item)}
    return render_template("staff/version.html", version=version, files=files, shown=shown)


@bp.get("/staff/content/diff")
@role_required(*EDITORS)
def version_diff():
    db = get_db()
    all_versions = versions.list_versions(db)
    ids = {v["id"] for v in all_versions}
    a, b = _int(request.args.get("a")), _int(request.args.get("b"))
    diff = None
    error = None
    if a or b:
        if a not in ids or b not in ids:
            error = _("Choose two versions from the lists.")
        else:
            diff = versions.diff_mappings({**drafts.version_mapping(db, a), "synonyms.yaml": _synonyms_of_version(db, a)},
                                          {**drafts.version_mapping(db, b), "synonyms.yaml": _synonyms_of_version(db, b)})
    return render_template("staff/diff.html", versions=all_versions, a=a, b=b, diff=diff, error=error), \
        400 if error else 200


@bp.get("/staff/content/versions/<int:version_id>/export.zip")
@role_required(*EDITORS)
def version_export(version_id):
    db = get_db()
    if not db["content_versions"].count_where("id = ?", [version_id]):
        return _not_found(_("This version does not exist."))
    version = db["content_versions"].get(version_id)
    data = versions.export_zip(drafts.version_mapping(db, version_id), current_app.config["CONTENT_DIR"],
                               comment=f"{version['label']} ({version['hash']})",
                               synonyms=drafts.version_synonyms(db, version_id))
    user = current_user()
    append_event(db, kind="content.exported", actor=user["id"], subject=f"content_version:{version_id}",
                 details={"hash": version["hash"]})
    return Response(data, mimetype="application/zip", headers={
        "Content-Disposition": f"attachment; filename=content-v{version_id}-{version['hash']}.zip"})


@bp.get("/staff/content/versions/<int:version_id>/dossier.pdf")
@role_required(*EDITORS)
def version_dossier(version_id):
    """The ethics-committee dossier of this version (companion/staff/dossier.py)."""
    from companion.staff.dossier import UnknownVersion, dossier_pdf, find_version

    db = get_db()
    try:
        version = find_version(db, version_id)
    except UnknownVersion:
        return _not_found(_("This version does not exist."))
    pdf = dossier_pdf(db, version)
    append_event(db, kind="content.dossier_downloaded", actor=current_user()["id"],
                 subject=f"content_version:{version_id}", details={"hash": version["hash"]})
    return Response(pdf, mimetype="application/pdf", headers={
        "Content-Disposition": f"attachment; filename=dossier-v{version_id}-{version['hash']}.pdf"})


@bp.get("/staff/content/import")
@role_required(*EDITORS)
def import_form():
    return render_template("staff/import.html", error=None)


@bp.post("/staff/content/import")
@role_required(*EDITORS)
def import_post():
    db = get_db()
    user = current_user()
    upload = request.files.get("zipfile")
    data = upload.read(versions.MAX_ZIP_BYTES + 1) if upload else b""
    yaml_files = {}
    try:
        mapping = versions.read_zip(data, yaml_files)
        found = synonym_problems(yaml_files.get("synonyms.yaml", ""))
        if found:
            raise versions.ImportRefused(N_("The zip was refused and nothing was changed (%(n)s problems):"),
                                         details=[("%(problem)s", {"problem": f"synonyms.yaml: {p}"})
                                                  for p in found[:10]], n=len(found))
        live = live_version(db)
        base = drafts.version_mapping(db, live["id"])
        missing = versions.removed_keys(base, mapping)
        if missing:
            raise versions.ImportRefused(
                N_("The zip is incomplete: %(n)s files of the live version are not in it (for example %(example)s). "
                   "Nothing was changed."), n=len(missing), example=missing[0])
    except versions.ImportRefused as exc:
        append_event(db, kind="content.import_refused", actor=user["id"], subject="content:import",
                     details={"reason": str(exc)[:500]})
        return render_template("staff/import.html", error=message(exc)), 400
    draft = drafts.create_draft(db, user["id"], source="import", label=(upload.filename or "")[:100])
    changed = drafts.put_files(db, draft["id"], user["id"], mapping)
    if "synonyms.yaml" in yaml_files and drafts.save_synonyms(db, draft["id"], user["id"], yaml_files["synonyms.yaml"],
                                                             base_text=_file_synonyms()):
        changed.append("synonyms.yaml")
    append_event(db, kind="content.imported", actor=user["id"], subject=f"draft:{draft['id']}",
                 details={"files": len(mapping), "changed": len(changed)})
    flash(_("Imported as draft %(id)s: %(n)s files differ from the live version.", id=draft["id"], n=len(changed)))
    return redirect(f"/staff/content/drafts/{draft['id']}")


# --- question inbox --------------------------------------------------------------------

def _inbox_url(page=None) -> str:
    number = _int(page)
    return f"/staff/content/inbox?page={number}" if number and number > 1 else "/staff/content/inbox"


def _chat_titles(db) -> dict[str, dict[str, str]]:
    """{chat entry file name: {lang: title}} of the live version."""
    titles = {}
    for f in drafts.load_files(db, live_version(db)["id"]):
        if f.kind == "chat":
            titles.setdefault(f.slug, {})[f.lang] = f.title
    return titles


def _inbox_entries(titles: dict) -> list[tuple[str, str]]:
    """The chat entries for the shared picker: file name and the titles in both languages."""
    return [(slug, " / ".join(t for t in (names.get("nl"), names.get("en")) if t))
            for slug, names in sorted(titles.items(), key=lambda item: str(item[1].get("nl") or item[0]).casefold())]


@bp.get("/staff/content/inbox")
@role_required(*EDITORS)
def inbox():
    db = get_db()
    inbox_logic.purge(db, current_app.config.get("INBOX_RETENTION_DAYS", inbox_logic.RETENTION_DAYS))
    encoder = inbox_logic.encoder(current_app.config.get("CHAT_MEANING_MODEL"))
    meaning = inbox_logic.Meaning(encoder) if encoder is not None else None
    page = inbox_logic.page_of(inbox_logic.grouped_questions(db, meaning), _int(request.args.get("page")))
    titles = _chat_titles(db)
    if page.groups:
        inbox_logic.add_nearest(chat_service.state().index, page.groups, titles, meaning)
    return render_template("staff/inbox.html", page=page, groups=page.groups, entries=_inbox_entries(titles),
                           meaning=meaning, available=inbox_logic.available(db), messages=get_flashed_messages())


@bp.post("/staff/content/inbox/phrasing")
@role_required(*EDITORS)
def inbox_add_phrasing():
    db = get_db()
    user = current_user()
    question = (request.form.get("question") or "").strip()
    entry = request.form.get("entry") or ""
    try:
        draft = inbox_logic.add_phrasing(db, user["id"], entry, question, request.form.get("lang"),
                                         inbox_logic.parse_ids(request.form.get("ids")))
    except drafts.DraftError as exc:
        flash(message(exc))
        return redirect(_inbox_url(request.form.get("page")))
    flash(_("Added as a phrasing in draft %(id)s.", id=draft["id"]))
    return redirect(f"/staff/content/drafts/{draft['id']}")


@bp.post("/staff/content/inbox/new-entry")
@role_required(*EDITORS)
def inbox_new_entry():
    db = get_db()
    user = current_user()
    question = (request.form.get("question") or "").strip()
    try:
        draft, rel_path = inbox_logic.new_entry(db, user["id"], question, request.form.get("lang"),
                                                inbox_logic.parse_ids(request.form.get("ids")))
    except drafts.DraftError as exc:
        flash(message(exc))
        return redirect(_inbox_url(request.form.get("page")))
    flash(_("A new entry was started in draft %(id)s. Write the answer in both languages.", id=draft["id"]))
    return redirect(f"/staff/content/edit?path={rel_path}&draft={draft['id']}")


@bp.post("/staff/content/inbox/dismiss")
@role_required(*EDITORS)
def inbox_dismiss():
    db = get_db()
    user = current_user()
    try:
        n = inbox_logic.dismiss(db, user["id"], inbox_logic.parse_ids(request.form.get("ids")))
    except drafts.DraftError as exc:
        flash(message(exc))
    else:
        flash(_("Questions dismissed: %(n)s.", n=n))
    return redirect(_inbox_url(request.form.get("page")))
