"""The ethics-committee dossier: a PDF opened and read back, and clear errors for bad versions."""
import io

import pypdf
import pytest

from companion.content.files import read_tree
from companion.content.store import live_version
from companion.db import get_db


@pytest.fixture(scope="module")
def dossier(tmp_path_factory, template_db):
    """One dossier of the live version (making it takes seconds: once for the module)."""
    import shutil

    from companion import create_app

    db_path = tmp_path_factory.mktemp("dossier") / "d.db"
    shutil.copyfile(template_db, db_path)
    app = create_app({"DATABASE": str(db_path)})
    out = tmp_path_factory.mktemp("out") / "dossier.pdf"
    result = app.test_cli_runner().invoke(args=["content", "dossier", str(out)])
    assert result.exit_code == 0, result.output
    with app.app_context():
        version = live_version(get_db())
    reader = pypdf.PdfReader(str(out))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return {"app": app, "reader": reader, "text": " ".join(text.split()), "version": version,
            "output": result.output}


def _flat(s: str) -> str:
    return " ".join(s.split())


def test_it_is_a_real_pdf_of_many_pages(dossier):
    assert len(dossier["reader"].pages) >= 50
    assert dossier["reader"].pdf_header.startswith("%PDF-")


def test_it_names_the_version_hash_on_every_page(dossier):
    version_hash = dossier["version"]["hash"]
    assert version_hash in dossier["output"]
    pages = dossier["reader"].pages
    for i in (0, len(pages) // 2, len(pages) - 1):
        assert version_hash in pages[i].extract_text(), f"page {i + 1}"


def test_every_section_title_of_every_reader_is_there_in_both_languages(dossier):
    files = read_tree(dossier["app"].config["CONTENT_DIR"])
    missing = [f"{f.lang}/{f.rel_path}: {f.title}" for f in files
               if f.kind == "info" and _flat(f.title) not in dossier["text"]]
    assert not missing


def test_both_languages_and_the_parts_the_committee_needs_are_there(dossier):
    text = dossier["text"]
    for words in ("Nederlands", "English", "Leesbaarheid", "Flesch", "Bronnen", "SmPC",
                  "Gegevens van het ziekenhuis", "Woordenlijst", "Wat er veranderde"):
        assert words in text, words
    # chat answers are printed with the section they follow
    assert "Hoofdstuk: parents/side-effects" in text or "Hoofdstuk: parents/ side-effects" in text


def test_the_texts_show_facts_and_sources_as_families_and_the_committee_read_them(dossier):
    """Only the list of changes quotes the files as written; from the site facts on, every text is
    printed as families read it (no markers), its sources listed below it."""
    text = dossier["text"]
    start = text.index("Gegevens van het ziekenhuis Gegeven")
    assert "[[" not in text[start:]


def test_an_unknown_version_is_a_clear_error(app, runner, tmp_path):
    result = runner.invoke(args=["content", "dossier", str(tmp_path / "x.pdf"), "--version", "999999"])
    assert result.exit_code == 1
    assert "There is no content version '999999'" in result.output
    assert not (tmp_path / "x.pdf").exists()


def test_staff_download_it_and_it_is_audited(app, tmp_path):
    from companion.auth.testing import login, make_user

    app.config["AUTH_FAILURE_DELAY"] = False
    make_user(app, "ed@example.nl", "editor")
    make_user(app, "cli@example.nl", "clinician")
    with app.app_context():
        version_id = live_version(get_db())["id"]
    clinician = app.test_client()
    login(clinician, "cli@example.nl")
    assert clinician.get(f"/staff/content/versions/{version_id}/dossier.pdf").status_code == 403
    editor = app.test_client()
    login(editor, "ed@example.nl")
    assert editor.get("/staff/content/versions/999999/dossier.pdf").status_code == 404
    response = editor.get(f"/staff/content/versions/{version_id}/dossier.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert len(pypdf.PdfReader(io.BytesIO(response.data)).pages) >= 50
    with app.app_context():
        assert list(get_db().query("select * from audit_events where kind = 'content.dossier_downloaded'"))


def test_it_is_tagged_pdf_ua_and_stays_inside_a4(dossier):
    """Like the consent summary (tests/consent/pdfcheck.py): structure tree, /Lang, title, A4, no text off the page."""
    from tests.consent.pdfcheck import A4, check_pdf

    check = check_pdf(dossier["reader"])
    assert check.tagged and check.lang in ("nl", "en") and check.title and check.display_doc_title
    assert all(check.structure.get(tag) for tag in ("H1", "H2", "Table", "TH", "TD"))
    assert check.page_sizes == {(round(A4[0], 1), round(A4[1], 1))}
    assert check.outside == [], check.outside[:5]
