"""The ethics-committee dossier of one content version, as a PDF.

What a site sends to the METC, and what families then see: every text for every reader in Dutch
and English side by side in the CCMO order, readability per section, the source of each claim,
the site facts, the glossary, each chat answer and checklist item with its section, the version's
hash and dates, and what changed since the previously approved version.
"""
from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app, render_template
from sqlite_utils import Database

from companion.content.check import readability_exclusions, readable_text
from companion.content.files import READERS, ContentFile
from companion.content.markers import cited_claims, fact_definitions, source_list
from companion.content.readability import measure
from companion.content.render import fill_facts, render
from companion.content.repository import ContentSet, site_texts
from companion.content.store import load_files
from companion.content.truth import section_path_for
from companion.site import store as site_store
from companion.staff.drafts import file_text
from companion.staff.versions import diff_mappings

CSS = Path(__file__).resolve().parent.parent.parent / "static" / "css" / "dossier-print.css"
MAX_DIFF_LINES = 60  # per file: the committee reads what changed, the full text follows anyway


class UnknownVersion(LookupError):
    """No content version with that id or hash."""


@dataclass
class Pair:
    """One item in both languages, rendered, with its readability and cited sources."""

    key: str
    nl: ContentFile | None
    en: ContentFile | None
    html: dict = field(default_factory=dict)
    scores: dict = field(default_factory=dict)
    sources: dict = field(default_factory=dict)
    extra: dict = field(default_factory=dict)  # lang -> [(label, text)] e.g. key points
    section: str = ""  # chat answers and checklist items: the section they point to

    @property
    def title(self) -> str:
        return " / ".join(dict.fromkeys(f.title for f in (self.nl, self.en) if f))


def find_version(db: Database, ref: str | int | None) -> dict:
    """A version by id, by hash (or its first characters), or the live one when ref is None."""
    from companion.content.store import live_version

    if ref is None or str(ref).strip() == "":
        version = live_version(db)
    else:
        ref = str(ref).strip()
        rows = list(db.query("select * from content_versions where id = ?", [int(ref)])) if ref.isdigit() else []
        if not rows and len(ref) >= 6:
            rows = list(db.query("select * from content_versions where hash like ? order by id", [ref + "%"]))
        version = rows[0] if len(rows) == 1 else None
    if version is None:
        raise UnknownVersion(ref)
    return version


def previous_approved(db: Database, version: dict) -> dict | None:
    """The version that went live (or was approved) most recently before this one."""
    rows = list(db.query(
        "select * from content_versions where id < ? and (published_at is not null or approved_by is not null) "
        "order by id desc limit 1", [version["id"]]))
    return rows[0] if rows else None


def _pairs(files: list[ContentFile], content: ContentSet, kind: str, reader: str | None, sources: dict,
           exclusions: set) -> list[Pair]:
    by_path: dict[str, dict] = {}
    for f in files:
        if f.kind == kind and (reader is None or f.reader == reader):
            by_path.setdefault(f.rel_path, {})[f.lang] = f
    ordered = sorted(by_path.items(), key=lambda kv: (next(iter(kv[1].values())).order, kv[0]))
    pairs = []
    for rel, sides in ordered:
        pair = Pair(rel, sides.get("nl"), sides.get("en"))
        for lang, f in sides.items():
            ctx = content.link_context(lang, id_prefix=f"{lang}-{rel}-", autolink=False)
            pair.html[lang] = render(f.body, ctx)
            if kind in ("info", "chat", "pages", "timeline"):
                pair.scores[lang] = measure(readable_text(f), lang, exclusions)
            texts = [f.body]
            if kind == "checklist":
                points = [fill_facts(str(p), ctx) for p in f.meta.get("key_points") or []]
                pair.extra[lang] = [("key point", p) for p in points]
                texts += [str(p) for p in f.meta.get("key_points") or []]
            pair.sources[lang] = [c for t in texts for c in cited_claims(t, sources, lang)]
            section = section_path_for(f)
            if section:
                pair.section = section.removeprefix("info/").removesuffix(".md")
        pairs.append(pair)
    return pairs


def dossier_context(db: Database, version: dict) -> dict:
    content_dir = current_app.config["CONTENT_DIR"]
    files = load_files(db, version["id"])
    content = ContentSet(version, files, site_texts(db, content_dir))
    sources = source_list(content_dir)
    exclusions = readability_exclusions(content_dir)
    definitions = fact_definitions(content_dir)
    stored = site_store.values(db)
    used = site_store.usage(files)
    facts = [{"name": name, "label": d.label, "filled": site_store.is_filled(d, stored), "used": used.get(name, 0),
              "nl": site_store.value_of(d, stored, "nl"), "en": site_store.value_of(d, stored, "en"),
              "missing": d.missing}
             for name, d in definitions.items()]
    readers = [{"reader": r, "pairs": _pairs(files, content, "info", r, sources, exclusions)} for r in READERS]
    readers = [r for r in readers if r["pairs"]]
    cited = {}
    for f in files:
        for claim, source_id, _ in cited_claims(f.body, sources, f.lang):
            cited.setdefault(source_id, set()).add(f.rel_path)
    previous = previous_approved(db, version)
    changes = []
    if previous is not None:
        old = {f"{f.lang}/{f.rel_path}": file_text(f) for f in load_files(db, previous["id"])}
        new = {f"{f.lang}/{f.rel_path}": file_text(f) for f in files}
        for d in diff_mappings(old, new):
            changes.append({"key": d.key, "status": d.status, "lines": d.lines[:MAX_DIFF_LINES],
                            "more": max(0, len(d.lines) - MAX_DIFF_LINES)})
    return {
        "version": version, "previous": previous, "changes": changes, "readers": readers,
        "chat": [p for p in _pairs(files, content, "chat", None, sources, exclusions)
                 if not (p.nl or p.en).meta.get("special")],
        "specials": [p for p in _pairs(files, content, "chat", None, sources, exclusions)
                     if (p.nl or p.en).meta.get("special")],
        "checklist": _pairs(files, content, "checklist", None, sources, exclusions),
        "timeline": _pairs(files, content, "timeline", None, sources, exclusions),
        "pages": _pairs(files, content, "pages", None, sources, exclusions),
        "glossary": [p for p in _pairs(files, content, "glossary", None, sources, exclusions)
                     if (p.nl or p.en).meta.get("audience") != "children"],
        "child_glossary": [p for p in _pairs(files, content, "glossary", None, sources, exclusions)
                           if (p.nl or p.en).meta.get("audience") == "children"],
        "facts": facts, "mode": site_store.mode(db),
        "sources": [{"id": sid, "source": sources.get(sid), "used_in": sorted(paths)} for sid, paths in sorted(cited.items())],
        "unfilled": sum(1 for f in facts if not f["filled"]),
    }


# Tagged PDF/UA-1, like the consent summary: headings and tables in the structure tree, /Lang and the title
# set, so the committee's screen readers can read the document.
PDF_VARIANT = "pdf/ua-1"


def _no_fetch(url, *args, **kwargs):
    raise ValueError(f"external resource refused: {url[:80]}")


def dossier_pdf(db: Database, version: dict) -> bytes:
    from weasyprint import CSS as WeasyCSS
    from weasyprint import HTML

    html = render_template("staff/dossier_pdf.html", **dossier_context(db, version))
    return HTML(string=html, url_fetcher=_no_fetch, base_url="about:blank").write_pdf(
        stylesheets=[WeasyCSS(filename=str(CSS), url_fetcher=_no_fetch)], pdf_variant=PDF_VARIANT)
