"""Checklist items from the content store: content/<lang>/checklist/<slug>.md.

Each item is a topic of the consent conversation: a teach-back prompt, the key points
the clinician listens for, and an optional check question the family answers itself.
Items are read from a stored content version, so a record always shows the checklist
of the version pinned to it. Plain functions; no Flask.
"""
from __future__ import annotations

import json
import threading
from dataclasses import dataclass

SECTIONS = (
    "introduction", "general-information", "purpose", "background", "who-can-take-part",
    "what-happens", "what-we-ask", "side-effects", "pros-and-cons", "when-it-ends",
    "after-the-study", "data-and-privacy", "costs", "insurance", "family-doctor", "questions",
    "consent",
)
# Topics the issue asks the checklist to cover at least once.
REQUIRED_SLUGS = (
    "purpose", "voluntary", "stopping", "treatment", "comparison", "tests-and-duration",
    "side-effects", "benefit", "data-and-privacy", "insurance", "contact", "child-say",
    "time-to-think",
)


@dataclass(frozen=True)
class CheckQuestion:
    question: str
    options: tuple[str, ...]
    correct: int
    explanation: str


@dataclass(frozen=True)
class Item:
    slug: str
    title: str
    order: int
    section: str
    topics: tuple[str, ...]
    teach_back: str
    key_points: tuple[str, ...]
    check: CheckQuestion | None


def problems(meta: dict) -> list[str]:
    """What is wrong with one checklist item's front matter (empty when fine)."""
    found = []
    if meta.get("audience") != "staff":
        found.append("audience must be staff")
    if meta.get("section") not in SECTIONS:
        found.append(f"section must be one of {', '.join(SECTIONS)}")
    if not isinstance(meta.get("teach_back"), str) or not meta["teach_back"].strip():
        found.append("missing teach_back")
    points = meta.get("key_points")
    if not isinstance(points, list) or not points or not all(isinstance(p, str) and p.strip() for p in points):
        found.append("key_points must be a non-empty list of text")
    check = meta.get("check_question")
    if check is not None:
        if not isinstance(check, dict):
            found.append("check_question must be a mapping")
        else:
            options = check.get("options")
            if not isinstance(check.get("question"), str) or not check["question"].strip():
                found.append("check_question.question missing")
            if not isinstance(options, list) or len(options) < 2 or not all(isinstance(o, str) and o.strip() for o in options):
                found.append("check_question.options must list at least two answers")
            elif not isinstance(check.get("correct"), int) or isinstance(check.get("correct"), bool) \
                    or not 0 <= check["correct"] < len(options):
                found.append("check_question.correct must be the index of one of the options")
            if not isinstance(check.get("explanation"), str) or not check["explanation"].strip():
                found.append("check_question.explanation missing")
    return found


def item_from_meta(meta: dict) -> Item:
    check = meta.get("check_question")
    return Item(
        slug=str(meta["slug"]),
        title=str(meta["title"]),
        order=int(meta.get("order", 0)),
        section=str(meta["section"]),
        topics=tuple(meta.get("topics") or ()),
        teach_back=str(meta["teach_back"]),
        key_points=tuple(str(p) for p in meta["key_points"]),
        check=CheckQuestion(
            question=str(check["question"]),
            options=tuple(str(o) for o in check["options"]),
            correct=int(check["correct"]),
            explanation=str(check["explanation"]),
        ) if isinstance(check, dict) else None,
    )


def check_checklist(files) -> list[str]:
    """`content check` hook: every checklist file of both languages (ContentFile objects)."""
    found = []
    by_lang: dict[str, dict] = {}
    for f in files:
        for problem in problems(f.meta):
            found.append(f"{f.lang}/{f.rel_path}: {problem}")
        by_lang.setdefault(f.lang, {})[f.slug] = f.meta
    for lang, metas in sorted(by_lang.items()):
        for slug in REQUIRED_SLUGS:
            if slug not in metas:
                found.append(f"{lang}/checklist/{slug}.md: required checklist item is missing")
    langs = sorted(by_lang)
    for slug in sorted(set().union(*[set(m) for m in by_lang.values()]) if by_lang else ()):
        metas = [by_lang[lang].get(slug) for lang in langs]
        if all(metas):
            fields = [(m.get("order"), m.get("section"), len(m.get("key_points") or []),
                       (m.get("check_question") or {}).get("correct") if isinstance(m.get("check_question"), dict) else None,
                       len((m.get("check_question") or {}).get("options") or []) if isinstance(m.get("check_question"), dict) else None)
                      for m in metas]
            if len(set(fields)) > 1:
                found.append(f"checklist/{slug}.md: order, section, number of key points or the check question "
                             "differ between languages")
    return found


_cache: dict[tuple[int, str], tuple[Item, ...]] = {}
_lock = threading.Lock()


def load_items(db, version_id: int, lang: str) -> tuple[Item, ...]:
    """The checklist of one stored content version in one language, in order.
    Versions never change once stored, so the result is cached per process."""
    key = (int(version_id), lang)
    cached = _cache.get(key)
    if cached is not None:
        return cached
    rows = db.execute(
        "select meta from content_items where version_id = ? and kind = 'checklist' and lang = ?",
        [version_id, lang],
    ).fetchall()
    items = []
    for (meta_text,) in rows:
        meta = json.loads(meta_text)
        if not problems(meta):
            items.append(item_from_meta(meta))
    result = tuple(sorted(items, key=lambda i: (i.order, i.slug)))
    with _lock:
        if len(_cache) > 64:
            _cache.clear()
        _cache[key] = result
    return result


def by_slug(items) -> dict[str, Item]:
    return {i.slug: i for i in items}
