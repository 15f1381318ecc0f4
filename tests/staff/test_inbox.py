"""Question inbox: alike questions grouped and counted; both actions make drafts."""
from bs4 import BeautifulSoup

from companion.chat import inbox as chat_inbox
from companion.content.files import parse
from companion.db import get_db
from companion.staff import drafts
from companion.staff.inbox import group_questions
from companion.staff.overview import item_states
from tests.staff.conftest import post


def test_alike_questions_are_grouped_and_counted():
    rows = [{"question": q, "lang": "nl", "kind": k} for q, k in [
        ("Mag mijn kind daarna naar huis?", "not_found"),
        ("mag mijn kind daarna naar huis", "not_found"),
        ("Mag mijn kind daarna naar huis??", "not_helpful"),
        ("Wat kost het?", "not_found"),
    ]] + [{"question": "Can my child go home afterwards?", "lang": "en"}, {"question": "  ", "lang": "nl"}]
    groups = group_questions(rows)
    assert [(g.question, g.count) for g in groups] == [
        ("Mag mijn kind daarna naar huis?", 3), ("Can my child go home afterwards?", 1), ("Wat kost het?", 1)]
    assert groups[0].kinds == {"not_found": 2, "not_helpful": 1} and len(groups[0].wordings) == 3


def test_the_representative_is_the_most_asked_wording():
    rows = [{"id": 1, "question": "Hoe lang duurt het?", "lang": "nl"}] + [  # the newest, asked once
        {"id": i, "question": q, "lang": "nl"} for i, q in [
            (2, "hoe lang duurt het onderzoek"), (3, "Hoe lang duurt het onderzoek?"),
            (4, "Hoe lang duurt het onderzoek?"), (5, "Hoe lang duurt het onderzoek??")]]
    [group] = group_questions(rows)
    assert group.question == "Hoe lang duurt het onderzoek?" and group.count == 5
    assert group.wordings[0] == "Hoe lang duurt het onderzoek?" and sorted(group.ids) == [1, 2, 3, 4, 5]


def test_typos_and_extra_words_still_group_and_different_questions_do_not():
    rows = [{"question": q, "lang": "nl"} for q in [
        "bijwerkingen", "bijwerkignen", "wat zijn de bijwerkingen", "Welke bijwerkingen heeft anakinra eigenlijk?",
        "welke bijwerkingen heeft anakinra", "Wat kost het parkeren?", "wat kost parkeren",
        "mag ik bij mijn kind slapen", "bijwerkingen"]]
    groups = {g.question: (g.count, g.wordings) for g in group_questions(rows)}
    assert groups == {
        "bijwerkingen": (6, ["bijwerkingen", "bijwerkignen", "wat zijn de bijwerkingen",
                             "Welke bijwerkingen heeft anakinra eigenlijk?", "welke bijwerkingen heeft anakinra"]),
        "Wat kost het parkeren?": (2, ["Wat kost het parkeren?", "wat kost parkeren"]),
        "mag ik bij mijn kind slapen": (1, ["mag ik bij mijn kind slapen"])}


def record_questions(app):
    with app.app_context():
        db = get_db()
        for question, kind, entry in [("Hoe lang duurt het onderzoek?", "not_found", None),
                                      ("hoe lang duurt het onderzoek", "not_found", None),
                                      ("Kan ik stoppen als ik wil?", "not_helpful", "withdraw")]:
            chat_inbox.record(db, lang="nl", kind=kind, question=question, candidates=[], entry=entry)
        db.conn.commit()


def test_inbox_page_shows_groups_with_counts(app, as_user):
    record_questions(app)
    soup = BeautifulSoup(as_user("ed").get("/staff/content/inbox").data, "html.parser")
    groups = soup.select(".inbox-group")
    assert [g.select_one(".inbox-question").get_text(strip=True) for g in groups] == [
        "hoe lang duurt het onderzoek", "Kan ik stoppen als ik wil?"]
    assert "Asked 2 times." in groups[0].get_text()
    # one step to the entry that was not helpful; the picker is for any other entry
    assert groups[1].select_one("form.inbox-one-step input[name=entry]")["value"] == "withdraw"
    # one shared list of entries for the whole page, not a <select> of every entry in every group
    assert not soup.select(".inbox-group select") and len(soup.select("datalist")) == 1
    assert all(g.select_one("input[name=entry][type=text]")["list"] == "inbox-entries" for g in groups)
    assert "withdraw" in [o["value"] for o in soup.select("datalist#inbox-entries option")]


