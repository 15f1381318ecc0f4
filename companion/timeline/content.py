"""The timeline's structure, built from content/<lang>/timeline/*.md.

A phase file's front matter (besides the common keys slug, title, order, …):

    phase: days-1-3          # one of days.PHASES
    first_day: 1
    last_day: 3
    summary: one line for the compact overview
    every_day:               # items shown on every day of the phase
      - {kind: treatment, text: "…"}
    days:                    # extra title and items for single days
      - {day: 3, title: "…", items: [{kind: follow_up, text: "…"}]}

The body says why, in plain words. ``intro.md`` (``role: intro``) holds the
page's opening text and what the family needs to do. Everything here is
plain Python: no Flask.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import yaml

from companion.content.render import PLACEHOLDER, PLACEHOLDER_LABEL

from .days import FIRST_DAY, LAST_DAY, PHASES

ITEM_KINDS = ("treatment", "test", "score", "check", "follow_up")
LANGS = ("nl", "en")
KIND_DIR = "timeline"

_LINK = re.compile(r"\[([^\]\[]+)\]\((?:glossary|info):[^)\s]*\)")
_EMPHASIS = re.compile(r"(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1")


@dataclass(frozen=True)
class Item:
    kind: str
    text: str  # Markdown, may hold glossary links and placeholders


@dataclass
class Day:
    day: int
    phase: str
    title: str | None  # content title for special days (day 0, 3, 7, 28)
    items: list[Item] = field(default_factory=list)

    @property
    def milestone(self) -> bool:
        return self.title is not None


@dataclass
class Phase:
    id: str
    first_day: int
    last_day: int
    title: str
    summary: str
    body: str
    days: list[Day] = field(default_factory=list)


@dataclass
class Timeline:
    lang: str
    intro_title: str
    intro_body: str
    phases: list[Phase]

    @property
    def days(self) -> list[Day]:
        return [d for p in self.phases for d in p.days]


class TimelineError(ValueError):
    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Doc:
    """One content file as this module needs it."""

    lang: str
    name: str  # file name without .md
    meta: dict[str, Any]
    body: str


def plain_text(markdown: str, lang: str) -> str:
    """Item text for the API: links become their words, emphasis goes, a placeholder says who
    fills it in, in the page's words: "(to be completed by the study team: …)"."""
    label = PLACEHOLDER_LABEL.get(lang, PLACEHOLDER_LABEL["en"])
    label = label[:1].lower() + label[1:]
    found: list[str] = []

    def stash(match: re.Match) -> str:  # a placeholder's words are kept as written, like on the page
        found.append(match.group(1))
        return f"\0{len(found) - 1}\0"

    text = PLACEHOLDER.sub(stash, markdown)
    text = _LINK.sub(r"\1", text)
    text = _EMPHASIS.sub(r"\2", text)
    text = re.sub(r"\0(\d+)\0", lambda m: f"({label} {found[int(m.group(1))]})", text)
    return " ".join(text.split())


def front_matter_texts(meta: dict[str, Any]) -> list[tuple[str, str]]:
    """Every text a phase file keeps in its front matter, as (label, Markdown): for the content
    check's links, placeholders and readability. Labels ending in "title" are headings.
    Anything malformed is left out here; build_timeline reports it."""
    texts: list[tuple[str, str]] = []

    def add(label: str, value: Any) -> None:
        if isinstance(value, str) and value.strip():
            texts.append((label, value))

    def add_items(label: str, items: Any) -> None:
        for i, entry in enumerate(items if isinstance(items, list) else []):
            add(f"{label}[{i}]", entry.get("text") if isinstance(entry, dict) else None)

    add("title", meta.get("title"))
    add("summary", meta.get("summary"))
    add_items("every_day", meta.get("every_day"))
    days = meta.get("days")
    for j, entry in enumerate(days if isinstance(days, list) else []):
        if isinstance(entry, dict):
            add(f"days[{j}].title", entry.get("title"))
            add_items(f"days[{j}].items", entry.get("items"))
    return texts


