"""Every timeline text reads easily: Dutch Flesch–Douma >= 60, English FRE >= 60, FK <= 8."""
from pathlib import Path

import pytest

from companion.timeline.content import read_docs

from .readability import flesch_douma, flesch_english

CONTENT = Path(__file__).resolve().parents[2] / "content"


def texts(lang):
    for d in read_docs(CONTENT, lang):
        yield f"{d.name} body", d.body
        if "summary" in d.meta:
            yield f"{d.name} summary", d.meta["summary"]
        for i, item in enumerate(d.meta.get("every_day", [])):
            yield f"{d.name} every_day[{i}]", item["text"]
        for entry in d.meta.get("days", []):
            for i, item in enumerate(entry.get("items", [])):
                yield f"{d.name} day {entry['day']} [{i}]", item["text"]


@pytest.mark.parametrize("where, text", list(texts("nl")))
def test_dutch_flesch_douma(where, text):
    assert flesch_douma(text) >= 60, (where, text)


@pytest.mark.parametrize("where, text", list(texts("en")))
def test_english_flesch(where, text):
    ease, grade = flesch_english(text)
    assert ease >= 60 and grade <= 8, (where, round(ease), round(grade, 1), text)


def test_the_measure_can_fail():
    hard_nl = ("De farmacokinetische eigenschappen van interleukine-receptorantagonisten "
               "worden geëvalueerd middels gestandaardiseerde laboratoriumbepalingen.")
    hard_en = ("Pharmacokinetic characteristics of interleukin receptor antagonists are "
               "evaluated through standardised laboratory determinations and "
               "multidimensional organ dysfunction quantification.")
    assert flesch_douma(hard_nl) < 60
    ease, grade = flesch_english(hard_en)
    assert ease < 60 and grade > 8
