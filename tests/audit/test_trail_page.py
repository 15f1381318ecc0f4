"""/staff/audit: the admin's view of the trail, filters, pages and CSV export."""

import csv
import io
import sqlite3

import pytest

from companion.audit import append_event
from companion.audit import query
from companion.auth.testing import login, make_user
from companion.db import get_db


@pytest.fixture
def admin(app, client):
    app.config["AUTH_FAILURE_DELAY"] = False
    user = make_user(app, "admin@example.nl", "admin")
    login(client, "admin@example.nl")
    return user


def add(app, n, **kw):
    with app.app_context():
        for i in range(n):
            append_event(get_db(), kind=kw.get("kind", "consent.item_recorded"), actor=kw.get("actor"),
                         subject=kw.get("subject", f"consent:{i}"), details={"i": i})


def test_page_shows_events_and_the_chain_state(app, client, admin, page):
    add(app, 3, actor=admin["id"])
    soup = page("/staff/audit")
    assert soup.select_one(".verify-ok")
    cells = [tr.find_all("td") for tr in soup.select(".audit-table tbody tr")]
    kinds = [c[2].get_text(strip=True) for c in cells]
    assert kinds[0] == "consent.item_recorded"  # newest first
    assert "auth.login" in kinds and "auth.user_created" in kinds
    assert any(c[3].get_text(strip=True) == "admin@example.nl" for c in cells)


@pytest.mark.parametrize(
    "args, expected",
    [("kind=consent.item_recorded", 3), ("subject=consent:1", 1), ("kind=auth.login", 1),
     ("from=2000-01-01&to=2999-12-31&kind=consent.item_recorded", 3), ("to=2000-01-01", 0)],
)
def test_filters(app, client, admin, args, expected):
    add(app, 3, actor=admin["id"])
    soup_html = client.get(f"/staff/audit?{args}").get_data(as_text=True)
    from bs4 import BeautifulSoup

    rows = BeautifulSoup(soup_html, "html.parser").select(".audit-table tbody tr")
    assert len(rows) == expected


def test_filter_by_person(app, client, admin):
    other = make_user(app, "dr@example.nl", "clinician")
    add(app, 2, actor=other["id"])
    add(app, 1, actor=admin["id"])
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(client.get(f"/staff/audit?actor={other['id']}").get_data(as_text=True), "html.parser")
    people = {tr.find_all("td")[3].get_text(strip=True) for tr in soup.select(".audit-table tbody tr")}
    assert people == {"dr@example.nl"}


@pytest.mark.parametrize("args", ["from=yesterday", "actor=bob", "kind=DROP TABLE", "from=2026-05-04&to=2026-05-01",
                                  "subject=" + "x" * 101])
def test_bad_filters_get_a_message_not_a_500(client, admin, args):
    response = client.get(f"/staff/audit?{args}")
    assert response.status_code == 400
    assert "error-summary" in response.get_data(as_text=True)


def test_pages(app, client, admin):
    add(app, query.PAGE_SIZE + 5)
    first = client.get("/staff/audit").get_data(as_text=True)
    assert 'rel="next"' in first
    second = client.get("/staff/audit?page=2").get_data(as_text=True)
    assert 'rel="prev"' in second and 'rel="next"' not in second
    assert client.get("/staff/audit?page=abc").status_code == 200


def test_broken_chain_is_shown(app, client, admin):
    add(app, 2)
    conn = sqlite3.connect(app.config["DATABASE"])
    conn.execute("DROP TRIGGER audit_events_no_update")
    conn.execute("UPDATE audit_events SET subject = 'forged' WHERE id = 1")
    conn.commit()
    conn.close()
    html = client.get("/staff/audit").get_data(as_text=True)
    assert "verify-broken" in html


def test_csv_export(app, client, admin):
    add(app, 2, subject="=HYPERLINK(\"http://evil\")")
    response = client.get("/staff/audit.csv?kind=consent.item_recorded")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert len(rows) == 2
    assert list(rows[0]) == query.CSV_COLUMNS
    assert rows[0]["subject"].startswith("'=")  # no formula in a spreadsheet
    with app.app_context():
        last = next(get_db().query("SELECT kind, actor FROM audit_events ORDER BY id DESC LIMIT 1"))
    assert last == {"kind": "audit.exported", "actor": admin["id"]}


def test_csv_export_with_bad_filter(client, admin):
    assert client.get("/staff/audit.csv?from=nope").status_code == 400
