"""Issue 12's content-check rules: one truth per fact, review after a section changes, site facts
and sources that exist, no source hidden in a comment. Each test plants one problem."""
from pathlib import Path

import pytest

from companion import create_app
from companion.content.check import check_files, check_tree
from companion.content.files import read_tree, serialise, text_hash
from companion.content.truth import STAMP, section_stamp

SECTION_NL = "Een ernstige infectie komt vaak voor. [[source:smpc-4.8]] Bel ons: [[site:study_team_phone_day]]\n"
SECTION_EN = "A serious infection is common. [[source:smpc-4.8]] Call us: [[site:study_team_phone_day]]\n"
ANSWER_NL = "Een ernstige infectie komt vaak voor. Het team let daarop.\n"
ANSWER_EN = "A serious infection is common. The team watches for it.\n"
FACTS = """facts:
  study_team_phone_day:
    kind: phone
    label: {nl: "Telefoon overdag", en: "Phone by day"}
    missing: {nl: "Vraag de verpleegkundige naar het nummer.", en: "Ask the nurse for the number."}
"""
SOURCES = """sources:
  smpc-4.8:
    title: {nl: "SmPC rubriek 4.8", en: "SmPC section 4.8"}
"""


def write(root: Path, lang: str, rel: str, meta: dict, body: str) -> None:
    path = root / lang / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(serialise(meta, body), encoding="utf-8")


def _pair(root, rel, metas, bodies):
    nl, en = dict(metas[0]), dict(metas[1])
    nl["translation_of"] = text_hash(en, bodies[1])
    en["translation_of"] = text_hash(nl, bodies[0])
    write(root, "nl", rel, nl, bodies[0])
    write(root, "en", rel, en, bodies[1])


@pytest.fixture
def tree(tmp_path):
    """A section, a chat answer that follows it (stamped as checked), and both registries."""
    (tmp_path / "site-facts.yaml").write_text(FACTS, encoding="utf-8")
    (tmp_path / "sources.yaml").write_text(SOURCES, encoding="utf-8")
    section = {"slug": "side-effects", "order": 1, "audience": "parents", "topics": ["side_effects"]}
    _pair(tmp_path, "info/parents/side-effects.md", [{**section, "title": "Bijwerkingen"},
                                                     {**section, "title": "Side effects"}], [SECTION_NL, SECTION_EN])
    files = {f.lang: f for f in read_tree(tmp_path) if f.kind == "info"}
    chat = {"slug": "infection-risk", "order": 1, "audience": "parents", "topics": ["infection"],
            "source": "side-effects", "phrasings": ["infecties", "meer infecties", "kans op infectie"]}
    _pair(tmp_path, "chat/infection-risk.md",
          [{**chat, "title": "Infecties?", STAMP: section_stamp(files["nl"])},
           {**chat, "title": "Infections?", STAMP: section_stamp(files["en"])}], [ANSWER_NL, ANSWER_EN])
    return tmp_path


def errors(root) -> list[str]:
    return check_tree(root)[1].errors


def edit(root, lang, rel, old, new):
    path = root / lang / rel
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_the_planted_tree_is_clean(tree):
    assert [e for e in errors(tree) if not e.startswith("chat:")] == []


def test_a_chat_answer_with_another_frequency_word_than_its_section_is_an_error(tree):
    edit(tree, "nl", "chat/infection-risk.md", "komt vaak voor", "komt soms voor")
    found = [e for e in errors(tree) if "frequency word 'soms'" in e]
    assert found and found[0].startswith("nl/chat/infection-risk.md answer:")
    assert "nl/info/parents/side-effects.md" in found[0]


def test_a_number_the_section_does_not_give_is_an_error(tree):
    edit(tree, "en", "chat/infection-risk.md", "The team watches", "In 3 of 10 children the team watches")
    found = [e for e in errors(tree) if "en/chat/infection-risk.md" in e and "is not in its section" in e]
    assert {"'3'", "'10'"} <= {part for e in found for part in e.split() if part.startswith("'")}


def test_a_site_fact_the_section_does_not_name_is_an_error(tree):
    (tree / "site-facts.yaml").write_text(FACTS + """  insurer:
    label: {nl: "Verzekeraar", en: "Insurer"}
    missing: {nl: "Vraag het team.", en: "Ask the team."}
""", encoding="utf-8")
    edit(tree, "nl", "chat/infection-risk.md", "Het team let daarop.", "Verzekerd bij [[site:insurer]].")
    assert any("site fact 'insurer' is not in its section" in e for e in errors(tree))


