"""The question inbox: what the chat could not answer, grouped, and turning it into phrasings or new entries."""
from flask import current_app, flash, get_flashed_messages, redirect, render_template, request
from flask_babel import gettext as _

from companion.auth import current_user, role_required
from companion.chat import inbox as chat_inbox
from companion.chat import service as chat_service
from companion.content.store import live_version
from companion.db import get_db
from companion.staff import drafts
from companion.staff import inbox as inbox_logic
from companion.staff.views.common import EDITORS, bp, int_id, message


# --- question inbox --------------------------------------------------------------------

def _inbox_url(page=None) -> str:
    number = int_id(page)
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
    page = inbox_logic.page_of(inbox_logic.grouped_questions(db, meaning), int_id(request.args.get("page")))
    titles = _chat_titles(db)
    if page.groups:
        inbox_logic.add_nearest(chat_service.state().index, page.groups, titles, meaning)
    capacity = {"open": chat_inbox.open_count(db.conn), "max": chat_inbox.Limits.from_config(current_app.config).max_open}
    return render_template("staff/inbox.html", page=page, groups=page.groups, entries=_inbox_entries(titles),
                           meaning=meaning, available=inbox_logic.available(db), messages=get_flashed_messages(),
                           capacity=capacity)


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
