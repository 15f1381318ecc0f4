"""Staff sign-in, accounts and audit trail in a real browser under gunicorn (2 workers);
axe on each page; and sign-ins hitting both workers at once keep one intact audit chain."""
import http.cookiejar
import re
import threading
import urllib.parse
import urllib.request

import pytest
from sqlite_utils import Database

from companion import create_app
from companion.audit.chain import verify_chain
from companion.auth.testing import make_user
from tests.conftest import screenshot, start_server, stop_server

pytestmark = pytest.mark.e2e
PASSWORD = "browser test password"


@pytest.fixture(scope="module")
def staff_server(tmp_path_factory):
    db_path = tmp_path_factory.mktemp("staff") / "staff.db"
    app = create_app({"DATABASE": str(db_path)})
    make_user(app, "admin@example.nl", "admin", PASSWORD)
    process, base = start_server(db_path)
    yield base, db_path
    stop_server(process)


def test_admin_signs_in_adds_an_account_and_reads_the_trail(staff_server, browser_page, axe_check):
    base, db_path = staff_server
    tab = browser_page
    tab.goto(base + "/staff/users")
    assert "/staff/login?next=" in tab.url
    assert tab.locator("h1").inner_text() == "Inloggen voor medewerkers"
    axe_check(tab)

    tab.locator("#email").fill("admin@example.nl")
    tab.locator("#password").fill("wrong password here")
    tab.get_by_role("button", name="Inloggen").last.click()
    assert tab.locator(".error-summary").is_visible()
    screenshot(tab, "staff-1-login-error-nl")
    axe_check(tab)

    tab.locator("#email").fill("admin@example.nl")
    tab.locator("#password").fill(PASSWORD)
    tab.get_by_role("button", name="Inloggen").last.click()
    assert tab.url == base + "/staff/users"
    assert tab.locator("h1").inner_text() == "Accounts van medewerkers"
    axe_check(tab)

    tab.locator("#new-email").fill("dr.jansen@example.nl")
    tab.locator("#new-role").select_option("clinician")
    tab.locator("#new-password").fill("a first long password")
    tab.get_by_role("button", name="Account toevoegen").click()
    assert tab.locator(".notice").first.inner_text().startswith("Account gemaakt voor dr.jansen@example.nl")
    screenshot(tab, "staff-2-accounts-nl")
    axe_check(tab)

    tab.goto(base + "/staff/audit?lang=en")
    assert tab.locator("h1").inner_text() == "Audit trail"
    assert "intact" in tab.locator(".verify-ok").inner_text()
    kinds = tab.locator(".audit-table tbody tr td:nth-child(3)").all_inner_texts()
    assert kinds[:3] == ["auth.user_created", "auth.login", "auth.login_failed"]
    screenshot(tab, "staff-3-audit-en")
    axe_check(tab)

    tab.goto(base + "/staff/")
    axe_check(tab)
    tab.get_by_role("button", name="Sign out", exact=True).click()
    assert tab.url.startswith(base + "/staff/login")
    assert tab.locator("[role=status]").inner_text() == "You are signed out."


def _attempts(base, email, n, errors):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    try:
        for _ in range(n):
            html = opener.open(base + "/staff/login").read().decode()
            token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
            body = urllib.parse.urlencode({"email": email, "password": "not the password", "csrf_token": token})
            try:
                opener.open(base + "/staff/login", data=body.encode())
            except urllib.error.HTTPError as exc:
                if exc.code not in (401, 429):
                    errors.append(exc.code)
    except Exception as exc:  # pragma: no cover - reported by the assert
        errors.append(repr(exc))


def test_parallel_sign_ins_on_two_workers_keep_one_chain(staff_server):
    base, db_path = staff_server
    db = Database(db_path)
    before = verify_chain(db)[1]
    errors = []
    threads = [threading.Thread(target=_attempts, args=(base, f"person{i}@example.nl", 4, errors)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    ok, count, broken = verify_chain(db)
    assert ok, broken
    assert count == before + 24
