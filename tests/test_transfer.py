"""What goes over the wire (companion/transfer.py): compression by Accept-Encoding, pages
revalidated by ETag with `no-cache`, staff and consent kept `no-store`, and no family page
over 50 KB compressed."""
import gzip

import brotli
import pytest
from flask import Response, stream_with_context

from companion.auth.testing import csrf_token

SECTION = "/nl/info/what-happens"
FAMILY_PAGES = ["/nl/", "/en/info/", SECTION, "/en/info/12-15/", "/nl/info/print", "/en/glossary",
                "/nl/timeline", "/nl/timeline?start=2026-05-04", "/nl/privacy"]
LIMIT = 50 * 1024


def decode(response) -> bytes:
    encoding = response.headers.get("Content-Encoding")
    return {"br": brotli.decompress, "gzip": gzip.decompress, None: lambda data: data}[encoding](response.data)


@pytest.mark.parametrize("accept, expected", [
    ("br", "br"), ("gzip", "gzip"), ("gzip, deflate, br, zstd", "br"), ("br;q=0.5, gzip", "gzip"),
    ("", None), ("identity", None), ("deflate", None),
])
def test_pages_are_compressed_as_the_browser_asks(client, accept, expected):
    plain = client.get(SECTION).data
    response = client.get(SECTION, headers={"Accept-Encoding": accept})
    assert response.status_code == 200
    assert response.headers.get("Content-Encoding") == expected
    assert "Accept-Encoding" in response.headers["Vary"]
    assert decode(response) == plain
    if expected:
        assert int(response.headers["Content-Length"]) == len(response.data) < len(plain) / 2


def test_tiny_bodies_go_uncompressed(client):
    response = client.get("/healthz", headers={"Accept-Encoding": "br, gzip"})
    assert response.status_code == 200 and len(response.data) < 500
    assert "Content-Encoding" not in response.headers


def test_downloads_are_left_as_they_are(app, client):
    calendar = client.get("/nl/timeline.ics?start=2026-05-04", headers={"Accept-Encoding": "br, gzip"})
    assert calendar.status_code == 200 and calendar.mimetype == "text/calendar"
    assert "Content-Encoding" not in calendar.headers
    assert calendar.data.startswith(b"BEGIN:VCALENDAR")
    assert "application/pdf" not in app.config["COMPRESS_MIMETYPES"]  # consent summary, dossier


def test_streamed_responses_go_out_as_they_are_made(app, client):
    @app.get("/_test/stream")
    def stream():
        return Response(stream_with_context(f"<p>{n}</p>" * 200 for n in range(5)), mimetype="text/html")

    response = client.get("/_test/stream", headers={"Accept-Encoding": "br, gzip"})
    assert "Content-Encoding" not in response.headers
    assert response.get_data(as_text=True) == "".join(f"<p>{n}</p>" * 200 for n in range(5))


@pytest.mark.parametrize("path", FAMILY_PAGES)
@pytest.mark.parametrize("accept", ["br", "gzip", ""])
def test_family_pages_are_revalidated_by_etag(app, path, accept):
    client = app.test_client()  # no cookie: a first visit
    first = client.get(path, headers={"Accept-Encoding": accept})
    assert first.status_code == 200
    assert first.headers["Cache-Control"] == "no-cache"
    etag = first.headers["ETag"]
    assert etag.startswith('"') and not etag.startswith("W/")

    again = client.get(path, headers={"Accept-Encoding": accept, "If-None-Match": etag})
    assert again.status_code == 304
    assert again.data == b""
    assert again.headers["ETag"] == etag
    assert "Content-Encoding" not in again.headers

    other = client.get(path, headers={"Accept-Encoding": accept, "If-None-Match": '"something-else"'})
    assert other.status_code == 200 and decode(other) == decode(first)


def test_each_encoding_has_its_own_etag(client):
    etags = {accept: client.get(SECTION, headers={"Accept-Encoding": accept}).headers["ETag"]
             for accept in ("br", "gzip", "")}
    assert len(set(etags.values())) == 3
    # the copy a browser kept uncompressed is still current when it later asks with br
    assert client.get(SECTION, headers={"Accept-Encoding": "br", "If-None-Match": etags[""]}).status_code == 304


def test_a_changed_page_gets_a_new_etag(client):
    assert client.get("/nl/info/purpose").headers["ETag"] != client.get("/nl/info/what-happens").headers["ETag"]


