"""The editors' diff (companion/staff/wordiff.py): words, not lines or hashes; both languages of an item."""
import re

from bs4 import BeautifulSoup

from companion.staff.wordiff import item_diffs, text_rows, words


def test_words_mark_only_what_changed_and_rebuild_both_texts():
    old, new = "De zorg gaat door na dag 28.", "De zorg gaat gewoon door na dag 29."
    pieces = words(old, new)
    assert ("ins", "gewoon ") in pieces and ("del", "28.") in pieces and ("ins", "29.") in pieces
    assert "".join(t for op, t in pieces if op != "ins") == old
    assert "".join(t for op, t in pieces if op != "del") == new


def test_a_long_unchanged_text_is_folded_around_the_change():
    old = "\n".join(f"Regel {n}." for n in range(40))
    new = old.replace("Regel 20.", "Regel twintig.")
    rows = text_rows(old, new)
    assert rows[0] == ("skip", 18) and rows[-1] == ("skip", 17)
    assert ("text", [("same", "Regel "), ("del", "20."), ("ins", "twintig.")]) in rows


NL = "---\nslug: x\ntitle: {title}\ntranslation_of: {hash}\nkey_points:\n- Een\n- {point}\n---\nDe tekst {word}.\n"
EN = "---\nslug: x\ntitle: Title\ntranslation_of: {hash}\n---\nThe text.\n"


def test_items_pair_the_languages_and_never_show_hashes():
    old = {"nl/info/parents/x.md": NL.format(title="Oud", hash="9c1f00aa11bb22cc", point="Twee", word="hier"),
           "en/info/parents/x.md": EN.format(hash="0123456789abcdef"),
           "nl/info/parents/y.md": NL.format(title="Zelfde", hash="aaaaaaaaaaaaaaaa", point="Twee", word="hier")}
    new = {"nl/info/parents/x.md": NL.format(title="Nieuw", hash="ffffeeeeddddcccc", point="Drie", word="daar"),
           "en/info/parents/x.md": EN.format(hash="fedcba9876543210"),  # only its stamp changed
           "nl/info/parents/y.md": NL.format(title="Zelfde", hash="bbbbbbbbbbbbbbbb", point="Twee", word="hier")}
    diffs = item_diffs(old, new)
    assert [d.path for d in diffs] == ["info/parents/x.md"]  # y: only a translation stamp changed
    item = diffs[0]
    assert item.title == "Nieuw" and item.per_language
    assert item.sides["nl"].status == "changed" and item.sides["en"].status == "same"
    assert [f.name for f in item.sides["nl"].fields] == ["title", "body", "key_points"]
    text = repr(diffs)
    for digest in ("9c1f00aa11bb22cc", "ffffeeeeddddcccc", "0123456789abcdef", "fedcba9876543210"):
        assert digest not in text


def test_added_removed_and_non_language_files():
    diffs = {d.path: d for d in item_diffs({"nl/chat/a.md": "---\ntitle: A\n---\nWeg.\n", "synonyms.yaml": "a: [b]\n"},
                                           {"en/chat/b.md": "---\ntitle: B\n---\nNew.\n", "synonyms.yaml": "a: [c]\n"})}
    assert diffs["chat/a.md"].sides["nl"].status == "removed" and diffs["chat/a.md"].sides["en"].status == "absent"
    assert diffs["chat/b.md"].sides["en"].status == "added"
    assert not diffs["synonyms.yaml"].per_language and diffs["synonyms.yaml"].sides[""].status == "changed"


def test_the_diff_macro_labels_changes_in_words_and_sets_the_language(app):
    from flask import render_template_string

    old = {"nl/info/parents/x.md": NL.format(title="Oud", hash="9c1f00aa11bb22cc", point="Twee", word="hier"),
           "en/info/parents/x.md": EN.format(hash="0123456789abcdef")}
    new = {"nl/info/parents/x.md": NL.format(title="Oud", hash="ffffeeeeddddcccc", point="Twee", word="daar"),
           "en/info/parents/x.md": EN.format(hash="fedcba9876543210").replace("The text.", "The new text.")}
    from flask_babel import force_locale

    with app.test_request_context("/staff/content/diff"), force_locale("en"):
        html = render_template_string('{% from "staff/_macros.html" import diff_block %}{{ diff_block(diff) }}',
                                      diff=item_diffs(old, new))
    soup = BeautifulSoup(html, "html.parser")
    sides = soup.select(".item-diff .diff-side")
    assert [s["lang"] for s in sides] == ["nl", "en"]
    removed, added = sides[0].select("del"), sides[1].select("ins")
    assert removed[0].get_text() == "removed: hier." and added[0].get_text() == "added: new "
    assert removed[0].select_one(".visually-hidden") and added[0].select_one(".visually-hidden")
    assert not re.search(r"\b[0-9a-f]{16}\b", soup.get_text())