def split_front_matter(raw: str) -> tuple[dict[str, Any], str]:
    if not raw.startswith("---"):
        return {}, raw
    parts = raw.split("\n---", 1)
    if len(parts) != 2:
        return {}, raw
    meta = yaml.safe_load(parts[0][3:]) or {}
    body = parts[1].split("\n", 1)[1] if "\n" in parts[1] else ""
    return (meta if isinstance(meta, dict) else {}), body.strip()


def read_docs(content_dir: Path | str, lang: str) -> list[Doc]:
    folder = Path(content_dir) / lang / KIND_DIR
    docs = []
    for path in sorted(folder.glob("*.md")):
        meta, body = split_front_matter(path.read_text(encoding="utf-8"))
        docs.append(Doc(lang=lang, name=path.stem, meta=meta, body=body))
    return docs


def _parse_items(raw: Any, where: str, problems: list[str]) -> list[Item]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        problems.append(f"{where}: items must be a list")
        return []
    items = []
    for i, entry in enumerate(raw):
        if not isinstance(entry, dict):
            problems.append(f"{where}[{i}]: item must be a mapping with kind and text")
            continue
        kind, text = entry.get("kind"), entry.get("text")
        if kind not in ITEM_KINDS:
            problems.append(f"{where}[{i}]: kind {kind!r} is not one of {', '.join(ITEM_KINDS)}")
            continue
        if not isinstance(text, str) or not text.strip():
            problems.append(f"{where}[{i}]: text is missing")
            continue
        items.append(Item(kind=kind, text=text.strip()))
    return items


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def build_timeline(lang: str, docs: Iterable[Doc]) -> Timeline:
    """Build and validate one language's timeline; raise TimelineError."""
    problems: list[str] = []
    intro: Doc | None = None
    phases: dict[str, Phase] = {}
    expected = {p[0]: (p[1], p[2]) for p in PHASES}
    for doc in docs:
        where = f"{lang}/{KIND_DIR}/{doc.name}.md"
        meta = doc.meta
        if meta.get("role") == "intro":
            intro = doc
            continue
        pid = meta.get("phase")
        if pid not in expected:
            problems.append(f"{where}: phase {pid!r} is not one of {', '.join(expected)}")
            continue
        if pid in phases:
            problems.append(f"{where}: phase {pid} appears twice")
            continue
        first, last = _int(meta.get("first_day")), _int(meta.get("last_day"))
        if (first, last) != expected[pid]:
            problems.append(
                f"{where}: first_day/last_day must be {expected[pid][0]}/{expected[pid][1]}"
            )
            continue
        for key in ("title", "summary"):
            if not isinstance(meta.get(key), str) or not meta[key].strip():
                problems.append(f"{where}: {key} is missing")
        every = _parse_items(meta.get("every_day"), f"{where} every_day", problems)
        extra: dict[int, tuple[str | None, list[Item]]] = {}
        raw_days = meta.get("days") or []
        if not isinstance(raw_days, list):
            problems.append(f"{where}: days must be a list")
            raw_days = []
        for j, entry in enumerate(raw_days):
            n = _int(entry.get("day")) if isinstance(entry, dict) else None
            if n is None or not first <= n <= last:
                problems.append(f"{where} days[{j}]: day must be a number from {first} to {last}")
                continue
            if n in extra:
                problems.append(f"{where} days[{j}]: day {n} appears twice")
                continue
            title = entry.get("title")
            if title is not None and (not isinstance(title, str) or not title.strip()):
                problems.append(f"{where} days[{j}]: title must be text")
                title = None
            items = _parse_items(entry.get("items"), f"{where} day {n} items", problems)
            extra[n] = (title.strip() if title else None, items)
        phase = Phase(
            id=pid, first_day=first, last_day=last,
            title=str(meta.get("title", "")).strip(),
            summary=str(meta.get("summary", "")).strip(),
            body=doc.body.strip(),
        )
        for n in range(first, last + 1):
            title, items = extra.get(n, (None, []))
            day_items = every + items
            if not day_items:
                problems.append(f"{where}: day {n} has no items")
            phase.days.append(Day(day=n, phase=pid, title=title, items=day_items))
        phases[pid] = phase
    for pid in expected:
        if pid not in phases and not any(pid in p for p in problems):
            problems.append(f"{lang}/{KIND_DIR}: no file for phase {pid}")
    if intro is None:
        problems.append(f"{lang}/{KIND_DIR}: intro.md (role: intro) is missing")
    if problems:
        raise TimelineError(problems)
    ordered = [phases[p[0]] for p in PHASES]
    days = [d.day for p in ordered for d in p.days]
    assert days == list(range(FIRST_DAY, LAST_DAY + 1))
    return Timeline(
        lang=lang,
        intro_title=str(intro.meta.get("title", "")).strip(),
        intro_body=intro.body,
        phases=ordered,
    )


