"""Consent at the bedside (issue 13): a save after the idle time-out is kept through a new
sign-in and saved once; a bad CSRF token is refused with the input shown; the family view
hides the key points (also after "back"); "everyone understood" without JavaScript;
"Stay signed in"; the clinician pre-screen leads to a new record."""
import sqlite3
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from companion import create_app
from companion.auth import sessions
from companion.auth.testing import DEFAULT_PASSWORD, csrf_token_from, login, make_user
from companion.consent.rules import age_group_for_months
from conftest import check_page

EMAIL = "dr@example.nl"
MARKER = 'Mag "mijn" kind <b>stoppen</b> & later weer meedoen? q7Zx'  # unique, with markup and quotes


@pytest.fixture
def dr(app):
    app.config["AUTH_FAILURE_DELAY"] = False
    make_user(app, EMAIL, "clinician")
    client = app.test_client()
    assert login(client, EMAIL).status_code == 302
    return client


def soup_of(response):
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def token(client, path="/nl/consent/new"):
    return csrf_token_from(client.get(path).get_data(as_text=True))


def start(client):
    response = client.post("/nl/consent/new", data={"csrf_token": token(client), "screening_number": "SCR-13",
                                                      "lang": "nl", "age_group": "under-12",
                                                      "authority": "two_parents"})
    assert response.status_code == 303
    return response.headers["Location"]


def form_fields(form) -> dict:
    """What a browser would send for ``form`` (inputs with a value, checked radios, textareas)."""
    data = {}
    for field in form.select("input[name], textarea[name]"):
        if field.name == "textarea":
            data[field["name"]] = field.get_text()
        elif field.get("type") == "radio":
            if field.has_attr("checked"):
                data[field["name"]] = field["value"]
        elif field.get("type") not in ("submit", "checkbox"):
            data[field["name"]] = field.get("value", "")
    return data


def counts(app) -> dict:
    conn = sqlite3.connect(app.config["DATABASE"])
    try:
        return {
            "items": conn.execute("select count(*) from consent_item_events").fetchone()[0],
            "audited": conn.execute("select count(*) from audit_events where kind = 'consent.item_recorded'")
            .fetchone()[0],
        }
    finally:
        conn.close()


def on_disk(app, text: str) -> bool:
    """Whether ``text`` is anywhere in the database files (main file and write-ahead log)."""
    needle = text.encode()
    return any(needle in Path(p).read_bytes() for p in (app.config["DATABASE"], app.config["DATABASE"] + "-wal")
               if Path(p).exists())


def expire(app, client):
    """Let the idle limit pass, as the server measures it."""
    with client.session_transaction() as s:
        s[sessions.SEEN] = int(time.time()) - 31 * 60
    conn = sqlite3.connect(app.config["DATABASE"])
    with conn:
        conn.execute("UPDATE staff_sessions SET last_seen = last_seen - 31 * 60")
    conn.close()


def typed(topic_soup, **extra) -> dict:
    data = form_fields(topic_soup.select_one("form#record-form"))
    data.update({"status-parent_1": "understood", "status-parent_2": "explained_again",
                 "questions-parent_2": MARKER, **extra})
    return data


