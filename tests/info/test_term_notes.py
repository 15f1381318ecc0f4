"""A glossary term's explanation in place (content/render.py term_note), without Flask."""
from bs4 import BeautifulSoup

from companion.content.render import LinkContext, render

EXPLAIN = {"ferritin": "<p>Een stof in het bloed.</p>", "vis": "<p>Een getal voor de bloeddruk.</p>"}


def context(notes=True, prefix=""):
    return LinkContext("nl", glossary={"ferritin": ("Ferritine", []), "vis": ("VIS", ["VIS-score"])},
                       term_urls={t: f"/nl/glossary#term-{t}" for t in EXPLAIN}, id_prefix=prefix,
                       explain=EXPLAIN.get if notes else None)


def soup(body, ctx, linked=None):
    return BeautifulSoup(render(body, ctx, linked), "html.parser")


def test_the_note_follows_the_paragraph_and_the_word_points_to_it():
    page = soup("We meten het ferritine. En de VIS.\n\nDaarna weer ferritine.", context())
    first = page.find("p")
    assert [a["href"] for a in first.select("a.term")] == ["#explain-ferritin", "#explain-vis"]
    notes = page.select("details.term-note")
    assert [n.find_previous_sibling("p") for n in notes] == [first, first]  # after, never inside, the <p>
    assert notes[0].summary.get_text() == "ferritine: wat betekent dat?"
    assert notes[0].select_one("#explain-ferritin").get_text(" ", strip=True).startswith("Een stof in het bloed.")
    assert notes[0].select_one(".term-note-more a")["href"] == "/nl/glossary#term-ferritin"
    assert len(notes) == 2  # the second "ferritine" is not explained again


def test_in_a_list_and_a_table_the_note_stays_in_its_item_or_cell():
    page = soup("- de VIS-score\n- iets anders\n\n| a |\n|---|\n| ferritine |\n", context())
    assert page.select_one("li details.term-note .term-note-word").get_text() == "VIS-score"
    assert page.select_one("td details.term-note #explain-ferritin")


def test_a_handwritten_link_gets_its_own_words_in_the_summary():
    page = soup("Het [eiwit in het bloed](glossary:ferritin) is hoog.", context())
    assert page.select_one(".term-note-word").get_text() == "eiwit in het bloed"


def test_no_notes_where_they_are_not_asked_for():
    page = soup("We meten het ferritine.", context(notes=False))
    assert page.select_one("a.term")["href"] == "/nl/glossary#term-ferritin" and not page.select("details")


def test_a_shared_linked_set_and_a_prefix_keep_ids_unique():
    linked = set()
    one = render("ferritine", context(prefix="a-"), linked)
    two = render("ferritine en VIS", context(prefix="b-"), linked)
    assert 'id="a-explain-ferritin"' in one and "explain-ferritin" not in two and 'id="b-explain-vis"' in two
