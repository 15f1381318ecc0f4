"""The state of every content item in Dutch and in English (no Flask needed)."""
from dataclasses import dataclass, field

from companion.content import truth
from companion.content.check import READABILITY_KINDS, readable_text, texts_of
from companion.content.files import LANGS, ContentFile
from companion.content.readability import measure
from companion.content.render import placeholders

STATES = ("up_to_date", "missing", "outdated", "review", "placeholders", "readability")
GROUPS = ("info/parents", "info/16-17", "info/12-15", "info/under-12", "chat", "checklist", "timeline",
          "glossary", "pages")


@dataclass
class Side:
    lang: str
    file: ContentFile | None
    state: str = "up_to_date"  # up_to_date | missing | outdated | not_stamped
    placeholders: int = 0
    review: str = ""  # the changed section a chat answer or key point must be checked against again
    readability: str = ""
    below_target: bool = False


@dataclass
class Item:
    rel_path: str
    group: str
    title: str
    sides: dict = field(default_factory=dict)  # lang -> Side

    @property
    def flags(self) -> set[str]:
        flags = set()
        for side in self.sides.values():
            if side.state == "missing":
                flags.add("missing")
            elif side.state in ("outdated", "not_stamped"):
                flags.add("outdated")
            if side.placeholders:
                flags.add("placeholders")
            if side.review:
                flags.add("review")
            if side.below_target:
                flags.add("readability")
        if not flags & {"missing", "outdated"}:
            flags.add("up_to_date")
        return flags


def group_of(rel_path: str) -> str:
    parts = rel_path.split("/")
    return "/".join(parts[:2]) if parts[0] == "info" and len(parts) == 3 else parts[0]


def _pair_states(nl: ContentFile | None, en: ContentFile | None) -> dict[str, str]:
    if nl is None or en is None:
        return {"nl": "missing" if nl is None else "up_to_date", "en": "missing" if en is None else "up_to_date"}
    if "translation_of" not in nl.meta or "translation_of" not in en.meta:
        return {"nl": "not_stamped", "en": "not_stamped"}
    nl_ok = nl.meta.get("translation_of") == en.text_hash
    en_ok = en.meta.get("translation_of") == nl.text_hash
    if nl_ok and en_ok:
        return {"nl": "up_to_date", "en": "up_to_date"}
    if nl_ok and not en_ok:
        return {"nl": "up_to_date", "en": "outdated"}  # Dutch changed after the English was made
    if en_ok and not nl_ok:
        return {"nl": "outdated", "en": "up_to_date"}
    return {"nl": "outdated", "en": "outdated"}


def item_states(files: list[ContentFile], exclusions=frozenset()) -> list[Item]:
    by_key = {(f.lang, f.rel_path): f for f in files if not f.problems}
    review = {(item.lang, item.rel_path): section.rel_path for item, section in truth.review_needed(list(by_key.values()))}
    paths = sorted({f.rel_path for f in files}, key=lambda p: (GROUPS.index(group_of(p))
                                                             if group_of(p) in GROUPS else 99, p))
    items = []
    for path in paths:
        pair = {lang: by_key.get((lang, path)) for lang in LANGS}
        states = _pair_states(pair["nl"], pair["en"])
        title = (pair["nl"] or pair["en"]).title if (pair["nl"] or pair["en"]) else path
        item = Item(path, group_of(path), title)
        for lang in LANGS:
            f = pair[lang]
            side = Side(lang, f, states[lang], review=review.get((lang, path), ""))
            if f is not None:
                # counted over the same texts as `content check` (timeline items live in front matter)
                side.placeholders = sum(len(placeholders(text)) for _, text in texts_of(f))
                if f.kind in READABILITY_KINDS:
                    score = measure(readable_text(f), lang, exclusions)
                    side.readability = score.describe() if score.words >= 20 else ""
                    side.below_target = score.below_target()
            item.sides[lang] = side
        items.append(item)
    return items


def filter_items(items: list[Item], state: str = "", group: str = "") -> list[Item]:
    return [i for i in items if (not state or state in i.flags) and (not group or i.group == group)]


def counts(items: list[Item]) -> dict[str, int]:
    return {state: sum(1 for i in items if state in i.flags) for state in STATES}
