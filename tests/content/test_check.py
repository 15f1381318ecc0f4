"""`content check` finds each kind of problem it promises to find."""
from pathlib import Path

import pytest

from companion import create_app
from companion.content.check import check_files
from companion.content.files import read_tree, text_hash, serialise

NL_BODY = "Uw kind krijgt een medicijn. Het gaat via een infuus. Zie ook [doel](info:purpose).\n"
EN_BODY = "Your child gets a medicine. It goes through a drip. See also [purpose](info:purpose).\n"


def write(root: Path, lang: str, rel: str, meta: dict, body: str) -> None:
    path = root / lang / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(serialise(meta, body), encoding="utf-8")


def meta(slug, title, **extra):
    return {"slug": slug, "title": title, "order": 1, "audience": "parents", "topics": ["purpose"], **extra}


@pytest.fixture
def tree(tmp_path):
    """A correct, stamped pair; tests break it one way at a time."""
    nl, en = meta("purpose", "Doel"), meta("purpose", "Purpose")
    nl["translation_of"] = text_hash(en, EN_BODY)
    en["translation_of"] = text_hash(nl, NL_BODY)
    write(tmp_path, "nl", "info/parents/purpose.md", nl, NL_BODY)
    write(tmp_path, "en", "info/parents/purpose.md", en, EN_BODY)
    return tmp_path


def errors(root):
    return check_files(read_tree(root)).errors


def test_a_correct_pair_has_no_errors(tree):
    assert errors(tree) == []


def test_missing_translation(tree):
    write(tree, "nl", "info/parents/costs.md", meta("costs", "Kosten"), "Er zijn geen kosten.\n")
    assert any("missing translation" in e and "en/info/parents/costs.md" in e for e in errors(tree))


def test_orphan_file(tree):
    for lang in ("nl", "en"):
        write(tree, lang, "info/grandparents/x.md", meta("x", "X"), "Tekst.\n")
        write(tree, lang, "recipes/y.md", meta("y", "Y"), "Tekst.\n")
    found = [e for e in errors(tree) if "orphan file" in e]
    assert len(found) == 4


def test_unknown_topic(tree):
    path = tree / "nl" / "info/parents/purpose.md"
    path.write_text(path.read_text().replace("- purpose", "- astrology"))
    assert any("unknown topic 'astrology'" in e for e in errors(tree))


def test_broken_internal_link_and_unknown_glossary_term(tree):
    path = tree / "en" / "info/parents/purpose.md"
    path.write_text(path.read_text() + "\nSee [costs](info:costs) and [x](glossary:unicorn).\n")
    found = errors(tree)
    assert any("broken internal link 'info:costs'" in e for e in found)
    assert any("unknown glossary term 'unicorn'" in e for e in found)


def test_outdated_translation_names_the_side_that_fell_behind(tree):
    path = tree / "nl" / "info/parents/purpose.md"
    path.write_text(path.read_text() + "\nEen nieuwe zin.\n")
    found = errors(tree)
    assert any(e.startswith("en/info/parents/purpose.md: outdated translation") for e in found), found


def test_unstamped_pair(tree):
    for lang in ("nl", "en"):
        write(tree, lang, "info/parents/costs.md", meta("costs", "Kosten"), "Er zijn geen kosten.\n")
    assert any("not stamped" in e for e in errors(tree))


def test_bad_front_matter(tree):
    (tree / "nl" / "info/parents/broken.md").write_text("no front matter here")
    (tree / "en" / "info/parents/broken.md").write_text("---\n: [\n---\nbody")
    found = errors(tree)
    assert any("no front matter" in e for e in found) and any("not valid YAML" in e for e in found)


def test_placeholders_and_low_readability_are_warnings(tree):
    hard = ("Overeenkomstig de toepasselijke wetgeving inzake geneesmiddelenonderzoek worden persoonsgegevens "
            "gepseudonimiseerd verwerkt door de verantwoordelijke onderzoeksorganisatie, welke hiertoe "
            "gemachtigd is door de medisch-ethische toetsingscommissie. [[placeholder: telefoonnummer]]\n")
    path = tree / "nl" / "info/parents/purpose.md"
    path.write_text(path.read_text().replace(NL_BODY, hard))
    report = check_files(read_tree(tree))
    assert any("placeholder: telefoonnummer" in w for w in report.warnings)
    assert any("readability below target" in w for w in report.warnings)


def test_stamp_then_check_via_the_cli(tmp_path):
    for lang, title, body in (("nl", "Kosten", "Er zijn geen kosten.\n"), ("en", "Costs", "There are no costs.\n")):
        write(tmp_path / "content", lang, "info/parents/costs.md", meta("costs", title), body)
    app = create_app({"DATABASE": str(tmp_path / "t.db"), "CONTENT_DIR": str(tmp_path / "content")})
    runner = app.test_cli_runner()
    assert runner.invoke(args=["content", "check"]).exit_code == 1
    assert "stamped info/parents/costs.md" in runner.invoke(args=["content", "stamp", "--new"]).output
    result = runner.invoke(args=["content", "check"])
    assert result.exit_code == 0, result.output
    assert "score nl/info/parents/costs.md: Flesch-Douma" in result.output
