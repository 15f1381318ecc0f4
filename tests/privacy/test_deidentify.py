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
    """eval/deid.py prints the full figures. Floors just under the level reached (in the comments;
    each set up to the fifth was scored once unseen and then its misses were read; the sixth only
    measures: see eval/deid/README.md), and at least 96% of ordinary words kept on every set."""
    sys.path.insert(0, str(ROOT / "eval"))
    import deid

    # 99.5%, 100%, 100%, 99.1%, 99.0% after their misses were read; the sixth, never tuned on, 98.1%
    floors = {"tuning": 0.99, "held-out": 0.99, "third": 0.99, "fourth": 0.98, "fifth": 0.98, "sixth": 0.97}
    scrub = deid.ours()
    results = {name: deid.evaluate(scrub, deid.load(path)) for name, path in deid.SETS.items()}
    assert set(results) == set(floors)
    low = {name: round(results[name]["recall"], 3) for name, floor in floors.items() if results[name]["recall"] < floor}
    assert not low, low
    assert all(result["ordinary_kept"] >= 0.96 for result in results.values()), results


# --- mechanisms added after the third set's first scoring; every example here is our own ------------

@pytest.mark.parametrize("lang, text, gone, kept", [
    # a given name that is also an ordinary word, where the context says it is a name
    ("en", "Robin here, I rang yesterday about the consent form.", ["Robin"], ["rang", "consent"]),
    ("en", "sorry for the late reply, im on the ward with willow all afternoon", ["willow"], ["ward", "afternoon"]),
    ("en", "hiya its kai, can i bring my laptop to the ward", ["kai"], ["laptop"]),
    ("en", "my buddy sage said the drip hurts a lot", ["sage"], ["said", "drip"]),
    ("en", "grandpa robin will pick us up after the scan", ["robin"], ["pick", "scan"]),
    ("nl", "Robin wil weten hoe lang het infuus duurt.", ["Robin"], ["infuus"]),
    ("en", "Can has had a fever since Monday.", ["Can"], ["fever", "Monday"]),  # an auxiliary before a verb
    # an initial before a surname, also with letters outside ASCII
    ("nl", "Met vriendelijke groet, J. Groen", ["Groen"], ["vriendelijke"]),
    ("nl", "Besproken met mw. Ş. Doğan en dhr. E. Doğan.", ["Doğan", "Ş."], ["Besproken"]),
    # a surname before a comma and a given name, as clinicians write
    ("nl", "Overleg: Brouwer, Jorien (opname 3 dagen).", ["Brouwer", "Jorien"], ["Overleg", "opname"]),
    # the surname after a name that "heet"/"is called" gave, or after a title
    ("nl", "mijn zoon heet timo groen en hij is zes", ["timo", "groen"], ["zes"]),
    ("en", "ok so my doctor dr whitlock said we can go home", ["whitlock"], ["said", "home"]),
    ("en", "my name is amara nwosu and im her mum", ["amara", "nwosu"], ["mum"]),
    # the same word again later in the text, and given names joined by a hyphen
    ("en", "hi it's willow again, willow tolhurst, the mum of the boy in bed 3", ["willow", "tolhurst"], ["mum", "boy"]),
    ("en", "my daugter elodie-skye is only 4, can she have the cream", ["elodie"], ["cream"]),
])
def test_names_found_by_their_context(lang, text, gone, kept):
    result = deidentify(text, lang)
    for part in gone:
        assert part not in result.text, (part, result.text)
    for word in kept:
        assert word in result.text, (word, result.text)
    assert "name" in result.replaced


@pytest.mark.parametrize("lang, text", [
    ("nl", "Anders is het misschien beter om morgen te bellen."),  # an adverb first: the subject follows the verb
    ("nl", "Dan is het goed, dank u wel."),
    ("nl", "Het is anders dan thuis, maar het is prima zo."),
    ("en", "Can he have paracetamol before the scan?"),
    ("en", "With love and thanks to all the staff."),
    ("en", "Thanks again, it's late and she is tired."),
    ("en", "The doctor said it is ok to eat."),
    ("en", "After COVID-19 and H1N1 she now takes 1000mg a day and vitamin B12."),
    ("nl", "Hij is 10-12 kg afgevallen, pijnscore 08/10 en gisteren 10/10, 2-3 keer per dag."),
    ("en", "He had a fever three days in a row, and we walked two streets to get here."),
    ("nl", "We wonen in de buurt van het ziekenhuis, in het centrum."),
    ("en", "We came at twelve, one may wonder why it took so long."),
])
def test_ordinary_words_that_look_like_those_stay(lang, text):
    result = deidentify(text, lang)
    assert result.text == text and not result.changed, result.text


def test_a_name_found_once_goes_again_but_not_after_an_article():
    text = "Onze dochter Robin slaapt slecht, de robin in de tuin maakt robin wakker."
    assert deidentify(text, "nl").text == "Onze dochter [naam] slaapt slecht, de robin in de tuin maakt [naam] wakker."


