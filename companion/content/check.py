"""`content check`: every rule that keeps the two languages and four readers honest.

Errors: unreadable front matter, a missing translation, an orphan file, a missing field, an
unknown topic or audience, a broken section link, an unknown glossary term, an outdated or
unstamped translation, and whatever a feature's own check finds (KIND_CHECKS).
Warnings: placeholders, and readability below target (drug and score names left out).

Links, placeholders and readability are checked in the body and in the texts a feature keeps
in its front matter (KIND_TEXTS: the timeline's items, summaries and day titles)."""
import importlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from companion.content import truth
from companion.content.files import LANGS, READERS, TOP_LEVEL_FILES, ContentFile, orphan_paths, read_tree
from companion.content.markers import HIDDEN_SOURCE, SITE, SOURCE, malformed, registries
from companion.content.readability import measure
from companion.content.render import internal_links, placeholders

TOPICS = {
    "purpose", "voluntary", "withdraw", "procedures", "drug", "dose", "side_effects", "liver",
    "infection", "risks", "benefits", "comparison_historical", "placebo", "duration", "schedule",
    "day28", "eligibility", "age", "consent_minor", "data_privacy", "costs", "insurance", "contact",
    "results", "other_treatment", "oversight", "after_study", "emergency", "medical_advice",
}
AUDIENCES = {"parents", "16-17", "12-15", "under-12", "all", "staff", "children"}
KINDS = {"info", "glossary", "pages", "chat", "checklist", "timeline"}
# A feature's own structural rules: "module:function", called with all files of that kind
# (both languages); returns a list of problem strings. A missing module is skipped.
KIND_CHECKS = {
    "chat": "companion.chat.content:check_chat",
    "checklist": "companion.consent.checklist:check_checklist",
    "timeline": "companion.timeline.content:check_timeline",
}
# A feature's texts in front matter: "module:function", called with a file's meta; returns
# [(label, markdown)], a label ending in "title" for a heading. A missing module is skipped.
KIND_TEXTS = {
    "timeline": "companion.timeline.content:front_matter_texts",
}
READABILITY_KINDS = {"info", "chat", "timeline", "pages"}


@dataclass
class Report:
    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    scores: list = field(default_factory=list)  # (lang, rel_path, Score)

    def error(self, where: str, message: str):
        self.errors.append(f"{where}: {message}")

    def warn(self, where: str, message: str):
        self.warnings.append(f"{where}: {message}")


def readability_exclusions(content_dir: str | Path) -> set[str]:
    path = Path(content_dir) / "readability.yaml"
    if not path.exists():
        return set()
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {str(w) for w in data.get("exclude", [])}


def _where(f: ContentFile) -> str:
    return f"{f.lang}/{f.rel_path}"


def _feature_function(target: str):
    """The function named "module:function", or None when the feature's module is not there."""
    module_name, _, func_name = target.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name in (module_name, module_name.rsplit(".", 1)[0]):
            return None
        raise
    return getattr(module, func_name)


def front_matter_texts(f: ContentFile) -> list[tuple[str, str]]:
    """[(label, markdown)] of the texts a feature keeps in this file's front matter."""
    target = KIND_TEXTS.get(f.kind)
    texts = _feature_function(target) if target else None
    return list(texts(f.meta)) if texts else []


def texts_of(f: ContentFile) -> list[tuple[str | None, str]]:
    """[(label, markdown)]: front-matter texts first, then the body (label None)."""
    return [*front_matter_texts(f), (None, f.body)]


def readable_text(f: ContentFile) -> str:
    """What the readability score reads: front-matter texts (titles as headings, which the
    score leaves out) followed by the body."""
    parts = [f"# {text}" if label.endswith("title") else text for label, text in front_matter_texts(f)]
    return "\n\n".join([*parts, f.body])