def structure(timeline: Timeline) -> list[tuple[int, bool, tuple[str, ...]]]:
    """What must match across languages: per day, milestone or not and item kinds."""
    return [(d.day, d.milestone, tuple(i.kind for i in d.items)) for d in timeline.days]


def compare_structures(timelines: dict[str, Timeline]) -> list[str]:
    problems = []
    langs = sorted(timelines)
    if not langs:
        return problems
    base_lang = "nl" if "nl" in timelines else langs[0]
    base = structure(timelines[base_lang])
    for lang in langs:
        if lang == base_lang:
            continue
        other = structure(timelines[lang])
        for (day, ms_a, kinds_a), (_, ms_b, kinds_b) in zip(base, other):
            if ms_a != ms_b:
                problems.append(
                    f"timeline day {day}: has a title in {base_lang if ms_a else lang} only"
                )
            if kinds_a != kinds_b:
                problems.append(
                    f"timeline day {day}: item kinds differ: {base_lang} {list(kinds_a)} "
                    f"vs {lang} {list(kinds_b)}"
                )
    return problems


def _field(obj: Any, *names: str) -> Any:
    for name in names:
        if isinstance(obj, dict) and name in obj:
            return obj[name]
        if hasattr(obj, name):
            return getattr(obj, name)
    return None


def _as_doc(item: Any) -> Doc | None:
    """Accept Doc, or the content package's item objects / dicts."""
    if isinstance(item, Doc):
        return item
    lang = _field(item, "lang", "language")
    path = _field(item, "relpath", "rel_path", "path", "slug")
    meta = _field(item, "meta", "front_matter", "metadata")
    body = _field(item, "body", "text", "markdown") or ""
    if not isinstance(lang, str) or path is None or not isinstance(meta, dict):
        return None
    parts = Path(str(path)).with_suffix("").parts
    if KIND_DIR not in parts:
        return None
    return Doc(lang=lang, name=parts[-1], meta=meta, body=str(body))


def timelines_from_docs(docs: Iterable[Doc]) -> tuple[dict[str, Timeline], list[str]]:
    by_lang: dict[str, list[Doc]] = {lang: [] for lang in LANGS}
    for doc in docs:
        by_lang.setdefault(doc.lang, []).append(doc)
    timelines, problems = {}, []
    for lang, lang_docs in by_lang.items():
        try:
            timelines[lang] = build_timeline(lang, lang_docs)
        except TimelineError as exc:
            problems.extend(exc.problems)
    return timelines, problems


def check_timeline(items: Iterable[Any]) -> list[str]:
    """Problems in the timeline content of both languages (empty when fine).

    ``items`` are content items of any kind; those under ``timeline/`` are
    checked. Called by ``flask content check``.
    """
    docs = [d for d in (_as_doc(i) for i in items) if d is not None]
    timelines, problems = timelines_from_docs(docs)
    if not problems:
        problems.extend(compare_structures(timelines))
    return problems


def load_timelines(content_dir: Path | str) -> dict[str, Timeline]:
    """Read content/<lang>/timeline for every language; raise on problems."""
    docs = [d for lang in LANGS for d in read_docs(content_dir, lang)]
    timelines, problems = timelines_from_docs(docs)
    problems.extend(compare_structures(timelines) if not problems else [])
    if problems:
        raise TimelineError(problems)
    return timelines
