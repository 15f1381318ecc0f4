"""Editing one content item in both languages side by side, with its preview; and the chat's synonym list."""
from flask import current_app, flash, get_flashed_messages, redirect, render_template, request
from flask_babel import gettext as _

from companion.auth import current_user, role_required
from companion.chat.retrieval import Synonyms
from companion.chat.synonyms import problems as synonym_problems
from companion.content.check import TOPICS, readable_text
from companion.content.files import LANGS, ContentFile, parse
from companion.content.markers import cited_claims, site_names, source_list
from companion.content.readability import measure
from companion.content.render import placeholders, render
from companion.content.repository import ContentSet
from companion.content.store import live_version
from companion.db import get_db
from companion.staff import drafts, overview
from companion.staff.fields import apply_extra, editable_keys, extra_text, preview_texts
from companion.staff.views.common import (EDITORS, bp, exclusions, file_synonyms, int_id, message, not_found,
                                          synonyms_of_version)
from companion.timeline.content import ITEM_KINDS


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
        ctx = content.link_context(lang, id_prefix=f"preview-{lang}-")  # two previews on one page: unique ids
        others = [{"label": label, "text": text, "html": render(text, ctx) if markdown else None}
                  for label, text, markdown in preview_texts(rel_path, meta)]
        score = measure(readable_text(ContentFile(lang, rel_path, meta, body)), lang, exclusions())
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
    draft_id = int_id(request.args.get("draft"))
    draft = drafts.get_draft(db, draft_id) if draft_id else None
    if draft_id and draft is None:
        return not_found(_("This draft does not exist."))
    mapping = drafts.draft_mapping(db, draft) if draft else drafts.version_mapping(db, live_version(db)["id"])
    if not _valid_path(mapping, rel_path):
        return not_found(_("There is no content item with this path."))
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
    draft_id = int_id(draft_field)
    draft = drafts.get_draft(db, draft_id) if draft_id else None
    if draft_field != "new" and draft is None:  # 0, -3, 10**30 or text: no such draft, never a new one
        return not_found(_("This draft does not exist."))
    mapping = drafts.draft_mapping(db, draft) if draft else drafts.version_mapping(db, live_version(db)["id"])
    if not _valid_path(mapping, rel_path):
        return not_found(_("There is no content item with this path."))
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




def _synonyms_page(draft, text, problems=(), status=200):
    groups = len(Synonyms.from_text(text).groups) if not problems else None
    return render_template("staff/synonyms.html", draft=draft, text=text, problems=list(problems),
                           groups=groups, messages=get_flashed_messages()), status


@bp.get("/staff/content/synonyms")
@role_required(*EDITORS)
def synonyms_editor():
    db = get_db()
    draft_field = request.args.get("draft")
    draft = drafts.get_draft(db, int_id(draft_field)) if draft_field else None
    if draft_field and draft is None:
        return not_found(_("This draft does not exist."))
    if draft is not None and draft["synonyms"] is not None:
        text = draft["synonyms"]
    else:
        text = synonyms_of_version(db, draft["base_version_id"] if draft else live_version(db)["id"])
    return _synonyms_page(draft, text)


@bp.post("/staff/content/synonyms")
@role_required(*EDITORS)
def synonyms_post():
    """Save the list into a draft (a new one unless `draft` names an open one): it goes live only
    when a second editor approves and the draft is published, like every text."""
    db = get_db()
    user = current_user()
    draft_field = request.form.get("draft", "new")
    draft = drafts.get_draft(db, int_id(draft_field)) if draft_field != "new" else None
    if draft_field != "new" and draft is None:
        return not_found(_("This draft does not exist."))
    text = request.form.get("synonyms", "")
    if len(text) > MAX_SYNONYMS_CHARS:
        return _synonyms_page(draft, text[:MAX_SYNONYMS_CHARS], [
            _("The list is longer than %(n)s characters.", n=MAX_SYNONYMS_CHARS)], 400)
    found = synonym_problems(text)
    if found:
        return _synonyms_page(draft, text, found, 400)
    base_version = draft["base_version_id"] if draft else live_version(db)["id"]
    unchanged = drafts.normalise_synonyms(text) == drafts.normalise_synonyms(synonyms_of_version(db, base_version))
    if draft is None and unchanged:
        flash(_("Nothing changed: the list is the same as the live version's."))
        return redirect("/staff/content/synonyms")
    try:
        if draft is None:
            draft = drafts.create_draft(db, user["id"], label=_("Synonyms"))
        drafts.save_synonyms(db, draft["id"], user["id"], text, base_text=file_synonyms())
    except drafts.DraftError as exc:
        return _synonyms_page(draft, text, [message(exc)], 400)
    flash(_("The synonym list is saved in draft %(id)s.", id=draft["id"]))
    return redirect(f"/staff/content/drafts/{draft['id']}")
