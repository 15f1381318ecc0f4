"""De-identification of free text (companion.privacy). The sentences here are our own; the
measured sets written by other hands live in eval/deid/ and are scored by eval/deid.py."""
import importlib
import sys
from pathlib import Path

import pytest

from companion.privacy import deidentify
from companion.privacy.deidentify import vocabulary

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("lang, text, gone, kinds", [
    ("nl", "Jesse van den Broek ligt sinds vrijdag op de IC.", ["Jesse", "Broek"], ["name"]),
    ("nl", "mijn dochter fenna heeft hoge koorts", ["fenna"], ["name"]),
    ("nl", "Wij wonen aan de Dorpsstraat 45a, 3701 KL Zeist.", ["Dorpsstraat", "45a", "3701", "Zeist"], ["address"]),
    ("nl", "Bel mij op 06-12345678 of mail p.jansen@gmail.com", ["12345678", "jansen"], ["email", "phone"]),
    ("nl", "Vader (dhr. Bakker) vraagt hoe lang het duurt.", ["Bakker"], ["name"]),
    ("nl", "Geboren op 12-04-2018, BSN 123456782, patiëntnummer 7654321.", ["2018", "123456782", "7654321"],
     ["date", "number", "number"]),
    ("nl", "bel nul zes twaalf vierendertig zesenvijftig tachtig", ["twaalf", "tachtig"], ["number"]),
    ("en", "My son Oliver Thompson was admitted on 14 March 2024.", ["Oliver", "Thompson", "2024"], ["date", "name"]),
    ("en", "hi im rachel, my daughter lily is in the picu", ["rachel", "lily"], ["name", "name"]),
    ("en", "We live at 22 Elm Grove, Leeds LS6 2AB.", ["Elm", "Leeds", "LS6"], ["address"]),
    ("en", "Can I call you on +44 7700 900123 about Harry?", ["7700", "Harry"], ["phone", "name"]),
    ("en", "mail jan dot smith at gmail dot com please", ["smith", "gmail"], ["email"]),
])
def test_identifiers_are_replaced(lang, text, gone, kinds):
    result = deidentify(text, lang)
    for part in gone:
        assert part not in result.text, (part, result.text)
    assert sorted(result.replaced) == sorted(kinds), result
    assert result.changed


@pytest.mark.parametrize("lang, text", [
    ("nl", "Mag ze paracetamol naast de anakinra?"),
    ("nl", "Hoe lang duurt het onderzoek, tot dag 28?"),
    ("nl", "Moeder vraagt of ze 's nachts mag blijven op de IC van het Prinses Máxima Centrum."),
    ("nl", "Krijgt mijn zoon 8 mg/kg, en hoeveel is dat bij 20 kilo?"),
    ("en", "What are the side effects of anakinra for a child of 8?"),
    ("en", "Does my child have to stay until day 28 of the study?"),
    ("en", "I hope the infusion does not hurt."),
])
def test_ordinary_questions_are_left_as_they_are(lang, text):
    result = deidentify(text, lang)
    assert result.text == text and not result.changed


def test_placeholders_speak_the_language_of_the_text():
    assert deidentify("Mijn zoon heet Daan.", "nl").text == "Mijn zoon heet [naam]."
    assert deidentify("My son is called Daan.", "en").text == "My son is called [name]."


def test_without_word_lists_more_is_removed_never_less(monkeypatch, tmp_path):
    module = importlib.import_module("companion.privacy.deidentify")
    text = "Wanneer komt de dokter? Straks misschien."
    assert deidentify(text, "nl").text == text  # with the lists, "Straks" is an ordinary word
    monkeypatch.setattr(module, "WORD_LISTS", {"nl": tmp_path / "missing-nl", "en": tmp_path / "missing-en"})
    vocabulary.cache_clear()
    try:
        assert not vocabulary().complete
        result = deidentify(text, "nl")
        assert "Straks" not in result.text and "dokter" in result.text
    finally:
        vocabulary.cache_clear()


def test_the_word_lists_are_installed():
    """make runtime-deps installs Debian's wdutch and wbritish; without them names go too eagerly."""
    assert vocabulary().complete


def test_the_sets_written_by_other_hands_reach_their_floor():
    """eval/deid.py prints the full figures. Floors: the level reached (tuning 97.9%, held-out
    91.8%); the issue's target of 98% is not reached on the held-out set (see the README there)."""
    sys.path.insert(0, str(ROOT / "eval"))
    import deid

    scrub = deid.ours()
    tuning = deid.evaluate(scrub, deid.load(deid.SETS["tuning"]))
    held_out = deid.evaluate(scrub, deid.load(deid.SETS["held-out"]))
    assert tuning["recall"] >= 0.97 and held_out["recall"] >= 0.91
    assert tuning["ordinary_kept"] >= 0.96 and held_out["ordinary_kept"] >= 0.96