def test_an_unknown_site_fact_names_file_and_line(tree):
    edit(tree, "nl", "info/parents/side-effects.md", "[[site:study_team_phone_day]]", "[[site:study_team_fax]]")
    found = [e for e in errors(tree) if "unknown site fact 'study_team_fax'" in e]
    assert found
    where = found[0].split(": ", 1)[0]
    path, line = where.rsplit(":", 1)
    assert path == "nl/info/parents/side-effects.md"
    text = (tree / "nl/info/parents/side-effects.md").read_text(encoding="utf-8").splitlines()
    assert "study_team_fax" in text[int(line) - 1]


def test_an_unknown_source_is_an_error(tree):
    edit(tree, "en", "info/parents/side-effects.md", "[[source:smpc-4.8]]", "[[source:my-aunt]]")
    assert any(e.startswith("en/info/parents/side-effects.md:") and "unknown source 'my-aunt'" in e
               for e in errors(tree))


def test_a_source_in_an_html_comment_is_an_error(tree):
    edit(tree, "nl", "info/parents/side-effects.md", "komt vaak voor.", "komt vaak voor. <!-- source: SmPC -->")
    assert any("source in an HTML comment is hidden" in e for e in errors(tree))


def test_a_malformed_marker_is_an_error(tree):
    edit(tree, "nl", "info/parents/side-effects.md", "[[site:study_team_phone_day]]", "[[Site: Phone]]")
    assert any("'[[Site: Phone]]' is not a marker" in e for e in errors(tree))


def test_a_chat_answer_pointing_to_a_missing_section_is_an_error(tree):
    edit(tree, "nl", "chat/infection-risk.md", "source: side-effects", "source: nowhere")
    found = errors(tree)
    assert any("nl/chat/infection-risk.md" in e and "nowhere" in e for e in found)


def test_a_changed_section_flags_its_answers_for_review_until_confirmed(tree):
    edit(tree, "nl", "info/parents/side-effects.md", "Bel ons:", "Bel het team:")
    edit(tree, "en", "info/parents/side-effects.md", "Call us:", "Call the team:")
    flagged = [e for e in errors(tree) if "review: section changed" in e]
    assert {e.split(":", 1)[0] for e in flagged} == {"nl/chat/infection-risk.md", "en/chat/infection-risk.md"}
    app = create_app({"CONTENT_DIR": str(tree), "DATABASE": str(tree / "x.db")})
    result = app.test_cli_runner().invoke(args=["content", "confirm", "chat/infection-risk.md"])
    assert result.exit_code == 0, result.output
    assert "confirmed nl/chat/infection-risk.md" in result.output
    assert not [e for e in errors(tree) if "review: section changed" in e]


def test_confirming_does_not_outdate_the_translation(tree):
    before = {f.lang: f.text_hash for f in read_tree(tree) if f.kind == "chat"}
    edit(tree, "nl", "chat/infection-risk.md", f"{STAMP}: ", f"{STAMP}: x")
    assert {f.lang: f.text_hash for f in read_tree(tree) if f.kind == "chat"} == before


def test_a_source_marker_added_to_a_section_needs_no_review(tree):
    edit(tree, "nl", "info/parents/side-effects.md", "Bel ons:", "[[source:smpc-4.8]] Bel ons:")
    assert not [e for e in errors(tree) if "review: section changed" in e]


def test_registries_with_missing_languages_are_errors(tree):
    (tree / "site-facts.yaml").write_text(FACTS.replace('en: "Ask the nurse for the number."', ""), encoding="utf-8")
    assert any("site-facts.yaml" in e and "missing needs a Dutch (nl) and an English (en) text" in e
               for e in errors(tree))


def test_without_registries_markers_are_not_judged(tree):
    assert not [e for e in check_files(read_tree(tree)).errors if "unknown" in e]


def test_the_repository_content_names_only_known_facts_and_sources():
    root = Path(__file__).resolve().parents[2] / "content"
    _, report = check_tree(root)
    assert not [e for e in report.errors if "unknown site fact" in e or "unknown source" in e or "hidden" in e]
    assert not [w for w in report.warnings if "placeholder" in w], "free-text placeholders are site facts now"
