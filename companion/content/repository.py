"""The live content version in memory: lookups and rendered HTML for the pages.

Each worker keeps one ContentSet per version id; every request asks the database which
version is live (one indexed read), so a publish by staff reaches every worker at once.
A ContentSet also keeps the finished HTML of public pages that depend on nothing but the
URL and the content (`cached_page`), so they go when the version goes."""
import threading
from functools import wraps

from flask import current_app, g, request

from companion.content.files import ContentFile, READERS
from companion.content.markers import fact_definitions
from companion.content.render import FactText, LinkContext, render
from companion.content.store import live_key, live_version, load_files
from companion.db import get_db, read_shared

_lock = threading.Lock()
CHILD_READERS = ("12-15", "under-12")  # readers whose pages link the children's glossary


class ContentSet:
    def __init__(self, version: dict, files: list[ContentFile], site: dict | None = None, site_revision: str = "0"):
        self.version = version
        self.files = files
        self.site = site or {}  # lang -> {fact name: FactText}
        self.site_revision = site_revision  # changes whenever an admin changes a site fact
        self._by_key = {(f.lang, f.rel_path): f for f in files}
        self._html: dict = {}
        self._contexts: dict = {}
        self.pages: dict[str, str] = {}  # URL path -> finished HTML (see cached_page)

    # lookups -------------------------------------------------------------
    def get(self, lang: str, rel_path: str) -> ContentFile | None:
        return self._by_key.get((lang, rel_path))

    def items(self, kind: str, lang: str) -> list[ContentFile]:
        found = [f for f in self.files if f.lang == lang and f.kind == kind]
        return sorted(found, key=lambda f: (f.order, f.rel_path))

    def sections(self, lang: str, reader: str = "parents") -> list[ContentFile]:
        return [f for f in self.items("info", lang) if f.reader == reader]

    def section(self, lang: str, reader: str, slug: str) -> ContentFile | None:
        return self.get(lang, f"info/{reader}/{slug}.md")

    def glossary(self, lang: str, children: bool = False) -> list[ContentFile]:
        """The word list for parents and young people, or (children) the one written for children."""
        terms = [f for f in self.items("glossary", lang) if (f.meta.get("audience") == "children") == children]
        return sorted(terms, key=lambda f: f.title.lower())

    def page(self, lang: str, slug: str) -> ContentFile | None:
        return self.get(lang, f"pages/{slug}.md")

    # rendering -----------------------------------------------------------
    def link_context(self, lang: str, id_prefix: str = "", autolink: bool = True,
                     reader: str | None = None, notes: bool = False) -> LinkContext:
        """How texts link in `lang`; a children's text (reader 12-15 or under-12) links the words
        of the children's glossary, every other text those of the word list. With `notes`, a term's
        first appearance also gets its explanation in place (family pages: one text, or texts
        rendered with one `linked` set, so each note's id is unique on the page)."""
        children = reader in CHILD_READERS
        notes = notes and autolink
        key = (lang, id_prefix, autolink, children, notes)
        if key not in self._contexts:
            glossary = {f.slug: (f.title, list(f.meta.get("aliases") or [])) for f in self.glossary(lang, children)}
            term_urls = {f.slug: f"/{lang}/glossary{'/children' if f.meta.get('audience') == 'children' else ''}"
                                 f"#term-{f.slug}" for f in self.items("glossary", lang)}
            sections = {(f.reader, f.slug) for f in self.items("info", lang)}
            self._contexts[key] = LinkContext(lang, glossary, sections, autolink, id_prefix,
                                              site=self.site.get(lang, {}), term_urls=term_urls,
                                              explain=self._explainer(lang) if notes else None)
        return self._contexts[key]

    def _explainer(self, lang: str):
        """term id -> the term's explanation in `lang` (its word-list text, rendered without
        links of its own), for the notes that open in place beside a term's first appearance."""
        def explain(term_id: str) -> str | None:
            item = self.get(lang, f"glossary/{term_id}.md")
            return self.html(item, autolink=False) if item is not None else None
        return explain

    def html(self, item: ContentFile, autolink: bool = True) -> str:
        """Rendered body of one item, terms linked where they first appear in it."""
        key = (item.lang, item.rel_path, autolink)
        if key not in self._html:
            self._html[key] = render(item.body, self.link_context(item.lang, autolink=autolink, reader=item.reader,
                                                                  notes=True))
        return self._html[key]

    def html_many(self, items: list[ContentFile], lang: str) -> list[str]:
        """Several items on one page (print view): each term linked once for the whole page."""
        linked: set = set()
        rendered = [render(i.body, self.link_context(lang, id_prefix=f"{i.reader or i.kind}-{i.slug}-", notes=True),
                           linked)
                    for i in items]
        return [_demote_headings(html) for html in rendered]


def _demote_headings(html: str) -> str:
    """Section headings one level down, under the part headings of a combined page."""
    for level in (3, 2):
        html = html.replace(f"<h{level}", f"<h{level + 1}").replace(f"</h{level}>", f"</h{level + 1}>")
    return html


def readers_in(content: ContentSet, lang: str) -> list[str]:
    return [r for r in READERS if content.sections(lang, r)]


def site_texts(db, content_dir) -> dict:
    """lang -> {fact name: FactText}: every site fact as families read it right now."""
    from companion.site.store import value_of, values

    stored = values(db)
    definitions = fact_definitions(content_dir)
    return {lang: {name: FactText(value_of(d, stored, lang), d.missing[lang], d.kind)
                   for name, d in definitions.items()} for lang in ("nl", "en")}


def build(db, version: dict, site_revision: str = "0") -> ContentSet:
    return ContentSet(version, load_files(db, version["id"]), site_texts(db, current_app.config["CONTENT_DIR"]),
                      site_revision)


def current_content() -> ContentSet:
    """The live ContentSet for this request."""
    if "content" in g:
        return g.content
    cache = current_app.extensions.setdefault("companion_content", {})
    key = read_shared(live_key)
    content = cache.get(key)
    if content is None:
        with _lock:
            db = get_db()
            key = live_key(db)
            version = live_version(db)
            if version is None:
                raise RuntimeError("No content version is live: run `flask --app app init-db`.")
            content = cache.get(key) or build(db, version, key[1])
            cache.clear()  # keep only the live version (with today's site facts) in memory
            cache[key] = content
    g.content = content
    return content


def cached_page(view):
    """Serve a public page's HTML from the live ContentSet after its first rendering.

    Only for views whose page depends on nothing but the URL path and the content: no form,
    no session, no query string (a request with one is rendered as usual, so the cache holds
    at most one entry per page that exists; a 404 raises and is never kept). A publish
    replaces the ContentSet, and its pages with it."""
    @wraps(view)
    def serve(**kwargs):
        if request.query_string:
            return view(**kwargs)
        pages = current_content().pages
        html = pages.get(request.path)
        if html is None:
            html = pages[request.path] = view(**kwargs)
        return html
    return serve
