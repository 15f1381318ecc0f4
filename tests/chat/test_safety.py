"""The safety layer: emergencies and requests for personal advice, in both languages, and look-alikes."""
import pytest

from companion.chat.safety import EMERGENCY, MEDICAL_ADVICE, classify, hypothetical


@pytest.mark.parametrize("question", [
    "my son is not breathing", "She stopped breathing!", "he can't breathe", "he is turning blue", "her lips are blue",
    "my daughter is having a seizure", "he's having a fit", "my child won't wake up", "she is not responding",
    "he is bleeding heavily", "there is a lot of blood", "my child is unconscious", "he collapsed", "she is choking",
    "her face is swelling up", "HELP", "the monitor alarm keeps going off",
    "mijn zoon ademt niet", "ze is gestopt met ademen", "hij loopt blauw aan", "haar lippen zijn blauw",
    "mijn dochter heeft een stuip", "hij heeft een epileptische aanval", "mijn kind wordt niet wakker",
    "ze reageert niet meer", "hij bloedt heel erg", "mijn kind is bewusteloos", "ze is erg benauwd",
    "haar gezicht zwelt op", "help snel", "mijn baby is slap", "hij krijgt geen lucht",
    "can anakinra cause seizures? my child is shaking all over now",
])
def test_emergencies_are_flagged(question):
    assert classify(question) == EMERGENCY


@pytest.mark.parametrize("question", [
    "krijg je blauwe plekken van anakinra", "what is an emergency procedure", "can anakinra cause seizures",
    "kan het medicijn stuipen veroorzaken", "what if my child does not respond to the treatment",
    "reageert niet op de behandeling, wat dan", "what are the side effects", "wat zijn de bijwerkingen",
    "is het toeval dat mijn kind is gekozen", "what does do not resuscitate mean", "Wat is de dosis?",
])
def test_look_alikes_are_not_emergencies(question):
    assert classify(question) != EMERGENCY


@pytest.mark.parametrize("question", [
    "Should I let my son take part?", "should we sign", "is it better for my daughter to join",
    "what would you do if it was your child", "do you recommend it", "will my son survive",
    "is anakinra safe for my daughter", "moet ik mijn zoon laten meedoen", "zou ik toestemming moeten geven",
    "is het beter voor mijn dochter om mee te doen", "wat zou u doen", "wat raadt u aan",
    "wordt mijn dochter weer beter", "mag ik haar paracetamol geven",
])
def test_personal_advice_is_deferred(question):
    assert classify(question) == MEDICAL_ADVICE


@pytest.mark.parametrize("question", [
    "Moet ik iets betalen?", "who should I call with questions", "What should I do if I want to stop?",
    "wat moet ik doen als ik wil stoppen", "is it safe", "what are the risks", "", "   ",
])
def test_ordinary_questions_pass(question):
    assert classify(question) is None


# ---------------------------------------------------------------- issue 11: Dutch advice, effects, descriptions

@pytest.mark.parametrize("text", [
    "is het voor mijn zoon beter om mee te doen", "mag ze paracetamol naast de anakinra", "zou u het doen",
    "wat zou u kiezen", "meedoen of niet?", "would you put your own kid in this trial", "join or not",
])
def test_dutch_and_english_requests_for_a_decision_are_advice(text):
    assert classify(text) == MEDICAL_ADVICE


@pytest.mark.parametrize("text", [
    "wordt hij er slaperig van", "kan hij er benauwd van worden", "does it make her sleepy",
    "wat gebeurt er als mijn kind een allergische reactie krijgt op anakinra",
])
def test_questions_about_a_possible_effect_are_not_emergencies(text):
    assert hypothetical(text)
    assert classify(text) != EMERGENCY


@pytest.mark.parametrize("text", [
    "hij schudt met zijn hele lichaam en hoort me niet", "wat als hij nu niet meer ademt",
])
def test_reports_of_danger_stay_emergencies(text):
    assert classify(text) == EMERGENCY


# ---------------------------------------------------------------- descriptions and requests the keywords missed before
# (examples written for these tests; none is an evaluation question)

@pytest.mark.parametrize("text", [
    "his lips look a bit bluish to me", "she is cold and clammy", "hij is klam en heel bleek",
    "he went white and then sort of grey", "the plaster over her drip is soaked with blood",
    "er loopt bloed uit de plek waar de lijn zat", "the cannula came out and there is blood everywhere on his arm",
    "er komen steeds meer vlekken op zijn hele lijf", "the rash is spreading up her arms and chest",
    "his breathing is so fast and shallow", "ze ademt heel oppervlakkig", "she is not answering when we talk to her",
])
def test_descriptions_of_danger_are_emergencies(text):
    assert classify(text) == EMERGENCY


@pytest.mark.parametrize("text", [
    "wanneer krijgen we de uitslag van het bloedonderzoek", "can anakinra give a rash all over the body",
    "does the drip hurt when it goes in", "how fast does the medicine work", "hoe snel werkt het middel",
])
def test_look_alikes_of_those_descriptions_are_not_emergencies(text):
    assert classify(text) != EMERGENCY


@pytest.mark.parametrize("text", [
    "should we ask the team for another medicine", "shud i tell them to stop", "do you reckon we should sign",
    "is it okay to give her ibuprofen tonight", "can he have his vitamins while in the study",
    "mag ik hem ook nog homeopathie geven", "kan ik hem na de operatie weer moedermelk geven",
    "denkt u dat mijn zoon het redt", "zou u ons aanraden om te wachten", "zou het verstandig zijn om later te beginnen",
    "is het goed voor mijn dochter om mee te doen, ja of nee", "moeten we om een andere arts vragen",
    "what is the right decision for our family", "wat is de juiste keuze voor ons", "help us decide please",
    "ik weet niet of we moeten tekenen", "if it were your daughter, would you", "als het uw kind was, wat dan",
])
def test_requests_for_a_decision_in_other_words_are_advice(text):
    assert classify(text) == MEDICAL_ADVICE


@pytest.mark.parametrize("text", [
    "what should I do if she gets a rash", "who should we call at night", "should we have questions, who do we ask",
    "mag mijn kind andere medicijnen krijgen tijdens het onderzoek", "who makes the decision, my child or me",
    "kunnen we later nog stoppen", "when should we expect the results",
])
def test_ordinary_questions_with_advice_words_pass(text):
    assert classify(text) != MEDICAL_ADVICE


@pytest.mark.parametrize("text", [
    "wat ik moet doen voor mijn zoon?", "zou u in mijn plaats tekenen", "moeten mijn ouders ja zeggen",
    "kunnen we de keuze niet beter aan de arts laten", "waar moet ik op afgaan", "mag ik op mijn gevoel vertrouwen",
    "moeten we hem dit echt aandoen", "doorgaan of stoppen", "heeft het zin om nog te wachten",
    "should we sign it or not", "i need somebody to tell me", "must i say yes", "is it worth signing",
    "what do i tell my husband", "am i letting the doctors down", "can we ask the team to stop the drip",
    "would you risk it", "who should i listen to", "is it okay to just say no", "is it selfish to refuse",
])
def test_more_forms_of_asking_for_a_decision_are_advice(text):
    assert classify(text) == MEDICAL_ADVICE


@pytest.mark.parametrize("text", [
    "why is it best to start early", "whom ought I to contact with questions", "what do they tell the parents at day 28",
])
def test_questions_about_reasons_and_contacts_are_not_advice(text):
    assert classify(text) != MEDICAL_ADVICE
