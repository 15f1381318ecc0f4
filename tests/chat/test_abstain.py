"""The abstain rule and the whole decision on the real content: answer, defer, or say "not found"."""
import pytest

from companion.chat import answer
from companion.chat.evaluate import build
from companion.chat.retrieval import Candidate


@pytest.fixture(scope="module")
def index():
    """The chat index built from content/ in an in-memory SQLite database."""
    return build()


def _c(score):
    return Candidate("x", "entry", "X", score, {})


@pytest.mark.parametrize("scores, expected", [
    ([answer.ANSWER_SURE], True),
    ([answer.ANSWER_SURE, answer.ANSWER_SURE], True),
    ([answer.ANSWER_MIN, answer.ANSWER_MIN - answer.MARGIN], True),
    ([answer.ANSWER_MIN, answer.ANSWER_MIN - answer.MARGIN / 2], False),
    ([answer.ANSWER_MIN - 0.01], False),
    ([0.0], False),
])
def test_confident(scores, expected):
    assert answer.confident([_c(s) for s in scores]) is expected


@pytest.mark.parametrize("question, lang, slug", [
    ("wat zijn de bijwerkingen", "nl", "side-effects"),
    ("what are the side effects", "en", "side-effects"),
    ("is er een placebo", "nl", "placebo"),
    ("kineret wat is dat", "nl", "what-is-anakinra"),
    ("leverwaarden", "nl", "liver"),
    ("who pays for the medicine", "en", "costs"),
])
def test_clear_questions_get_their_answer(index, question, lang, slug):
    decision = answer.decide(index, question, lang)
    assert (decision.kind, decision.slug) == ("answer", slug)


@pytest.mark.parametrize("question, lang", [
    ("what is the weather tomorrow", "en"), ("waar kan ik parkeren", "nl"), ("asdf qwerty", None), ("?", None),
])
def test_out_of_scope_is_not_answered(index, question, lang):
    decision = answer.decide(index, question, lang)
    assert decision.kind == "not_found"
    assert decision.slug == "not-found"
    assert len(decision.suggestions) <= answer.MAX_SUGGESTIONS


def test_typo_still_finds_the_answer(index):
    decision = answer.decide(index, "wat zijn de bijwerkigen van kinerett", "nl")
    assert decision.candidates[0].slug == "side-effects"


def test_language_detected_when_missing(index):
    assert answer.decide(index, "wat zijn de bijwerkingen").lang == "nl"
    assert answer.decide(index, "what are the side effects").lang == "en"


def test_safety_comes_before_matching(index):
    assert answer.decide(index, "my son is not breathing, what are the side effects", "en").kind == "emergency"
    advice = answer.decide(index, "should I let my son take part in the study", "en")
    assert advice.kind == "medical_advice"
    assert advice.slug == "medical-advice"


def test_information_sections_are_the_fallback(index):
    """A question no chat entry covers, but a part of an information section does, is answered from it."""
    from companion.chat import knowledge
    from companion.chat.evaluate import ROOT
    know = knowledge.load(ROOT / "content")
    parts = [d for d in know.docs if d.kind == "section" and d.lang == "en"]
    assert parts and all(d.source and d.topics for d in parts)
    fallback = 0
    for part in parts:
        decision = answer.decide(index, part.title, "en")
        if decision.slug.startswith(answer.SECTION_PREFIX):
            fallback += 1
            assert decision.kind == "answer"
            assert decision.slug == answer.SECTION_PREFIX + part.slug or decision.best.slug.split("/")[0] == part.source
    assert fallback >= 1, "no section heading was answered from its section"
