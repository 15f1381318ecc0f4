"""The chat's approved texts, read from content files: entries, the special replies, sections."""
import re
from dataclasses import dataclass, field
from pathlib import Path

from companion.content.files import ContentFile, read_tree

from .retrieval import Doc, Synonyms

SPECIALS = ("emergency", "medical_advice", "not_found")
CHILD_READERS = ("12-15", "under-12")  # entries written for them answer only them
# a special's `examples:` describe questions that get it: the not-found reply's are out of scope
EXAMPLE_KINDS = {"emergency": "emergency", "medical_advice": "medical_advice", "not_found": "out_of_scope"}


CHILD_MARGIN = 0.1    # how much lower than the best match an entry for the asker's own reader may score
PARENT_MARGIN = 0.06  # a parents' entry this close to a child's best match answers a parent (parents_entry)


@dataclass
class Knowledge:
    docs: list                                      # Doc, entries (and sections) of both languages
    specials: dict = field(default_factory=dict)    # {lang: {special: Doc}}
    synonyms: Synonyms = None
    # example sentences of the specials, both languages together: {emergency|medical_advice|
    # out_of_scope: [text, …]}; the meaning signal compares questions with them (answer._by_meaning)
    examples: dict = field(default_factory=dict)
    # entries written for a child: {(lang, slug): (reader, slug of the parents' entry it answers for or "")}
    young: dict = field(default_factory=dict)

    def for_reader(self, lang: str, slug: str, reader: str | None) -> str:
        """The entry that answers this reader: a child gets the answer written for their age where
        one exists; everyone else gets the parents' answer, never one written for a child."""
        own_reader, base = self.young.get((lang, slug), (None, ""))
        base = base if base and self.entry(lang, base) else ""
        if reader in CHILD_READERS:
            if own_reader == reader:
                return slug
            wanted = base or (slug if own_reader is None else "")
            for (l, s), (r, b) in self.young.items():
                if l == lang and r == reader and wanted and b == wanted:
                    return s
            return slug
        return base or slug

    def parents_entry(self, lang: str, candidates: list, near: float = PARENT_MARGIN,
                      far: float = CHILD_MARGIN) -> str | None:
        """The entry a parent gets when the best candidate may be one written for a child.

        A parents' entry that scores within `near` of a child's best match asks the same thing in a
        parent's words, so it answers ("stopping later" matches "can I stop later?" for teenagers and
        "can we withdraw?" for parents almost equally). Otherwise the child's entry stands for the
        parents' entry it was written for; where it has none, a parents' entry within `far`, or None."""
        best = candidates[0]
        if (lang, best.slug) not in self.young:
            return best.slug
        parents = [c for c in candidates if (lang, c.slug) not in self.young]
        close = [c.slug for c in parents if c.score >= best.score - near]
        if close:
            return close[0]
        base = self.for_reader(lang, best.slug, None)
        if (lang, base) not in self.young:
            return base
        close = [c.slug for c in parents if c.score >= best.score - far]
        return close[0] if close else None

    def entry(self, lang: str, slug: str, kind: str = "entry") -> Doc | None:
        for doc in self.docs:
            if doc.lang == lang and doc.slug == slug and doc.kind == kind:
                return doc
        return None


_HEADING = re.compile(r"^##\s+(.+?)\s*$", re.M)


def section_parts(f: ContentFile) -> list[Doc]:
    """The parts of an information section for parents, one per `##` heading: the fallback answers."""
    found = list(_HEADING.finditer(f.body))
    parts = []
    for i, match in enumerate(found):
        end = found[i + 1].start() if i + 1 < len(found) else len(f.body)
        text = f.body[match.end():end].strip()
        if text:
            parts.append(Doc(lang=f.lang, slug=f"{f.slug}/{i + 1}", title=match.group(1), answer=text,
                             topics=list(f.meta.get("topics") or []), source=f.slug, kind="section"))
    return parts


def from_files(files: list[ContentFile], synonyms: Synonyms) -> Knowledge:
    docs, specials, examples, young = [], {}, {}, {}
    for f in files:
        if f.kind == "info" and f.reader == "parents" and not f.problems:
            docs += section_parts(f)
        if f.kind != "chat" or f.problems:
            continue
        meta = f.meta
        doc = Doc(lang=f.lang, slug=f.slug, title=f.title, answer=f.body.strip(),
                  topics=list(meta.get("topics") or []), source=meta.get("source"),
                  phrasings=[str(p) for p in meta.get("phrasings") or []])
        if meta.get("special") in SPECIALS:
            specials.setdefault(f.lang, {})[meta["special"]] = doc
            kind = EXAMPLE_KINDS[meta["special"]]
            examples.setdefault(kind, []).extend(
                str(e) for e in meta.get("examples") or [] if isinstance(e, str) and e.strip())
        else:
            docs.append(doc)
            if meta.get("audience") in CHILD_READERS:
                young[(f.lang, f.slug)] = (meta["audience"], str(meta.get("answers_for") or ""))
    return Knowledge(docs, specials, synonyms, {k: sorted(set(v)) for k, v in examples.items()}, young)


def load(content_dir: str | Path) -> Knowledge:
    """Everything the chat needs from content/: chat entries, special replies, synonyms."""
    content_dir = Path(content_dir)
    return from_files(read_tree(content_dir), Synonyms.load(content_dir / "synonyms.yaml"))
