"""The chat knows which reader asks: a child (from a children's page) gets the answer written for
their age where one exists; a parent never gets an answer written for a child."""
import pytest

from companion.content.files import read_tree
from companion.config import ROOT

YOUNG = {(f.lang, f.slug): f.meta for f in read_tree(ROOT / "content")
         if f.kind == "chat" and f.meta.get("audience") in ("12-15", "under-12")}


def ask(client, question, lang, reader=None):
    body = {"question": question, "lang": lang, **({"reader": reader} if reader else {})}
    response = client.post("/api/chat", json=body)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


@pytest.mark.parametrize("lang, question", [("nl", "ga ik dood?"), ("nl", "doet het pijn?"),
                                            ("nl", "mag ik nee zeggen?"), ("nl", "waarom ik?"),
                                            ("en", "am I going to die?"), ("en", "does it hurt?"),
                                            ("en", "can I say no?"), ("en", "why me?")])
@pytest.mark.parametrize("reader", ["12-15", "under-12"])
def test_the_four_childrens_questions_get_the_childs_answer(client, lang, question, reader):
    reply = ask(client, question, lang, reader)
    assert reply["kind"] == "answer", reply
    assert YOUNG.get((lang, reply["entry"]), {}).get("audience") == reader, reply["entry"]
    assert f"/info/{reader}/" in reply["source"]["url"]


@pytest.mark.parametrize("lang, question", [("nl", "mag mijn kind nee zeggen?"), ("en", "can my child say no?"),
                                            ("nl", "doet het pijn?"), ("en", "does it hurt?"),
                                            ("nl", "waarom ik?"), ("en", "why me?"), ("nl", "ga ik dood?")])
def test_parents_never_get_an_answer_written_for_a_child(client, lang, question):
    reply = ask(client, question, lang)
    assert (lang, reply["entry"]) not in YOUNG
    assert all((lang, s["entry"]) not in YOUNG for s in reply["suggestions"])


def test_a_parents_answer_is_swapped_for_the_childs_version_of_it(app):
    from companion.chat import service

    with app.test_request_context():
        know = service.state().knowledge
        for (lang, slug), meta in YOUNG.items():
            base = meta.get("answers_for")
            if base:
                assert know.for_reader(lang, base, meta["audience"]) in {
                    s for (l, s), m in YOUNG.items() if l == lang and m["audience"] == meta["audience"]}
                assert know.for_reader(lang, slug, None) == base


def test_an_unknown_reader_is_refused(client):
    response = client.post("/api/chat", json={"question": "doet het pijn?", "lang": "nl", "reader": "grandparents"})
    assert response.status_code == 400 and "reader" in response.get_json()["error"]


def test_the_no_script_chat_keeps_the_reader(client):
    page = client.get("/nl/chat?reader=12-15").get_data(as_text=True)
    assert 'name="reader" value="12-15"' in page
    token = page.split('name="csrf_token" value="')[1].split('"')[0]
    response = client.post("/nl/chat", data={"question": "ga ik dood?", "reader": "12-15", "csrf_token": token})
    assert response.status_code == 303 and "reader=12-15" in response.headers["Location"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "/info/12-15/" in page


def test_childrens_pages_link_their_chat_and_glossary(client):
    html = client.get("/nl/info/12-15/introduction").get_data(as_text=True)
    assert "/nl/chat?reader=12-15" in html and "/nl/glossary/children" in html
    glossary = client.get("/nl/glossary/children")
    assert glossary.status_code == 200
    parents = client.get("/nl/glossary").get_data(as_text=True)
    assert 'id="term-child-' not in parents


def _candidates(*pairs):
    from companion.chat.retrieval import Candidate
    return [Candidate(slug, "entry", slug, score, {}) for slug, score in pairs]


def test_a_parent_gets_the_parents_entry_that_matches_nearly_as_well_as_a_childs():
    from companion.chat.knowledge import PARENT_MARGIN, Knowledge
    know = Knowledge(docs=[], young={("en", "teen-stop"): ("12-15", "voluntary")})
    close = _candidates(("teen-stop", 0.80), ("withdraw", 0.80 - PARENT_MARGIN / 2), ("voluntary", 0.6))
    assert know.parents_entry("en", close) == "withdraw"
    far = _candidates(("teen-stop", 0.80), ("withdraw", 0.80 - 2 * PARENT_MARGIN), ("voluntary", 0.6))
    know.entry = lambda lang, slug, kind="entry": object()  # every parents' entry exists
    assert know.parents_entry("en", far) == "voluntary"      # the parents' entry the child's one stands for
    assert know.parents_entry("en", _candidates(("withdraw", 0.9), ("teen-stop", 0.8))) == "withdraw"
