"""Question inbox: the chat's unanswered questions and "not helpful" answers, grouped when alike.

The questions come from the chat's store through one function, ``companion.chat.inbox.questions(db)``,
returning dicts with at least ``question`` and ``lang`` (and optionally ``kind``: "not_found" |
"not_helpful", ``entry``, ``candidates``, ``asked_at``). Without it the inbox says it is not available.
Both actions make drafts; nothing reaches families before a second person approves it.
"""
import importlib
import re
import unicodedata
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from companion.content.files import LANGS, parse, serialise
from companion.content.store import live_version
from companion.staff import drafts
from companion.staff.drafts import N_

SIMILAR = 85  # rapidfuzz token_set_ratio at or above which two questions count as alike
MAX_QUESTION = 500


@dataclass
class Group:
    question: str  # the most asked wording
    lang: str
    count: int = 0
    kinds: dict = field(default_factory=dict)
    wordings: list = field(default_factory=list)
    entries: dict = field(default_factory=dict)  # entry shown (not helpful) or best candidate -> count

    @property
    def entry(self) -> str | None:
        """The chat entry most linked to these questions: a starting point for 'add as a phrasing'."""
        return max(self.entries, key=self.entries.get) if self.entries else None


def _source():
    try:
        module = importlib.import_module("companion.chat.inbox")
    except ModuleNotFoundError:
        return None
    return getattr(module, "questions", None)


def available(db) -> bool:
    return _source() is not None


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s]", " ", text)).strip()


def group_questions(rows: list[dict]) -> list[Group]:
    """Greedy grouping: a question joins the first group whose wording is alike; most asked first."""
    groups: list[Group] = []
    keys: list[str] = []
    for row in rows:
        question = str(row.get("question") or "").strip()[:MAX_QUESTION]
        if not question:
            continue
        key = normalise(question)
        lang = row.get("lang") if row.get("lang") in LANGS else "nl"
        for group, group_key in zip(groups, keys):
            if group.lang == lang and fuzz.token_set_ratio(key, group_key) >= SIMILAR:
                break
        else:
            group = Group(question, lang)
            groups.append(group)
            keys.append(key)
        group.count += int(row.get("count") or 1)
        kind = row.get("kind") or "not_found"
        group.kinds[kind] = group.kinds.get(kind, 0) + 1
        if question not in group.wordings:
            group.wordings.append(question)
        candidates = row.get("candidates") or []
        entry = row.get("entry") or (candidates[0].get("slug") if candidates and isinstance(candidates[0], dict) else None)
        if entry:
            group.entries[entry] = group.entries.get(entry, 0) + 1
    return sorted(groups, key=lambda g: (-g.count, g.question.casefold()))


def grouped_questions(db) -> list[Group]:
    source = _source()
    return group_questions(list(source(db))) if source else []


def _clean_question(question: str) -> str:
    question = " ".join(question.split())
    if not question:
        raise drafts.DraftError(N_("The question is empty."))
    if len(question) > MAX_QUESTION:
        raise drafts.DraftError(N_("The question is longer than %(n)s characters."), n=MAX_QUESTION)
    return question


def add_phrasing(db, user_id: int, entry: str, question: str, lang: str | None = None) -> dict:
    """A new draft in which chat entry `entry` (file name, e.g. "withdraw") has `question` as a phrasing.
    The phrasing goes into the language the question was asked in; the pair stays in sync because
    phrasings are questions families ask, not translated text (they change the Dutch or English file
    only, and the other side is then marked outdated until a translator looks)."""
    question = _clean_question(question)
    if not re.fullmatch(r"[a-z0-9][a-z0-9\-]*", entry or ""):
        raise drafts.DraftError(N_("Choose a chat entry."))
    live = live_version(db)
    mapping = drafts.version_mapping(db, live["id"])
    lang = lang if lang in LANGS else ("en" if _looks_english(question) else "nl")
    key = f"{lang}/chat/{entry}.md"
    if key not in mapping:
        raise drafts.DraftError(N_("This chat entry does not exist."))
    meta, body = parse(mapping[key])
    phrasings = [str(p) for p in (meta.get("phrasings") or [])]
    if question.casefold() in (p.casefold() for p in phrasings):
        raise drafts.DraftError(N_("This entry already has that phrasing."))
    meta["phrasings"] = [*phrasings, question]
    draft = drafts.create_draft(db, user_id, source="inbox", label=f"inbox: {entry}")
    drafts.put_files(db, draft["id"], user_id, {key: serialise(meta, body)})
    return draft


def new_entry(db, user_id: int, question: str, lang: str | None = None) -> tuple[dict, str]:
    """A new draft with a new chat entry pair whose first phrasing is `question`; the answer is
    left as a placeholder for the editor to write in both languages."""
    question = _clean_question(question)
    live = live_version(db)
    mapping = drafts.version_mapping(db, live["id"])
    base = re.sub(r"[^a-z0-9]+", "-", normalise(question).encode("ascii", "ignore").decode())[:40].strip("-") or "new"
    slug, n = f"new-{base}", 2
    while f"nl/chat/{slug}.md" in mapping:
        slug, n = f"new-{base}-{n}", n + 1
    lang = lang if lang in LANGS else ("en" if _looks_english(question) else "nl")
    files = {}
    for side in LANGS:
        meta = {"slug": slug, "title": question if side == lang else "", "order": 999, "audience": "parents",
                "topics": [], "phrasings": [question] if side == lang else []}
        body = "[[placeholder: answer approved by the study team]]\n"
        files[f"{side}/chat/{slug}.md"] = serialise(meta, body)
    draft = drafts.create_draft(db, user_id, source="inbox", label=f"inbox: new entry {slug}")
    drafts.put_files(db, draft["id"], user_id, files)
    return draft, f"chat/{slug}.md"


_EN_WORDS = {"the", "is", "what", "how", "can", "my", "will", "does", "do", "when", "why", "are", "who", "a", "of"}
_NL_WORDS = {"de", "het", "een", "wat", "hoe", "kan", "mijn", "wordt", "is", "waarom", "wanneer", "wie", "van", "mag"}


def _looks_english(text: str) -> bool:
    try:
        from companion.chat.language import detect  # the chat's own detector when it has one
        return detect(text) == "en"
    except (ImportError, AttributeError, TypeError):
        words = set(normalise(text).split())
        return len(words & _EN_WORDS) > len(words & _NL_WORDS)
