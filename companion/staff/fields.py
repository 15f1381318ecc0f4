"""Front-matter fields families see that the editor shows as one YAML text per language.

Title, body, chat phrasings, topics and a chat entry's source have form fields of their own.
What else a family reads lives in front matter: a timeline phase's summary and items, a
checklist item's teach-back prompt, key points and check question, a glossary term's other
names, a section's summary. The editor shows those keys (and only those) as "Other fields
(YAML)"; everything structural (slug, order, audience, phase, days' numbers, section, role,
icon, special, translation stamps) stays as it is. Plain functions; no Flask.
"""
from __future__ import annotations

from typing import Any

import yaml

from companion.chat.content import example_problems as chat_example_problems
from companion.consent.checklist import problems as checklist_problems
from companion.i18n import N_
from companion.timeline.content import Doc, TimelineError, build_timeline

# kind -> the front-matter keys staff may change in "Other fields" (in the order shown)
EDITABLE = {
    "timeline": ("summary", "every_day", "days"),
    "checklist": ("teach_back", "key_points", "check_question"),
    "glossary": ("aliases",),
    "info": ("summary",),
    "chat": ("examples",),  # only the special replies: the questions that should get them
}
# the keys a nested mapping may hold: (key of the list or mapping) -> allowed keys
NESTED_KEYS = {
    "every_day": {"kind", "text"},
    "days": {"day", "title", "items"},
    "items": {"kind", "text"},
    "check_question": {"question", "options", "correct", "explanation"},
}
MAX_CHARS = 30_000
MAX_VALUES = 2_000
MAX_STRING = 5_000
MAX_SUMMARY = 300
MAX_ALIAS = 100


# (Dutch column, English column) for each problem; the view translates them
MESSAGES = {
    "yaml": (N_("The other Dutch fields are not valid YAML (line %(line)s): check the indentation, "
                "the colons and the quotes."),
             N_("The other English fields are not valid YAML (line %(line)s): check the indentation, "
                "the colons and the quotes.")),
    "mapping": (N_("The other Dutch fields must be lines of the form 'field: value'."),
                N_("The other English fields must be lines of the form 'field: value'.")),
    "forbidden": (N_("The Dutch column tries to change '%(field)s', which cannot be changed in the editor. "
                     "Remove that line."),
                  N_("The English column tries to change '%(field)s', which cannot be changed in the editor. "
                     "Remove that line.")),
    "long": (N_("The other Dutch fields are too long; make them shorter."),
             N_("The other English fields are too long; make them shorter.")),
    "value": (N_("In the other Dutch fields, %(where)s may hold only text or a whole number."),
              N_("In the other English fields, %(where)s may hold only text or a whole number.")),
    "key": (N_("In the other Dutch fields, %(where)s has a key that does not belong there: %(key)s."),
            N_("In the other English fields, %(where)s has a key that does not belong there: %(key)s.")),
    "days": (N_("In the other Dutch fields, the days must keep their day numbers (%(days)s), in that order."),
             N_("In the other English fields, the days must keep their day numbers (%(days)s), in that order.")),
    "problem": (N_("The other Dutch fields have a problem: %(problem)s"),
                N_("The other English fields have a problem: %(problem)s")),
}


def _msg(name: str, lang: str, **params) -> tuple[str, dict]:
    return MESSAGES[name][0 if lang == "nl" else 1], params


def editable_keys(rel_path: str, meta: dict) -> tuple[str, ...]:
    """The keys of this file that "Other fields" shows (none for the timeline's intro)."""
    kind = rel_path.split("/", 1)[0]
    if kind == "timeline" and meta.get("role") == "intro":
        return ()
    if kind == "chat" and not meta.get("special"):
        return ()
    return EDITABLE.get(kind, ())


def extra_text(rel_path: str, meta: dict) -> str | None:
    """The YAML text the editor shows, or None when this kind has no such fields."""
    keys = editable_keys(rel_path, meta)
    if not keys:
        return None
    own = {k: meta[k] for k in keys if k in meta}
    return yaml.safe_dump(own, allow_unicode=True, sort_keys=False, width=100) if own else ""


def _shape(value: Any, where: str, parent: str, lang: str, budget: list[int]) -> list[tuple[str, dict]]:
    """Only text, whole numbers, lists and the known nested keys; at most MAX_VALUES values
    (an alias bomb is refused before anything walks it in full)."""
    budget[0] -= 1
    if budget[0] < 0:
        return [_msg("long", lang)]
    if isinstance(value, str):
        return [_msg("long", lang)] if len(value) > MAX_STRING or "\x00" in value else []
    if isinstance(value, int) and not isinstance(value, bool):
        return []
    if isinstance(value, list):
        found = []
        for i, entry in enumerate(value):
            found += _shape(entry, f"{where}[{i}]", parent, lang, budget)
            if budget[0] < 0:
                break
        return found
    if isinstance(value, dict):
        allowed = NESTED_KEYS.get(parent, set())
        for key in value:
            if key not in allowed:
                return [_msg("key", lang, where=where, key=str(key)[:50])]
        found = []
        for key, entry in value.items():
            found += _shape(entry, f"{where}.{key}", key if key in NESTED_KEYS else parent, lang, budget)
            if budget[0] < 0:
                break
        return found
    return [_msg("value", lang, where=where)]


