"""Site facts' values and the deployment's mode, in the database.

A value that reads the same in both languages (a phone number, a name) is stored once with
lang ''; a `per_language` fact (a sentence) is stored for nl and for en. Every change appends
to the audit trail and bumps a revision, so each worker re-renders its pages on the next request.

The mode: a fresh deployment is a *demonstration* (texts may be live while facts are missing;
families then read each fact's calm sentence). An admin switches it to *live* once every fact
the live texts use is filled; from then on no version goes live while a fact it uses is missing.
"""
from collections import Counter
from dataclasses import dataclass

from companion.audit import append_event
from companion.content.check import meta_strings
from companion.content.files import ContentFile
from companion.content.markers import FactDefinition, site_names
from companion.content.store import SITE_REVISION_KEY, now
from companion.db import write_transaction
from companion.i18n import N_

MODE_KEY = "site_mode"
MODES = ("demonstration", "live")
MAX_VALUE = 1000


class SiteFactError(ValueError):
    """A refusal an admin reads: msgid for gettext and its parameters."""

    def __init__(self, msgid: str, **params):
        super().__init__(msgid % params if params else msgid)
        self.msgid, self.params = msgid, params


def values(db) -> dict[tuple[str, str], str]:
    if "site_fact_values" not in db.table_names():
        return {}
    return {(r["name"], r["lang"]): r["value"] for r in db.query("select name, lang, value from site_fact_values")}


def value_of(definition: FactDefinition | None, stored: dict, lang: str) -> str | None:
    """The value families read in `lang`, or None while it is missing."""
    if definition is None:
        return None
    key = (definition.name, lang) if definition.per_language else (definition.name, "")
    value = stored.get(key)
    return value if value and value.strip() else None


def is_filled(definition: FactDefinition, stored: dict) -> bool:
    langs = ("nl", "en") if definition.per_language else ("",)
    return all((stored.get((definition.name, lang)) or "").strip() for lang in langs)


def usage(files: list[ContentFile]) -> Counter:
    """How many texts (a file in one language) name each fact."""
    counts: Counter = Counter()
    for f in files:
        texts = [f.body, *(text for _, text in meta_strings(f.meta))]
        for name in {n for text in texts for n in site_names(text)}:
            counts[name] += 1
    return counts


def missing_in(files: list[ContentFile], definitions: dict, stored: dict) -> list[str]:
    """Facts the files name that are not filled (unknown names count as missing)."""
    return sorted(name for name in usage(files)
                  if name not in definitions or not is_filled(definitions[name], stored))


def mode(db) -> str:
    rows = list(db.query("select value from settings where key = ?", [MODE_KEY])) \
        if "settings" in db.table_names() else []
    return rows[0]["value"] if rows and rows[0]["value"] in MODES else "demonstration"


def _bump(db) -> None:
    db.execute("insert into settings (key, value) values (?, '1') on conflict(key) do update set "
               "value = cast(cast(value as integer) + 1 as text)", [SITE_REVISION_KEY])


@dataclass
class Change:
    name: str
    lang: str
    old: str | None
    new: str | None


def save(db, definitions: dict, submitted: dict[tuple[str, str], str], user_id: int | None) -> list[Change]:
    """Store the submitted values {(name, lang): text} (lang '' for a single value); an empty text
    clears a value. Returns what changed; all or nothing, audited."""
    for (name, lang), text in submitted.items():
        if name not in definitions:
            raise SiteFactError(N_("There is no site fact called %(name)s."), name=name)
        if lang not in (("nl", "en") if definitions[name].per_language else ("",)):
            raise SiteFactError(N_("The site fact %(name)s cannot be filled in that language."), name=name)
        if len(text) > MAX_VALUE:
            raise SiteFactError(N_("The value for %(name)s is longer than %(n)s characters; make it shorter."),
                                name=name, n=MAX_VALUE)
        if "\x00" in text:
            raise SiteFactError(N_("The value for %(name)s contains a character that cannot be stored."), name=name)
    changes = []
    with write_transaction(db):
        stored = values(db)
        for (name, lang), text in sorted(submitted.items()):
            text = " ".join(text.split())  # one line: a fact sits inside a sentence or a list item
            old = stored.get((name, lang))
            if (old or "") == text:
                continue
            if text:
                db.execute("insert into site_fact_values (name, lang, value, updated_at, updated_by) "
                           "values (?, ?, ?, ?, ?) on conflict(name, lang) do update set value = excluded.value, "
                           "updated_at = excluded.updated_at, updated_by = excluded.updated_by",
                           [name, lang, text, now(), user_id])
            else:
                db.execute("delete from site_fact_values where name = ? and lang = ?", [name, lang])
            changes.append(Change(name, lang, old, text or None))
        if changes:
            _bump(db)
            append_event(db, kind="site.facts_changed", actor=user_id, subject="site_facts",
                         details={"changes": [{"name": c.name, "lang": c.lang or "both", "old": c.old, "new": c.new}
                                              for c in changes]})
    return changes


def set_mode(db, new_mode: str, definitions: dict, live_files: list[ContentFile], user_id: int | None) -> None:
    """Switch between demonstration and live; live only while every fact the live texts use is filled."""
    if new_mode not in MODES:
        raise SiteFactError(N_("Choose demonstration or live."))
    with write_transaction(db):
        if new_mode == "live":
            missing = missing_in(live_files, definitions, values(db))
            if missing:
                raise SiteFactError(N_("The deployment cannot go live for families while %(n)s site fact(s) are "
                                       "missing: %(names)s."), n=len(missing), names=", ".join(missing))
        old = mode(db)
        if old == new_mode:
            return
        db["settings"].upsert({"key": MODE_KEY, "value": new_mode}, pk="key")
        _bump(db)
        append_event(db, kind="site.mode_changed", actor=user_id, subject="site_facts",
                     details={"old": old, "new": new_mode})


def publish_allowed(db, definitions: dict, files: list[ContentFile]) -> list[str]:
    """The facts that stop these files from going live ([] when they may): none in a demonstration."""
    if mode(db) != "live":
        return []
    return missing_in(files, definitions, values(db))
