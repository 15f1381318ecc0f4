"""The chat page without JavaScript: form posts, the conversation in the session, feedback, bad input."""
import json

import pytest

from companion.auth.testing import csrf_token_from


def token(client, lang="en"):
    return csrf_token_from(client.get(f"/{lang}/chat").get_data(as_text=True))


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_page_renders_in_both_languages(page, lang):
    soup = page(f"/{lang}/chat")
    assert soup.select_one("form#chat-form textarea[name=question]")
    assert soup.select(".chat-starters button[name=question]"), "suggested questions as buttons"
    warning = soup.select_one(".chat-warning").get_text()
    assert ("call button" in warning) if lang == "en" else ("belknop" in warning)
    assert soup.select_one("script[src*='js/chat.']")
    assert not soup.select("script:not([src])"), "no inline scripts"
    assert not soup.select("[style]"), "no inline styles"


def test_ask_with_a_form_post_keeps_the_conversation_in_the_session(client, page, app):
    r = client.post("/en/chat", data={"question": "what are the side effects", "csrf_token": token(client)})
    assert r.status_code == 303 and r.headers["Location"].endswith("/en/chat#latest")
    client.post("/en/chat", data={"question": "Is there a placebo?!", "csrf_token": token(client)})
    soup = page("/en/chat")
    turns = soup.select(".chat-turn")
    assert [t.select_one(".chat-question").get_text(" ", strip=True) for t in turns] == [
        "You asked: what are the side effects", "You asked: Is there a placebo?!"]
    source = turns[0].select_one(".chat-source a")
    assert source["href"] == "/en/info/side-effects"
    assert turns[-1]["id"] == "latest"
    assert turns[0].select_one("form.chat-feedback button[value=no]")
    # nothing of the conversation is in the database
    from companion.db import connect
    db = connect(app.config["DATABASE"])
    dump = "\n".join(db.conn.iterdump())
    db.conn.close()
    assert "Is there a placebo?!" not in dump


def test_not_found_offers_suggestions_as_buttons(client, page):
    client.post("/en/chat", data={"question": "where is the chapel", "csrf_token": token(client)})
    reply = page("/en/chat").select(".chat-turn")[-1].select_one(".chat-reply")
    assert "chat-not_found" in reply["class"]
    # "Did you mean…" as the session keeps it (which questions come near depends on the matching)
    with client.session_transaction() as session:
        session["chat_en"] = [{"q": "side efects?", "kind": "not_found", "entry": None, "pointer": None,
                               "sugg": ["side-effects", "risks"], "fb": None, "conf": None, "topics": []}]
    reply = page("/en/chat").select_one("#latest .chat-reply")
    assert reply.select_one(".chat-suggestions p").get_text(strip=True) == "Did you mean:"
    buttons = reply.select(".chat-suggestions button")
    assert [b["value"] for b in buttons] == ["What are the side effects of anakinra?",
                                             "What are the risks of taking part?"]
    assert all(b["name"] == "question" for b in buttons)
    assert not reply.select("details, .chat-matched, form.chat-feedback")


def test_emergency_reply_on_the_page(client, page):
    client.post("/nl/chat", data={"question": "mijn kind ademt niet", "csrf_token": token(client, "nl")})
    soup = page("/nl/chat")
    reply = soup.select_one(".chat-turn .chat-reply")
    assert "chat-emergency" in reply["class"] and "112" in reply.get_text()


def test_not_helpful_goes_to_the_inbox(client, app, page):
    client.post("/en/chat", data={"question": "what are the side effects", "csrf_token": token(client)})
    r = client.post("/en/chat/feedback", data={"question": "what are the side effects", "entry": "side-effects",
                                               "helpful": "no", "csrf_token": token(client)})
    assert r.status_code == 303
    soup = page("/en/chat")
    assert soup.select_one(".chat-thanks") and not soup.select("form.chat-feedback")
    from companion.chat.inbox import questions
    from companion.db import connect
    db = connect(app.config["DATABASE"])
    rows = questions(db.conn)
    db.conn.close()
    assert [(r["kind"], r["entry"], r["question"]) for r in rows] == [("not_helpful", "side-effects",
                                                                      "what are the side effects")]


def test_helpful_yes_stores_nothing(client, app):
    client.post("/en/chat/feedback", data={"question": "what are the side effects", "entry": "side-effects",
                                           "helpful": "yes", "csrf_token": token(client)})
    from companion.db import connect
    db = connect(app.config["DATABASE"])
    assert db.execute("select count(*) from chat_inbox").fetchone()[0] == 0
    db.conn.close()


def test_feedback_as_json_for_the_script(client):
    r = client.post("/en/chat/feedback", headers={"Accept": "application/json"},
                    data={"question": "q", "entry": "", "helpful": "maybe", "csrf_token": token(client)})
    assert r.status_code == 400 and r.get_json()["error"]
    r = client.post("/en/chat/feedback", headers={"Accept": "application/json"},
                    data={"question": "q", "entry": "", "helpful": "no", "csrf_token": token(client)})
    assert r.status_code == 200 and r.get_json()["ok"] is True


@pytest.mark.parametrize("question, message", [("", "Type a question."), ("   ", "Type a question."),
                                               ("x" * 501, "at most 500 characters")])
def test_bad_question_on_the_page(client, question, message):
    r = client.post("/en/chat", data={"question": question, "csrf_token": token(client)})
    assert r.status_code == 400
    html = r.get_data(as_text=True)
    assert message in html
    assert "<title>Error: Ask a question" in html


def test_form_without_csrf_token_is_refused(client):
    r = client.post("/en/chat", data={"question": "hello"})
    assert r.status_code == 400


