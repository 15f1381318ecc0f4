"""The timeline content: structure, both languages, the check the CLI runs."""
import copy
import re
from pathlib import Path

import pytest

from companion.timeline.content import (
    ITEM_KINDS, Doc, check_timeline, front_matter_texts, load_timelines, plain_text, read_docs,
    structure,
)

CONTENT = Path(__file__).resolve().parents[2] / "content"


@pytest.fixture(scope="module")
def timelines():
    return load_timelines(CONTENT)


def docs():
    return [d for lang in ("nl", "en") for d in read_docs(CONTENT, lang)]


def test_same_files_in_both_languages():
    names = {lang: sorted(p.name for p in (CONTENT / lang / "timeline").glob("*.md"))
             for lang in ("nl", "en")}
    assert names["nl"] == names["en"]
    assert len(names["nl"]) == 5


def test_day_0_to_28_in_both_languages(timelines):
    for lang in ("nl", "en"):
        assert [d.day for d in timelines[lang].days] == list(range(29))


def test_structure_identical_in_both_languages(timelines):
    assert structure(timelines["nl"]) == structure(timelines["en"])


def test_the_real_content_passes_the_check():
    assert check_timeline(docs()) == []


def test_milestones_are_the_titled_days(timelines):
    for lang in ("nl", "en"):
        assert [d.day for d in timelines[lang].days if d.milestone] == [0, 3, 7, 28]


def test_what_the_issue_asks_for_is_there(timelines):
    tl = timelines["en"]
    text = {d.day: " ".join(plain_text(i.text, "en") for i in d.items) for d in tl.days}
    kinds = {d.day: {i.kind for i in d.items} for d in tl.days}
    assert "anakinra" in text[0] and "8 mg" in text[0]
    for n in range(8):
        assert "Phoenix-8" in text[n], n
        assert "CRRT" in text[n] and "ECMO" in text[n], n
    for n in range(29):
        assert "treatment" in kinds[n] and "ALT" in text[n] and "infections" in text[n]
    assert "compare" in text[3] and "compare" in text[7]
    assert "VIS" in text[7]
    for words in ("alive", "ventilator", "blood pressure", "ICU"):
        assert words in text[28]
    # number of treatment days and leaving early are for the study team: site facts they fill in
    for lang in ("nl", "en"):
        t = timelines[lang]
        assert all("[[site:treatment_days]]" in d.items[0].text for d in t.days[1:])
        assert "[[site:leaving_icu]]" in t.intro_body


def test_kinds_come_from_the_contract(timelines):
    for lang in ("nl", "en"):
        for d in timelines[lang].days:
            assert {i.kind for i in d.items} <= set(ITEM_KINDS)


def test_glossary_links_use_known_ids():
    """The terms the timeline needs are in the glossary (content check also checks every link)."""
    for lang in ("nl", "en"):
        known = {p.stem for p in (CONTENT / lang / "glossary").glob("*.md")}
        assert {"anakinra", "phoenix-8", "alt", "bilirubin", "vis", "crrt", "ecmo"} <= known
        for path in (CONTENT / lang / "timeline").glob("*.md"):
            for gid in re.findall(r"\]\(glossary:([^)]+)\)", path.read_text()):
                assert gid in known, (path, gid)


def test_plain_text_strips_links_and_says_who_fills_in_a_placeholder():
    assert plain_text("Give [anakinra](glossary:anakinra) **once**.", "en") == "Give anakinra once."
    assert plain_text("See [costs](info:costs)", "en") == "See costs"
    assert plain_text("Days: [[placeholder: number_of_days]].", "en") == \
        "Days: (to be completed by the study team: number_of_days)."
    assert plain_text("Dagen: [[placeholder: aantal behandeldagen]].", "nl") == \
        "Dagen: (aan te vullen door het onderzoeksteam: aantal behandeldagen)."


def test_front_matter_texts_name_every_text_and_skip_what_is_malformed():
    meta = {"title": "Day 3", "summary": "Short.", "every_day": [{"kind": "test", "text": "A"}, "junk"],
            "days": [{"day": 3, "title": "Compare", "items": [{"kind": "score", "text": "B"}]}, 7]}
    assert front_matter_texts(meta) == [
        ("title", "Day 3"), ("summary", "Short."), ("every_day[0]", "A"),
        ("days[0].title", "Compare"), ("days[0].items[0]", "B")]
    assert front_matter_texts({"every_day": "not a list", "days": {"x": 1}}) == []


def _mutate(fn):
    all_docs = docs()
    out = []
    for d in all_docs:
        meta = copy.deepcopy(d.meta)
        fn(d, meta)
        out.append(Doc(lang=d.lang, name=d.name, meta=meta, body=d.body))
    return out


def test_check_finds_a_kind_missing_in_one_language():
    def drop(d, meta):
        if d.lang == "en" and d.name == "days-4-7":
            meta["days"][0]["items"].pop()
    problems = check_timeline(_mutate(drop))
    assert problems and all("day 7" in p for p in problems)


def test_check_finds_a_milestone_title_in_one_language():
    def drop(d, meta):
        if d.lang == "nl" and d.name == "days-1-3":
            del meta["days"][0]["title"]
    assert any("day 3" in p and "title" in p for p in check_timeline(_mutate(drop)))


@pytest.mark.parametrize("change, expected", [
    (lambda m: m["every_day"][0].update(kind="injection"), "kind 'injection'"),
    (lambda m: m["every_day"][0].update(text=" "), "text is missing"),
    (lambda m: m.update(last_day=4), "first_day/last_day"),
    (lambda m: m.update(phase="days-9-10"), "phase 'days-9-10'"),
    (lambda m: m["days"].append({"day": 12, "items": []}), "day must be a number from 1 to 3"),
    (lambda m: m.pop("summary"), "summary is missing"),
])
def test_check_finds_broken_files(change, expected):
    def apply(d, meta):
        if d.lang == "en" and d.name == "days-1-3":
            change(meta)
    problems = check_timeline(_mutate(apply))
    assert any(expected in p for p in problems), problems


def test_check_finds_a_missing_phase_file():
    kept = [d for d in docs() if not (d.lang == "nl" and d.name == "days-8-28")]
    assert any("days-8-28" in p for p in check_timeline(kept))


def test_check_accepts_content_items_as_dicts_and_ignores_other_kinds():
    items = [{"lang": d.lang, "path": f"{d.lang}/timeline/{d.name}.md", "meta": d.meta,
              "body": d.body} for d in docs()]
    items.append({"lang": "nl", "path": "nl/glossary/sepsis.md", "meta": {}, "body": "x"})
    assert check_timeline(items) == []