@pytest.mark.parametrize("lang, text, gone, kind", [
    # hospital and patient numbers that mix letters and digits
    ("nl", "patiëntnummer UMC-8812-3 en ziekenhuisnummer ZX9-554433", ["UMC", "8812", "ZX9", "554433"], "number"),
    ("en", "hosp no QT-55-1902, please quote it", ["QT", "1902"], "number"),
    # dates and numbers read out to voice dictation, and day-month dates
    ("nl", "ze is geboren op negen oktober tweeduizend negentien", ["negen", "oktober", "tweeduizend"], "date"),
    ("nl", "geboortedatum zeven twee tweeduizend twintig graag noteren", ["zeven", "tweeduizend"], "date"),
    ("en", "she was born on nine july twenty nineteen", ["nine", "july", "nineteen"], "date"),
    ("nl", "Gesprek gevoerd op 07-11, vervolg gepland 14-11.", ["07-11", "14-11"], "date"),
    ("en", "her number is 0472/55.17.90 in belgium", ["55.17", "0472"], "phone"),  # not a date: no 55th month
    # addresses: ordinal streets, additions, house numbers in words, flats, towns in lower case
    ("nl", "Adres: Derde Oosterparkstraat 86-III, 1092 AB Delft.", ["Oosterparkstraat", "III", "Delft", "1092"],
     "address"),
    ("nl", "Nieuw adres: Lindelaan 9 2 hoog, Gouda.", ["Lindelaan", "hoog", "Gouda"], "address"),
    ("nl", "wij wonen op de molenweg achttien in tiel, kom gerust langs", ["molenweg", "achttien", "tiel"], "address"),
    ("nl", "ons adres is burgemeester de grootstraat 7 b", ["burgemeester", "grootstraat"], "address"),
    ("en", "we are at flat 12, 8 Willow Road, Exeter EX4 6PX", ["flat 12", "Willow", "Exeter", "EX4"], "address"),
    ("en", "we live at sixty one maple avenue derby d e one three x y", ["sixty", "maple", "derby", "x y"], "address"),
    ("en", "our address is 5 Orchard Lane, bath ba1 2qq", ["Orchard", "bath", "ba1"], "address"),
])
def test_numbers_dates_and_addresses_in_more_forms(lang, text, gone, kind):
    result = deidentify(text, lang)
    for part in gone:
        assert part not in result.text, (part, result.text)
    assert kind in result.replaced, result


def test_a_town_after_in_is_replaced_and_in_stays():
    assert deidentify("wij wonen op de molenweg achttien in tiel", "nl").text == "wij wonen op de [adres] in [adres]"


def test_the_name_lists_come_from_faker_and_are_loaded():
    from companion.privacy import name_lists

    assert name_lists.words("Van der Wessels-Pieters") == {"wessels-pieters", "wessels", "pieters"}
    assert name_lists.words("José María") == {"josé", "maría"}
    for path in (name_lists.GIVEN, name_lists.SURNAMES):
        head = path.read_text(encoding="utf-8")[:200]
        assert head.startswith("# Derived from Faker"), path
    vocab = vocabulary()
    assert "jesper" in vocab.given and "nwosu" in vocab.surnames
    assert vocab.common_name("robin", "nl") and vocab.common_name("robin", "en")
    assert not vocab.common_name("anders", "nl")  # Scandinavian: "het is anders" is no name
    assert "the" not in vocab.given and len(vocab.given) > 15_000 and len(vocab.surnames) > 15_000


# --- after the fourth set's first scoring; every example here is our own ---------------------

@pytest.mark.parametrize("lang, text, gone, kind", [
    ("nl", "bel me op nul zes achtentachtig drieëndertig nul twee zesenveertig", ["drieëndertig", "zesenveertig"], "number"),
    ("nl", "hij is geboren op zeven mei twee duizend negen", ["zeven mei", "duizend negen"], "date"),
    ("en", "she was admitted on the twenty-second of March 2021", ["twenty-second", "March", "2021"], "date"),
    ("nl", "geboren op 7-3-1990 in Deventer", ["7-3-1990"], "date"),
    ("nl", "MIJN DOCHTER FLEUR VERHOEVEN LIGT OP DE IC", ["FLEUR", "VERHOEVEN"], "name"),
])
def test_number_words_years_ordinals_and_capitals(lang, text, gone, kind):
    result = deidentify(text, lang)
    for part in gone:
        assert part not in result.text, (part, result.text)
    assert kind in result.replaced, result


@pytest.mark.parametrize("lang, text", [
    ("nl", "In 1984 en 1985 deed het ziekenhuis al onderzoek"),
    ("nl", "IK WIL WETEN WAT DE BIJWERKINGEN ZIJN VAN ANAKINRA"),
    ("en", "WHAT HAPPENS ON DAY 28 AND WHO DO I CALL"),
    ("en", "She has type-1-2 markers and a score of 3-4-5"),  # two or three digits with letters: no number
])
def test_years_before_short_words_and_questions_in_capitals_stay(lang, text):
    assert deidentify(text, lang).text == text
