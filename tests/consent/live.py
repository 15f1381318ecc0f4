"""A small HTTP client for the consent pages of a running server (kill test and `make bench`).

Standard library only; one keep-alive connection and its own cookies per Session, so
each thread is one signed-in clinician."""
from __future__ import annotations

import http.client
import os
import re
import signal
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
_TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')
_COOKIE = re.compile(r"^([^=;\s]+)=([^;]*)")
PASSWORD = "live consent password 1"


class Session:
    def __init__(self, base: str, timeout: float = 30):
        url = urllib.parse.urlsplit(base)
        self.host, self.port, self.timeout = url.hostname, url.port, timeout
        self.conn = None
        self.cookies: dict[str, str] = {}
        self.token = None

    def _connection(self):
        if self.conn is None:
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        return self.conn

    def clone(self) -> "Session":
        """Another connection with the same sign-in (cookies and CSRF token)."""
        other = Session(f"http://{self.host}:{self.port}", self.timeout)
        other.cookies, other.token = dict(self.cookies), self.token
        return other

    def set_timeout(self, seconds: float) -> None:
        self.timeout = seconds
        if self.conn is not None:
            self.conn.timeout = seconds
            if self.conn.sock is not None:
                self.conn.sock.settimeout(seconds)

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def request(self, method: str, path: str, form: dict | None = None) -> tuple[int, dict, str]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())} if self.cookies else {}
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn = self._connection()
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            text = response.read().decode("utf-8", "replace")
        except Exception:
            self.close()
            raise
        for value in response.headers.get_all("Set-Cookie") or []:
            match = _COOKIE.match(value)
            if match:
                self.cookies[match.group(1)] = match.group(2)
        return response.status, dict(response.headers), text

    def csrf(self, path: str) -> str:
        status, _, text = self.request("GET", path)
        match = _TOKEN.search(text)
        if not match:
            raise RuntimeError(f"no csrf_token on {path} ({status})")
        return match.group(1) or match.group(2)

    def login(self, email: str, password: str = PASSWORD) -> None:
        token = self.csrf("/staff/login")
        status, headers, _ = self.request("POST", "/staff/login",
                                          {"email": email, "password": password, "csrf_token": token})
        if status != 302:
            raise RuntimeError(f"sign-in failed: {status}")
        self.token = self.csrf("/nl/consent/new")

    def create_record(self, number: str, age_group: str = "under-12", lang: str = "nl") -> str:
        status, headers, text = self.request("POST", "/nl/consent/new", {
            "csrf_token": self.token, "screening_number": number, "lang": lang, "age_group": age_group,
            "authority": "two_parents"})
        if status != 303:
            raise RuntimeError(f"creating a record failed: {status} {text[:300]}")
        return headers["Location"].rstrip("/").rsplit("/", 1)[1]

    def save(self, record_id: str, slug: str, revision: int, status: str, questions: str) -> int:
        code, _, _ = self.request("POST", f"/nl/consent/{record_id}/item/{slug}", {
            "csrf_token": self.token, "revision": str(revision), "status-parent_1": status,
            "questions-parent_1": questions})
        return code


def make_database(db_path: Path, emails: list[str]) -> None:
    """Migrate, load content and create clinician accounts in a fresh database file."""
    sys.path.insert(0, str(ROOT))
    from companion import create_app
    from companion.auth.testing import make_user

    app = create_app({"DATABASE": str(db_path), "TESTING": False})
    for email in emails:
        make_user(app, email, "clinician", PASSWORD)


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(db_path: Path, port: int | None = None, workers: int = 2):
    """gunicorn in its own process group (so a crash can take all of it down at once)."""
    port = port or free_port()
    env = {**os.environ, "COMPANION_DB": str(db_path), "SECRET_KEY": "consent-live-secret",
           "COMPANION_INSECURE_COOKIES": "1"}
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "-c", "python:companion.serving.gunicorn_conf",
         "--workers", str(workers), "--bind", f"127.0.0.1:{port}", "--graceful-timeout", "2", "app:app"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 30
    while time.time() < deadline:
        if process.poll() is not None:
            raise RuntimeError("gunicorn exited during start-up")
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2) as response:
                if response.status == 200:
                    return process, base
        except OSError:
            time.sleep(0.2)
    kill_group(process)
    raise RuntimeError("gunicorn did not answer /healthz within 30 s")


def kill_group(process) -> None:
    """SIGKILL the server and its workers: no shutdown code runs, as in a crash."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait(timeout=10)


def stop_gracefully(process) -> None:
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        kill_group(process)
