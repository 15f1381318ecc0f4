"""Every information page type in both languages passes the page checks; bad input gets a helpful 404."""
import json

import pytest

from companion.content.files import READERS

LANGS = ["nl", "en"]


def all_info_paths(app, lang):
    from companion.content.files import read_tree
    paths = [f"/{lang}/", f"/{lang}/info/", f"/{lang}/glossary", f"/{lang}/info/print",
             f"/{lang}/privacy", f"/{lang}/accessibility"]
    for f in read_tree(app.config["CONTENT_DIR"]):
        if f.lang == lang and f.kind == "info":
            paths.append(f"/{lang}/info/{f.slug}" if f.reader == "parents" else f"/{lang}/info/{f.reader}/{f.slug}")
    paths += [f"/{lang}/info/{r}/" for r in READERS if r != "parents"]
    return paths


@pytest.mark.parametrize("lang", LANGS)
def test_every_information_page_renders_and_passes_page_checks(app, page, lang):
    paths = all_info_paths(app, lang)
    assert len(paths) > 30
    for path in paths:
        page(path)


@pytest.mark.parametrize("accept, expected", [
    ("en-GB,en;q=0.9", "/en/"), ("nl-NL,nl;q=0.9,en;q=0.5", "/nl/"), ("fr-FR", "/nl/"),
    ("", "/nl/"), (";;;q=abc,,", "/nl/"), ("en;q=0.1, nl;q=0.9", "/nl/"), ("*", "/nl/"),
])
def test_root_redirects_by_accept_language(client, accept, expected):
    response = client.get("/", headers={"Accept-Language": accept} if accept else {})
    assert response.status_code == 302
    assert response.headers["Location"] == expected


def test_section_pages_link_previous_and_next(page):
    soup = page("/en/info/purpose")
    assert soup.select_one("a[rel=prev]") and soup.select_one("a[rel=next]")
    first = page("/en/info/introduction")
    assert first.select_one("a[rel=prev]") is None


def test_language_switch_keeps_the_page(page):
    soup = page("/nl/info/12-15/your-say")
    assert soup.select_one("a.lang-switch")["href"] == "/en/info/12-15/your-say"


def test_glossary_terms_link_to_their_explanation(page, client):
    soup = page("/en/info/background")
    terms = soup.select("a.term")
    assert terms, "background should link glossary terms"
    glossary = page("/en/glossary")
    for link in terms:
        # the term opens its explanation in place: a <details> right below its paragraph
        explanation = soup.select_one(link["href"])
        note = explanation.find_parent("details")
        assert "term-note" in note["class"] and note.summary.get_text(strip=True).startswith(link.get_text())
        # ... which leads on to the word list, remembering this page for the way back
        more = explanation.select_one(".term-note-more a")["href"]
        assert more.startswith("/en/glossary?from=%2Fen%2Finfo%2Fbackground#term-")
        assert glossary.find(id=more.split("#", 1)[1]), f"{more} has no target"
        text = explanation.get_text(" ", strip=True)
        assert text.startswith(glossary.find(id=more.split("#", 1)[1]).dd.get_text(" ", strip=True)[:40])
    # a term links only where it first appears on a page
    targets = [a["href"] for a in terms]
    assert len(targets) == len(set(targets))
    assert len(soup.select("details.term-note")) == len(targets)


@pytest.mark.parametrize("path, lang", [
    ("/fr/info/", "nl"), ("/en/info/no-such-section", "en"), ("/nl/info/no-such", "nl"),
    ("/en/info/under-12/nope", "en"), ("/de/", "nl"), ("/en/nothing/here", "en"),
    ("/nl/info/9-11/", "nl"), ("/en/%3Cscript%3E", "en"),
])
def test_unknown_paths_get_a_helpful_404_in_the_visitors_language(client, path, lang):
    response = client.get(path)
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert f'<html lang="{lang}">' in html
    assert f'href="/{lang}/info/"' in html  # a way onward
    assert "<script>" not in html


@pytest.mark.parametrize("path, switch", [
    ("/nl/info/nope", "/en/"), ("/en/info/under-12/nope", "/nl/"), ("/en/nothing/here", "/nl/"),
    ("/nl/glossary/x", "/en/"),
])
def test_a_404_switches_to_the_other_languages_home_page(page, client, path, switch):
    soup = page(path, status=404)
    assert soup.select_one("a.lang-switch")["href"] == switch
    assert client.get(switch).status_code == 200


def test_404_uses_accept_language_when_the_url_has_no_language(client):
    response = client.get("/xx/yy", headers={"Accept-Language": "en"})
    assert '<html lang="en">' in response.get_data(as_text=True)


def test_healthz_reports_db_and_content_version(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    data = json.loads(response.data)
    assert data["status"] == "ok" and data["db"] == "ok" and len(data["content_version"]) == 16


def test_families_see_no_content_version_staff_do(client):
    """Families see no internals (issue 14.6): the version stays in the staff area and /healthz."""
    version = json.loads(client.get("/healthz").data)["content_version"]
    for path in ("/en/", "/nl/info/", "/en/info/what-happens", "/nl/chat", "/en/prescreen/", "/nl/timeline",
                 "/en/glossary", "/nl/privacy"):
        html = client.get(path).get_data(as_text=True)
        assert version not in html and "Content version" not in html and "Versie van de teksten" not in html, path
    assert version in client.get("/staff/login").get_data(as_text=True)


def test_security_headers(client):
    response = client.get("/nl/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "no-referrer"


def test_pages_have_no_inline_scripts_or_styles(app, client):
    for path in all_info_paths(app, "nl")[:10]:
        html = client.get(path).get_data(as_text=True)
        assert "<script>" not in html and "style=" not in html and "<style" not in html


def test_session_cookie_flags_in_production_config():
    from companion.config import Config
    assert Config.SESSION_COOKIE_HTTPONLY and Config.SESSION_COOKIE_SAMESITE == "Lax"


def test_strange_query_strings_never_give_500(client):
    for path in ["/nl/info/purpose?x=%00", "/en/glossary?lang=xx", "/nl/info/print?reader=../../etc",
                 "/en/info/" + "a" * 3000]:
        assert client.get(path).status_code in (200, 404)
