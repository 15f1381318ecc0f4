"""Every content file has its twin in the other language, for all four readers, and content check passes."""
import re
from pathlib import Path

import pytest

from companion.content.files import READERS, read_tree

CONTENT = Path(__file__).resolve().parents[2] / "content"


def rel_paths(lang):
    return {f.rel_path for f in read_tree(CONTENT) if f.lang == lang}


def test_every_dutch_file_has_an_english_twin_and_back():
    nl, en = rel_paths("nl"), rel_paths("en")
    assert nl - en == set(), f"Dutch without English: {sorted(nl - en)}"
    assert en - nl == set(), f"English without Dutch: {sorted(en - nl)}"


@pytest.mark.parametrize("reader", READERS)
def test_each_reader_has_information_in_both_languages(reader):
    for lang in ("nl", "en"):
        assert any(p.startswith(f"info/{reader}/") for p in rel_paths(lang)), f"{lang}: no {reader} sections"


def test_glossary_has_the_required_terms():
    required = {"sepsis", "hyperinflammation", "anakinra", "interleukin-1", "ferritin", "phoenix-sepsis-score",
                "phoenix-8", "icu", "hct", "alt", "bilirubin", "vasoactive-medicines", "vis", "crrt", "ecmo",
                "ventilator", "historical-comparison-group", "placebo", "investigational-medicine",
                "ethics-committee", "informed-consent", "assent", "pseudonymised"}
    for lang in ("nl", "en"):
        have = {Path(p).stem for p in rel_paths(lang) if p.startswith("glossary/")}
        assert required <= have, f"{lang} glossary lacks {sorted(required - have)}"


def test_content_check_passes(runner):
    result = runner.invoke(args=["content", "check", "--quiet"])
    assert result.exit_code == 0, result.output[-3000:]
    *_, summary, facts = result.output.strip().splitlines()
    assert summary.startswith("ok:") and re.fullmatch(r"site facts: \d+ unfilled", facts)
