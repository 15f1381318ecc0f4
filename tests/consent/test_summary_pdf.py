"""The consent summary and its PDF for the investigator site file: Amsterdam times on the page and in
the PDF, ISO 8601 with the offset in the export, and a PDF that is tagged PDF/UA with its language and
title, on A4, with every line of text inside the page even for 2,000-character questions."""
import json
import sqlite3
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup

from companion import create_app
from companion.auth.testing import csrf_token_from, login, make_user
from companion.consent.rules import MAX_QUESTIONS_CHARS

from .pdfcheck import A4, check_pdf

SENTENCE = "Wat gebeurt er als mijn kind het medicijn niet goed verdraagt, en wie belt ons dan op? "
WORDS = (SENTENCE * 40)[:MAX_QUESTIONS_CHARS]
ONE_WORD = "https://voorbeeld.nl/" + "x" * (MAX_QUESTIONS_CHARS - 21)  # a pasted link: no place to break


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    app = create_app({"DATABASE": str(tmp_path_factory.mktemp("consent-pdf") / "pdf.db")})
    make_user(app, "dr@example.nl", "clinician")
    return app


@pytest.fixture(scope="module")
def long_record(app):
    """A record where everyone asked 2,000 characters of questions in every topic (words for some,
    one unbreakable link for others). Returns its URL."""
    dr = app.test_client()
    assert login(dr, "dr@example.nl").status_code == 302
    response = dr.post("/nl/consent/new", data={
        "csrf_token": csrf_token_from(dr.get("/nl/consent/new").get_data(as_text=True)),
        "screening_number": "LONG-2000", "lang": "nl", "age_group": "12-15", "authority": "two_parents"})
    assert response.status_code == 303
    url = response.headers["Location"]
    record = BeautifulSoup(dr.get(url).get_data(as_text=True), "html.parser")
    slugs = sorted({a["href"].split("/item/")[1].split("?")[0].split("#")[0]
                    for a in record.select("a[href*='/item/']")})
    assert len(slugs) >= 10
    for i, slug in enumerate(slugs):
        page = dr.get(f"{url}/item/{slug}").get_data(as_text=True)
        soup = BeautifulSoup(page, "html.parser")
        roles = sorted({t["name"].split("-", 1)[1] for t in soup.select("textarea[name^=questions-]")})
        data = {"csrf_token": csrf_token_from(page), "revision": soup.select_one("input[name=revision]")["value"]}
        for j, role in enumerate(roles):
            data[f"status-{role}"] = "explained_again"
            data[f"questions-{role}"] = ONE_WORD if (i + j) % 3 == 0 else WORDS
        assert dr.post(f"{url}/item/{slug}", data=data).status_code == 303, slug
    # an outcome, and a correction of it with a 2,000-character reason (the PDF's outcome table)
    page = dr.get(url).get_data(as_text=True)

    def revision_of(page):
        return BeautifulSoup(page, "html.parser").select_one("form[action$='/outcome'], form[action$='/correction']") \
            .select_one("input[name=revision]")["value"]

    response = dr.post(f"{url}/outcome", data={"csrf_token": csrf_token_from(page), "revision": revision_of(page),
                                               "outcome": "declined", "confirm": "yes"})
    assert response.status_code == 303, response.get_data(as_text=True)[:300]
    page = dr.get(url).get_data(as_text=True)
    response = dr.post(f"{url}/correction", data={
        "csrf_token": csrf_token_from(page), "revision": revision_of(page), "confirm_correction": "yes",
        "corrected_outcome": "child_refused", "reason": ONE_WORD})
    assert response.status_code == 303, response.get_data(as_text=True)[:300]
    return url, dr


@pytest.mark.parametrize("lang, title", [("nl", "Samenvatting toestemmingsgesprek LONG-2000"),
                                         ("en", "Consent conversation summary LONG-2000")])
def test_the_pdf_is_tagged_a4_and_nothing_runs_off_the_page(long_record, lang, title):
    url, dr = long_record
    response = dr.get(url.replace("/nl/", f"/{lang}/") + "/summary.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    check = check_pdf(response.data, side_margin_mm=14)  # the page margins are 15 mm: nothing runs into them
    print(f"\nPDF structure check ({lang}): {check.report()}")
    assert check.tagged, "no structure tree: the PDF is not tagged"
    assert check.lang == lang and check.title == title and check.display_doc_title
    assert check.structure.get("Table", 0) >= 15  # sittings, outcomes and one per topic (more where one splits)
    for tag in ("H1", "H2", "H3", "Table", "TH", "TD"):
        assert check.structure.get(tag), f"no {tag} in the structure tree"
    assert check.pages > 1 and check.page_sizes == {(round(A4[0], 1), round(A4[1], 1))}
    assert check.lines > 500  # every question was measured, not skipped
    assert check.outside == [], check.outside[:5]


def test_the_check_finds_text_that_runs_off_the_page():
    """The same measure on a PDF whose long word cannot wrap: it must report it (the test can fail)."""
    from weasyprint import HTML

    html = f'<html lang="nl"><title>t</title><style>@page {{ size: A4 }}</style><p>{ONE_WORD}</p></html>'
    check = check_pdf(HTML(string=html).write_pdf())
    assert not check.tagged and check.outside and check.outside[0][2] > A4[0]


def test_page_summary_and_export_show_amsterdam_time(app, long_record):
    """Stored UTC; shown and exported in Amsterdam time (the summer-time edges: tests/test_timefmt.py)."""
    url, dr = long_record
    record_id = url.rstrip("/").rsplit("/", 1)[1]
    conn = sqlite3.connect(app.config["DATABASE"])
    stored = conn.execute("select created_at from consent_records where id = ?", (record_id,)).fetchone()[0]
    conn.close()
    assert stored.endswith("Z")  # the database keeps UTC
    moment = datetime.fromisoformat(stored).astimezone(ZoneInfo("Europe/Amsterdam"))
    months = {"nl": ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
                     "oktober", "november", "december"],
              "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                     "October", "November", "December"]}
    for lang in ("nl", "en"):
        shown = f"{moment.day} {months[lang][moment.month - 1]} {moment.year}, {moment:%H:%M}"
        soup = BeautifulSoup(dr.get(url.replace("/nl/", f"/{lang}/") + "/summary").get_data(as_text=True),
                             "html.parser")
        started = [dd.get_text(" ", strip=True) for dd in soup.select(".facts dd")]
        assert any(text.startswith(shown) for text in started), (shown, started)
        assert "UTC" not in soup.select_one("main").get_text()
    exported = app.test_cli_runner().invoke(args=["consent", "export", "--format", "json"])
    record = next(r for r in json.loads(exported.output)["records"] if r["id"] == record_id)
    assert record["created_at"] == moment.isoformat(timespec="seconds")
    assert record["created_at"][-6:] in ("+01:00", "+02:00")
    assert record["answers"] and all(a["at"][-6:] in ("+01:00", "+02:00") for a in record["answers"])
    csv_out = app.test_cli_runner().invoke(args=["consent", "export", "--format", "csv"]).output
    assert moment.isoformat(timespec="seconds") in csv_out