def _check_placement(f: ContentFile, report: Report) -> bool:
    parts = f.rel_path.split("/")
    if f.kind not in KINDS:
        report.error(_where(f), f"orphan file: '{f.kind}' is not a content folder ({', '.join(sorted(KINDS))})")
        return False
    if f.kind == "info" and (len(parts) != 3 or parts[1] not in READERS):
        report.error(_where(f), f"orphan file: information belongs in info/<reader>/ with reader one of {', '.join(READERS)}")
        return False
    return True


def _check_fields(f: ContentFile, report: Report) -> None:
    meta = f.meta
    if meta.get("slug") != f.slug:
        report.error(_where(f), f"slug '{meta.get('slug')}' does not match the file name '{f.slug}'")
    if not str(meta.get("title", "")).strip():
        report.error(_where(f), "missing title")
    if "order" in meta and not isinstance(meta["order"], int):
        report.error(_where(f), "order must be a whole number")
    topics = meta.get("topics", [])
    if not isinstance(topics, list):
        report.error(_where(f), "topics must be a list")
        topics = []
    for topic in topics:
        if topic not in TOPICS:
            report.error(_where(f), f"unknown topic '{topic}'")
    if f.kind in {"info", "chat"} and not topics:
        report.error(_where(f), "needs at least one topic")
    audience = meta.get("audience")
    if f.kind == "info":
        if audience != f.reader:
            report.error(_where(f), f"audience '{audience}' should be '{f.reader}' for this folder")
        if not isinstance(meta.get("order"), int):
            report.error(_where(f), "missing order")
    elif audience is not None and audience not in AUDIENCES:
        report.error(_where(f), f"unknown audience '{audience}'")


def _check_links(where: str, lang: str, text: str, report: Report, glossary: dict, sections: dict) -> None:
    for href in internal_links(text):
        scheme, target = href.split(":", 1)
        if scheme == "glossary":
            if target not in glossary[lang]:
                report.error(where, f"unknown glossary term '{target}'")
        else:
            reader, _, slug = target.strip("/").rpartition("/")
            if (reader or "parents", slug) not in sections[lang]:
                report.error(where, f"broken internal link '{href}'")


def _check_pair(a: ContentFile, b: ContentFile | None, report: Report) -> None:
    if b is None:
        other = "en" if a.lang == "nl" else "nl"
        report.error(_where(a), f"missing translation: {other}/{a.rel_path} does not exist")
        return
    if a.lang != "nl":
        return  # each pair once, from its Dutch side
    a_ok = a.meta.get("translation_of") == b.text_hash
    b_ok = b.meta.get("translation_of") == a.text_hash
    if "translation_of" not in a.meta or "translation_of" not in b.meta:
        report.error(_where(a), "translation not stamped: run `flask --app app content stamp "
                     f"{a.rel_path}` once both languages say the same")
    elif not a_ok and b_ok:
        report.error(_where(a), f"outdated translation: en/{a.rel_path} changed after this was translated")
    elif a_ok and not b_ok:
        report.error(_where(b), f"outdated translation: nl/{a.rel_path} changed after this was translated")
    elif not a_ok and not b_ok:
        report.error(_where(a), "both languages changed since they were last in sync: compare and stamp")


def meta_strings(meta, label: str = "") -> list[tuple[str, str]]:
    """[(field, text)] for every string in the front matter (key points, questions, items)."""
    if isinstance(meta, str):
        return [(label, meta)]
    if isinstance(meta, dict):
        return [pair for key, value in meta.items() for pair in meta_strings(value, f"{label}.{key}".strip("."))]
    if isinstance(meta, list):
        return [pair for i, value in enumerate(meta) for pair in meta_strings(value, f"{label}[{i + 1}]")]
    return []


