"""Finding the approved answer that fits a question. Matching only: nothing is generated.

Signals, all computed in the question's language:
- stemmed full-text search: an FTS5 index over Snowball stems (phrasings, title, answer),
  ranked with bm25 and the phrasings weighted above the answer text;
- coverage: how much of the question (words weighted by rarity) the entry's phrasings
  cover, and how fully the question matches one phrasing;
- typo tolerance: misspelt words are corrected to the nearest word of the approved texts
  (Damerau–Levenshtein, RapidFuzz), Dutch compounds are split into known words, and an
  FTS5 trigram index finds words inside longer words;
- synonyms from content/synonyms.yaml (Kineret = anakinra, infuus = drip = IV, …);
- meaning, when a sentence model is loaded (meaning.py): the cosine between the question's vector
  and the vectors of an entry's phrasings (mean of the two best), mixed in at MEANING_SHARE.
User text reaches FTS5 only as double-quoted strings (see `fts_query`).
"""
import contextlib
import json
import logging
import math
import re
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import Stemmer
import yaml
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from companion.content.markers import SITE, strip_sources

from . import meaning as meaning_model
from .language import STOPWORDS
from .normalise import normalise

log = logging.getLogger(__name__)

STEMMERS = {"nl": "dutch", "en": "english"}
# Function words for language detection, but they carry meaning here: "who can not take part" is
# another question than "who can take part".
NEGATIONS = {"niet", "geen", "nooit", "not", "no", "never", "cannot"}
# "7 jaar", "aged 14", "my son is 16": an age in years becomes the name of its consent age band,
# so it meets the bands' synonym groups (ageunder12, age12to15, age16to17) in content/synonyms.yaml.
_AGE = re.compile(r"\b(\d{1,2}) ?(?:jaar|jarige|jr|year|years|yr|yrs|yo)\b"
                  r"|\b(?:is|turns|turned|wordt|werd|aged|age|leeftijd|van) (\d{1,2})\b(?! (?:kg|kilo|kilos|mg|maanden|months|dagen|days|weken|weeks))")


NEGATION_MISMATCH = 0.85  # the fuzzy signals of a phrasing that negates where the question does not


def _negated(norm: str) -> bool:
    return not NEGATIONS.isdisjoint(norm.split())


def _age_band(match: re.Match) -> str:
    years = int(match.group(1) or match.group(2))
    if years >= 18:
        return match.group(0)
    band = "ageunder12" if years < 12 else "age12to15" if years < 16 else "age16to17"
    prefix = match.group(0)[:match.start(2) - match.start(0)] if match.group(2) else ""
    return prefix + band
WEIGHTS = {"cos": 0.22, "cov_q": 0.05, "cov_a": 0.04, "bm25": 0.12, "fuzzy": 0.30, "tri": 0.11, "fz_words": 0.16}
# bm25 column weights: phrasings, title, answer
BM25_WEIGHTS = (6.0, 4.0, 1.0)
# With a sentence model: score = (1 - MEANING_SHARE) * words + MEANING_SHARE * meaning, where
# meaning is the mean cosine of the entry's MEANING_BEST best phrasings. Set on the tuning part.
MEANING_SHARE = 0.3
MEANING_BEST = 2

DDL = [
    """CREATE TABLE IF NOT EXISTS chat_docs (
        id INTEGER PRIMARY KEY, lang TEXT NOT NULL, slug TEXT NOT NULL, kind TEXT NOT NULL,
        title TEXT NOT NULL, topics TEXT NOT NULL, source TEXT, answer TEXT NOT NULL,
        phrasings TEXT NOT NULL, analysed TEXT NOT NULL, UNIQUE (lang, kind, slug))""",
    "CREATE VIRTUAL TABLE IF NOT EXISTS chat_fts USING fts5(phr, title, body, lang UNINDEXED, tokenize='unicode61')",
    "CREATE VIRTUAL TABLE IF NOT EXISTS chat_tri USING fts5(text, lang UNINDEXED, tokenize='trigram')",
    "CREATE TABLE IF NOT EXISTS chat_index_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    # sentence vectors by (model, text): kept across content versions, so a new version only
    # encodes the phrasings that changed
    "CREATE TABLE IF NOT EXISTS chat_vectors (key TEXT PRIMARY KEY, vector BLOB NOT NULL)",
]


def create_tables(conn: sqlite3.Connection) -> None:
    for statement in DDL:
        conn.execute(statement)