def test_pages_of_a_visitor_with_a_session_stay_out_of_shared_caches(client):
    chat = client.get("/nl/chat")  # the question form's CSRF token starts a session
    assert chat.headers["Cache-Control"] == "private, no-cache"
    assert "companion=" in chat.headers.get("Set-Cookie", "")
    assert client.get("/nl/info/").headers["Cache-Control"] == "private, no-cache"


def test_staff_api_and_consent_keep_no_store(client, auth):
    for path in ("/staff/login", "/api/timeline?lang=nl"):
        response = client.get(path, headers={"Accept-Encoding": "br", "If-None-Match": "*"})
        assert response.status_code == 200, path
        assert response.headers["Cache-Control"] == "no-store", path
        assert "ETag" not in response.headers, path
    auth.login_as("clinician")
    for path in ("/staff/", "/nl/consent/"):
        response = client.get(path, headers={"Accept-Encoding": "br"})
        assert response.headers["Cache-Control"] == "no-store", path
        assert "ETag" not in response.headers, path


def test_pages_that_say_no_store_keep_it(client):
    response = client.get("/nl/prescreen/", headers={"Accept-Encoding": "br"})
    assert response.headers["Cache-Control"] == "no-store"
    assert "ETag" not in response.headers


def family_pages(app, client) -> list[str]:
    """Every family page: home, each information section for each reader, word lists, chat,
    pre-screen (start and first question), timeline, privacy and accessibility, in both languages."""
    with app.test_request_context():
        from companion.content import current_content
        from companion.info.routes import info_url

        content = current_content()
        paths = []
        for lang in ("nl", "en"):
            for reader in ("parents", "16-17", "12-15", "under-12"):
                sections = content.sections(lang, reader)
                if sections:
                    paths.append(info_url(lang, reader))
                    paths += [info_url(lang, reader, s.slug) for s in sections]
            paths += [f"/{lang}/{p}" for p in ("", "info/print", "glossary", "glossary/children", "chat", "prescreen/",
                                               "timeline", "timeline?start=2026-05-04", "privacy", "accessibility")]
    token = csrf_token(client, "/nl/prescreen/")
    for lang in ("nl", "en"):
        started = client.post(f"/{lang}/prescreen/start", data={"mode": "family", "csrf_token": token})
        assert started.status_code == 302
        paths.append(started.headers["Location"])
    return paths


def test_no_family_page_is_over_50_kb_compressed(app, client):
    paths = family_pages(app, client)
    assert len(paths) > 40
    sizes = {}
    for path in paths:
        for accept in ("br", "gzip"):
            response = client.get(path, headers={"Accept-Encoding": accept})
            assert response.status_code == 200, path
            assert response.headers["Content-Encoding"] == accept, path
            sizes[path, accept] = len(response.data)
    over = {key: size for key, size in sizes.items() if size > LIMIT}
    assert not over, over


def test_the_content_overview_is_under_50_kb_compressed(client, auth):
    """The staff overview of every content item (154 KB as HTML) is the largest page of all."""
    auth.login_as("editor")
    plain = client.get("/staff/content")
    assert plain.status_code == 200 and len(plain.data) > LIMIT
    for accept in ("br", "gzip"):
        response = client.get("/staff/content", headers={"Accept-Encoding": accept})
        assert response.headers["Content-Encoding"] == accept
        assert len(response.data) <= LIMIT


def test_a_page_is_compressed_once_and_kept_by_its_etag(app, client, monkeypatch):
    cache = app.extensions["compress"].cache
    first = client.get(SECTION, headers={"Accept-Encoding": "br"})
    page_hash = first.headers["ETag"].strip('"').removesuffix(":br")
    assert list(cache._bodies) == [f"br;{page_hash}"]

    def fail(*args, **kwargs):
        raise AssertionError("compressed again")

    monkeypatch.setattr("flask_compress.flask_compress._compress_data", fail)
    again = client.get(SECTION, headers={"Accept-Encoding": "br"})
    assert again.data == first.data and again.headers["Content-Encoding"] == "br"
    # responses that are not pages (JSON, here over 500 bytes) are compressed but never kept
    monkeypatch.undo()
    assert client.get("/api/timeline?lang=nl", headers={"Accept-Encoding": "br"}).headers["Content-Encoding"] == "br"
    assert len(cache._bodies) == 1
