"""Markdown to safe HTML, with our three additions: placeholders, glossary links, section links.

Rendering happens once per content version, not per request, so the language comes from the
content file, not from the request's locale.
"""
import html
import re
from dataclasses import dataclass, field
from typing import Callable

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token

from companion.content.markers import SITE, strip_sources

PLACEHOLDER = re.compile(r"\[\[\s*placeholder\s*:\s*(.*?)\s*\]\]", re.I | re.S)
COMMENT = re.compile(r"<!--.*?-->", re.S)
PLACEHOLDER_LABEL = {"nl": "Aan te vullen door het onderzoeksteam:", "en": "To be completed by the study team:"}
_TOKEN = "\u2063PH{}\u2063"  # invisible separator: survives Markdown, never typed by people
_FACT_TOKEN = "\u2063SF{}\u2063"
GENERIC_MISSING = {"nl": "Vraag het onderzoeksteam.", "en": "Ask the study team."}


@dataclass(frozen=True)
class FactText:
    """One site fact as a page shows it: its value, or while there is none the calm sentence."""

    value: str | None
    missing: str
    kind: str = "text"

    def plain(self) -> str:
        return self.value if self.value else self.missing

    def html(self) -> str:
        if not self.value:
            return f'<span class="site-fact-missing">{html.escape(self.missing)}</span>'
        if self.kind == "phone":
            number = re.sub(r"[^0-9+]", "", self.value)
            if len(number) >= 6:
                return f'<a class="site-fact" href="tel:{number}">{html.escape(self.value)}</a>'
        return f'<span class="site-fact">{html.escape(self.value)}</span>'

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "ul", "ol", "li", "a", "h2", "h3", "h4", "blockquote",
    "table", "thead", "tbody", "tr", "th", "td", "mark", "span", "code", "hr",
    "details", "summary", "div",  # a glossary term's explanation in place (term_note)
}
ALLOWED_ATTRIBUTES = {"a": {"href", "class"}, "mark": {"class"}, "span": {"class"},
                      "h2": {"id"}, "h3": {"id"}, "th": {"scope"},
                      "details": {"class"}, "summary": {"class"}, "div": {"class", "id"}, "p": {"class"}}
# A term's note: "ferritine: wat betekent dat?", and the way to the whole word list.
NOTE_LABELS = {
    "nl": ("wat betekent dat?", "Alle moeilijke woorden staan in de woordenlijst"),
    "en": ("what does that mean?", "All the difficult words are in the word list"),
}

_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")


@dataclass
class LinkContext:
    """What a page may link to. `glossary` maps term id -> (title, aliases)."""

    lang: str
    glossary: dict = field(default_factory=dict)
    sections: set = field(default_factory=set)  # {(reader, slug)}
    autolink: bool = True
    id_prefix: str = ""
    site: dict = field(default_factory=dict)  # fact name -> FactText, in this language
    term_urls: dict = field(default_factory=dict)  # every glossary term -> its page (word list or children's)
    # term id -> its explanation as HTML; when set, a term's first appearance gets a note in place
    explain: Callable[[str], str | None] | None = None
    _pattern: re.Pattern | None = None

    def fact(self, name: str) -> FactText:
        found = self.site.get(name)
        return found or FactText(None, GENERIC_MISSING.get(self.lang, GENERIC_MISSING["en"]))

    def term_pattern(self) -> re.Pattern | None:
        if self._pattern is None and self.glossary:
            names = {}
            for term_id, (title, aliases) in self.glossary.items():
                for name in [title, *aliases]:
                    if name and len(name) > 1:
                        names.setdefault(name.lower(), term_id)
            alternatives = sorted(names, key=len, reverse=True)
            self._names = names
            self._pattern = re.compile(
                r"(?<![\w-])(" + "|".join(re.escape(n) for n in alternatives) + r")(?![\w-])", re.I)
        return self._pattern


