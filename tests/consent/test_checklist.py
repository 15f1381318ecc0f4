"""The checklist content: both languages, every required topic, valid prompts and checks."""
from pathlib import Path

import pytest

from companion.config import ROOT
from companion.consent import checklist
from companion.content.files import read_tree

from .dbhelp import make_db


@pytest.fixture(scope="module")
def files():
    return [f for f in read_tree(ROOT / "content") if f.kind == "checklist"]


def test_checklist_content_has_no_problems(files):
    assert checklist.check_checklist(files) == []


def test_every_dutch_item_has_an_english_twin(files):
    nl = {f.rel_path for f in files if f.lang == "nl"}
    en = {f.rel_path for f in files if f.lang == "en"}
    assert nl == en
    assert {Path(p).stem for p in nl} >= set(checklist.REQUIRED_SLUGS)


def test_check_finds_broken_items(files):
    broken = [f for f in files if not (f.slug == "purpose" and f.lang == "nl")]
    bad = next(f for f in files if f.slug == "purpose" and f.lang == "nl")
    meta = dict(bad.meta, section="nowhere", key_points=[], check_question={"question": "?", "options": ["a"],
                                                                             "correct": 3, "explanation": ""})
    broken.append(type(bad)(bad.lang, bad.rel_path, meta, bad.body))
    problems = checklist.check_checklist(broken)
    text = "\n".join(problems)
    assert "section must be one of" in text
    assert "key_points" in text
    assert "at least two answers" in text
    assert "explanation missing" in text
    assert "en/checklist/purpose.md: required checklist item is missing" not in text
    assert "differ between languages" in text


def test_items_load_from_the_stored_version_in_order(tmp_path):
    db, version = make_db(tmp_path / "c.sqlite")
    for lang in ("nl", "en"):
        items = checklist.load_items(db, version["id"], lang)
        assert [i.slug for i in items][:3] == ["purpose", "voluntary", "stopping"]
        assert len(items) == len(checklist.REQUIRED_SLUGS)
        assert all(i.teach_back and i.key_points for i in items)
        assert all(i.check and 0 <= i.check.correct < len(i.check.options) for i in items)
    nl = checklist.by_slug(checklist.load_items(db, version["id"], "nl"))
    assert "8 mg per kilo" in " ".join(nl["treatment"].key_points)
    assert checklist.load_items(db, version["id"] + 999, "nl") == ()