def test_start_again_clears_the_conversation(client, page):
    client.post("/en/chat", data={"question": "what are the side effects", "csrf_token": token(client)})
    client.post("/en/chat/clear", data={"csrf_token": token(client)})
    assert not page("/en/chat").select(".chat-turn")


def test_conversation_keeps_only_the_last_turns(client, page):
    for i in range(7):
        client.post("/en/chat", data={"question": f"side effects {i}", "csrf_token": token(client)})
    assert len(page("/en/chat").select(".chat-turn")) == 5


def test_information_pages_link_to_the_chat(page):
    soup = page("/nl/info/side-effects")
    assert soup.select_one("a[href='/nl/chat']")


def test_session_cookie_stays_small_with_long_questions(client):
    import hashlib
    for i in range(6):
        words = [hashlib.sha256(f"{i}-{j}".encode()).hexdigest()[:9] for j in range(50)]  # barely compressible
        client.post("/en/chat", data={"question": " ".join(words)[:500], "csrf_token": token(client)})
    cookie = client.get_cookie("companion")
    assert cookie is not None and len(cookie.value) < 1800, len(cookie.value)  # ~2200 untrimmed, ~1400 trimmed


# Questions of our own that the chat, on words only (TestConfig), answers as a best guess
# ("medium"): the other candidates are then one tap away.
MEDIUM = {"en": ("who pays the hospital bill", "Does taking part cost us anything?"),
          "nl": ("wie betaalt de ziekenhuisrekening", "Kost meedoen ons iets?")}


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_medium_answer_shows_the_guess_and_the_other_candidates_without_javascript(client, page, lang):
    question, matched = MEDIUM[lang]
    client.post(f"/{lang}/chat", data={"question": question, "csrf_token": token(client, lang)})
    soup = page(f"/{lang}/chat")
    reply = soup.select_one("#latest .chat-reply")
    assert "chat-answer" in reply["class"] and "chat-guess" in reply["class"]
    guess = reply.select_one(".chat-matched")
    said = {"en": "I think you are asking:", "nl": "Ik denk dat u dit vraagt:"}[lang]
    assert guess.get_text(" ", strip=True) == f"{said} {matched}"
    assert reply.select_one(".prose").get_text(strip=True), "the approved answer itself is shown"
    # "That is not my question": a native <details>, so it opens without JavaScript
    other = reply.select_one("details.chat-other")
    assert other is not None and not other.has_attr("open")
    assert other.select_one("summary").get_text(strip=True) == {"en": "That is not my question",
                                                                "nl": "Dit is niet mijn vraag"}[lang]
    form = other.select_one("form.chat-suggestions")
    assert form["method"] == "post" and form["action"] == f"/{lang}/chat"
    buttons = form.select("button[name=question]")
    assert buttons and all(b["type"] == "submit" and b["value"] == b.get_text(strip=True) for b in buttons)
    assert matched not in [b["value"] for b in buttons], "the other candidates, not the guess again"
    assert other.select_one(".chat-other-hint").get_text(strip=True).endswith(
        {"en": "or ask the nurse.", "nl": "of het de verpleegkundige vragen."}[lang])
    assert "Did you mean" not in reply.get_text() and "Bedoelt u" not in reply.get_text()
    assert reply.select_one("form.chat-feedback")

    # a candidate is a button that asks it: that one is answered for sure
    client.post(f"/{lang}/chat", data={"question": buttons[0]["value"], "csrf_token": token(client, lang)})
    latest = page(f"/{lang}/chat").select_one("#latest .chat-reply")
    assert "chat-guess" not in latest["class"] and not latest.select(".chat-matched, details")


def test_medium_answer_without_other_candidates_still_offers_other_words(client, page):
    with client.session_transaction() as session:
        session["chat_en"] = [{"q": "who pays", "kind": "answer", "entry": "costs", "pointer": None,
                               "sugg": [], "fb": None, "conf": "medium", "topics": ["costs"]}]
    reply = page("/en/chat").select_one("#latest .chat-reply")
    other = reply.select_one("details.chat-other")
    assert other.select_one("summary").get_text(strip=True) == "That is not my question"
    assert not other.select("form, button")
    assert "in other words" in other.select_one(".chat-other-hint").get_text()


def test_high_answer_looks_as_before(client, page):
    client.post("/en/chat", data={"question": "what are the side effects", "csrf_token": token(client)})
    turn = page("/en/chat").select_one("#latest")
    assert not turn.select(".chat-matched, details, .chat-suggestions")
    assert turn["data-topics"].split() and "side_effects" in turn["data-topics"].split()


def test_only_an_answer_passes_its_topics_to_the_script(client, page):
    client.post("/en/chat", data={"question": "my child is not breathing", "csrf_token": token(client)})
    turn = page("/en/chat").select_one("#latest")
    assert "chat-emergency" in turn.select_one(".chat-reply")["class"]
    assert not turn.has_attr("data-topics")


def test_start_again_is_on_the_page_for_the_script_even_before_a_question(page):
    soup = page("/en/chat")
    clear = soup.select_one("form#chat-clear")
    assert clear is not None and clear.has_attr("hidden")


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_strings_for_the_script_are_translated(page, lang):
    strings = page(f"/{lang}/chat").select_one("template#chat-strings")
    assert strings["data-turn-label"] == {"en": "Question {n}", "nl": "Vraag {n}"}[lang]
    assert strings["data-not-mine"] == {"en": "That is not my question", "nl": "Dit is niet mijn vraag"}[lang]
    for name in ("data-matched", "data-others", "data-other-words", "data-new-answer"):
        assert strings[name].strip()
