"""Static files under content-hashed URLs (companion/static_files.py): a year-long immutable cache
for the current hash, a sensible answer for an old one, compressed once, no session attached."""
import gzip
import hashlib
import re

import brotli
import pytest

from companion.config import ROOT
from companion.static_files import IMMUTABLE, StaticFiles

STATIC = ROOT / "static"
HASHED = re.compile(r"^/static/(?P<stem>[\w/.-]+)\.(?P<digest>[0-9a-f]{10})(?P<ext>\.\w+)$")


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:10]


def static_urls(client, path: str) -> list[str]:
    return re.findall(r'(?:href|src)="(/static/[^"]+)"', client.get(path).get_data(as_text=True))


def test_pages_link_static_files_by_their_content_hash(client):
    urls = static_urls(client, "/nl/chat") + static_urls(client, "/nl/info/")
    assert any(u.endswith(".css") for u in urls) and any(u.endswith(".js") for u in urls)
    assert any(u.endswith(".svg") for u in urls)
    for url in urls:
        match = HASHED.match(url)
        assert match, f"{url} has no content hash in its path"
        assert match["digest"] == digest(STATIC / (match["stem"] + match["ext"])), url
        assert "?" not in url


def test_a_hashed_url_is_kept_for_a_year(client):
    url = next(u for u in static_urls(client, "/nl/") if "/css/app." in u)
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == IMMUTABLE == "public, max-age=31536000, immutable"
    assert response.mimetype == "text/css"
    assert response.data == (STATIC / "css" / "app.css").read_bytes()


@pytest.mark.parametrize("accept, encoding, unpack", [
    ("br", "br", brotli.decompress), ("gzip, deflate, br, zstd", "br", brotli.decompress),
    ("gzip", "gzip", gzip.decompress), ("", None, bytes), ("br;q=0, gzip;q=0", None, bytes),
])
def test_static_files_come_compressed_as_the_browser_asks(client, accept, encoding, unpack):
    url = next(u for u in static_urls(client, "/nl/chat") if "/js/chat." in u)
    response = client.get(url, headers={"Accept-Encoding": accept})
    assert response.headers.get("Content-Encoding") == encoding
    assert "Accept-Encoding" in response.headers["Vary"]
    assert unpack(response.data) == (STATIC / "js" / "chat.js").read_bytes()
    assert response.headers["Cache-Control"] == IMMUTABLE


def test_an_old_hash_still_gets_the_current_file_but_not_for_long(client):
    """A page kept from before a deploy (back button, saved offline) names the old hash: it still
    gets its styling, and nothing is kept for a year under a name that is not its content."""
    response = client.get("/static/css/app.0123456789.css")
    assert response.status_code == 200
    assert response.data == (STATIC / "css" / "app.css").read_bytes()
    assert response.headers["Cache-Control"] == "no-cache"


def test_the_plain_name_is_revalidated(client):
    first = client.get("/static/css/app.css", headers={"Accept-Encoding": "br"})
    assert first.headers["Cache-Control"] == "no-cache"
    again = client.get("/static/css/app.css", headers={"Accept-Encoding": "br", "If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""


@pytest.mark.parametrize("path", ["/static/css/nothing.css", "/static/css/nothing.0123456789.css",
                                  "/static/../app.py", "/static/%2e%2e/app.py", "/static/css/"])
def test_missing_files_are_404(client, path):
    assert client.get(path).status_code == 404


def test_every_static_file_is_served_under_its_hash(app, client):
    files = [p for p in STATIC.rglob("*") if p.is_file()]
    assert files
    with app.test_request_context():
        from flask import url_for

        urls = {p: url_for("static", filename=p.relative_to(STATIC).as_posix()) for p in files}
    for path, url in urls.items():
        assert digest(path) in url, url
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.data == path.read_bytes(), url


def test_static_files_carry_no_session(client, auth):
    """A response that read the session would say `Vary: Cookie` (and refresh a signed-in cookie):
    the phone would fetch its year-cached CSS again whenever the cookie changed."""
    auth.login_as("clinician")
    assert client.get("/staff/").status_code == 200
    for url in static_urls(client, "/nl/chat") + ["/static/css/consent.css"]:
        response = client.get(url, headers={"Accept-Encoding": "br"})
        assert "Cookie" not in response.headers.get("Vary", ""), url
        assert "Set-Cookie" not in response.headers, url
        assert "no-store" not in response.headers["Cache-Control"], url
        assert response.headers["Content-Security-Policy"].startswith("default-src 'self'")


def test_a_changed_file_gets_a_new_url(tmp_path):
    (tmp_path / "css").mkdir()
    sheet = tmp_path / "css" / "site.css"
    sheet.write_text("body { color: black; }\n" * 40)
    files = StaticFiles(str(tmp_path))
    before = files.hashed_name("css/site.css")
    assert re.fullmatch(r"css/site\.[0-9a-f]{10}\.css", before)
    sheet.write_text("body { color: navy; }\n" * 40)
    after = files.hashed_name("css/site.css")
    assert after != before
    item, current = files.resolve(after)
    assert current and item.bodies["identity"] == sheet.read_bytes()
    assert brotli.decompress(item.bodies["br"]) == sheet.read_bytes()
    assert files.resolve(before) == (item, False)
    assert files.hashed_name("css/none.css") == "css/none.css"


def test_a_name_without_an_extension_keeps_its_name(tmp_path):
    (tmp_path / "LICENSE").write_text("text")
    files = StaticFiles(str(tmp_path))
    assert files.hashed_name("LICENSE") == "LICENSE"
    item, current = files.resolve("LICENSE")
    assert item.filename == "LICENSE" and not current