def _check_markers(f: ContentFile, report: Report, facts: dict, sources: dict) -> None:
    """Site facts and sources a text names must exist; a source in an HTML comment is hidden.
    Problems in the body name the file's line; those in the front matter name the field."""
    own = {k: v for k, v in f.meta.items() if k not in ("phrasings", "examples")}
    texts = [(None, f.body), *meta_strings(own)]
    for label, text in texts:
        def at(pos: int) -> str:
            if label is not None:
                return f"{_where(f)} {label}"
            return f"{_where(f)}:{(f.body_line or 1) + text.count(chr(10), 0, pos)}"

        for match in re.finditer(r"\[\[.*?\]\]", text, re.S):
            if match.group(0) in {m for _, m in malformed(match.group(0))}:
                report.error(at(match.start()), f"'{match.group(0)}' is not a marker: write [[site:name]] or "
                             "[[source:id]] (lower case, no spaces)")
        for match in SITE.finditer(text):
            if match.group(1) not in facts:
                report.error(at(match.start()), f"unknown site fact '{match.group(1)}': add it to "
                             "content/site-facts.yaml or use a listed one")
        for match in SOURCE.finditer(text):
            if match.group(1) not in sources:
                report.error(at(match.start()), f"unknown source '{match.group(1)}': add it to content/sources.yaml")
        for match in HIDDEN_SOURCE.finditer(text):
            report.error(at(match.start()), "a source in an HTML comment is hidden from staff and the committee: "
                         "name it with [[source:id]] after the claim")


def check_files(files: list[ContentFile], exclusions: set[str] = frozenset(),
                facts: dict | None = None, sources: dict | None = None) -> Report:
    """Every rule on a set of files (a tree, a draft). `facts` and `sources` are the registries of
    site facts and sources; without them, markers are not checked against a list."""
    report = Report()
    good = []
    for f in files:
        for problem in f.problems:
            report.error(_where(f), problem)
        if not f.problems and _check_placement(f, report):
            good.append(f)
    by_key = {(f.lang, f.rel_path): f for f in good}
    glossary = {lang: {f.slug for f in good if f.lang == lang and f.kind == "glossary"} for lang in LANGS}
    sections = {lang: {(f.reader, f.slug) for f in good if f.lang == lang and f.kind == "info"} for lang in LANGS}
    for f in good:
        _check_fields(f, report)
        if facts is not None and sources is not None:
            _check_markers(f, report, facts, sources)
        _check_pair(f, by_key.get(("en" if f.lang == "nl" else "nl", f.rel_path)), report)
        for label, text in texts_of(f):
            where = _where(f) if label is None else f"{_where(f)} {label}"
            _check_links(where, f.lang, text, report, glossary, sections)
            for placeholder in placeholders(text):
                report.warn(where, f"placeholder: {placeholder}")
        if f.kind in READABILITY_KINDS:
            score = measure(readable_text(f), f.lang, exclusions)
            report.scores.append((f.lang, f.rel_path, score))
            if score.below_target():
                report.warn(_where(f), f"readability below target ({score.describe()})")
    report.errors += truth.missing_sections(good)
    report.errors += truth.contradictions(good)
    report.errors += truth.review_problems(good)
    for kind, target in KIND_CHECKS.items():
        if not any(f.kind == kind for f in good):
            continue
        check = _feature_function(target)
        for problem in check([f for f in good if f.kind == kind]) if check else []:
            report.errors.append(f"{kind}: {problem}")
    return report


def check_tree(content_dir: str | Path) -> tuple[list[ContentFile], Report]:
    """`content check` on content/: every file, orphans included, with readability.yaml's names left out."""
    files = read_tree(content_dir)
    facts, sources, registry_problems = registries(content_dir)
    report = check_files(files, readability_exclusions(content_dir), facts, sources)
    report.errors += registry_problems
    for path in orphan_paths(content_dir):
        report.error(f"content/{path}", "orphan file: content files are Markdown (.md) under content/nl/ "
                     f"or content/en/; beside them only {', '.join(TOP_LEVEL_FILES)}")
    synonyms = Path(content_dir) / "synonyms.yaml"
    if synonyms.exists():
        from companion.chat.synonyms import problems as synonym_problems

        for problem in synonym_problems(synonyms.read_text(encoding="utf-8")):
            report.error("content/synonyms.yaml", problem)
    return files, report