def resolve_link(href: str, ctx: LinkContext) -> str | None:
    """`glossary:id` and `info:[reader/]slug` to URLs; None when the target does not exist."""
    if href.startswith("glossary:"):
        term = href.split(":", 1)[1]
        if term in ctx.term_urls:
            return ctx.term_urls[term]
        return f"/{ctx.lang}/glossary#term-{term}" if term in ctx.glossary else None
    if href.startswith("info:"):
        target = href.split(":", 1)[1].strip("/")
        reader, _, slug = target.rpartition("/")
        reader = reader or "parents"
        if (reader, slug) not in ctx.sections:
            return None
        return f"/{ctx.lang}/info/{slug}" if reader == "parents" else f"/{ctx.lang}/info/{reader}/{slug}"
    return href


def internal_links(body: str) -> list[str]:
    """Every `glossary:` and `info:` target in a Markdown body (for the content check)."""
    targets = []
    for token in _md.parse(COMMENT.sub("", body)):
        for child in token.children or []:
            href = child.attrGet("href") if child.type == "link_open" else None
            if href and href.startswith(("glossary:", "info:")):
                targets.append(href)
    return targets


def placeholders(body: str) -> list[str]:
    return PLACEHOLDER.findall(COMMENT.sub("", body))


def _slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "section"


def _link_terms(children: list[Token], ctx: LinkContext, linked: set) -> list[Token]:
    pattern = ctx.term_pattern()
    if pattern is None:
        return children
    out, depth = [], 0
    for child in children:
        if child.type == "link_open":
            depth += 1
        elif child.type == "link_close":
            depth -= 1
        if child.type != "text" or depth:
            out.append(child)
            continue
        text, pos = child.content, 0
        for match in pattern.finditer(text):
            term_id = ctx._names[match.group(1).lower()]
            if term_id in linked:
                continue
            linked.add(term_id)
            out.append(Token("text", "", 0, content=text[pos:match.start()]))
            link = Token("link_open", "a", 1, attrs={"href": f"glossary:{term_id}"}, meta={"auto": True})
            out += [link, Token("text", "", 0, content=match.group(1)), Token("link_close", "a", -1)]
            pos = match.end()
        out.append(Token("text", "", 0, content=text[pos:]))
    return out


def term_note(term_id: str, word: str, ctx: LinkContext) -> str | None:
    """The explanation of a term beside its first appearance: a native <details>, so it opens in
    place without JavaScript, below the paragraph or list item the word is in (a <details> cannot
    sit inside a <p>). Its summary names the word as the reader just met it."""
    explanation = ctx.explain(term_id) if ctx.explain else None
    if not explanation:
        return None
    ask, more = NOTE_LABELS.get(ctx.lang, NOTE_LABELS["en"])
    url = resolve_link(f"glossary:{term_id}", ctx) or f"/{ctx.lang}/glossary"
    return (f'<details class="term-note"><summary><span class="term-note-word">{html.escape(word)}</span>: '
            f'{html.escape(ask)}</summary><div class="term-note-text" id="{ctx.id_prefix}explain-{term_id}">'
            f'{explanation}<p class="term-note-more"><a href="{html.escape(url)}">{html.escape(more)}</a></p>'
            f'</div></details>\n')


def _note_position(tokens: list[Token], i: int) -> int:
    """Where the notes of inline token i go: after its paragraph, else inside its cell or item."""
    following = tokens[i + 1] if i + 1 < len(tokens) else None
    return i + 2 if following is not None and following.type == "paragraph_close" else i + 1