def _timeline_problems(rel_path: str, lang: str, meta: dict) -> list[str]:
    """What build_timeline (the content check's rules) finds in this one phase file."""
    name = rel_path.rsplit("/", 1)[-1].removesuffix(".md")
    where = f"{lang}/{rel_path}"
    try:
        build_timeline(lang, [Doc(lang=lang, name=name, meta=meta, body="")])
    except TimelineError as exc:
        return [p.removeprefix(where).lstrip(": ") for p in exc.problems if p.startswith(where)]
    return []


def _own_problems(rel_path: str, lang: str, meta: dict) -> list[str]:
    """The feature's own rules for this file, as English sentences (as `content check` says them)."""
    kind = rel_path.split("/", 1)[0]
    found = []
    if kind == "checklist":
        found += checklist_problems(meta)
    if kind == "timeline":
        found += _timeline_problems(rel_path, lang, meta)
    if kind in ("info", "timeline") and "summary" in meta:
        summary = meta["summary"]
        if not isinstance(summary, str) or not summary.strip():
            found.append("summary must be text")
        elif len(summary) > MAX_SUMMARY:
            found.append(f"summary must be at most {MAX_SUMMARY} characters")
    if kind == "chat" and "examples" in meta:
        found += chat_example_problems(meta["examples"])
    if kind == "glossary" and "aliases" in meta:
        aliases = meta["aliases"]
        if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
            found.append("aliases must be a list of words")
        elif any(len(a) > MAX_ALIAS for a in aliases):
            found.append(f"each alias must be at most {MAX_ALIAS} characters")
    return found


def _day_numbers(meta: dict) -> list:
    days = meta.get("days")
    return [d.get("day") if isinstance(d, dict) else None for d in days] if isinstance(days, list) else []


def apply_extra(rel_path: str, lang: str, meta: dict, text: str) -> tuple[dict, list[tuple[str, dict]]]:
    """`meta` with the editable keys replaced by those in the YAML `text` (a key left out is
    removed). Returns (new meta, problems as (msgid, params)); with problems, `meta` unchanged.
    Only problems the file did not have before count, so an old flaw never blocks an edit."""
    keys = editable_keys(rel_path, meta)
    text = text.replace("\r\n", "\n")
    if len(text) > MAX_CHARS or "\x00" in text:
        return meta, [_msg("long", lang)]
    try:
        values = yaml.safe_load(text) if text.strip() else {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        return meta, [_msg("yaml", lang, line=mark.line + 1 if mark else 1)]
    if values is None:
        values = {}
    if not isinstance(values, dict):
        return meta, [_msg("mapping", lang)]
    forbidden = [str(k)[:50] for k in values if k not in keys]
    if forbidden:
        return meta, [_msg("forbidden", lang, field=f) for f in forbidden]
    budget = [MAX_VALUES]
    found = []
    for key, value in values.items():
        found += _shape(value, key, key, lang, budget)
    if found:
        return meta, found
    new = {}
    for key, value in meta.items():
        if key == "translation_of":
            new.update({k: v for k, v in values.items() if k not in meta})  # new keys before the stamp
        if key not in keys:
            new[key] = value
        elif key in values:
            new[key] = values[key]
    new.update({k: v for k, v in values.items() if k not in new})
    if rel_path.startswith("timeline/") and _day_numbers(new) != _day_numbers(meta):
        found.append(_msg("days", lang, days=", ".join(str(d) for d in _day_numbers(meta)) or "-"))
    before = set(_own_problems(rel_path, lang, meta))
    found += [_msg("problem", lang, problem=p) for p in _own_problems(rel_path, lang, new) if p not in before]
    return (meta, found) if found else (new, [])


def preview_texts(rel_path: str, meta: dict) -> list[tuple[str, str, bool]]:
    """(label, text, is Markdown) of every text in the editable fields, for the preview:
    a timeline's texts are Markdown on the public page; the others are shown as plain text."""
    markdown = rel_path.startswith("timeline/")
    out = []

    def walk(value: Any, label: str) -> None:
        if isinstance(value, str) and value.strip():
            out.append((label, value, markdown))
        elif isinstance(value, list):
            for i, entry in enumerate(value):
                walk(entry, f"{label}[{i}]")
        elif isinstance(value, dict):
            for key, entry in value.items():
                if key not in ("kind", "day"):
                    walk(entry, f"{label}.{key}")

    for key in editable_keys(rel_path, meta):
        if key in meta:
            walk(meta[key], key)
    return out[:MAX_VALUES]
