"""What an editor reads when comparing two sets of content files: per item, Dutch and English side by side,
each field (title, text, key points, …) as a diff of words, with long unchanged stretches folded away.

Front matter that is bookkeeping and no text, such as the `translation_of` hash, is left out: it
changes whenever a pair is stamped and says nothing an editor can check. No Flask needed."""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

import yaml

from companion.content.files import LANGS, parse

HIDDEN_KEYS = {"translation_of"}      # content hashes: never shown in a diff
FIRST_KEYS = ("title", "body")         # then the other front-matter keys in alphabetical order
CONTEXT_LINES = 2                      # unchanged lines kept around a change
_WORD = re.compile(r"\s+|\S+")         # words and the spaces between them: diffs read as words, not letters


@dataclass
class FieldDiff:
    name: str          # "title", "body" or a front-matter key
    rows: list         # ("skip", number of unchanged lines) or ("text", [(op, text)]), op: same | del | ins


@dataclass
class SideDiff:
    status: str        # added | removed | changed | same | absent
    fields: list = field(default_factory=list)


@dataclass
class ItemDiff:
    path: str          # the item's path without the language ("info/parents/risks.md"), or a file name
    title: str         # its title (Dutch, else English), for the heading
    sides: dict        # lang -> SideDiff; {"": SideDiff} for a file that is not per language (synonyms.yaml)

    @property
    def per_language(self) -> bool:
        return "" not in self.sides


def words(old: str, new: str) -> list[tuple[str, str]]:
    """The change from old to new as (op, text) pieces, op one of same, del, ins; a replaced stretch is
    its removed words, then its added words. Joining the same+del texts gives old; same+ins, new.
    Spaces never anchor a match, and a lone space between two changes joins them into one."""
    a, b = _WORD.findall(old), _WORD.findall(new)
    changes: list[tuple[str, str, str]] = []  # (same text, removed, added), in order
    matcher = difflib.SequenceMatcher(str.isspace, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            changes.append(("".join(a[i1:i2]), "", ""))
        else:
            changes.append(("", "".join(a[i1:i2]), "".join(b[j1:j2])))
    merged: list[list[str]] = []
    for n, (same, removed, added) in enumerate(changes):
        between = 0 < n < len(changes) - 1 and same.isspace() and changes[n - 1][0] == "" and changes[n + 1][0] == ""
        if between or (same == "" and merged and merged[-1][0] == ""):
            merged[-1][1] += same + removed
            merged[-1][2] += same + added
        else:
            merged.append([same, removed, added])
    pieces: list[tuple[str, str]] = []
    for same, removed, added in merged:
        for op, text in (("same", same), ("del", removed), ("ins", added)):
            if text:
                pieces.append((op, text))
    return pieces


def text_rows(old: str, new: str, context: int = CONTEXT_LINES) -> list:
    """Lines first (so a long text with one change stays short), then words within the changed lines."""
    a, b = old.splitlines(), new.splitlines()
    rows: list = []
    opcodes = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    for n, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            lines = a[i1:i2]
            head = lines[:context] if n > 0 else []
            tail = lines[-context:] if n < len(opcodes) - 1 and context else []
            if len(lines) - len(head) - len(tail) <= 1:  # folding one line saves nothing
                head, tail = lines, []
            if head:
                rows.append(("text", [("same", "\n".join(head))]))
            if len(lines) - len(head) - len(tail) > 0:
                rows.append(("skip", len(lines) - len(head) - len(tail)))
            if tail:
                rows.append(("text", [("same", "\n".join(tail))]))
        else:
            rows.append(("text", words("\n".join(a[i1:i2]), "\n".join(b[j1:j2]))))
    return rows


def _value_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list) and all(not isinstance(v, (list, dict)) for v in value):
        return "\n".join(f"- {v}" for v in value)
    if isinstance(value, (list, dict)):
        return yaml.safe_dump(value, allow_unicode=True, sort_keys=False, default_flow_style=False).rstrip("\n")
    return str(value)


def _fields(text: str | None) -> dict[str, str]:
    """A content file as readable fields: title, body and the other front matter, hashes left out."""
    if text is None:
        return {}
    try:
        meta, body = parse(text)
    except ValueError:
        return {"body": text}
    out = {"title": _value_text(meta.get("title"))} if "title" in meta else {}
    out["body"] = body.strip("\n")
    for key in sorted(k for k in meta if k not in HIDDEN_KEYS and k != "title"):
        out[str(key)] = _value_text(meta[key])
    return out


def side_diff(old: str | None, new: str | None, per_language: bool = True) -> SideDiff:
    if old is None and new is None:
        return SideDiff("absent")
    if per_language:
        a, b = _fields(old), _fields(new)
    else:
        a, b = ({"body": old} if old is not None else {}), ({"body": new} if new is not None else {})
    status = "added" if old is None else "removed" if new is None else "changed"
    names = [k for k in FIRST_KEYS if k in a or k in b] + sorted((set(a) | set(b)) - set(FIRST_KEYS))
    fields = [FieldDiff(name, text_rows(a.get(name, ""), b.get(name, ""))) for name in names
              if a.get(name) != b.get(name)]
    if status == "changed" and not fields:
        status = "same"  # only bookkeeping (a translation stamp) changed
    return SideDiff(status, fields)


def item_diffs(old: dict[str, str], new: dict[str, str]) -> list[ItemDiff]:
    """Every item whose files differ between two mappings {"nl/info/parents/x.md": text, "synonyms.yaml": text}.
    An item whose only change is a translation stamp is left out."""
    items: dict[str, dict[str, str]] = {}
    for key in set(old) | set(new):
        lang, _sep, rel = key.partition("/")
        if lang in LANGS and rel:
            items.setdefault(rel, {})[lang] = key
        else:
            items.setdefault(key, {})[""] = key
    out = []
    for rel in sorted(items):
        keys = items[rel]
        if "" in keys:
            side = side_diff(old.get(rel), new.get(rel), per_language=False)
            sides = {"": side}
        else:
            sides = {lang: side_diff(old.get(keys[lang]) if lang in keys else None,
                                     new.get(keys[lang]) if lang in keys else None) for lang in LANGS}
        if not any(s.status in ("added", "removed", "changed") for s in sides.values()):
            continue
        out.append(ItemDiff(rel, _title(rel, keys, old, new), sides))
    return out


def _title(rel: str, keys: dict, old: dict, new: dict) -> str:
    for lang in ("nl", "en"):
        key = keys.get(lang)
        for mapping in (new, old):
            text = mapping.get(key) if key else None
            if text:
                try:
                    title = parse(text)[0].get("title")
                except ValueError:
                    continue
                if title:
                    return str(title)
    return ""
