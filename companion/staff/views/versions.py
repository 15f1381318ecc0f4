"""Published versions: the list, one version's files, the difference between two, export and import as a zip, the dossier."""
from flask import Response, current_app, flash, get_flashed_messages, redirect, render_template, request
from flask_babel import gettext as _

from companion.audit import append_event
from companion.auth import current_user, role_required
from companion.chat.synonyms import problems as synonym_problems
from companion.content.files import LANGS
from companion.content.repository import ContentSet
from companion.content.store import live_version
from companion.db import get_db
from companion.staff import drafts, versions, wordiff
from companion.staff.drafts import N_
from companion.staff.views.common import (EDITORS, bp, file_synonyms, int_id, message, not_found,
                                          synonyms_of_version)


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
        return not_found(_("This version does not exist."))
    files = drafts.load_files(db, version_id)
    rel_path = request.args.get("path", "")
    lang = request.args.get("file_lang", "nl")
    shown = None
    if rel_path:
        content = ContentSet(version, files)
        item = content.get(lang if lang in LANGS else "nl", rel_path)
        if item is None:
            return not_found(_("There is no content item with this path."))
        shown = {"file": item, "html": content.html(item)}
    return render_template("staff/version.html", version=version, files=files, shown=shown)


@bp.get("/staff/content/diff")
@role_required(*EDITORS)
def version_diff():
    db = get_db()
    all_versions = versions.list_versions(db)
    ids = {v["id"] for v in all_versions}
    a, b = int_id(request.args.get("a")), int_id(request.args.get("b"))
    diff = None
    error = None
    if a or b:
        if a not in ids or b not in ids:
            error = _("Choose two versions from the lists.")
        else:
            diff = wordiff.item_diffs({**drafts.version_mapping(db, a), "synonyms.yaml": synonyms_of_version(db, a)},
                                      {**drafts.version_mapping(db, b), "synonyms.yaml": synonyms_of_version(db, b)})
    return render_template("staff/diff.html", versions=all_versions, a=a, b=b, diff=diff, error=error), \
        400 if error else 200


@bp.get("/staff/content/versions/<int:version_id>/export.zip")
@role_required(*EDITORS)
def version_export(version_id):
    db = get_db()
    if not db["content_versions"].count_where("id = ?", [version_id]):
        return not_found(_("This version does not exist."))
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
        return not_found(_("This version does not exist."))
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
                                                             base_text=file_synonyms()):
        changed.append("synonyms.yaml")
    append_event(db, kind="content.imported", actor=user["id"], subject=f"draft:{draft['id']}",
                 details={"files": len(mapping), "changed": len(changed)})
    flash(_("Imported as draft %(id)s: %(n)s files differ from the live version.", id=draft["id"], n=len(changed)))
    return redirect(f"/staff/content/drafts/{draft['id']}")
