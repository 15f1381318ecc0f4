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


# --- texts in front matter: the timeline's items -----------------------------------------

def phase_meta(title, text, extra_day_text):
    return {"slug": "days-1-3", "title": title, "order": 2, "audience": "parents", "phase": "days-1-3",
            "first_day": 1, "last_day": 3, "summary": "Elke dag.",
            "every_day": [{"kind": "treatment", "text": text}],
            "days": [{"day": 3, "title": "Vergelijking", "items": [{"kind": "score", "text": extra_day_text}]}]}


def test_timeline_item_texts_get_the_link_check_and_placeholder_warnings(tree):
    write(tree, "nl", "timeline/days-1-3.md",
          phase_meta("Dag 1 tot en met 3", "Uw kind krijgt [het middel](glossary:nosuchterm). "
                     "Hoeveel dagen: [[placeholder: aantal behandeldagen]].", "Zie [doel](info:nope)."), "Waarom.\n")
    write(tree, "en", "timeline/days-1-3.md",
          phase_meta("Days 1 to 3", "Your child gets [the medicine](glossary:nosuchterm).", "See [purpose](info:purpose)."),
          "Why.\n")
    report = check_files(read_tree(tree))
    assert "nl/timeline/days-1-3.md every_day[0]: unknown glossary term 'nosuchterm'" in report.errors
    assert "en/timeline/days-1-3.md every_day[0]: unknown glossary term 'nosuchterm'" in report.errors
    assert "nl/timeline/days-1-3.md days[0].items[0]: broken internal link 'info:nope'" in report.errors
    assert not any(e.startswith("en/timeline/days-1-3.md days[0]") for e in report.errors)  # info:purpose exists
    assert "nl/timeline/days-1-3.md every_day[0]: placeholder: aantal behandeldagen" in report.warnings


def test_timeline_item_texts_count_for_readability(tree):
    hard = ("Gedurende de behandelperiode worden farmacokinetische eigenschappen geëvalueerd middels "
            "gestandaardiseerde laboratoriumbepalingen door de verantwoordelijke onderzoeksorganisatie.")
    write(tree, "nl", "timeline/days-1-3.md", phase_meta("Dag 1 tot en met 3", hard, hard), "Waarom.\n")
    report = check_files(read_tree(tree))
    assert "nl/timeline/days-1-3.md: readability below target" in " ".join(report.warnings)


def test_the_real_timeline_placeholders_are_site_facts_the_site_must_fill():
    """The number of treatment days is for the study team: each phase's first item names the site
    fact, the check knows it, and until it is filled it counts as missing (a live site cannot
    publish, `site facts` lists it)."""
    from companion.config import ROOT
    from companion.content.check import check_tree
    from companion.content.markers import fact_definitions, site_names
    from companion.site.store import missing_in

    files, report = check_tree(ROOT / "content")
    definitions = fact_definitions(ROOT / "content")
    for lang in ("nl", "en"):
        for phase in ("days-1-3", "days-4-7", "days-8-28"):
            f = next(f for f in files if f.lang == lang and f.rel_path == f"timeline/{phase}.md")
            assert "treatment_days" in site_names(f.meta["every_day"][0]["text"]), (lang, phase)
            assert "treatment_days" in definitions
            assert not [e for e in report.errors if e.startswith(f"{lang}/timeline/{phase}.md")], (lang, phase)
            assert "treatment_days" in missing_in([f], definitions, {})
            assert "treatment_days" not in missing_in([f], definitions, {("treatment_days", "nl"): "7",
                                                                         ("treatment_days", "en"): "7"})


# --- orphans and the command's output ------------------------------------------------------

def test_orphans_outside_the_language_folders_and_other_extensions(tree):
    from companion.content.check import check_tree

    (tree / "synonyms.yaml").write_text("groups: {}\n")
    (tree / "readability.yaml").write_text("exclude: [anakinra]\n")
    (tree / "fr").mkdir()
    (tree / "fr" / "x.md").write_text("---\ntitle: X\n---\nTexte.\n")
    (tree / "nl" / "info" / "parents" / "costs.markdown").write_text("Kosten.\n")
    (tree / "en" / "notes.txt").write_text("notes\n")
    (tree / "notes.yaml").write_text("a: 1\n")
    (tree / "nl" / ".DS_Store").write_text("")
    _, report = check_tree(tree)
    orphans = sorted(e.split(":", 1)[0] for e in report.errors if "orphan file" in e)
    assert orphans == ["content/en/notes.txt", "content/fr/x.md", "content/nl/info/parents/costs.markdown",
                       "content/notes.yaml"]
    assert len(report.errors) == 4, report.errors


def test_a_broken_synonym_list_is_an_error(tree):
    from companion.content.check import check_tree

    (tree / "synonyms.yaml").write_text("groups:\n  lever: [lever, liver]\n  organ: [Liver]\n  Bad: [x]\n")
    _, report = check_tree(tree)
    problems = [e for e in report.errors if e.startswith("content/synonyms.yaml")]
    assert len(problems) == 2, report.errors
    assert any("'liver' is in two groups" in e for e in problems) and any("'Bad'" in e for e in problems)


def app_for(root: Path, db_dir: Path):
    """An app on `root` as its content/, with its database elsewhere (not an orphan in content/)."""
    return create_app({"DATABASE": str(db_dir / "t.db"), "CONTENT_DIR": str(root)})


def test_a_failing_check_prints_only_its_problems(tree, tmp_path_factory):
    path = tree / "nl" / "info/parents/purpose.md"
    path.write_text(path.read_text() + "\n[[placeholder: telefoonnummer]] en [x](glossary:unicorn).\n")
    (tree / "fr").mkdir()
    (tree / "fr" / "x.md").write_text("---\ntitle: X\n---\nTexte.\n")
    result = app_for(tree, tmp_path_factory.mktemp("db")).test_cli_runner().invoke(args=["content", "check"])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert lines and all(line.startswith("error ") for line in lines), result.output
    assert any("unknown glossary term 'unicorn'" in line for line in lines)
    assert any("content/fr/x.md: orphan file" in line for line in lines)


def test_a_passing_check_prints_scores_warnings_and_a_summary(tree, tmp_path_factory):
    path = tree / "nl" / "info/parents/purpose.md"
    body = NL_BODY + "Bel [[placeholder: telefoonnummer]].\n"
    path.write_text(path.read_text().replace(NL_BODY, body))
    write_meta_both(tree, "info/parents/purpose.md")
    result = app_for(tree, tmp_path_factory.mktemp("db")).test_cli_runner().invoke(args=["content", "check"])
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert lines[0].startswith("score nl/info/parents/purpose.md: Flesch-Douma")
    assert "warning nl/info/parents/purpose.md: placeholder: telefoonnummer" in lines
    assert lines[-2] == "ok: 2 files, 1 items in nl and en: 0 errors, 1 warnings"
    assert lines[-1] == "site facts: 0 unfilled"


def write_meta_both(root: Path, rel: str) -> None:
    """Stamp a pair by hand, as `content stamp` does."""
    from companion.content.files import parse, write_meta

    nl_meta, nl_body = parse((root / "nl" / rel).read_text())
    en_meta, en_body = parse((root / "en" / rel).read_text())
    write_meta(root, "nl", rel, {"translation_of": text_hash(en_meta, en_body)})
    write_meta(root, "en", rel, {"translation_of": text_hash(nl_meta, nl_body)})
