"""Views for the study information. Thin: lookups come from the live ContentSet."""
import json

from flask import Blueprint, abort, current_app, render_template, request, url_for
from flask_babel import lazy_gettext as _l

from companion.content import current_content
from companion.content.repository import CHILD_READERS, cached_page, readers_in
from companion.db import get_db

from .back import glossary_with_return, local_page

bp = Blueprint("info", __name__)

READER_LABELS = {
    "parents": _l("For parents"),
    "16-17": _l("For young people of 16 and 17"),
    "12-15": _l("For children of 12 to 15"),
    "under-12": _l("For children under 12"),
}
READER_CONVERTER = 'any("16-17", "12-15", "under-12")'


def section_url(lang: str, item) -> str:
    if item.reader == "parents":
        return url_for("info.section", lang=lang, slug=item.slug)
    return url_for("info.reader_section", lang=lang, reader=item.reader, slug=item.slug)


@bp.app_template_global()
def info_url(lang: str, reader: str, slug: str | None = None) -> str:
    if slug is None:
        return url_for("info.index", lang=lang) if reader == "parents" else url_for(
            "info.reader_index", lang=lang, reader=reader)
    if reader == "parents":
        return url_for("info.section", lang=lang, slug=slug)
    return url_for("info.reader_section", lang=lang, reader=reader, slug=slug)


@bp.app_template_filter("glossary_return")
def glossary_return(html: str) -> str:
    """Links to the word list in rendered content carry this page, for the way back."""
    lang = (request.view_args or {}).get("lang")
    return glossary_with_return(html, lang) if lang else html


@bp.app_template_filter("notes_open")
def notes_open(html: str) -> str:
    """Terms' explanations shown open: for print views, where nothing can be tapped."""
    return html.replace('<details class="term-note">', '<details class="term-note" open>')


@bp.app_template_global()
def glossary_url(lang: str) -> str:
    """The word list, remembering this page (the footer's link)."""
    here = None if request.endpoint in ("info.glossary", "info.child_glossary") else local_page(
        request.full_path.rstrip("?"))
    return url_for("info.glossary", lang=lang, **({"from": here} if here else {}))


@bp.get("/<lang:lang>/")
@cached_page
def home(lang):
    return render_template("info/home.html")


@bp.get("/<lang:lang>/info/")
@cached_page
def index(lang):
    content = current_content()
    return render_template("info/index.html", reader="parents", sections=content.sections(lang, "parents"),
                           readers=readers_in(content, lang), reader_labels=READER_LABELS)


@bp.get(f"/<lang:lang>/info/<{READER_CONVERTER}:reader>/")
@cached_page
def reader_index(lang, reader):
    content = current_content()
    sections = content.sections(lang, reader)
    if not sections:
        abort(404)
    return render_template("info/index.html", reader=reader, sections=sections,
                           readers=readers_in(content, lang), reader_labels=READER_LABELS)


def _render_section(lang: str, reader: str, slug: str):
    content = current_content()
    item = content.section(lang, reader, slug)
    if item is None:
        abort(404)
    sections = content.sections(lang, reader)
    position = [s.rel_path for s in sections].index(item.rel_path)
    previous = sections[position - 1] if position > 0 else None
    following = sections[position + 1] if position + 1 < len(sections) else None
    return render_template("info/section.html", item=item, body=content.html(item), reader=reader,
                           reader_label=READER_LABELS[reader], previous=previous, following=following,
                           position=position + 1, total=len(sections),
                           child_glossary=reader in CHILD_READERS and bool(content.glossary(lang, children=True)))


@bp.get("/<lang:lang>/info/<slug>")
@cached_page
def section(lang, slug):
    return _render_section(lang, "parents", slug)


@bp.get(f"/<lang:lang>/info/<{READER_CONVERTER}:reader>/<slug>")
@cached_page
def reader_section(lang, reader, slug):
    return _render_section(lang, reader, slug)


@bp.get("/<lang:lang>/info/print")
@cached_page
def print_all(lang):
    """The whole information for parents on one page, for printing or reading offline."""
    content = current_content()
    sections = content.sections(lang, "parents")
    return render_template("info/print.html", sections=list(zip(sections, content.html_many(sections, lang))))


@bp.get("/<lang:lang>/glossary")
@cached_page
def glossary(lang):
    content = current_content()
    terms = content.glossary(lang)
    return render_template("info/glossary.html", terms=[(t, content.html(t, autolink=False)) for t in terms],
                           back=local_page(request.args.get("from")))


@bp.get("/<lang:lang>/glossary/children")
@cached_page
def child_glossary(lang):
    """The word list written for children of 12 to 15 and under 12 (their pages link here)."""
    content = current_content()
    terms = content.glossary(lang, children=True)
    if not terms:
        abort(404)
    return render_template("info/glossary.html", terms=[(t, content.html(t, autolink=False)) for t in terms],
                           children=True, back=local_page(request.args.get("from")))


@bp.get("/<lang:lang>/<any(privacy, accessibility):slug>")
@cached_page
def page(lang, slug):
    content = current_content()
    item = content.page(lang, slug)
    if item is None:
        abort(404)
    return render_template("info/page.html", item=item, body=content.html(item))


@bp.get("/healthz")
def healthz():
    try:
        db = get_db()
        db.execute("select 1").fetchone()
        version = current_content().version["hash"]
        status = {"status": "ok", "db": "ok", "content_version": version}
        code = 200
    except Exception as exc:  # report, never crash: monitoring reads this
        current_app.logger.exception("health check failed")
        status, code = {"status": "error", "db": "error", "content_version": None, "detail": type(exc).__name__}, 503
    return current_app.response_class(json.dumps(status), status=code, mimetype="application/json")
