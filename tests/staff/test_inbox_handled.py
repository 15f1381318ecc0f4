"""Question inbox, part two: questions staff have handled (added as a phrasing, started as a new
entry, dismissed) leave the inbox and are deleted after the retention period; the inbox is paged."""
import random
from datetime import date, timedelta
from pathlib import Path

from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup

from companion.chat import inbox as chat_inbox
from companion.content.files import parse
from companion.db import get_db
from companion.staff import drafts
from tests.conftest import check_page
from tests.staff.conftest import post

ROOT = Path(__file__).resolve().parents[2]
INBOX = "/staff/content/inbox"


def record(app, questions):
    """Store (question, kind, entry) rows as the chat would; returns their ids."""
    with app.app_context():
        db = get_db()
        for question, kind, entry in questions:
            chat_inbox.record(db, lang="nl", kind=kind, question=question, candidates=[], entry=entry)
        db.conn.commit()
        return [r["id"] for r in db.query("select id from chat_inbox order by id")][-len(questions):]


def groups(client, path=INBOX):
    """{representative wording: its form fields} for every group on the page."""
    soup = BeautifulSoup(client.get(path).data, "html.parser")
    found = {}
    for group in soup.select(".inbox-group"):
        found[group.select_one(".inbox-question").get_text(strip=True)] = {
            "question": group.select_one("input[name=question]")["value"],
            "lang": group.select_one("input[name=lang]")["value"],
            "ids": group.select_one("input[name=ids]")["value"],
        }
    return found


def events(app, kind):
    with app.app_context():
        return list(get_db().query("select * from audit_events where kind = ? order by id", [kind]))


def test_each_action_marks_all_questions_of_its_group_handled(app, as_user, staff):
    record(app, [("Hoe lang duurt het onderzoek?", "not_found", None),
                 ("hoe lang duurt het onderzoek", "not_found", None),
                 ("Kan ik stoppen als ik wil?", "not_helpful", "withdraw"),
                 ("Waar kan ik de auto parkeren?", "not_found", None)])
    ed = as_user("ed")
    waiting = groups(ed)
    # equally often asked spellings of one wording: the newest represents the group
    assert set(waiting) == {"hoe lang duurt het onderzoek", "Kan ik stoppen als ik wil?", "Waar kan ik de auto parkeren?"}
    # the same question asked twice is one stored row asked twice (companion/chat/inbox.py)
    assert len(waiting["hoe lang duurt het onderzoek"]["ids"].split()) == 1

    fields = waiting["Kan ik stoppen als ik wil?"]
    response = post(ed, f"{INBOX}/phrasing", {**fields, "entry": "withdraw"}, token_path=INBOX)
    assert response.status_code == 302 and "/staff/content/drafts/" in response.headers["Location"]
    assert set(groups(ed)) == {"hoe lang duurt het onderzoek", "Waar kan ik de auto parkeren?"}

    response = post(ed, f"{INBOX}/new-entry", waiting["hoe lang duurt het onderzoek"], token_path=INBOX)
    assert response.status_code == 302 and "/staff/content/edit?path=chat/new-" in response.headers["Location"]
    assert set(groups(ed)) == {"Waar kan ik de auto parkeren?"}

    page = post(ed, f"{INBOX}/dismiss", {"ids": waiting["Waar kan ik de auto parkeren?"]["ids"]}, token_path=INBOX,
                follow_redirects=True).get_data(as_text=True)
    assert "Questions dismissed: 1." in page and "No questions waiting." in page

    with app.app_context():
        db = get_db()
        assert sorted(r["handled_as"] for r in db.query("select handled_as from chat_inbox_handled")) == [
            "dismissed", "new_entry", "phrasing"]
        assert db["staff_drafts"].count == 2  # dismissing makes no draft
    handled = events(app, "content.inbox_handled")
    assert [(e["actor"], e["subject"].startswith("draft:"), e["details"]) for e in handled] == [
        (staff["ed"]["id"], True, '{"as":"phrasing","questions":1}'),
        (staff["ed"]["id"], True, '{"as":"new_entry","questions":1}')]
    [dismissed] = events(app, "content.inbox_dismissed")
    assert dismissed["actor"] == staff["ed"]["id"] and dismissed["details"] == '{"questions":1}'

    # the same question asked again later is a new question: back in the inbox
    record(app, [("Waar kan ik de auto parkeren?", "not_found", None)])
    assert set(groups(ed)) == {"Waar kan ik de auto parkeren?"}