@dataclass
class Doc:
    """One approved answer (kind `entry`) or an information section (kind `section`)."""

    lang: str
    slug: str
    title: str
    answer: str
    topics: list
    source: str | None = None
    phrasings: list = field(default_factory=list)
    kind: str = "entry"


@dataclass
class Candidate:
    slug: str
    kind: str
    title: str
    score: float
    signals: dict
    topics: list = field(default_factory=list)
    matched: str = ""       # the approved phrasing closest to the question


# ---------------------------------------------------------------- synonyms


class Synonyms:
    """Groups of words and phrases that mean the same; each is replaced by its group name."""

    def __init__(self, groups: dict[str, list[str]]):
        self.groups = {}
        variants = {}
        for name, terms in (groups or {}).items():
            canonical = normalise(str(name)).replace(" ", "_")
            if not canonical:
                continue
            self.groups[canonical] = [normalise(str(t)) for t in terms or [] if normalise(str(t))]
            for term in self.groups[canonical]:
                variants.setdefault(term, canonical)
        self.canonical = set(self.groups)
        self._variant_of = variants
        ordered = sorted(variants, key=lambda v: (-len(v), v))
        self._pattern = re.compile(r"\b(" + "|".join(re.escape(v) for v in ordered) + r")\b") if ordered else None

    @classmethod
    def from_text(cls, text: str | None) -> "Synonyms":
        """The list from the text of a synonyms.yaml (check it first with chat.synonyms.problems)."""
        try:
            data = yaml.safe_load(text or "") or {}
        except yaml.YAMLError:
            data = {}
        groups = data.get("groups", data) if isinstance(data, dict) else {}
        return cls(groups if isinstance(groups, dict) else {})

    @classmethod
    def load(cls, path: str | Path) -> "Synonyms":
        path = Path(path)
        return cls.from_text(path.read_text(encoding="utf-8") if path.exists() else "")

    def words(self) -> set[str]:
        return {w for terms in self.groups.values() for term in terms for w in term.split()}

    def apply(self, norm: str) -> str:
        if not self._pattern:
            return norm
        return self._pattern.sub(lambda m: self._variant_of[m.group(1)], norm)


# ---------------------------------------------------------------- analysis


class Analyzer:
    """Turns text of one language into stems: normalise, correct typos, synonyms, split compounds, stem."""

    def __init__(self, lang: str, synonyms: Synonyms, vocab: set[str] | None = None):
        self.lang = lang
        self.synonyms = synonyms
        self.stopwords = STOPWORDS[lang] - NEGATIONS
        self.stemmer = Stemmer.Stemmer(STEMMERS[lang])
        self.vocab = set(vocab or ()) | synonyms.words() | synonyms.canonical
        self._vocab_list = sorted(w for w in self.vocab if len(w) >= 3 and w.isalpha())
        self._corrections = {}

    def correct(self, token: str) -> str:
        """The nearest known word for an unknown one (1 edit up to 7 letters, 2 from 8)."""
        if token in self.vocab or len(token) < 4 or not token.isalpha() or token in self.stopwords:
            return token
        if token not in self._corrections:
            limit = 1 if len(token) <= 7 else 2
            best = process.extractOne(token, self._vocab_list, scorer=OSA.distance, score_cutoff=limit)
            self._corrections[token] = best[0] if best else token
        return self._corrections[token]

    def split_compound(self, token: str) -> list[str]:
        """`leverwaarden` → [lever, waarden] when both parts are known words (Dutch linking s/e allowed)."""
        if len(token) < 7 or not token.isalpha():
            return []
        for i in range(len(token) - 3, 2, -1):
            head, tail = token[:i], token[i:]
            if tail in self.vocab and len(tail) >= 3:
                for h in (head, head[:-1] if head.endswith(("s", "e")) else None):
                    if h and len(h) >= 3 and h in self.vocab and h not in self.stopwords:
                        return [h, tail]
        return []

    def words(self, text: str, correct: bool = True) -> list[str]:
        """Content words after typo correction and synonyms (stop words dropped)."""
        tokens = _AGE.sub(_age_band, normalise(text)).split()
        if correct:
            tokens = [self.correct(t) for t in tokens]
        joined = self.synonyms.apply(" ".join(tokens))
        return [t for t in joined.split() if t not in self.stopwords or t in self.synonyms.canonical]

    def stems(self, text: str, correct: bool = True) -> list[str]:
        result = []
        for word in self.words(text, correct):
            parts = [] if word in self.synonyms.canonical else self.split_compound(word)
            for w in [word, *parts]:
                result.append(w if w in self.synonyms.canonical else self.stemmer.stemWord(w))
        return result


