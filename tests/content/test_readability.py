"""Readability: drug and score names from content/readability.yaml are left out; syllables."""
import pytest

from companion.config import ROOT
from companion.content.check import readability_exclusions
from companion.content.readability import measure, syllables_en, syllables_nl

CONTENT = ROOT / "content"


def test_the_names_list_exists_and_holds_the_drug_score_and_code_names():
    names = {n.lower() for n in readability_exclusions(CONTENT)}
    assert {"anakinra", "kineret", "interleukine", "interleukin", "ferritine", "ferritin", "phoenix",
            "phoenix-8", "alt", "bilirubine", "bilirubin", "vis", "crrt", "ecmo", "hct", "jak", "tnf",
            "metc", "ccmo", "sepsis", "hyperinflammatie", "hyperinflammation"} <= names


def test_names_are_left_out_of_the_count():
    text = ("Uw kind krijgt anakinra. Anakinra remt interleukine. Het team meet ferritine en bilirubine. "
            "De Phoenix-8-score zegt hoe ziek uw kind is. Bij hyperinflammatie werkt het afweersysteem te hard.")
    names = readability_exclusions(CONTENT)
    plain, without = measure(text, "nl"), measure(text, "nl", names)
    assert without.words == plain.words - 7  # "Phoenix-8-score" still counts its "score"
    assert without.score > plain.score


def test_entries_match_regardless_of_case_and_digits():
    assert measure("Kineret en PHOENIX-8.", "nl", {"kineret", "Phoenix-8"}).words == 1


@pytest.mark.parametrize("word, count", [
    ("beademing", 4), ("reactie", 3), ("patiënten", 4), ("situatie", 4),  # vowel groups alone miss these
    ("over", 2), ("ader", 2), ("eten", 2), ("open", 2),  # hyphenation alone misses these
    ("kinderen", 3), ("ziekenhuis", 3), ("behandeling", 4), ("bijwerkingen", 4), ("nieuwe", 2), ("zo", 1),
])
def test_dutch_syllables(word, count):
    assert syllables_nl(word) == count


@pytest.mark.parametrize("word, count", [
    ("medicine", 3), ("study", 2), ("child", 1), ("treatment", 2), ("hospital", 3), ("every", 3),
])
def test_english_syllables(word, count):
    assert syllables_en(word) == count
