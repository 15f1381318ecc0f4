"""Item states in Dutch and English: up to date, missing, outdated, placeholders, readability."""
from companion.content.files import ContentFile, text_hash
from companion.staff.overview import counts, filter_items, item_states


def pair(nl_body="Hallo.", en_body="Hello.", stamp=True, rel="info/parents/x.md"):
    nl = ContentFile("nl", rel, {"slug": "x", "title": "X"}, nl_body)
    en = ContentFile("en", rel, {"slug": "x", "title": "X"}, en_body)
    if stamp:
        nl.meta["translation_of"] = text_hash(en.meta, en.body)
        en.meta["translation_of"] = text_hash(nl.meta, nl.body)
    return nl, en


def states(files):
    return {i.rel_path: {lang: s.state for lang, s in i.sides.items()} for i in item_states(files)}


def test_a_stamped_pair_is_up_to_date():
    assert states(list(pair())) == {"info/parents/x.md": {"nl": "up_to_date", "en": "up_to_date"}}


def test_changing_the_dutch_makes_the_english_outdated():
    nl, en = pair()
    nl.body = "Nieuwe tekst."
    assert states([nl, en])["info/parents/x.md"] == {"nl": "up_to_date", "en": "outdated"}
    items = item_states([nl, en])
    assert "outdated" in items[0].flags and "up_to_date" not in items[0].flags


def test_changing_the_english_makes_the_dutch_outdated():
    nl, en = pair()
    en.meta["title"] = "Other title"
    assert states([nl, en])["info/parents/x.md"] == {"nl": "outdated", "en": "up_to_date"}


def test_missing_and_unstamped():
    nl, _ = pair()
    assert states([nl])["info/parents/x.md"] == {"nl": "up_to_date", "en": "missing"}
    assert states(list(pair(stamp=False)))["info/parents/x.md"] == {"nl": "not_stamped", "en": "not_stamped"}


def test_placeholders_readability_and_filters():
    long_nl = " ".join(["Onwaarschijnlijkheidsberekeningen ondersteunen wetenschappelijke onderzoeksinstellingen"] * 8) + "."
    files = [*pair("Bel [[placeholder: telefoonnummer]] .", "Call [[placeholder: phone]] ."),
             *pair(long_nl, "Hello.", rel="chat/y.md")]
    items = item_states(files)
    by_path = {i.rel_path: i for i in items}
    assert by_path["info/parents/x.md"].sides["nl"].placeholders == 1
    assert "placeholders" in by_path["info/parents/x.md"].flags
    assert by_path["chat/y.md"].sides["nl"].below_target
    assert [i.rel_path for i in filter_items(items, state="readability")] == ["chat/y.md"]
    assert [i.rel_path for i in filter_items(items, group="chat")] == ["chat/y.md"]
    assert [i.rel_path for i in filter_items(items, group="info/parents")] == ["info/parents/x.md"]
    assert counts(items)["placeholders"] == 1


def test_overview_page_filters(app, as_user):
    client = as_user("ed")
    html = client.get("/staff/content?group=info/parents").get_data(as_text=True)
    assert "info/parents/purpose.md" in html and "chat/" not in html.split("<tbody>")[1]
    assert client.get("/staff/content?state=nonsense&group=%3Cscript%3E").status_code == 200


def test_overview_of_a_draft_marks_and_filters_its_changes(app, as_user):
    from tests.staff.conftest import save_edit
    ed = as_user("ed")
    response = save_edit(ed, "info/parents/purpose.md", {"nl": {"title": "Doel", "body": "Nieuw."}})
    draft = response.headers["Location"].split("draft=")[1]
    from bs4 import BeautifulSoup
    soup = BeautifulSoup(ed.get(f"/staff/content?draft={draft}&changed=1").data, "html.parser")
    rows = soup.select("tr.item-row")
    assert [r["data-path"] for r in rows] == ["info/parents/purpose.md"]
    assert rows[0].select_one(".changed-mark") is not None
    assert rows[0].select_one('td[data-lang="en"]')["data-state"] == "outdated"
    live = BeautifulSoup(ed.get("/staff/content?changed=1").data, "html.parser")
    assert len(live.select("tr.item-row")) > 100 and not live.select(".changed-mark")


def test_placeholders_in_timeline_items_count_like_the_content_check():
    """The overview reads the same texts as the content check, front-matter items included: the
    timeline's items name a site fact (the number of treatment days), and a free-text placeholder
    there would be counted."""
    from companion.content.files import read_tree
    from companion.content.check import texts_of
    from companion.content.markers import site_names
    from companion.content.render import placeholders
    from companion.config import ROOT

    files = [f for f in read_tree(ROOT / "content") if f.kind == "timeline"]
    facts_in_items = {(f.lang, f.rel_path): sum(len(site_names(t)) for label, t in texts_of(f) if label)
                      for f in files}
    assert any(facts_in_items.values()), "the timeline's items name a site fact (the number of treatment days)"
    planted = files[0]
    planted.meta = {**planted.meta, "summary": "Bel [[placeholder: telefoonnummer]]."}
    in_items = {(f.lang, f.rel_path): sum(len(placeholders(t)) for label, t in texts_of(f) if label)
                for f in files}
    assert in_items[(planted.lang, planted.rel_path)] == 1
    for item in item_states(files):
        for lang, side in item.sides.items():
            f = side.file
            assert side.placeholders == in_items[(lang, item.rel_path)] + len(placeholders(f.body))


def test_a_changed_section_marks_its_chat_answers_for_review_in_the_overview():
    from companion.config import ROOT
    from companion.content.files import read_tree

    files = [f for f in read_tree(ROOT / "content") if not f.problems]
    items = {i.rel_path: i for i in item_states(files)}
    assert "review" not in items["chat/what-is-the-study.md"].flags
    for f in files:
        if f.rel_path == "info/parents/purpose.md" and f.lang == "nl":
            f.body += "\nEen nieuwe zin.\n"
    items = {i.rel_path: i for i in item_states(files)}
    flagged = items["chat/what-is-the-study.md"]
    assert "review" in flagged.flags
    assert flagged.sides["nl"].review == "info/parents/purpose.md" and not flagged.sides["en"].review
    assert counts(list(items.values()))["review"] >= 2