def fts_query(terms: list[str]) -> str | None:
    """An FTS5 query that ORs the terms, each one a quoted string: no user text is ever syntax."""
    quoted = ['"' + t.replace('"', '""') + '"' for t in dict.fromkeys(terms) if t]
    return " OR ".join(quoted) if quoted else None


# ---------------------------------------------------------------- index


def answer_words(text: str) -> str:
    """An answer's own words: site facts and source markers are not words a parent types."""
    return SITE.sub(" ", strip_sources(text))


def build_index(conn: sqlite3.Connection, docs: list[Doc], synonyms: Synonyms, version: str = "",
                transaction: bool = True, examples: dict | None = None) -> None:
    """Replace the chat index in the database with one built from `docs`, in one transaction
    (its own, or the caller's when `transaction` is False). `examples` ({kind: [text, …]}) are
    the safety and scope example sentences that the meaning signal compares questions with."""
    create_tables(conn)
    vocab = {lang: set() for lang in STEMMERS}
    for doc in docs:
        text = " ".join([doc.title, answer_words(doc.answer), *doc.phrasings])
        vocab[doc.lang].update(normalise(synonyms.apply(normalise(text))).split())
        vocab[doc.lang].update(normalise(text).split())
    analyzers = {lang: Analyzer(lang, synonyms, vocab[lang]) for lang in STEMMERS}
    with (conn if transaction else contextlib.nullcontext()):
        for table in ("chat_docs", "chat_fts", "chat_tri"):
            conn.execute(f"DELETE FROM {table}")
        for doc in docs:
            an = analyzers[doc.lang]
            phr_stems = [an.stems(p, correct=False) for p in [doc.title, *doc.phrasings]]
            analysed = {
                "phrasings": phr_stems,
                "answer": an.stems(answer_words(doc.answer), correct=False),
                "words": [" ".join(an.words(p, correct=False)) for p in [doc.title, *doc.phrasings]],
                "full": [synonyms.apply(normalise(p)) for p in [doc.title, *doc.phrasings]],
            }
            cur = conn.execute(
                "INSERT INTO chat_docs (lang, slug, kind, title, topics, source, answer, phrasings, analysed)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (doc.lang, doc.slug, doc.kind, doc.title, json.dumps(doc.topics), doc.source, doc.answer,
                 json.dumps(doc.phrasings, ensure_ascii=False), json.dumps(analysed)))
            rowid = cur.lastrowid
            conn.execute("INSERT INTO chat_fts (rowid, phr, title, body, lang) VALUES (?, ?, ?, ?, ?)",
                         (rowid, " ".join(s for p in phr_stems[1:] for s in p), " ".join(phr_stems[0]),
                          " ".join(analysed["answer"]), doc.lang))
            conn.execute("INSERT INTO chat_tri (rowid, text, lang) VALUES (?, ?, ?)",
                         (rowid, " ".join(analysed["words"]), doc.lang))
        conn.execute("INSERT OR REPLACE INTO chat_index_meta VALUES ('version', ?)", (version,))
        conn.execute("INSERT OR REPLACE INTO chat_index_meta VALUES ('vocab', ?)",
                     (json.dumps({k: sorted(v) for k, v in vocab.items()}),))
        conn.execute("INSERT OR REPLACE INTO chat_index_meta VALUES ('examples', ?)",
                     (json.dumps(examples or {}, ensure_ascii=False),))


def meaning_texts(docs: list[Doc], examples: dict | None = None) -> list[str]:
    """Every text whose vector the index needs: entries' titles and phrasings, and the examples."""
    texts = [t for doc in docs if doc.kind == "entry" for t in [doc.title, *doc.phrasings]]
    return texts + [t for sentences in (examples or {}).values() for t in sentences]


def store_vectors(conn: sqlite3.Connection, encoder, texts: list[str], batch: int = 64) -> int:
    """Encode the texts that have no stored vector yet (each batch in its own short transaction,
    so that no write lock is held while the model works). Returns how many were encoded."""
    create_tables(conn)
    keys = {meaning_model.text_key(encoder, t): t for t in texts}
    have = set()
    key_list = list(keys)
    for i in range(0, len(key_list), 500):
        chunk = key_list[i:i + 500]
        have.update(r[0] for r in conn.execute(
            f"SELECT key FROM chat_vectors WHERE key IN ({','.join('?' * len(chunk))})", chunk))
    missing = [k for k in key_list if k not in have]
    for i in range(0, len(missing), batch):
        chunk = missing[i:i + batch]
        vectors = encoder.encode([keys[k] for k in chunk])
        with conn:
            conn.executemany("INSERT OR REPLACE INTO chat_vectors (key, vector) VALUES (?, ?)",
                             [(k, meaning_model.to_blob(v)) for k, v in zip(chunk, vectors)])
    return len(missing)


