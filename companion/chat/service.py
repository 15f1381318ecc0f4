"""The chat inside the app: the index of the live content version, and replies as dicts.

Each worker keeps the ChatIndex of the live content version in memory (with its own read
connection); when a new version goes live (its files and its synonym list), the index tables
are rebuilt once and every worker reloads them. With the meaning model (CHAT_MEANING_MODEL), the
vectors of new phrasings are encoded then too, before the index's write transaction, and kept in
the database; `flask init-db` does this ahead, so no family waits for it.
"""
import hashlib
import sqlite3
import threading

from flask import current_app, request, url_for

from companion.content import current_content
from companion.content.render import render
from companion.content.store import synonyms_in_use
from companion.db import get_db, write_transaction

from . import answer, knowledge, meaning, retrieval
from .inbox import Limits, record

_lock = threading.Lock()


class ChatState:
    def __init__(self, key: str, index: retrieval.ChatIndex, know: knowledge.Knowledge, content):
        self.key = key
        self.index = index
        self.knowledge = know
        self.content = content
        self.known_words = set().union(*index.vocab.values()) if index.vocab else set()


def state() -> ChatState:
    content = current_content()
    synonyms_text = synonyms_in_use(content.version.get("synonyms"), current_app.config["CONTENT_DIR"])
    encoder = meaning.load(current_app.config.get("CHAT_MEANING_MODEL"))
    key = ":".join((content.version["hash"], hashlib.sha256(synonyms_text.encode()).hexdigest()[:12],
                    encoder.name if encoder else "words"))
    cache = current_app.extensions.setdefault("companion_chat", {})
    current = cache.get("state")
    if current is not None and current.key == key:
        return current
    with _lock:
        current = cache.get("state")
        if current is not None and current.key == key:
            return current
        synonyms = retrieval.Synonyms.from_text(synonyms_text)
        know = knowledge.from_files(content.files, synonyms)
        db = get_db()
        conn = sqlite3.connect(current_app.config["DATABASE"], check_same_thread=False)
        if encoder is not None:
            try:
                retrieval.store_vectors(conn, encoder, retrieval.meaning_texts(know.docs, know.examples))
            except Exception as exc:  # a model that fails here leaves the chat on words only
                current_app.logger.warning("chat meaning vectors could not be made, using words only: %s", exc)
                encoder = None
        if retrieval.index_version(db.conn) != key:
            with write_transaction(db):
                if retrieval.index_version(db.conn) != key:
                    retrieval.build_index(db.conn, know.docs, synonyms, key, transaction=False,
                                          examples=know.examples)
        old = cache.get("state")
        cache["state"] = ChatState(key, retrieval.ChatIndex(conn, synonyms, encoder), know, content)
        if old is not None:
            old.index.conn.close()
        return cache["state"]


CHILD_LOOKAHEAD = 5   # candidates a child's own entry may come from


def _source(content, lang: str, slug: str | None) -> dict | None:
    """The section an answer follows: a parents' slug, or "reader/slug" for a child's answer."""
    if not slug:
        return None
    reader, _, slug = slug.rpartition("/")
    reader = reader or "parents"
    section = content.section(lang, reader, slug)
    if section is None:
        return None
    if reader == "parents":
        return {"title": section.title, "url": url_for("info.section", lang=lang, slug=slug)}
    return {"title": section.title, "url": url_for("info.reader_section", lang=lang, reader=reader, slug=slug)}


