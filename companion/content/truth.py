"""One truth per fact: a chat answer or a checklist key point says nothing its section does not.

Each chat answer points to the information section it summarises (`source:`), each checklist
item to the section it covers (`section:`). Two rules keep them honest:

- **Same facts.** Every number (a dose, a day, a percentage), every SmPC frequency word (vaak,
  soms, zelden / common, uncommon, rare) and every site fact in the short text must also be in
  its section. A chat answer that says "komt niet vaak voor" where the section says "vaak" is
  caught; one that promises what no section says is caught when that promise carries a number.
- **Checked against this version of the section.** The short text records the hash of the
  section it was last checked against (`section_checked`, bookkeeping like a translation stamp).
  When the section changes, every text pointing to it reads *review: section changed* until an
  editor confirms it (staff area, or `flask --app app content confirm`) or edits it.
"""
import re
from dataclasses import dataclass

from companion.content.files import ContentFile, text_hash
from companion.content.markers import SITE, strip_sources

STAMP = "section_checked"
_NUMBER = re.compile(r"(?<![\w.,])(\d+(?:[.,]\d+)?)(?![\w])")
# Number words a text may use for a figure its section writes in digits, or the other way round.
_NUMBER_WORDS = {
    "nl": {"twee": "2", "drie": "3", "vier": "4", "vijf": "5", "zes": "6", "zeven": "7", "acht": "8",
           "negen": "9", "tien": "10", "elf": "11", "twaalf": "12", "zestien": "16", "zeventien": "17",
           "achtentwintig": "28"},
    "en": {"two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8",
           "nine": "9", "ten": "10", "eleven": "11", "twelve": "12", "sixteen": "16", "seventeen": "17",
           "twenty-eight": "28"},
}
# The SmPC's frequency words as each language says them; longer forms first ("zeer vaak" before "vaak").
FREQUENCY_WORDS = {
    "nl": ["zeer vaak", "vaak", "soms", "zelden", "zeer zelden", "zeldzaam"],
    "en": ["very common", "uncommon", "common", "very rare", "rare"],
}


@dataclass(frozen=True)
class Link:
    """A short text and the section it must agree with."""

    item: ContentFile
    section_path: str  # below content/<lang>/, e.g. info/parents/side-effects.md
    texts: tuple  # ((label, text), ...): the parts that must say nothing beyond the section


def _numbers(text: str, lang: str) -> set[str]:
    found = {n.replace(",", ".") for n in _NUMBER.findall(text)}
    lowered = text.lower()
    for word, digits in _NUMBER_WORDS.get(lang, {}).items():
        if re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", lowered):
            found.add(digits)
    return found


def _frequencies(text: str, lang: str) -> set[str]:
    lowered, found = text.lower(), set()
    for phrase in FREQUENCY_WORDS.get(lang, []):
        pattern = rf"(?<![\w-]){re.escape(phrase)}(?![\w-])"
        if re.search(pattern, lowered):
            found.add(phrase)
            lowered = re.sub(pattern, " ", lowered)  # "zeer vaak" is not also "vaak"
    return found


def claims(text: str, lang: str) -> dict[str, set[str]]:
    """What a text states that can be compared: numbers, frequency words, site facts."""
    text = strip_sources(text)
    return {"number": _numbers(SITE.sub(" ", text), lang), "frequency word": _frequencies(text, lang),
            "site fact": set(SITE.findall(text))}


def section_stamp(section: ContentFile) -> str:
    """What a short text is checked against: the section as families read it (a source marker
    added or corrected changes nothing a chat answer could contradict)."""
    return text_hash(section.meta, strip_sources(section.body))


def section_path_for(item: ContentFile) -> str | None:
    """The information section a chat answer or checklist item points to ("reader/slug" or a
    parents' slug), or None when it points nowhere (the safety replies)."""
    if item.kind == "chat":
        target = item.meta.get("source")
    elif item.kind == "checklist":
        target = item.meta.get("section")
    else:
        return None
    if not isinstance(target, str) or not target.strip():
        return None
    reader, _, slug = target.strip().rpartition("/")
    return f"info/{reader or 'parents'}/{slug}.md"


def links(files: list[ContentFile]) -> list[Link]:
    found = []
    for f in files:
        path = section_path_for(f)
        if path is None or f.meta.get("special"):
            continue
        if f.kind == "chat":
            texts = (("answer", f.body),)
        else:
            points = f.meta.get("key_points")
            texts = tuple((f"key point {i + 1}", str(p)) for i, p in enumerate(points or []))
        found.append(Link(f, path, texts))
    return found


def contradictions(files: list[ContentFile]) -> list[str]:
    """"file: ... not in its section" for every claim a short text makes that its section lacks."""
    by_key = {(f.lang, f.rel_path): f for f in files}
    problems = []
    for link in links(files):
        section = by_key.get((link.item.lang, link.section_path))
        if section is None:
            continue  # a missing section is the feature's own check (chat, checklist)
        lang = link.item.lang
        section_claims = claims(section.body, lang)
        for label, text in link.texts:
            for kind, values in claims(text, lang).items():
                for value in sorted(values - section_claims[kind]):
                    problems.append(f"{lang}/{link.item.rel_path} {label}: {kind} '{value}' is not in its section "
                                    f"{lang}/{link.section_path}: say only what the section says, or add it there")
    return problems


def missing_sections(files: list[ContentFile]) -> list[str]:
    keys = {(f.lang, f.rel_path) for f in files}
    return [f"{link.item.lang}/{link.item.rel_path}: points to the section {link.item.lang}/{link.section_path}, "
            "which does not exist" for link in links(files) if (link.item.lang, link.section_path) not in keys]


def review_needed(files: list[ContentFile]) -> list[tuple[ContentFile, ContentFile]]:
    """[(short text, its section)] where the section changed since the text was checked against it."""
    by_key = {(f.lang, f.rel_path): f for f in files}
    found = []
    for link in links(files):
        section = by_key.get((link.item.lang, link.section_path))
        if section is not None and link.item.meta.get(STAMP) != section_stamp(section):
            found.append((link.item, section))
    return found


def review_problems(files: list[ContentFile]) -> list[str]:
    return [f"{item.lang}/{item.rel_path}: review: section changed: {item.lang}/{section.rel_path} changed since "
            "this text was checked against it; confirm it still agrees (staff area, or `flask --app app content "
            f"confirm {item.rel_path}`) or edit it"
            for item, section in review_needed(files)]


def confirmed_meta(item: ContentFile, files: list[ContentFile]) -> dict | None:
    """{section_checked: hash} that marks `item` as checked against its section as it is now."""
    path = section_path_for(item)
    section = next((f for f in files if f.lang == item.lang and f.rel_path == path), None) if path else None
    return {STAMP: section_stamp(section)} if section is not None else None