def index_version(conn: sqlite3.Connection) -> str | None:
    try:
        row = conn.execute("SELECT value FROM chat_index_meta WHERE key = 'version'").fetchone()
    except sqlite3.OperationalError:
        return None
    return row[0] if row else None


@dataclass
class _Loaded:
    id: int
    slug: str
    kind: str
    title: str
    topics: list
    source: str | None
    phr_sets: list
    phr_words: list
    phr_full: list
    answer_set: set
    all_phr: set
    phr_norms: list = field(default_factory=list)


class ChatIndex:
    """The index of one content version, read from the database once and kept in memory."""

    def __init__(self, conn: sqlite3.Connection, synonyms: Synonyms, encoder=None):
        self.conn = conn
        self.version = index_version(conn)
        vocab = json.loads(conn.execute("SELECT value FROM chat_index_meta WHERE key = 'vocab'").fetchone()[0])
        self.vocab = {lang: set(words) for lang, words in vocab.items()}
        self.analyzers = {lang: Analyzer(lang, synonyms, self.vocab.get(lang, set())) for lang in STEMMERS}
        self.docs = {lang: [] for lang in STEMMERS}
        self.by_id = {}
        for row in conn.execute("SELECT id, lang, slug, kind, title, topics, source, analysed FROM chat_docs ORDER BY id"):
            analysed = json.loads(row[7])
            phr_sets = [set(p) for p in analysed["phrasings"]]
            doc = _Loaded(row[0], row[2], row[3], row[4], json.loads(row[5]), row[6], phr_sets,
                          analysed["words"], analysed["full"], set(analysed["answer"]), set().union(*phr_sets))
            self.docs[row[1]].append(doc)
            self.by_id[row[0]] = doc
        # every phrasing of a language in one flat list, so RapidFuzz scores them all in one call
        self.flat = {}
        self.negated = {}  # (lang, kind) -> whether each phrasing of `flat` holds a negation
        for lang, docs in self.docs.items():
            for kind in {doc.kind for doc in docs}:
                owners, full, words = [], [], []
                for position, doc in enumerate(docs):
                    if doc.kind == kind:
                        for f, w in zip(doc.phr_full, doc.phr_words):
                            owners.append(position)
                            full.append(f)
                            words.append(w)
                self.flat[(lang, kind)] = (owners, full, words)
                self.negated[(lang, kind)] = [_negated(f) for f in full]
        self.df = {}
        self.postings = {}
        for lang, docs in self.docs.items():
            counts = {}
            for doc in docs:
                for stem in doc.all_phr | doc.answer_set:
                    counts[stem] = counts.get(stem, 0) + 1
            self.df[lang] = counts
            for doc in docs:
                doc.phr_norms = [math.sqrt(sum(self.weight(lang, s) ** 2 for s in p)) for p in doc.phr_sets]
            # stem -> the (entry position, phrasing index) pairs that hold it: the cosine of a question
            # is then summed over the phrasings it shares a stem with, not over every phrasing
            postings = {}
            for position, doc in enumerate(docs):
                for i, phrasing in enumerate(doc.phr_sets):
                    for stem in phrasing:
                        postings.setdefault(stem, []).append((position, i))
            self.postings[lang] = postings
        self.phrasings = {row[0]: [row[1], *json.loads(row[2])] for row in conn.execute(
            "SELECT id, title, phrasings FROM chat_docs")}
        row = conn.execute("SELECT value FROM chat_index_meta WHERE key = 'examples'").fetchone()
        self.examples = json.loads(row[0]) if row else {}
        self.encoder = None
        self.vectors = {}          # (lang, kind) -> (owners, matrix): one row per title or phrasing
        self.example_vectors = {}  # example kind -> matrix
        if encoder is not None:
            self._load_vectors(encoder)

    def _load_vectors(self, encoder) -> None:
        """The stored vectors of every phrasing and example; without all of them, words only."""
        def matrix(texts):
            keys = [meaning_model.text_key(encoder, t) for t in texts]
            found = {}
            for i in range(0, len(keys), 500):
                chunk = keys[i:i + 500]
                found.update(self.conn.execute(
                    f"SELECT key, vector FROM chat_vectors WHERE key IN ({','.join('?' * len(chunk))})", chunk))
            if len(found) < len(set(keys)):
                return None
            return np.vstack([meaning_model.from_blob(found[k]) for k in keys]) if keys else None

        try:
            for lang, docs in self.docs.items():
                owners, texts = [], []
                for position, doc in enumerate(docs):
                    if doc.kind == "entry":
                        for text in self.phrasings[doc.id]:
                            owners.append(position)
                            texts.append(text)
                m = matrix(texts)
                if texts and m is None:
                    raise LookupError(f"{lang}: vectors missing for the phrasings")
                if m is not None:
                    rows = {}
                    for row, position in enumerate(owners):
                        rows.setdefault(position, []).append(row)
                    # one row per entry, its phrasings' rows padded with -1: all entries at once in _meaning
                    positions = sorted(rows)
                    width = max(len(r) for r in rows.values())
                    padded = np.full((len(positions), width), -1, dtype=np.int64)
                    for i, position in enumerate(positions):
                        padded[i, :len(rows[position])] = rows[position]
                    self.vectors[(lang, "entry")] = (m, positions, padded)
            for kind, sentences in self.examples.items():
                m = matrix(sentences)
                if sentences and m is None:
                    raise LookupError(f"vectors missing for the {kind} examples")
                if m is not None:
                    self.example_vectors[kind] = m
        except (LookupError, ValueError) as exc:
            log.warning("chat meaning vectors not usable, using words only: %s", exc)
            self.vectors, self.example_vectors = {}, {}
            return
        self.encoder = encoder

    def encode(self, texts: list[str]):
        """Vectors of the question's texts, or None without a model (or when it fails)."""
        if self.encoder is None or not texts:
            return None
        try:
            return self.encoder.encode(texts)
        except Exception as exc:  # a model that fails at run time must not take the chat down
            log.warning("chat meaning model failed, using words only: %s", exc)
            return None

    def known_share(self, question: str, lang: str) -> float:
        """The share of the question's content words (after typo correction) that the approved texts
        use: a question about the weather or parking has few of them."""
        an = self.analyzers[lang]
        words = [w for w in an.words(question) if not w.isdigit()]
        if not words:
            return 0.0
        return sum(w in an.vocab for w in words) / len(words)

    def example_similarity(self, qvec, kind: str) -> float:
        """The highest cosine between the question and the `kind` examples (0 without them)."""
        m = self.example_vectors.get(kind)
        if qvec is None or m is None:
            return 0.0
        return float(np.max(m @ qvec))

    def phrasing_similarity(self, qvec, lang: str) -> float:
        """The highest cosine between the question and any approved phrasing of the language."""
        entry = self.vectors.get((lang, "entry"))
        if qvec is None or entry is None:
            return 0.0
        return float(np.max(entry[0] @ qvec))

    def weight(self, lang: str, stem: str) -> float:
        """Rarer words weigh more; a word no approved text uses weighs most (the question is off-topic)."""
        n = max(len(self.docs[lang]), 1)
        df = self.df[lang].get(stem, 0)
        return math.log(1 + (n + 1) / (df + 0.5))

    def _bm25(self, lang: str, stems: list[str]) -> dict[int, float]:
        query = fts_query(stems)
        if not query:
            return {}
        rows = self.conn.execute(
            "SELECT rowid, -bm25(chat_fts, ?, ?, ?, 0) FROM chat_fts WHERE chat_fts MATCH ? AND lang = ?",
            (*BM25_WEIGHTS, query, lang)).fetchall()
        return dict(rows)

    def _trigram(self, lang: str, words: list[str]) -> dict[int, float]:
        query = fts_query([w for w in words if len(w) >= 4])
        if not query:
            return {}
        rows = self.conn.execute(
            "SELECT rowid, -bm25(chat_tri) FROM chat_tri WHERE chat_tri MATCH ? AND lang = ?", (query, lang)).fetchall()
        return dict(rows)

    def search(self, question: str, lang: str, limit: int = 5, kind: str = "entry", qvec=None) -> list[Candidate]:
        """Entries (or, with kind="section", parts of the information sections) best first.

        `qvec` is the question's vector (see `encode`); without it, or for sections, words only."""
        an = self.analyzers[lang]
        words = an.words(question)
        stems = an.stems(question)
        qset = set(stems)
        if not qset:
            return []
        weights = {s: self.weight(lang, s) for s in qset}
        total = sum(weights.values())
        # FTS ranks entries and section parts together; each kind is scaled by its own best
        bm25 = {i: v for i, v in self._bm25(lang, list(qset)).items() if self.by_id[i].kind == kind}
        tri = {i: v for i, v in self._trigram(lang, words).items() if self.by_id[i].kind == kind}
        bm25_max = max(bm25.values(), default=0) or 1.0
        tri_max = max(tri.values(), default=0) or 1.0
        qwords = " ".join(words)
        qnorm = math.sqrt(sum(w * w for w in weights.values()))
        qfull = self.analyzers[lang].synonyms.apply(" ".join(an.correct(t) for t in normalise(question).split()))
        owners, full, flat_words = self.flat.get((lang, kind), ([], [], []))
        fuzzy = [0.0] * len(self.docs[lang])
        fz_words = [0.0] * len(self.docs[lang])
        # scores under 40 hardly move a candidate's total: RapidFuzz leaves them out. A phrasing that
        # negates where the question does not ("wie kan niet meedoen" for "wie kan meedoen"), or the
        # other way round, counts for less: token_set_ratio alone would call it a full match.
        negated = _negated(qfull)
        flags = self.negated.get((lang, kind), ())
        for _, score, i in process.extract(qfull, full, scorer=fuzz.token_set_ratio, limit=None, score_cutoff=40):
            score *= 1.0 if flags[i] == negated else NEGATION_MISMATCH
            if score > fuzzy[owners[i]] * 100:
                fuzzy[owners[i]] = score / 100
        for _, score, i in process.extract(qwords, flat_words, scorer=fuzz.token_sort_ratio, limit=None,
                                           score_cutoff=40):
            score *= 1.0 if flags[i] == negated else NEGATION_MISMATCH
            if score > fz_words[owners[i]] * 100:
                fz_words[owners[i]] = score / 100
        sims = self._meaning(lang, kind, qvec)
        shared = {}  # (entry position, phrasing index) -> sum of the squared weights of the shared stems
        postings = self.postings[lang]
        for stem in qset:
            w2 = weights[stem] ** 2
            for pair in postings.get(stem, ()):
                shared[pair] = shared.get(pair, 0.0) + w2
        cosines = {}
        docs = self.docs[lang]
        for (position, i), dot in shared.items():
            value = dot / (qnorm * docs[position].phr_norms[i])
            if value > cosines.get(position, 0.0):
                cosines[position] = value
        results = []
        for position, doc in enumerate(docs):
            if doc.kind != kind:
                continue
            signals = {
                "cos": cosines.get(position, 0.0),
                "cov_q": sum(weights[s] for s in qset & doc.all_phr) / total,
                "cov_a": sum(weights[s] for s in qset & doc.answer_set) / total,
                "bm25": bm25.get(doc.id, 0.0) / bm25_max,
                "fuzzy": fuzzy[position],
                "fz_words": fz_words[position],
                "tri": tri.get(doc.id, 0.0) / tri_max,
            }
            score = sum(WEIGHTS.get(k, 0.0) * v for k, v in signals.items())
            matched = doc.title
            if sims is not None:
                own = sims.get(position)
                if own is not None:
                    floor = self.encoder.cosine_floor  # so the signal spreads as widely as the word signals
                    signals["meaning"] = max(0.0, (own[0] - floor) / (1 - floor))
                    score = (1 - MEANING_SHARE) * score + MEANING_SHARE * signals["meaning"]
                    matched = self.phrasings[doc.id][own[1]]
            results.append(Candidate(doc.slug, doc.kind, doc.title, round(score, 4), signals,
                                     list(doc.topics), matched))
        results.sort(key=lambda c: (-c.score, c.kind, c.slug))
        return results[:limit]

    def _meaning(self, lang: str, kind: str, qvec) -> dict | None:
        """{doc position: (mean cosine of its MEANING_BEST best phrasings, index of the best)}."""
        entry = self.vectors.get((lang, kind))
        if qvec is None or entry is None:
            return None
        m, positions, padded = entry
        cos = np.where(padded >= 0, (m @ qvec)[padded], -np.inf)
        best = MEANING_BEST if cos.shape[1] >= MEANING_BEST else cos.shape[1]
        top = -np.partition(-cos, best - 1, axis=1)[:, :best]
        means = np.where(np.isfinite(top), top, np.nan)
        means = np.nanmean(means, axis=1)
        matched = np.argmax(cos, axis=1)
        return {position: (float(means[i]), int(matched[i])) for i, position in enumerate(positions)}