def test_add_as_phrasing_makes_a_draft(app, as_user, staff):
    ed = as_user("ed")
    response = post(ed, "/staff/content/inbox/phrasing",
                    {"question": "Kan ik stoppen als ik wil?", "lang": "nl", "entry": "withdraw"},
                    token_path="/staff/content/inbox")
    assert response.status_code == 302
    draft_id = int(response.headers["Location"].rsplit("/", 1)[1])
    with app.app_context():
        db = get_db()
        changed = drafts.changed_files(db, draft_id)
        meta, _ = parse(changed["nl/chat/withdraw.md"])
        assert meta["phrasings"][-1] == "Kan ik stoppen als ik wil?"
        assert drafts.get_draft(db, draft_id)["author_id"] == staff["ed"]["id"]
        # the English side must be looked at before approval (outdated, or never stamped in this content)
        items = {i.rel_path: i for i in item_states(drafts.draft_files(db, drafts.get_draft(db, draft_id)))}
        assert items["chat/withdraw.md"].sides["en"].state in ("outdated", "not_stamped")
        assert items["chat/withdraw.md"].sides["nl"].state != "up_to_date" or \
            items["chat/withdraw.md"].sides["en"].state == "outdated"
        assert list(db.query("select * from audit_events where kind = 'content.draft_created'"))
    # the same phrasing twice, an unknown entry, an empty question: clear refusals, no draft
    for data, text in [({"question": "", "entry": "withdraw"}, "The question is empty."),
                       ({"question": "x", "entry": "../etc"}, "Choose a chat entry."),
                       ({"question": "x", "entry": "no-such-entry", "lang": "nl"}, "This chat entry does not exist.")]:
        page = post(ed, "/staff/content/inbox/phrasing", data, token_path="/staff/content/inbox", follow_redirects=True)
        assert text in page.get_data(as_text=True)
    with app.app_context():
        assert get_db()["staff_drafts"].count == 1


def test_start_a_new_entry_makes_a_draft_pair(app, as_user):
    ed = as_user("ed")
    response = post(ed, "/staff/content/inbox/new-entry", {"question": "Mag ik bij mijn kind slapen?", "lang": "nl"},
                    token_path="/staff/content/inbox")
    assert response.status_code == 302 and "/staff/content/edit?path=chat/new-mag-ik-bij-mijn-kind-slapen.md" in \
        response.headers["Location"]
    page = ed.get(response.headers["Location"]).get_data(as_text=True)
    assert "Mag ik bij mijn kind slapen?" in page
    with app.app_context():
        db = get_db()
        changed = drafts.changed_files(db, 1)
        assert sorted(changed) == ["en/chat/new-mag-ik-bij-mijn-kind-slapen.md", "nl/chat/new-mag-ik-bij-mijn-kind-slapen.md"]
        # a new entry is not approvable until it has topics, titles and a real answer
        assert not drafts.check_draft(db, drafts.get_draft(db, 1)).ok


def test_a_new_entry_can_be_completed_in_the_editor_and_approved(app, as_user, staff):
    ed = as_user("ed")
    response = post(ed, "/staff/content/inbox/new-entry", {"question": "Hoe lang duurt het onderzoek?", "lang": "nl"},
                    token_path="/staff/content/inbox")
    path = "chat/new-hoe-lang-duurt-het-onderzoek.md"
    soup = BeautifulSoup(ed.get(response.headers["Location"]).data, "html.parser")
    assert soup.select_one("#topic-duration") is not None  # topics can be chosen in the editor
    data = {"path": path, "draft": "1", "action": "save", "in_sync": "1", "topics_shown": "1", "topics": ["duration"],
            "source": "when-it-ends",
            "nl_title": "Hoe lang duurt het onderzoek?",
            "nl_phrasings": "Hoe lang duurt het onderzoek?\nhoe lang duurt het\nhoeveel dagen duurt het onderzoek",
            "nl_body": "Het onderzoek duurt 28 dagen vanaf de eerste dag van de behandeling.",
            "en_title": "How long does the study last?",
            "en_phrasings": "How long does the study last?\nhow long is the study\nhow many days is the study",
            "en_body": "The study lasts 28 days from the first day of treatment."}
    assert post(ed, "/staff/content/edit", data).status_code == 302
    bad = post(ed, "/staff/content/edit", {**data, "topics": ["duration", "<script>"]})
    assert bad.status_code == 400 and "Choose topics from the list." in bad.get_data(as_text=True)
    bad = post(ed, "/staff/content/edit", {**data, "source": "../../etc"})
    assert bad.status_code == 400 and "Choose the information section" in bad.get_data(as_text=True)
    with app.app_context():
        db = get_db()
        result = drafts.check_draft(db, drafts.get_draft(db, 1))
        assert result.ok, result.new_errors
        meta, _ = parse(drafts.changed_files(db, 1)[f"en/{path}"])
        assert meta["topics"] == ["duration"]
        assert drafts.approve(db, 1, staff["eva"]["id"], "ok")["status"] == "approved"