def test_a_refused_action_marks_nothing_handled(app, as_user):
    ids = record(app, [("Kan ik stoppen als ik wil?", "not_found", None)])
    ed = as_user("ed")
    data = {"question": "Kan ik stoppen als ik wil?", "lang": "nl", "ids": str(ids[0]), "entry": "no-such-entry"}
    page = post(ed, f"{INBOX}/phrasing", data, token_path=INBOX, follow_redirects=True).get_data(as_text=True)
    assert "This chat entry does not exist." in page
    for ids_field in ("", "abc", "-1 0"):
        page = post(ed, f"{INBOX}/dismiss", {"ids": ids_field}, token_path=INBOX,
                    follow_redirects=True).get_data(as_text=True)
        assert "Choose the questions to dismiss." in page
    assert set(groups(ed)) == {"Kan ik stoppen als ik wil?"}
    with app.app_context():
        assert get_db()["chat_inbox_handled"].count == 0 and get_db()["staff_drafts"].count == 0


def test_dismiss_needs_csrf_and_the_editor_or_admin_role(app, as_user, staff):
    ids = record(app, [("Waar kan ik de auto parkeren?", "not_found", None)])
    ed = as_user("ed")
    assert ed.post(f"{INBOX}/dismiss", data={"ids": str(ids[0])}).status_code == 400  # no CSRF token
    cli = as_user("cli")
    assert cli.get(INBOX).status_code == 403
    assert post(cli, f"{INBOX}/dismiss", {"ids": str(ids[0])}, token_path="/staff/").status_code == 403
    anonymous = app.test_client()
    response = anonymous.post(f"{INBOX}/dismiss", data={"ids": str(ids[0])})
    assert response.status_code in (302, 400) and not events(app, "content.inbox_dismissed")
    assert set(groups(ed)) == {"Waar kan ik de auto parkeren?"}
    # the admin may
    adam = as_user("adam")
    assert post(adam, f"{INBOX}/dismiss", {"ids": str(ids[0])}, token_path=INBOX).status_code == 302
    assert groups(ed) == {}


def test_questions_handled_longer_ago_than_the_retention_period_are_deleted(app, as_user):
    ids = record(app, [(f"Vraag over onderwerp {word}?", "not_found", None)
                       for word in ("alfa", "bravo", "charlie", "delta")])
    today = date.today()
    with app.app_context():
        db = get_db()
        with db.conn:
            chat_inbox.mark_handled(db, [ids[0]], "dismissed", today=today - timedelta(days=181))
            chat_inbox.mark_handled(db, [ids[1]], "phrasing", today=today - timedelta(days=179))
            chat_inbox.mark_handled(db, [ids[2]], "new_entry", today=today)
    ed = as_user("ed")
    ed.get(INBOX)  # the inbox applies the retention rule (default 180 days) when it is opened
    with app.app_context():
        db = get_db()
        assert [r["id"] for r in db.query("select id from chat_inbox order by id")] == ids[1:]
        assert [r["question_id"] for r in db.query("select question_id from chat_inbox_handled order by 1")] == ids[1:3]
    app.config["INBOX_RETENTION_DAYS"] = 30
    ed.get(INBOX)
    with app.app_context():
        assert [r["id"] for r in get_db().query("select id from chat_inbox order by id")] == ids[2:]


def test_marking_handled_ignores_unknown_and_already_handled_questions(app):
    ids = record(app, [("Waar kan ik de auto parkeren?", "not_found", None), ("Mag ik mee?", "not_found", None)])
    with app.app_context():
        db = get_db()
        with db.conn:
            assert chat_inbox.mark_handled(db, [ids[0], 999999], "dismissed") == 1
            assert chat_inbox.mark_handled(db, ids, "phrasing") == 1
        assert [q["id"] for q in chat_inbox.questions(db)] == []
        assert dict(db.execute("select question_id, handled_as from chat_inbox_handled").fetchall()) == {
            ids[0]: "dismissed", ids[1]: "phrasing"}


