"""The chat's inbox cannot be filled by anyone (companion/chat/inbox.py): the same question is
counted, not stored again; writes are limited per client and per hour; the inbox has a size
that editors see. Past a limit the chat still answers."""
import json
from datetime import datetime, timezone

import pytest

from companion.chat import inbox
from companion.db import connect, get_db

# questions nothing in the approved texts answers
OFF_TOPIC = ["Waar kan ik een vlieger kopen?", "Welke kleur heeft de auto van de buurman?",
             "Wat eet een giraf als ontbijt?", "Wie wint het songfestival dit jaar?",
             "Waar ligt de dichtstbijzijnde bakker met taart?", "Hoeveel poten heeft een spin?"]


def ask(client, question, address="10.0.0.1", lang="nl"):
    r = client.post("/api/chat", data=json.dumps({"question": question, "lang": lang}),
                    content_type="application/json", environ_base={"REMOTE_ADDR": address})
    assert r.status_code == 200
    return r.get_json()


def rows(app):
    db = connect(app.config["DATABASE"])
    try:
        return list(db.query("select * from chat_inbox order by id"))
    finally:
        db.conn.close()


def test_the_same_question_again_is_counted_not_stored_twice(app, client):
    for spelling in ("Waar kan ik een vlieger kopen?", "waar kan ik een vlieger kopen", "Waar kan ik een vlieger kopen ?"):
        assert ask(client, spelling)["kind"] == "not_found"
    [row] = rows(app)
    assert row["times"] == 3 and row["question"] == "Waar kan ik een vlieger kopen ?"


def test_one_client_adds_at_most_its_hourly_share_and_still_gets_answers(app, client):
    app.config["INBOX_WRITES_PER_CLIENT_HOUR"] = 3
    answers = [ask(client, q, address="203.0.113.9") for q in OFF_TOPIC]
    assert all(a["kind"] == "not_found" and a["answer"] for a in answers)  # the chat still answers
    assert len(rows(app)) == 3
    ask(client, OFF_TOPIC[-1], address="198.51.100.4")  # another client may still add
    assert len(rows(app)) == 4
    db = connect(app.config["DATABASE"])
    quota = json.dumps(list(db.query("select * from chat_inbox_quota")))
    db.conn.close()
    assert "203.0.113" not in quota and "198.51.100" not in quota


def test_all_clients_together_add_at_most_the_hourly_total(app, client):
    app.config["INBOX_WRITES_PER_HOUR"] = 4
    for n, question in enumerate(OFF_TOPIC):
        ask(client, question, address=f"10.1.0.{n}")
    assert len(rows(app)) == 4


def test_a_full_inbox_keeps_nothing_new_and_editors_see_it(app, client, auth):
    app.config["INBOX_MAX_QUESTIONS"] = 2
    for n, question in enumerate(OFF_TOPIC[:4]):
        ask(client, question, address=f"10.2.0.{n}")
    assert len(rows(app)) == 2
    auth.login_as("editor")
    page = client.get("/staff/content/inbox").get_data(as_text=True)
    assert "2 van de maximaal 2 open vragen" in page and "De inbox is vol" in page


def test_hourly_counters_of_past_hours_are_deleted(app):
    with app.app_context():
        db = get_db()
        early = datetime(2026, 12, 3, 9, 5, tzinfo=timezone.utc)
        inbox.record(db.conn, lang="nl", kind="not_found", question="Hoeveel poten heeft een spin?", candidates=[],
                     client="10.3.0.1", secret="s", now=early)
        inbox.record(db.conn, lang="nl", kind="not_found", question="Wat eet een giraf?", candidates=[],
                     client="10.3.0.1", secret="s", now=early.replace(hour=11))
        hours = {r["hour"] for r in db.query("select hour from chat_inbox_quota")}
    assert hours == {"2026-12-03T11"}


@pytest.mark.parametrize("question, gone", [
    ("Mijn dochter Fenna de Wit ligt op de IC, bel 06-12345678", ["Fenna", "Wit", "12345678"]),
    ("Sophie de Vries is bang voor de prik, wat moet ik doen?", ["Sophie", "Vries"]),
])
def test_stored_questions_are_de_identified(app, client, question, gone):
    ask(client, question)
    stored = json.dumps(rows(app))
    for part in gone:
        assert part not in stored
