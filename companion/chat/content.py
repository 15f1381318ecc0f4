"""The chat's own content rules, run by `flask --app app content check`."""
from companion.content.files import ContentFile

from .knowledge import CHILD_READERS, SPECIALS

PARENT_SECTIONS = {
    "introduction", "general-information", "purpose", "background", "who-can-take-part", "what-happens",
    "what-we-ask", "side-effects", "pros-and-cons", "when-it-ends", "after-the-study", "data-and-privacy",
    "costs", "insurance", "family-doctor", "questions", "consent",
}
MIN_PHRASINGS = 3
MAX_EXAMPLE = 300


def example_problems(examples) -> list[str]:
    """A special reply's `examples`: the questions that should get it, compared by meaning."""
    if not isinstance(examples, list) or not all(isinstance(e, str) and e.strip() for e in examples):
        return ["examples must be a list of example questions"]
    if any(len(e) > MAX_EXAMPLE for e in examples):
        return [f"each example must be at most {MAX_EXAMPLE} characters"]
    return []


def _reader_problems(meta: dict, slugs: set) -> list[str]:
    """An entry points to the section it follows: a parents' section, or for an entry written for a
    child (audience 12-15 or under-12) a section of that reader ("12-15/good-and-bad"; that the
    section exists is checked with all files, in companion.content.truth)."""
    source = meta.get("source")
    audience = meta.get("audience")
    if audience in CHILD_READERS:
        problems = []
        reader, _, slug = str(source or "").rpartition("/")
        if reader != audience or not slug:
            problems.append(f"source '{source}' is not an information section for {audience} (write {audience}/<slug>)")
        base = meta.get("answers_for")
        if base is not None and base not in slugs:
            problems.append(f"answers_for '{base}' is not a chat entry")
        return problems
    if "answers_for" in meta:
        return ["only an entry written for a child (audience 12-15 or under-12) has answers_for"]
    if source not in PARENT_SECTIONS:
        return [f"source '{source}' is not an information section for parents"]
    return []


def check_chat(files: list[ContentFile]) -> list[str]:
    problems = []
    slugs = {}
    for f in files:
        slugs.setdefault(f.lang, set()).add(f.slug)
    specials = {}
    for f in files:
        where = f"{f.lang}/{f.rel_path}"
        meta = f.meta
        problems += [f"{where}: {p}" for p in _reader_problems(meta, slugs.get(f.lang, set()))]
        special = meta.get("special")
        if special is not None:
            if special not in SPECIALS:
                problems.append(f"{where}: special must be one of {', '.join(SPECIALS)}")
            specials.setdefault(f.lang, set()).add(special)
            if "examples" in meta:
                problems += [f"{where}: {p}" for p in example_problems(meta["examples"])]
            continue
        if "examples" in meta:
            problems.append(f"{where}: only the emergency, medical-advice and not-found replies have examples")
        phrasings = meta.get("phrasings")
        if not isinstance(phrasings, list) or not all(isinstance(p, str) and p.strip() for p in phrasings):
            problems.append(f"{where}: phrasings must be a list of questions")
        elif len(phrasings) < MIN_PHRASINGS:
            problems.append(f"{where}: needs at least {MIN_PHRASINGS} phrasings, has {len(phrasings)}")
        if not f.body.strip():
            problems.append(f"{where}: the answer (the text below the front matter) is empty")
    for lang in sorted({f.lang for f in files}):
        for special in SPECIALS:
            if special not in specials.get(lang, set()):
                problems.append(f"{lang}/chat: no entry with 'special: {special}' (the approved {special} reply)")
    return problems