def render(body: str, ctx: LinkContext, linked: set | None = None) -> str:
    """Render a Markdown body to sanitised HTML. `linked` collects glossary ids already linked
    on the page, so a term links only where it first appears."""
    linked = set() if linked is None else linked
    found = []

    def stash(match):
        found.append(match.group(1))
        return _TOKEN.format(len(found) - 1)

    facts = []

    def stash_fact(match):
        facts.append(match.group(1))
        return _FACT_TOKEN.format(len(facts) - 1)

    source = SITE.sub(stash_fact, PLACEHOLDER.sub(stash, strip_sources(COMMENT.sub("", body))))
    tokens = _md.parse(source)
    notes: dict[int, list[str]] = {}  # token position -> notes to insert there
    for i, token in enumerate(tokens):
        if token.type == "heading_open":
            token.attrSet("id", f"{ctx.id_prefix}{_slugify(tokens[i + 1].content)}")
        if token.type != "inline" or not token.children:
            continue
        in_heading = i > 0 and tokens[i - 1].type == "heading_open"
        linked_before = set(linked)
        # Hand-written links in this paragraph count as linked before automatic ones are added.
        linked |= {c.attrGet("href").split(":", 1)[1] for c in token.children
                   if c.type == "link_open" and (c.attrGet("href") or "").startswith("glossary:")}
        if ctx.autolink and not in_heading:
            token.children = _link_terms(token.children, ctx, linked)
        kept, dropping, noting = [], False, None
        for child in token.children:
            if child.type == "link_open":
                href = child.attrGet("href") or ""
                if href.startswith("glossary:"):
                    term = href.split(":", 1)[1]
                    if term in linked_before and not child.meta.get("auto"):
                        dropping = True  # a term links only where it first appears on the page
                        continue
                    linked.add(term)
                    child.attrSet("class", "term")
                    if ctx.explain and not in_heading and ctx.explain(term):
                        noting = [term, ""]  # collect the linked words for the note's summary
                        child.attrSet("href", f"#{ctx.id_prefix}explain-{term}")
                        kept.append(child)
                        continue
                resolved = resolve_link(href, ctx)
                child.attrSet("href", resolved or "#")
            elif child.type == "link_close" and dropping:
                dropping = False
                continue
            elif child.type == "link_close" and noting:
                note = term_note(noting[0], noting[1].strip() or noting[0], ctx)
                notes.setdefault(_note_position(tokens, i), []).append(note)
                noting = None
            elif noting and child.type in ("text", "code_inline"):
                noting[1] += child.content
            kept.append(child)
        token.children = kept
    for position in sorted(notes, reverse=True):
        tokens[position:position] = [Token("html_block", "", 0, content="".join(notes[position]))]
    rendered = _md.renderer.render(tokens, _md.options, {})
    label = PLACEHOLDER_LABEL.get(ctx.lang, PLACEHOLDER_LABEL["en"])
    for index, text in enumerate(found):
        mark = (f'<mark class="placeholder"><span class="placeholder-label">{html.escape(label)}</span> '
                f"{html.escape(text)}</mark>")
        rendered = rendered.replace(_TOKEN.format(index), mark)
    for index, name in enumerate(facts):
        rendered = rendered.replace(_FACT_TOKEN.format(index), ctx.fact(name).html())
    return sanitise(rendered)


def sanitise(markup: str) -> str:
    return nh3.clean(markup, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                     url_schemes={"http", "https", "mailto", "tel"}, link_rel=None)


def fill_facts(text: str, ctx: LinkContext | None) -> str:
    """Site facts as plain words (their value or calm sentence), sources gone: for texts that
    are not Markdown-rendered (API answers, key points printed to clinicians, PDFs)."""
    text = strip_sources(text or "")
    if ctx is None:
        return text
    return SITE.sub(lambda m: ctx.fact(m.group(1)).plain(), text)


def plain_text(body: str, ctx: LinkContext | None = None) -> str:
    """Body without Markdown syntax, comments, sources or placeholders' brackets (for APIs and
    search); site facts filled in when a context is given."""
    text = PLACEHOLDER.sub(lambda m: m.group(1), fill_facts(COMMENT.sub("", body), ctx))
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"^\s{0,3}(#{1,6}|[-*+]|\d+\.)\s+", "", text, flags=re.M)
    text = re.sub(r"[*_`>|]", "", text)
    return re.sub(r"[ \t]+", " ", text).strip()
