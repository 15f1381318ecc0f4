"""Every staff content page: one h1, a title that starts with it, unique ids, CSRF on forms,
the language switch, and Dutch interface text by default."""
import pytest

from tests.conftest import check_page

PAGES = ["/staff/content", "/staff/content?state=outdated", "/staff/content/drafts", "/staff/content/versions",
         "/staff/content/versions/1", "/staff/content/versions/1?path=info/parents/purpose.md&file_lang=en",
         "/staff/content/diff", "/staff/content/diff?a=1&b=1", "/staff/content/import", "/staff/content/inbox",
         "/staff/content/edit?path=info/parents/purpose.md", "/staff/content/edit?path=chat/withdraw.md",
         "/staff/content/drafts/999", "/staff/content/edit?path=nope.md"]


@pytest.mark.parametrize("path", PAGES)
def test_staff_page_is_well_formed_in_both_languages(as_user, path):
    ed = as_user("ed")
    for lang in ("nl", "en"):
        sep = "&" if "?" in path else "?"
        response = ed.get(f"{path}{sep}lang={lang}")
        assert response.status_code in (200, 404), path
        soup = check_page(response.get_data(as_text=True), lang)
        switch = soup.select_one("a.lang-switch")
        assert switch is not None and ed.get(switch["href"]).status_code == response.status_code


def test_dutch_interface(as_user):
    ed = as_user("ed")
    soup = check_page(ed.get("/staff/content?lang=nl").get_data(as_text=True), "nl")
    assert soup.h1.get_text(strip=True) == "Teksten"
    assert "Overzicht" in soup.select_one(".content-nav").get_text()
    soup = check_page(ed.get("/staff/content?lang=en").get_data(as_text=True), "en")
    assert soup.h1.get_text(strip=True) == "Content"


def test_refusals_are_in_the_staff_members_language(as_user):
    ed = as_user("ed")
    ed.get("/staff/content?lang=nl")
    from tests.staff.conftest import post
    response = post(ed, "/staff/content/import", {}, token_path="/staff/content/import")
    assert response.status_code == 400
    assert "Kies een zip-bestand om in te lezen." in response.get_data(as_text=True)
