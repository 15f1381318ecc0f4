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
    assert soup.select_one("script[src*='js/chat.js']")
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
    client.post("/en/chat", data={"question": "what chemo works best for leukemia", "csrf_token": token(client)})
    soup = page("/en/chat")
    reply = soup.select(".chat-turn")[-1]
    assert "chat-not_found" in reply.select_one(".chat-reply")["class"]
    for button in reply.select(".chat-suggestions button"):
        assert button["name"] == "question" and button["value"]


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