def reply(question: str, lang: str | None, previous_topics=(), reader: str | None = None
          ) -> tuple[dict, answer.Decision]:
    """The API's reply (CONTRACTS.md) plus `answer_html` and `entry`. `reader` (a child's page
    asks with its reader) picks the answer written for that reader where one exists."""
    st = state()
    decision = answer.decide(st.index, question, lang, previous_topics)
    pointer = decision.best.slug if decision.best and decision.kind == "medical_advice" else None
    entry = decision.slug if decision.kind == "answer" else None
    if entry and reader and decision.best is not None:
        # a child's own entry that matches nearly as well as the best one answers the child
        for c in decision.candidates[:CHILD_LOOKAHEAD]:
            if st.knowledge.young.get((decision.lang, c.slug), (None,))[0] == reader \
                    and c.score >= decision.best.score - knowledge.CHILD_MARGIN:
                entry = c.slug
                break
    kind = decision.kind
    if entry and not entry.startswith(answer.SECTION_PREFIX):
        if reader:
            entry = st.knowledge.for_reader(decision.lang, entry, reader)
        else:  # a parent never gets an answer written for a child (honestly none, with suggestions)
            entry = st.knowledge.parents_entry(decision.lang, decision.candidates)
            kind = "answer" if entry else "not_found"
    suggestions = []
    for c in (decision.suggestions if kind == decision.kind else decision.candidates[:4]):
        slug = st.knowledge.for_reader(decision.lang, c.slug, reader)
        if not reader and (decision.lang, slug) in st.knowledge.young:
            continue
        if slug != entry and slug not in suggestions:
            suggestions.append(slug)
    return compose(st, kind, decision.lang, entry, pointer, suggestions, decision.confidence), decision


def compose(st: ChatState, kind: str, lang: str, entry: str | None = None, pointer: str | None = None,
            suggestions: list = (), confidence: str | None = None) -> dict:
    """A reply from what was decided (also used to show the conversation kept in the session)."""
    doc = None
    if kind == "answer" and entry:
        if entry.startswith(answer.SECTION_PREFIX):
            doc = st.knowledge.entry(lang, entry[len(answer.SECTION_PREFIX):], kind="section")
        else:
            doc = st.knowledge.entry(lang, entry)
    if kind == "answer" and doc is None:   # the entry was removed since: say so honestly
        kind = "not_found"
    if doc is not None:
        topics, source = list(doc.topics), _source(st.content, lang, doc.source)
    else:
        doc = st.knowledge.specials.get(lang, {}).get(kind)
        target = st.knowledge.entry(lang, pointer) if pointer else None
        if kind == "medical_advice":
            topics = ["medical_advice", *[t for t in (target.topics if target else []) if t != "medical_advice"]]
            source = _source(st.content, lang, target.source if target else None)
        else:
            topics = ["emergency"] if kind == "emergency" else []
            source = None
    text = doc.answer if doc else ""
    # today's site facts: the chat's state lives per content version, the facts may change in between
    ctx = current_content().link_context(lang, autolink=False)
    offered = [st.knowledge.entry(lang, slug) for slug in suggestions]
    answered = kind == "answer"
    return {
        "kind": kind,
        "lang": lang,
        "answer": answer.plain_text(text, ctx),
        "answer_html": render(text, ctx) if text else "",
        "topics": topics,
        "source": source,
        "suggestions": [{"question": d.title, "topics": list(d.topics), "entry": d.slug} for d in offered if d],
        "confidence": (confidence or "high") if answered else None,
        # the approved question the answer was matched to: the entry's title (its canonical phrasing)
        "matched_question": doc.title if answered else None,
        "entry": entry if answered else None,
    }


def _inbox_bounds() -> dict:
    """Who is asking (only to count their writes, as a keyed hash) and the inbox's limits."""
    return {"client": request.remote_addr, "secret": current_app.config["SECRET_KEY"],
            "limits": Limits.from_config(current_app.config)}


def remember_unanswered(decision: answer.Decision, question: str) -> str | None:
    if decision.kind != "not_found":
        return None
    db = get_db()
    with write_transaction(db):
        return record(db.conn, lang=decision.lang, kind="not_found", question=question,
                      candidates=decision.candidates, known_words=state().known_words, **_inbox_bounds())


def remember_not_helpful(lang: str, question: str, entry: str | None) -> str:
    st = state()
    candidates = st.index.search(question, lang, limit=3)
    db = get_db()
    with write_transaction(db):
        return record(db.conn, lang=lang, kind="not_helpful", question=question, candidates=candidates,
                      entry=entry if entry and st.knowledge.entry(lang, entry) else None,
                      known_words=st.known_words, **_inbox_bounds())
