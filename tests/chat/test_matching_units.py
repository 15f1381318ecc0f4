"""Normalising, language detection, FTS quoting, synonyms, typo tolerance: plain functions, no Flask."""
import sqlite3

import pytest

from companion.chat.language import detect
from companion.chat.normalise import normalise
from companion.chat.retrieval import Analyzer, Doc, Synonyms, build_index, ChatIndex, fts_query


@pytest.mark.parametrize("text, expected", [
    ("Wat zijn de BIJWERKINGEN?!", "wat zijn de bijwerkingen"),
    ("Is het veilig voor mijn kindje… échte vraag", "is het veilig voor mijn kindje echte vraag"),
    ("what's the dose (mg/kg)?", "whats the dose mg kg"),
    ("  baby’s   lever\tfunctie  ", "babys lever functie"),
    ("coördinatie, ziekenhuis-opname", "coordinatie ziekenhuis opname"),
    ("", ""),
    ("¿¡!!", ""),
])
def test_normalise(text, expected):
    assert normalise(text) == expected


@pytest.mark.parametrize("text, lang", [
    ("wat zijn de bijwerkingen", "nl"), ("what are the side effects", "en"),
    ("hoelang duurt het onderzoek", "nl"), ("how long does the study take", "en"),
    ("moet ik iets betalen", "nl"), ("do we have to pay", "en"),
    ("doet het pijn?", "nl"), ("does it hurt?", "en"),
    ("Wie kan ik bellen met vragen", "nl"), ("Who can I call with questions", "en"),
])
def test_detect_language(text, lang):
    assert detect(text) == lang


def test_detect_uses_vocabulary_and_defaults_to_dutch():
    vocab = {"nl": {"leverschade"}, "en": {"liver", "damage"}}
    assert detect("liver damage", vocab=vocab) == "en"
    assert detect("leverschade", vocab=vocab) == "nl"
    assert detect("xyz") == "nl"
    assert detect("xyz", default="en") == "en"


@pytest.mark.parametrize("terms, expected", [
    (["lever"], '"lever"'),
    (["a", "b"], '"a" OR "b"'),
    (['say "hi"'], '"say ""hi"""'),
    (["NEAR(", "AND", "OR", "*"], '"NEAR(" OR "AND" OR "OR" OR "*"'),
    ([], None),
])
def test_fts_query_quotes_every_term(terms, expected):
    assert fts_query(terms) == expected


@pytest.mark.parametrize("hostile", ['"', "*", "NEAR(a b)", "AND OR NOT", "lever*", "a:b", "^x", "(", "' OR 1=1 --"])
def test_hostile_text_never_breaks_fts(hostile):
    conn = sqlite3.connect(":memory:")
    syn = Synonyms({})
    build_index(conn, [Doc("en", "liver", "Liver", "Liver tests.", ["liver"], "side-effects", ["liver", "alt", "bilirubin"])],
                syn)
    index = ChatIndex(conn, syn)
    index.search(hostile, "en")  # must not raise sqlite3.OperationalError
    index.search("liver " + hostile, "en")


def test_synonyms_map_variants_to_one_word():
    syn = Synonyms({"anakinra": ["anakinra", "Kineret"], "infuus": ["infuus", "drip", "through a vein"]})
    assert syn.apply("is kineret given through a vein") == "is anakinra given infuus"
    assert syn.apply("nothing here") == "nothing here"


def test_typo_correction_and_compounds():
    an = Analyzer("nl", Synonyms({}), {"lever", "waarden", "bijwerkingen", "onderzoek"})
    assert an.correct("bijwerkigen") == "bijwerkingen"
    assert an.correct("levr") == "lever"
    assert an.correct("xq") == "xq"  # too short to guess
    assert an.split_compound("leverwaarden") == ["lever", "waarden"]
    assert an.split_compound("onderzoekslever") == ["onderzoek", "lever"]  # linking s
    assert an.split_compound("leverpastei") == []


def test_synonyms_file_in_content_is_valid():
    from pathlib import Path
    syn = Synonyms.load(Path(__file__).resolve().parents[2] / "content" / "synonyms.yaml")
    assert {"anakinra", "infuus", "icu", "bloedtest"} <= syn.canonical
    assert syn.apply("kineret via een ader op de ic") == "anakinra infuus op de icu"


@pytest.mark.parametrize("text, band", [
    ("my son is 7, does he have to agree", "ageunder12"), ("mijn dochter is 14", "age12to15"),
    ("a 17 year old", "age16to17"), ("hij wordt 16", "age16to17"), ("kind van 11 jaar", "ageunder12"),
])
def test_ages_become_consent_bands(text, band):
    syn = Synonyms({"ageunder12": ["under 12"], "age12to15": ["12 to 15"], "age16to17": ["16 or 17"]})
    assert band in Analyzer("en", syn).words(text)


@pytest.mark.parametrize("text", ["my son weighs 9 kilo", "she is 9 kg", "8 mg per kg", "she is 20"])
def test_other_numbers_are_not_ages(text):
    syn = Synonyms({"ageunder12": ["under 12"], "age12to15": ["12 to 15"], "age16to17": ["16 or 17"]})
    assert not {"ageunder12", "age12to15", "age16to17"} & set(Analyzer("en", syn).words(text))


@pytest.mark.parametrize("question, lang, first", [
    ("wie kan niet meedoen", "nl", "who-cannot-join"), ("wie kan meedoen", "nl", "who-can-join"),
    ("who can not take part", "en", "who-cannot-join"), ("who can take part", "en", "who-can-join"),
])
def test_a_negation_changes_what_is_asked(question, lang, first):
    from companion.chat import evaluate

    index = evaluate.build()
    assert index.search(question, lang, limit=1)[0].slug == first
