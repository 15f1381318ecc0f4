"""POST /api/chat: the contract's shape, and a clear 400 for every kind of bad input (never a 500)."""
import json

import pytest

TOPICS = set("""purpose voluntary withdraw procedures drug dose side_effects liver infection risks benefits
comparison_historical placebo duration schedule day28 eligibility age consent_minor data_privacy costs insurance
contact results other_treatment oversight after_study emergency medical_advice""".split())


def ask(client, body, **kwargs):
    return client.post("/api/chat", data=json.dumps(body), content_type="application/json", **kwargs)


def test_answer_has_the_contract_shape(client):
    r = ask(client, {"question": "Wat zijn de bijwerkingen?", "lang": "nl"})
    assert r.status_code == 200
    body = r.get_json()
    assert {"kind", "lang", "answer", "topics", "source", "suggestions"} <= set(body)
    assert body["kind"] == "answer" and body["lang"] == "nl"
    assert body["topics"] and set(body["topics"]) <= TOPICS
    assert body["source"]["url"] == "/nl/info/side-effects"
    assert body["source"]["title"]
    assert "anakinra" in body["answer"].lower()
    assert "<!--" not in body["answer"]


def test_language_is_detected_when_missing(client):
    assert ask(client, {"question": "what are the side effects"}).get_json()["lang"] == "en"
    assert ask(client, {"question": "wat zijn de bijwerkingen"}).get_json()["lang"] == "nl"


def test_emergency(client):
    body = ask(client, {"question": "my daughter is not breathing", "lang": "en"}).get_json()
    assert body["kind"] == "emergency"
    assert body["topics"] == ["emergency"]
    assert "112" in body["answer"] and "nurse" in body["answer"]


def test_emergency_in_the_other_language_is_still_caught(client):
    body = ask(client, {"question": "hij ademt niet meer", "lang": "en"}).get_json()
    assert body["kind"] == "emergency"


def test_medical_advice(client):
    body = ask(client, {"question": "Moet ik mijn zoon laten meedoen?", "lang": "nl"}).get_json()
    assert body["kind"] == "medical_advice"
    assert "medical_advice" in body["topics"]
    assert set(body["topics"]) <= TOPICS


def test_not_found_is_stored_without_personal_details(client, app):
    body = ask(client, {"question": "Where can Jan park his car? Call 06-12345678 or jan@example.org", "lang": "en"},
               environ_base={"REMOTE_ADDR": "10.1.2.3"}).get_json()
    assert body["kind"] == "not_found"
    assert body["source"] is None and body["topics"] == []
    assert len(body["suggestions"]) <= 3
    from companion.db import connect
    db = connect(app.config["DATABASE"])
    rows = list(db.query("select * from chat_inbox"))
    db.conn.close()
    assert len(rows) == 1
    stored = json.dumps(rows[0])
    for secret in ("Jan", "06-12345678", "jan@example.org", "10.1.2.3"):
        assert secret not in stored
    assert rows[0]["kind"] == "not_found" and rows[0]["lang"] == "en"
    assert set(rows[0]) == {"id", "asked_on", "lang", "kind", "question", "entry", "candidates", "times", "question_key"}


@pytest.mark.parametrize("body", [
    None, [], "question", 42, {}, {"question": None}, {"question": ""}, {"question": "   "}, {"question": 5},
    {"question": ["a"]}, {"question": {"a": 1}}, {"question": "x" * 501}, {"question": "hi", "lang": "de"},
    {"question": "hi", "lang": 1}, {"question": "hi", "lang": ""}, {"question": "hi", "lang": ["nl"]},
])
def test_bad_json_gets_400_with_a_sentence(client, body):
    r = ask(client, body)
    assert r.status_code == 400
    assert isinstance(r.get_json()["error"], str) and r.get_json()["error"].endswith(".")


@pytest.mark.parametrize("data, content_type", [
    ("not json", "application/json"), ("{\"question\": ", "application/json"), ("question=hi", "text/plain"),
    ("", "application/json"), ("[" * 100_000, "application/json"),
    ('{"question": ' + "[" * 50_000 + "]" * 50_000 + "}", "application/json"), (b"\xff\xfe\x00", "application/json"),
])
def test_not_json_gets_400(client, data, content_type):
    r = client.post("/api/chat", data=data, content_type=content_type)
    assert r.status_code == 400
    assert "error" in r.get_json()


@pytest.mark.parametrize("question", [
    '"', '""', "*", "lever*", "NEAR(lever bijwerking)", "AND OR", "bijwerkingen AND OR NOT", "a:b", "^lever",
    "(", ")", "' OR 1=1 --", "\x00", "🙂🙂", "x" * 500,
])
def test_fts_syntax_and_odd_text_get_a_normal_answer(client, question):
    r = ask(client, {"question": question, "lang": "nl"})
    assert r.status_code == 200
    assert r.get_json()["kind"] in ("answer", "not_found", "emergency", "medical_advice")


def test_get_is_not_allowed(client):
    assert client.get("/api/chat").status_code == 405


# ---------------------------------------------------------------- three bands, follow-ups (issue 11)


def test_answer_carries_confidence_and_matched_question(client):
    body = ask(client, {"question": "Wat zijn de bijwerkingen?", "lang": "nl"}).get_json()
    assert body["kind"] == "answer"
    assert body["confidence"] in ("high", "medium")
    assert body["matched_question"] and body["matched_question"].endswith("?")


def test_other_kinds_have_no_confidence(client):
    for question in ("my daughter is not breathing", "should I let my son take part", "asdf qwerty zxcv"):
        body = ask(client, {"question": question, "lang": "en"}).get_json()
        assert body["kind"] != "answer"
        assert body["confidence"] is None and body["matched_question"] is None


def test_suggestions_carry_their_topics(client):
    body = ask(client, {"question": "side effects or costs", "lang": "en"}).get_json()
    suggestions = body["suggestions"]
    assert all(set(s["topics"]) <= TOPICS and s["topics"] for s in suggestions)
    assert all(s["question"] for s in suggestions)


def test_a_follow_up_is_read_in_the_context_of_the_answer_before(client):
    alone = ask(client, {"question": "Is it new?", "lang": "en"}).get_json()
    after = ask(client, {"question": "Is it new?", "lang": "en", "previous_topics": ["drug"]}).get_json()
    assert after["kind"] == "answer" and "drug" in after["topics"] and after["confidence"] == "high"
    assert alone["confidence"] != "high"  # on its own, "it" could be anything: at most a best guess


@pytest.mark.parametrize("previous", [
    "drug", [1], ["drug", None], ["not_a_topic"], ["drug"] * 6, [{"x": 1}],
])
def test_bad_previous_topics_get_a_400(client, previous):
    r = ask(client, {"question": "and does that hurt?", "lang": "en", "previous_topics": previous})
    assert r.status_code == 400
    assert "previous_topics" in r.get_json()["error"] or "topic" in r.get_json()["error"]


def test_a_long_question_of_ten_sentences_is_answered(client):
    story = ("Mijn dochter ligt sinds dinsdag op de IC. De dokter vertelde over een onderzoek. Ze is heel ziek. "
             "We zijn erg moe. Mijn man is thuis bij haar broertje. De verpleging is heel lief. "
             "We hebben veel papieren gekregen. Ik heb alles gelezen. Ik snap niet alles. "
             "Wat ik wil weten is wat de bijwerkingen van anakinra zijn?")
    assert len(story) <= 500
    body = ask(client, {"question": story, "lang": "nl"}).get_json()
    assert body["kind"] == "answer" and "side_effects" in body["topics"]