def test_a_save_after_the_time_out_is_kept_through_a_new_sign_in_and_saved_once(app, dr):
    record_url = start(dr)
    topic = soup_of(dr.get(record_url + "/item/stopping"))
    data = typed(topic)
    expire(app, dr)

    response = dr.post(record_url + "/item/stopping", data=data)
    assert response.status_code == 401  # the staff sign-in page, not the families' error page
    page = soup_of(response)
    check_page(response.get_data(as_text=True), "nl")
    form = page.select_one("form[action='/staff/login']")
    assert form is not None and page.select_one(".carried-notice")
    carried = form_fields(form)
    assert carried["carry_to"] == record_url.removeprefix("http://localhost") + "/item/stopping"
    assert carried["carry-questions-parent_2"] == MARKER  # escaped in the page, the same text back
    assert "<b>stoppen</b>" not in response.get_data(as_text=True)
    assert carried["csrf_token"] and "carry-csrf_token" not in carried
    assert counts(app) == {"items": 0, "audited": 0} and not on_disk(app, "q7Zx")

    # a wrong password keeps the carried input
    wrong = dr.post("/staff/login", data={**carried, "email": EMAIL, "password": "not the password"})
    assert wrong.status_code == 401
    assert form_fields(soup_of(wrong).select_one("form[action='/staff/login']"))["carry-questions-parent_2"] == MARKER

    carried = form_fields(soup_of(wrong).select_one("form[action='/staff/login']"))
    back = dr.post("/staff/login", data={**carried, "email": EMAIL, "password": DEFAULT_PASSWORD})
    assert back.status_code == 200
    topic = soup_of(back)
    assert topic.h1.get_text(strip=True) == soup_of(dr.get(record_url + "/item/stopping")).h1.get_text(strip=True)
    assert topic.select_one(".restored")
    assert topic.select_one("#questions-parent_2").get_text() == MARKER
    assert topic.select_one("#status-parent_1-understood").has_attr("checked")
    assert topic.select_one("#status-parent_2-explained_again").has_attr("checked")
    assert counts(app) == {"items": 0, "audited": 0} and not on_disk(app, "q7Zx")

    saved = dr.post(record_url + "/item/stopping", data=form_fields(topic.select_one("form#record-form")))
    assert saved.status_code == 303
    assert counts(app) == {"items": 2, "audited": 1}


def test_a_stale_save_after_sign_in_is_refused_with_the_input_kept(app, dr):
    record_url = start(dr)
    data = typed(soup_of(dr.get(record_url + "/item/purpose")))
    expire(app, dr)
    carried = form_fields(soup_of(dr.post(record_url + "/item/purpose", data=data))
                          .select_one("form[action='/staff/login']"))
    make_user(app, "nurse@example.nl", "clinician")
    other = app.test_client()
    login(other, "nurse@example.nl")
    other_data = form_fields(soup_of(other.get(record_url + "/item/purpose")).select_one("form#record-form"))
    assert other.post(record_url + "/item/purpose",
                      data={**other_data, "status-parent_1": "not_yet"}).status_code == 303
    topic = soup_of(dr.post("/staff/login", data={**carried, "email": EMAIL, "password": DEFAULT_PASSWORD}))
    refused = dr.post(record_url + "/item/purpose", data=form_fields(topic.select_one("form#record-form")))
    assert refused.status_code == 409
    assert soup_of(refused).select_one("#questions-parent_2").get_text() == MARKER
    assert counts(app)["audited"] == 1  # only the other clinician's save


@pytest.mark.parametrize("csrf", ["tampered", None])
def test_a_save_after_time_out_with_a_bad_csrf_token_is_refused_with_the_input_shown(app, dr, csrf):
    record_url = start(dr)
    data = typed(soup_of(dr.get(record_url + "/item/purpose")))
    expire(app, dr)
    if csrf is None:
        data.pop("csrf_token")
    else:
        data["csrf_token"] = csrf
    response = dr.post(record_url + "/item/purpose", data=data)
    assert response.status_code == 400
    page = soup_of(response)
    assert page.html["lang"] == "nl" and page.title.get_text().startswith("Fout: " + page.h1.get_text(strip=True))
    assert page.select_one("#error-summary") and not page.select_one("[name^=carry]")
    assert MARKER in page.select_one(".typed").get_text()  # shown as text, not put back into a form
    assert not page.select("textarea") and "<b>stoppen</b>" not in response.get_data(as_text=True)
    assert page.select_one("a[href$='/item/purpose']")
    assert counts(app) == {"items": 0, "audited": 0}


def test_a_save_from_a_browser_without_the_cookie_is_refused_with_the_input_shown(app, dr):
    record_url = start(dr)
    data = typed(soup_of(dr.get(record_url + "/item/purpose")))
    stranger = app.test_client()  # the cookie is gone (another browser, or a forged form)
    response = stranger.post(record_url + "/item/purpose", data=data)
    assert response.status_code == 400
    assert MARKER in soup_of(response).select_one(".typed").get_text()
    assert counts(app) == {"items": 0, "audited": 0}