def test_the_inbox_shows_fifty_groups_a_page(app, as_user):
    rng = random.Random(3)
    words = ["".join(rng.choice("bcdfghklmnprstvz") + rng.choice("aeiou") for _ in range(4)) for _ in range(360)]
    with app.app_context():
        db = get_db()
        with db.conn:
            db.conn.executemany("INSERT INTO chat_inbox (asked_on, lang, kind, question) VALUES (?, 'nl', 'not_found', ?)",
                                [("2026-01-01", " ".join(words[i:i + 3])) for i in range(0, 360, 3)])
    ed = as_user("ed")
    first = BeautifulSoup(ed.get(INBOX).data, "html.parser")
    assert len(first.select(".inbox-group")) == 50
    assert "120 questions waiting, in 120 groups." in first.get_text()
    assert "Page 1 of 3" in first.select_one("nav.pager").get_text()
    assert first.select_one("nav.pager a[rel=next]")["href"] == f"{INBOX}?page=2"
    assert first.select_one("nav.pager a[rel=prev]") is None
    last = BeautifulSoup(ed.get(f"{INBOX}?page=3").data, "html.parser")
    assert len(last.select(".inbox-group")) == 20 and last.select_one("nav.pager a[rel=next]") is None
    assert last.select_one("nav.pager a[rel=prev]")["href"] == f"{INBOX}?page=2"
    assert last.select_one("input[name=page]")["value"] == "3"
    seen = {g.select_one(".inbox-question").get_text() for p in (1, 2, 3)
            for g in BeautifulSoup(ed.get(f"{INBOX}?page={p}").data, "html.parser").select(".inbox-group")}
    assert len(seen) == 120
    for path in (f"{INBOX}?page=99", f"{INBOX}?page=x", f"{INBOX}?page=-1"):
        assert ed.get(path).status_code == 200
    assert "Page 3 of 3" in ed.get(f"{INBOX}?page=99").get_data(as_text=True)
    for lang in ("nl", "en"):  # one h1, unique ids, every control labelled by a unique id
        soup = check_page(ed.get(f"{INBOX}?page=2&lang={lang}").get_data(as_text=True), lang)
        for control in soup.select(".inbox-group input[type=text]"):
            assert soup.select_one(f"label[for={control['id']}]") is not None
    # a dismiss from page 2 returns to page 2
    response = post(ed, f"{INBOX}/dismiss", {"ids": "1", "page": "2"}, token_path=INBOX)
    assert response.headers["Location"].endswith(f"{INBOX}?page=2")


def test_an_entry_can_be_chosen_by_its_title(app, as_user):
    ids = record(app, [("Kan ik stoppen als ik wil?", "not_found", None)])
    with app.app_context():
        db = get_db()
        mapping = drafts.version_mapping(db, drafts.live_version(db)["id"])
    title = parse(mapping["nl/chat/withdraw.md"])[0]["title"]
    ed = as_user("ed")
    response = post(ed, f"{INBOX}/phrasing", {"question": "Kan ik stoppen als ik wil?", "lang": "nl",
                                             "ids": str(ids[0]), "entry": f"  {title.upper()} "}, token_path=INBOX)
    assert response.status_code == 302
    draft_id = int(response.headers["Location"].rsplit("/", 1)[1])
    with app.app_context():
        assert list(drafts.changed_files(get_db(), draft_id)) == ["nl/chat/withdraw.md"]


def test_every_inbox_string_has_dutch():
    with open(ROOT / "translations/nl/LC_MESSAGES/staff.po", "rb") as fh:
        dutch = {m.id: m.string for m in read_po(fh) if m.id}
    found = set()
    for path, method in [("companion/staff/inbox.py", "python"), ("companion/templates/staff/inbox.html", "jinja2")]:
        options = {"extensions": "jinja2.ext.i18n"} if method == "jinja2" else {}
        found |= {m[1] if isinstance(m[1], str) else m[1][0]
                  for m in extract_from_file(method, str(ROOT / path), options=options)}
    found.add("Questions dismissed: %(n)s.")
    assert found and all(dutch.get(msgid) for msgid in found), sorted(m for m in found if not dutch.get(m))
