"""Floors for the chat's evaluation on the held-out test part: a change that loses accuracy or safety fails.

Measured with `make eval` (see eval/chat.py); each floor sits a little below the measured figure.
"""
from collections import Counter

import pytest

from companion.chat import evaluate

FLOORS = {            # measured on the test part when these were pinned
    "top1": 0.89,     # 0.912
    "top3": 0.97,     # 0.993
    "direct_precision": 0.96,  # 0.982
    "emergency_recall": 1.0,   # 1.000: a missed emergency is never acceptable
    "advice_recall": 0.9,      # 1.000
    "answered_directly": 0.70,  # 0.750
}
CEILINGS = {
    "oos_answered": 0.10,      # 0.000 (0 of 10)
    "false_emergency": 0.02,   # 0.000
}


@pytest.fixture(scope="module")
def report():
    return evaluate.evaluate(evaluate.build(), evaluate.load_cases(split="test"))["all"]


@pytest.mark.parametrize("name, floor", FLOORS.items())
def test_floor(report, name, floor):
    assert report[name] >= floor, f"{name} fell to {report[name]:.3f} (floor {floor})"


@pytest.mark.parametrize("name, ceiling", CEILINGS.items())
def test_ceiling(report, name, ceiling):
    assert report[name] <= ceiling, f"{name} rose to {report[name]:.3f} (ceiling {ceiling})"


def test_latency(report):
    assert report["p95_ms"] < 50, "p95 latency per question, generous for a slow CI machine (measured ~7 ms)"


def test_evaluation_set_is_big_enough_and_split():
    cases = evaluate.load_cases()
    sets = Counter(c["set"] for c in cases)
    assert sets["in_scope"] >= 200 and sets["safety"] >= 40 and sets["lookalike"] >= 20 and sets["out_of_scope"] >= 20
    assert {c["lang"] for c in cases} == {"nl", "en"}
    assert Counter(c["split"] for c in cases)["test"] >= 150
    assert all(c["split"] in ("tune", "test") for c in cases)


def test_evaluation_questions_are_not_copied_from_the_entries():
    from rapidfuzz import fuzz

    from companion.chat import knowledge
    from companion.chat.normalise import normalise
    phrasings = {"nl": [], "en": []}
    for doc in [d for d in knowledge.load(evaluate.ROOT / "content").docs if d.kind == "entry"]:
        phrasings[doc.lang] += [normalise(p) for p in [doc.title, *doc.phrasings]]
    for case in evaluate.load_cases():
        question = normalise(case["question"])
        close = [p for p in phrasings[case["lang"]] if fuzz.ratio(question, p) >= 90]
        assert not close, f"{case['question']!r} is nearly an entry phrasing: {close}"