def test_the_family_view_hides_the_key_points_even_after_back(app, dr):
    record_url = start(dr)
    topic_url = record_url + "/item/comparison"
    topic = soup_of(dr.get(topic_url))
    assert topic.select_one(".key-points")
    key_point = topic.select_one(".key-points li").get_text(" ", strip=True)
    data = typed(topic)
    family_form = topic.select_one("form#family-form")
    # the script copies the unsaved answers along; without it only the csrf token goes
    response = dr.post(family_form["action"], data={**data, "csrf_token": form_fields(family_form)["csrf_token"]})
    assert response.status_code == 200
    family = check_page(response.get_data(as_text=True), "nl")
    text = family.get_text(" ", strip=True)
    assert key_point not in text and not family.select(".key-points, .person, .history, .staff-nav")
    assert family.h1.get_text(strip=True) == topic.select_one(".check-question").get_text(strip=True)
    assert family.select_one("input[name=questions-parent_2]")["value"] == MARKER  # hidden, carried

    # "back" (or any clinician page) while the family holds the tablet: the family view again
    for path in (topic_url, record_url, record_url + "/item/purpose", record_url + "/summary"):
        again = dr.get(path)
        assert again.status_code == 303 and again.headers["Location"].endswith("/item/comparison/family")
    family_get = dr.get(record_url + "/item/comparison/family")
    assert key_point not in family_get.get_data(as_text=True)
    assert family_get.headers["Cache-Control"] == "no-store"

    # the family answers; nothing is stored
    check_form = family.select_one("form[action$='/check']")
    answered = dr.post(check_form["action"], data={**form_fields(check_form), "answer": "0"})
    assert soup_of(answered).select_one(".check-feedback")
    # going back needs the clinician's confirmation
    exit_form = soup_of(answered).select_one(".family-exit form")
    unconfirmed = dr.post(exit_form["action"], data={**form_fields(exit_form), "confirm": ""})
    assert unconfirmed.status_code == 400 and key_point not in unconfirmed.get_data(as_text=True)
    back = dr.post(exit_form["action"], data=form_fields(exit_form))
    assert back.status_code == 200
    restored = soup_of(back)
    assert restored.select_one(".key-points") and restored.select_one("#questions-parent_2").get_text() == MARKER
    assert restored.select_one("#status-parent_2-explained_again").has_attr("checked")
    assert dr.get(topic_url).status_code == 200  # the family view is off again
    assert counts(app) == {"items": 0, "audited": 0}


def test_everyone_understood_without_javascript_sets_all_and_saves_nothing(app, dr):
    record_url = start(dr)
    data = form_fields(soup_of(dr.get(record_url + "/item/purpose")).select_one("form#record-form"))
    response = dr.post(record_url + "/item/purpose", data={**data, "questions-parent_1": "Hoe lang?",
                                                            "fill": "understood"})
    assert response.status_code == 200
    page = soup_of(response)
    assert page.select_one("#status-parent_1-understood").has_attr("checked")
    assert page.select_one("#status-parent_2-understood").has_attr("checked")
    assert page.select_one("#questions-parent_1").get_text() == "Hoe lang?"
    assert counts(app) == {"items": 0, "audited": 0}
    changed = form_fields(page.select_one("form#record-form"))
    changed["status-parent_2"] = "not_yet"
    assert dr.post(record_url + "/item/purpose", data=changed).status_code == 303
    assert counts(app) == {"items": 2, "audited": 1}


