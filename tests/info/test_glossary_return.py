"""The word list, opened from a page, leads back to that page; only to our own pages."""
from urllib.parse import parse_qs, urlsplit

import pytest


@pytest.mark.parametrize("came_from", [
    "/nl/info/background", "/nl/timeline?start=3-12-2026", "/en/info/12-15/your-say", "/en/chat", "/nl/",
])
def test_the_word_list_links_back_to_the_page_it_came_from(page, came_from):
    lang = came_from[1:3]
    soup = page(f"/{lang}/glossary", query_string={"from": came_from})
    backs = soup.select("p.back-link:not(.term-back) a")
    assert len(backs) == 2 and {a["href"] for a in backs} == {came_from}  # above and below the list
    # and in each entry, shown in the one the page linked to (CSS :target)
    assert len(soup.select(".glossary-entry p.term-back a")) == len(soup.select(".glossary-entry"))
    assert {a["href"] for a in soup.select("p.term-back a")} == {came_from}
    assert backs[0].get_text(strip=True) == {"nl": "Terug naar de pagina waar u was",
                                             "en": "Back to the page you were reading"}[lang]


def test_the_childrens_word_list_links_back_too(page):
    soup = page("/nl/glossary/children", query_string={"from": "/nl/info/under-12/hello"})
    assert soup.select_one("p.back-link a")["href"] == "/nl/info/under-12/hello"


@pytest.mark.parametrize("came_from", [
    "https://evil.example/", "//evil.example/nl/info/", "/\\\\evil.example", "javascript:alert(1)",
    "/nl/no-such-page", "/staff/login", "/api/timeline", "/nl/glossary", "nl/info/background",
    "/nl/info/background\\n", "/%2F%2Fevil.example", "/nl/info/" + "x" * 400, "",
])
def test_no_way_back_to_anywhere_else(page, came_from):
    soup = page("/nl/glossary", query_string={"from": came_from})
    assert soup.select("p.back-link") == []
    assert "evil" not in str(soup.select_one("main"))


def test_without_from_there_is_no_back_link_and_the_page_stays_cached(page, app):
    assert page("/en/glossary").select("p.back-link") == []


def test_the_footer_word_list_link_remembers_the_page(page):
    soup = page("/nl/info/background")
    footer_link = urlsplit(soup.select_one("footer a[href^='/nl/glossary']")["href"])
    assert footer_link.path == "/nl/glossary" and parse_qs(footer_link.query) == {"from": ["/nl/info/background"]}
    assert page("/nl/glossary").select_one("footer a[href^='/nl/glossary']")["href"] == "/nl/glossary"


def test_the_timeline_links_terms_with_its_date(page):
    soup = page("/en/timeline", query_string={"start": "3 December 2026"})
    more = urlsplit(soup.select_one(".term-note-more a")["href"])
    assert more.path == "/en/glossary" and more.fragment.startswith("term-")
    back = urlsplit(parse_qs(more.query)["from"][0])
    assert back.path == "/en/timeline" and parse_qs(back.query) == {"start": ["3 December 2026"]}
