"""The two markers a text may carry besides Markdown: site facts and sources.

- `[[site:name]]`: a fact only the site knows (a phone number, the insurer, how much blood is
  taken). Families see its value, or the fact's calm "missing" sentence, never the brackets.
  The names live in content/site-facts.yaml; the values in the database (companion.site).
- `[[source:id]]`: the public source of the claim just before it (SmPC, a law, the CCMO model).
  Families never see it; the staff area shows it beside the text and the dossier prints it.
  The ids live in content/sources.yaml.

Both registries are read from the content folder, so `content check` can tell a text that names
an unknown fact or source, with its file and line.
"""
import functools
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

SITE = re.compile(r"\[\[site:([a-z0-9_.]+)\]\]")
SOURCE = re.compile(r"\[\[source:([a-z0-9.\-]+)\]\]")
# Anything that looks like a marker, to report the malformed ones ("[[Site: Phone]]", "[[source:]]").
ANY_MARKER = re.compile(r"\[\[\s*(site|source)\s*:?(.*?)\]\]", re.I | re.S)
# A source that staff and the committee cannot see: the old way of noting it.
HIDDEN_SOURCE = re.compile(r"<!--\s*(?:source|bron)\s*:", re.I)
SOURCE_WITH_SPACE = re.compile(r"[ \t]*\[\[source:[a-z0-9.\-]+\]\]")

FACTS_FILE = "site-facts.yaml"
SOURCES_FILE = "sources.yaml"
FACT_KINDS = ("name", "phone", "number", "date", "text")


@dataclass(frozen=True)
class FactDefinition:
    name: str
    group: str
    kind: str
    per_language: bool
    label: dict  # lang -> what the admin page and the dossier call it
    missing: dict  # lang -> the calm sentence families read while it is not filled


@dataclass(frozen=True)
class Source:
    id: str
    title: dict  # lang -> how staff and the committee read it
    url: str


def site_names(text: str) -> list[str]:
    return SITE.findall(text or "")


def source_ids(text: str) -> list[str]:
    return SOURCE.findall(text or "")


def strip_sources(text: str) -> str:
    """The text as families read it: source markers (and the space before them) gone."""
    return SOURCE_WITH_SPACE.sub("", text)


def malformed(text: str) -> list[tuple[int, str]]:
    """[(line, marker)] for every marker that is neither a valid site fact nor a valid source."""
    found = []
    for match in ANY_MARKER.finditer(text or ""):
        whole = match.group(0)
        if SITE.fullmatch(whole) or SOURCE.fullmatch(whole):
            continue
        found.append((text.count("\n", 0, match.start()) + 1, whole))
    return found


def line_of(text: str, needle_pos: int) -> int:
    return text.count("\n", 0, needle_pos) + 1


def _read_yaml(path: Path, key: str) -> tuple[dict, list[str]]:
    if not path.exists():
        return {}, []
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        return {}, [f"not valid YAML: {exc}"]
    entries = data.get(key) if isinstance(data, dict) else None
    if not isinstance(entries, dict):
        return {}, [f"needs a mapping '{key}:' of names to definitions"]
    return entries, []


def _both_languages(value) -> bool:
    return isinstance(value, dict) and all(isinstance(value.get(lang), str) and value[lang].strip()
                                           for lang in ("nl", "en"))


def parse_facts(entries: dict) -> tuple[dict[str, FactDefinition], list[str]]:
    facts, problems = {}, []
    for name, spec in entries.items():
        where = f"fact '{name}'"
        if not isinstance(name, str) or not re.fullmatch(r"[a-z0-9_.]+", name):
            problems.append(f"{where}: a name is lower case letters, digits, '_' and '.'")
            continue
        if not isinstance(spec, dict):
            problems.append(f"{where}: needs group, kind, label and missing")
            continue
        kind = spec.get("kind", "text")
        if kind not in FACT_KINDS:
            problems.append(f"{where}: kind must be one of {', '.join(FACT_KINDS)}")
        for part in ("label", "missing"):
            if not _both_languages(spec.get(part)):
                problems.append(f"{where}: {part} needs a Dutch (nl) and an English (en) text")
        if problems and problems[-1].startswith(where):
            continue
        facts[name] = FactDefinition(name, str(spec.get("group", "other")), kind, bool(spec.get("per_language")),
                                     dict(spec["label"]), dict(spec["missing"]))
    return facts, problems


def parse_sources(entries: dict) -> tuple[dict[str, Source], list[str]]:
    sources, problems = {}, []
    for source_id, spec in entries.items():
        where = f"source '{source_id}'"
        if not isinstance(source_id, str) or not re.fullmatch(r"[a-z0-9.\-]+", source_id):
            problems.append(f"{where}: an id is lower case letters, digits, '.' and '-'")
        elif not isinstance(spec, dict) or not _both_languages(spec.get("title")):
            problems.append(f"{where}: title needs a Dutch (nl) and an English (en) text")
        else:
            sources[source_id] = Source(source_id, dict(spec["title"]), str(spec.get("url") or ""))
    return sources, problems


@functools.lru_cache(maxsize=8)
def _registries(content_dir: str, facts_mtime: int, sources_mtime: int):
    root = Path(content_dir)
    fact_entries, fact_problems = _read_yaml(root / FACTS_FILE, "facts")
    source_entries, source_problems = _read_yaml(root / SOURCES_FILE, "sources")
    facts, more_fact_problems = parse_facts(fact_entries)
    sources, more_source_problems = parse_sources(source_entries)
    problems = [f"content/{FACTS_FILE}: {p}" for p in fact_problems + more_fact_problems]
    problems += [f"content/{SOURCES_FILE}: {p}" for p in source_problems + more_source_problems]
    return facts, sources, problems


def _mtime(path: Path) -> int:
    return path.stat().st_mtime_ns if path.exists() else 0


def registries(content_dir) -> tuple[dict[str, FactDefinition], dict[str, Source], list[str]]:
    """(facts, sources, problems) from content/site-facts.yaml and content/sources.yaml."""
    root = Path(content_dir)
    return _registries(str(root), _mtime(root / FACTS_FILE), _mtime(root / SOURCES_FILE))


def fact_definitions(content_dir) -> dict[str, FactDefinition]:
    return registries(content_dir)[0]


def source_list(content_dir) -> dict[str, Source]:
    return registries(content_dir)[1]


def cited_claims(text: str, sources: dict[str, Source], lang: str) -> list[tuple[str, str, str]]:
    """[(claim, source id, source title)]: each source marker with the sentence it follows, for the
    staff area and the dossier. An unknown id keeps its id as title (the check reports it)."""
    found = []
    for match in SOURCE.finditer(text or ""):
        before = SOURCE.sub("", text[:match.start()]).rstrip()
        before = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", before)  # links to their words
        parts = re.split(r"(?<=[.!?])\s+|\n", before)
        claim = (parts[-1] if parts else "").strip(" -*#>") or before[-200:]
        source = sources.get(match.group(1))
        found.append((claim, match.group(1), source.title.get(lang, source.title["en"]) if source else match.group(1)))
    return found
