"""The information for young readers (16-17, 12-15, under-12) and the icons of the under-12 screens.

Checks what `content check` does not: the sections each reader must have, the "je"/"you" register,
the stricter readability aimed at children, short under-12 screens with an icon that exists, and
icons that are plain, safe, self-contained SVG.
"""
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from companion.content.check import TOPICS, readability_exclusions
from companion.content.files import read_tree
from companion.content.markers import site_names, source_ids
from companion.content.readability import measure, sentences_of

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "content"
ICONS = ROOT / "static" / "img" / "icons"
SVG_NS = "{http://www.w3.org/2000/svg}"

SECTIONS = {
    "16-17": ["introduction", "general-information", "purpose", "background", "who-can-take-part",
              "what-happens", "what-we-ask", "side-effects", "pros-and-cons", "when-it-ends",
              "after-the-study", "data-and-privacy", "costs", "insurance", "family-doctor",
              "questions", "consent"],
    "12-15": ["introduction", "why-this-study", "what-happens", "what-you-might-feel", "good-and-bad",
              "your-say", "your-data", "questions"],
    "under-12": ["hello", "the-medicine", "what-happens", "how-you-feel", "you-can-say-no", "questions"],
}
# Our own aims, stricter than the project floor (Douma 60, FRE 60, grade 8): children get simpler text.
AIM = {
    "16-17": {"nl": 70, "en": (65, 8.0)},
    "12-15": {"nl": 80, "en": (75, 6.0)},
    "under-12": {"nl": 90, "en": (80, 4.0)},
}


def youth_files():
    return [f for f in read_tree(CONTENT) if f.kind == "info" and f.reader in SECTIONS]


FILES = youth_files()
IDS = [f"{f.lang}/{f.rel_path}" for f in FILES]


@pytest.mark.parametrize("reader", SECTIONS)
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_each_reader_has_its_sections_in_order(lang, reader):
    files = sorted((f for f in FILES if f.lang == lang and f.reader == reader), key=lambda f: f.order)
    assert [f.slug for f in files] == SECTIONS[reader]
    assert len({f.order for f in files}) == len(files), "two sections share an order"


@pytest.mark.parametrize("f", FILES, ids=IDS)
def test_front_matter(f):
    assert f.meta["slug"] == f.slug
    assert f.meta["audience"] == f.reader
    assert f.meta["topics"] and set(f.meta["topics"]) <= TOPICS, f.meta["topics"]
    summary = f.meta["summary"]
    assert isinstance(summary, str) and 10 < len(summary) < 200
    assert f.title and not re.search(r"^#\s", f.body, re.M), "the page title is the h1; no # in the body"


def twin(f):
    other = "en" if f.lang == "nl" else "nl"
    return next(g for g in FILES if g.lang == other and g.rel_path == f.rel_path)


@pytest.mark.parametrize("f", [f for f in FILES if f.lang == "nl"], ids=[i for i in IDS if i.startswith("nl/")])
def test_both_languages_share_facts_links_site_facts_and_sources(f):
    g = twin(f)
    assert f.meta["topics"] == g.meta["topics"]
    assert f.meta.get("icon") == g.meta.get("icon")
    assert f.meta.get("order") == g.meta.get("order")
    assert re.findall(r"\]\((glossary|info):([^)]+)\)", f.body) == re.findall(r"\]\((glossary|info):([^)]+)\)", g.body)
    assert sorted(site_names(f.body)) == sorted(site_names(g.body))
    assert sorted(source_ids(f.body)) == sorted(source_ids(g.body))
    numbers = lambda text: sorted(re.findall(r"\d+(?:[.,-]\d+)*", re.sub(r"<!--.*?-->", "", text, flags=re.S)))
    assert numbers(f.body) == numbers(g.body)


@pytest.mark.parametrize("f", FILES, ids=IDS)
def test_addressed_to_the_young_reader(f):
    text = re.sub(r"<!--.*?-->", "", f.body, flags=re.S)
    if f.lang == "nl":
        assert not re.search(r"\b(u|uw|U|Uw)\b", text), "Dutch for young readers says je/jij, not u/uw"
        assert re.search(r"\b(je|jij|jou|jouw)\b", text, re.I)
    else:
        assert "your child" not in text.lower()
        assert re.search(r"\byou(r|rs|rself)?\b", text, re.I)


@pytest.mark.parametrize("f", FILES, ids=IDS)
def test_readability_meets_the_childrens_aim(f):
    score = measure(f.body, f.lang, readability_exclusions(CONTENT))
    aim = AIM[f.reader][f.lang]
    if f.lang == "nl":
        assert score.score >= aim, score.describe()
    else:
        assert score.score >= aim[0] and score.grade <= aim[1], score.describe()


@pytest.mark.parametrize("f", [f for f in FILES if f.reader == "under-12"],
                         ids=[i for i in IDS if "/under-12/" in i])
def test_under_12_screens_are_short_and_have_an_icon(f):
    sentences = sentences_of(f.body)
    assert 2 <= len(sentences) <= 9
    for s in sentences:
        assert len(s.split()) <= 12, f"too long for a young child: {s!r}"
    assert "##" not in f.body and "[[placeholder" not in f.body
    # a site fact's missing sentence is written for adults: an under-12 screen names none
    assert not site_names(f.body)
    icon = f.meta.get("icon")
    assert icon and re.fullmatch(r"[a-z0-9-]+", icon)
    assert (ICONS / f"{icon}.svg").is_file(), f"missing static/img/icons/{icon}.svg"


ALLOWED_ELEMENTS = {"svg", "g", "rect", "circle", "ellipse", "path", "line", "polyline", "polygon"}
ALLOWED_ATTRS = {"xmlns", "viewBox", "width", "height", "aria-hidden", "focusable", "x", "y", "rx", "ry",
                 "cx", "cy", "r", "d", "points", "x1", "y1", "x2", "y2", "fill", "stroke", "stroke-width",
                 "stroke-linecap", "stroke-linejoin", "opacity", "fill-opacity", "transform"}
COLOUR = re.compile(r"#[0-9a-fA-F]{6}|none")
SVGS = sorted(ICONS.glob("*.svg"))


def test_there_are_icons_to_choose_from():
    names = {p.stem for p in SVGS}
    assert {"hospital-bed", "drip", "doctor", "speech-bubble", "hand-stop", "question-mark",
            "heart", "thermometer"} <= names


@pytest.mark.parametrize("svg", SVGS, ids=[p.name for p in SVGS])
def test_icon_is_plain_safe_svg(svg):
    raw = svg.read_text(encoding="utf-8")
    assert "<!DOCTYPE" not in raw and "<?xml-stylesheet" not in raw
    root = ET.fromstring(raw)
    assert root.tag == SVG_NS + "svg"
    assert root.get("viewBox") == "0 0 64 64"
    shapes = 0
    for el in root.iter():
        name = el.tag.removeprefix(SVG_NS)
        assert el.tag.startswith(SVG_NS) and name in ALLOWED_ELEMENTS, f"element {el.tag} not allowed"
        for attr, value in el.attrib.items():
            assert attr in ALLOWED_ATTRS, f"attribute {attr} on <{name}> not allowed"
            if attr in ("fill", "stroke"):
                assert COLOUR.fullmatch(value), f"{attr}={value!r}: use a #rrggbb colour"
            assert "url(" not in value and "javascript" not in value.lower()
        assert not (el.text or "").strip(), "no text in icons"
        shapes += name != "svg" and name != "g"
    assert shapes >= 3
    assert len(raw) < 4000, "keep icons small"
