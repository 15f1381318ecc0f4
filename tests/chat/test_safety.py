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