def test_the_topic_page_prints_the_limit_and_stay_signed_in_renews(app, dr):
    record_url = start(dr)
    page = soup_of(dr.get(record_url + "/item/purpose"))
    assert "30" in page.select_one(".session-limit").get_text()  # printed, for a browser without script
    box = page.select_one("#staff-session")
    assert 0 < int(box["data-seconds-left"]) <= 30 * 60 and box["data-warn"] == "120"
    assert page.select_one("script[src*='staff-session']") and page.select_one("#session-warning[hidden]")
    conn = sqlite3.connect(app.config["DATABASE"])
    with conn:
        conn.execute("UPDATE staff_sessions SET last_seen = last_seen - 25 * 60")
    renew_form = page.select_one("form#session-renew")
    response = dr.post(renew_form["action"], data=form_fields(renew_form), headers={"Accept": "application/json"})
    assert response.status_code == 200 and response.get_json() == {"seconds_left": 30 * 60}
    last_seen = conn.execute("select last_seen from staff_sessions").fetchone()[0]
    conn.close()
    assert time.time() - last_seen < 60
    expire(app, dr)
    late = dr.post(renew_form["action"], data=form_fields(renew_form), headers={"Accept": "application/json"})
    assert late.status_code == 302 and "/staff/login" in late.headers["Location"]


def test_the_idle_limit_is_configurable_from_the_environment(tmp_path, template_db, monkeypatch):
    import shutil

    monkeypatch.setenv("COMPANION_CONFIG_STAFF_IDLE_TIMEOUT", "300")
    path = tmp_path / "t.db"
    shutil.copyfile(template_db, path)
    app = create_app({"DATABASE": str(path)})
    assert app.config["STAFF_IDLE_TIMEOUT"] == 300
    make_user(app, EMAIL, "clinician")
    client = app.test_client()
    login(client, EMAIL)
    page = soup_of(client.get("/staff/"))
    assert "5" in page.select_one(".session-limit").get_text()
    assert int(page.select_one("#staff-session")["data-seconds-left"]) <= 300


@pytest.mark.parametrize("months,group", [(8, "under-12"), (143, "under-12"), (144, "12-15"), (191, "12-15"),
                                          (192, "16-17"), (215, "16-17"), (216, None), (None, None)])
def test_age_group_for_months(months, group):
    assert age_group_for_months(months) == group


def test_the_new_record_form_takes_language_and_age_group_and_nothing_else(dr):
    page = soup_of(dr.get("/nl/consent/new?conversation=en&age_group=12-15&screening_number=SCR-9&lang=fr"))
    assert page.select_one("#lang-en").has_attr("checked")
    assert page.select_one("#age_group-12-15").has_attr("checked")
    assert page.select_one("#screening_number")["value"] == ""
    odd = soup_of(dr.get("/nl/consent/new?conversation=de&age_group=%3Cb%3E"))
    assert odd.select_one("#lang-nl").has_attr("checked") and not odd.select("input[name=age_group][checked]")


def test_a_likely_eligible_clinician_pre_screen_offers_the_consent_conversation(app, dr):
    from tests.prescreen.walk import Walker, clinician_all

    w = Walker(dr)
    w.start("clinician")
    for step, data in clinician_all():
        w.answer("clinician", step, data)
    soup = w.finish("clinician")
    assert soup.select_one(".staff-nav .signed-in-as") and soup.select_one("form[action='/staff/logout']")
    link = soup.select_one(".start-consent a")["href"]
    assert link.startswith("/en/consent/new?") and set(link.split("?")[1].split("&")) <= {
        "conversation=en", "age_group=under-12", "age_group=12-15", "age_group=16-17"}
    new = soup_of(dr.get(link))
    assert new.select_one("#lang-en").has_attr("checked") and new.select("input[name=age_group][checked]")
    # a child who cannot take part gets no such button
    w.answer("clinician", "weight", {"weight_kg": "9", "from": "check"})
    assert not w.finish("clinician").select_one(".start-consent")


def test_clinician_pre_screen_pages_have_the_staff_header(app, dr):
    from tests.prescreen.walk import Walker

    w = Walker(dr)
    w.start("clinician")
    soup = w.get("/en/prescreen/clinician/phoenix")
    assert soup.select_one(".staff-nav .signed-in-as") and soup.select_one("form[action='/staff/logout']")
    buttons = [b.get("value") for b in soup.select("form.prescreen-form button[type=submit]")]
    assert buttons[0] == "calculate"  # the form's default button: Enter in a field calculates
    family = Walker(app.test_client())
    family.start("family")
    assert not family.get("/en/prescreen/family/age").select_one(".staff-nav")
