"""The chat: the page /<lang>/chat (works without JavaScript) and POST /api/chat.

Thin views: matching lives in answer.py/retrieval.py, the app glue in service.py.
The conversation is kept in the visitor's session cookie only, never in the database.
"""
from flask import Blueprint, jsonify, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from companion.content.check import TOPICS
from companion.content.files import READERS
from companion.i18n import LANGUAGES
from companion.json_body import read_json_body
from companion.security import csrf

from . import service

bp = Blueprint("chat", __name__)

MAX_QUESTION = 500
MAX_TURNS = 5
MAX_PREVIOUS_TOPICS = 5
KEEP_CHARS = 300  # of each question in the session cookie, which browsers cap at about 4 KB
STARTERS = ("what-is-the-study", "side-effects", "voluntary", "withdraw", "how-long", "costs")


def _turns_key(lang: str) -> str:
    return f"chat_{lang}"


def _validate(question) -> str | None:
    """An error sentence for a bad question, or None."""
    if not isinstance(question, str) or not question.strip():
        return _("Type a question.")
    if len(question) > MAX_QUESTION:
        return _("Make your question shorter: at most %(n)s characters.", n=MAX_QUESTION)
    return None


def _kept(question: str) -> str:
    question = " ".join(question.split())
    return question if len(question) <= KEEP_CHARS else question[:KEEP_CHARS - 1] + "…"


def _reader(value) -> str | None:
    """The reader a child's page sends (?reader=12-15), or None for anything else."""
    return value if value in READERS and value != "parents" else None


def _page(lang: str, error: str | None = None, question: str = "", status: int = 200):
    st = service.state()
    turns = []
    for turn in session.get(_turns_key(lang), []):
        view = service.compose(st, turn["kind"], lang, turn.get("entry"), turn.get("pointer"), turn.get("sugg", []),
                               turn.get("conf"))
        turns.append({"question": turn["q"], "reply": view, "feedback": turn.get("fb")})
    starters = [e for e in (st.knowledge.entry(lang, slug) for slug in STARTERS) if e]
    return render_template("chat/chat.html", turns=turns, starters=starters, error=error, question=question,
                           max_question=MAX_QUESTION, reader=_reader(request.values.get("reader"))), status


@bp.get("/<lang:lang>/chat")
def chat_page(lang):
    return _page(lang)


@bp.post("/<lang:lang>/chat")
def ask(lang):
    question = request.form.get("question", "")
    error = _validate(question)
    if error:
        return _page(lang, error=error, question=question[:MAX_QUESTION], status=400)
    turns = session.get(_turns_key(lang), [])
    previous = turns[-1].get("topics", []) if turns else []  # a follow-up is read in their context
    reader = _reader(request.form.get("reader"))
    reply, decision = service.reply(question.strip(), lang, previous, reader)
    service.remember_unanswered(decision, question)
    turns.append({"q": _kept(question), "kind": reply["kind"], "entry": reply["entry"],
                  "pointer": decision.best.slug if decision.best and reply["kind"] == "medical_advice" else None,
                  "sugg": [s["entry"] for s in reply["suggestions"]], "fb": None, "conf": reply["confidence"],
                  "topics": reply["topics"][:MAX_PREVIOUS_TOPICS] if reply["kind"] == "answer" else []})
    session[_turns_key(lang)] = turns[-MAX_TURNS:]
    return redirect(url_for("chat.chat_page", lang=lang, reader=reader) + "#latest", code=303)


@bp.post("/<lang:lang>/chat/feedback")
def feedback(lang):
    helpful = request.form.get("helpful")
    question = request.form.get("question", "")
    entry = request.form.get("entry") or None
    wants_json = request.accept_mimetypes.best == "application/json"
    if helpful not in ("yes", "no") or _validate(question):
        if wants_json:
            return jsonify(error=_("Choose yes or no.")), 400
        return _page(lang, error=_("Choose yes or no."), status=400)
    if helpful == "no":
        service.remember_not_helpful(lang, question.strip(), entry)
    turns = session.get(_turns_key(lang), [])
    for turn in turns:
        if turn["q"] == _kept(question) and turn.get("entry") == entry:
            turn["fb"] = helpful
    session[_turns_key(lang)] = turns
    if wants_json:
        return jsonify(ok=True, message=_("Thank you for telling us."))
    return redirect(url_for("chat.chat_page", lang=lang) + "#latest", code=303)


@bp.post("/<lang:lang>/chat/clear")
def clear(lang):
    session.pop(_turns_key(lang), None)
    return redirect(url_for("chat.chat_page", lang=lang), code=303)


def _bad(message: str):
    return jsonify(error=message), 400


@bp.post("/api/chat")
@csrf.exempt
def api_chat():
    data = read_json_body(require_content_type=True)
    if not isinstance(data, dict):
        return _bad("Send a JSON object with a question, for example {\"question\": \"...\", \"lang\": \"en\"}.")
    question = data.get("question")
    if question is None:
        return _bad("The question is missing.")
    if not isinstance(question, str):
        return _bad("The question must be text.")
    if not question.strip():
        return _bad("The question is empty.")
    if len(question) > MAX_QUESTION:
        return _bad(f"The question is too long: at most {MAX_QUESTION} characters.")
    lang = data.get("lang")
    if lang is not None and (not isinstance(lang, str) or lang not in LANGUAGES):
        return _bad("The language must be \"nl\" or \"en\".")
    previous = data.get("previous_topics")
    if previous is not None:
        if not isinstance(previous, list) or not all(isinstance(t, str) for t in previous):
            return _bad("previous_topics must be a list of topic names.")
        if len(previous) > MAX_PREVIOUS_TOPICS:
            return _bad(f"previous_topics may hold at most {MAX_PREVIOUS_TOPICS} topics.")
        unknown = [t for t in previous if t not in TOPICS]
        if unknown:
            return _bad("Unknown topic in previous_topics: " + unknown[0][:40] + ".")
    reader = data.get("reader")
    if reader is not None and (not isinstance(reader, str) or reader not in READERS):
        return _bad("The reader must be one of " + ", ".join(f'"{r}"' for r in READERS) + ".")
    reply, decision = service.reply(question.strip(), lang, previous or (), _reader(reader))
    service.remember_unanswered(decision, question)
    return jsonify(reply)
