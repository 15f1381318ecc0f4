"""What goes over a slow hospital Wi-Fi: compressed responses, pages revalidated by ETag.

Compression (Flask-Compress): Brotli or gzip, whichever the browser's `Accept-Encoding` prefers,
with `Vary: Accept-Encoding`; bodies under 500 bytes go as they are (headers would eat the gain);
streamed responses are never compressed (a stream goes out as it is made); PDFs and calendar
files are left alone (not text types). Static files come compressed already
(`companion.static_files`), so Flask-Compress leaves them alone.

Pages: every HTML page a GET answers with 200 gets a strong ETag (a hash of its body) and
`Cache-Control: no-cache`, or `private, no-cache` when the visitor has a session (a form's CSRF
token, pre-screen answers): the browser keeps the page and asks each time whether it changed,
and an unchanged page costs a `304` with no body. Staff, API and consent responses keep their
`no-store` (`companion.security.is_private`), as do pages that set it themselves.
Flask-Compress gives each encoding its own ETag (`"…:br"`) and answers conditional requests
for what it compresses; `tag_page` answers them for what goes uncompressed. A page's compressed
body is kept by its ETag (`CompressedPages`), so the same page is compressed once, not per visit.

Compression beside a CSRF token is what the BREACH attack measures; it needs thousands of
requests carrying the victim's cookie, and the session cookie is `SameSite=Lax`, so no
cross-site page can make a browser send them.
"""
import threading
from collections import OrderedDict

from flask import Flask, g, request, session
from flask_compress import Compress

from companion.security import is_private

SETTINGS = {
    "COMPRESS_ALGORITHM": ["br", "gzip"],
    "COMPRESS_STREAMS": False,
    "COMPRESS_MIN_SIZE": 500,
    "COMPRESS_BR_LEVEL": 4,  # the library's default: 3 % larger than 5, a third faster
    "COMPRESS_LEVEL": 6,
}
NOT_A_PAGE = "-"  # cache key of a response tag_page did not hash: never kept


class CompressedPages:
    """The compressed bodies of recent pages, by encoding and ETag (the hash of the page itself):
    a page served again, to any visitor, is not compressed again (the 50 KB print page costs
    milliseconds of Brotli each time). At most `size` bodies; the least recently used go first."""

    def __init__(self, size: int = 256):
        self.size = size
        self._bodies: OrderedDict[str, bytes] = OrderedDict()
        self._lock = threading.Lock()  # gunicorn's threaded workers

    def get(self, key: str) -> bytes | None:
        if key.endswith(NOT_A_PAGE):
            return None
        with self._lock:
            return self._bodies.get(key)

    def set(self, key: str, value: bytes) -> None:
        if key.endswith(NOT_A_PAGE):
            return
        with self._lock:
            self._bodies[key] = value
            self._bodies.move_to_end(key)
            while len(self._bodies) > self.size:
                self._bodies.popitem(last=False)


def page_key(_request) -> str:
    return g.get("page_etag") or NOT_A_PAGE


def tag_page(response):
    """ETag and Cache-Control on an HTML page, and `304` when the browser's copy is current."""
    if (request.method not in ("GET", "HEAD") or response.status_code != 200 or response.mimetype != "text/html"
            or response.is_streamed or is_private(request.path)):
        return response
    control = response.headers.get("Cache-Control")
    if control and "no-store" in control:
        return response
    if not control:
        personal = bool(request.cookies) or session.modified
        response.headers["Cache-Control"] = "private, no-cache" if personal else "no-cache"
    if response.get_etag()[0] is None:
        response.add_etag()
    etag, weak = response.get_etag()
    if not weak:  # a strong ETag names these very bytes: their compressed form may be kept by it
        g.page_etag = etag
    return response.make_conditional(request)


def init_app(app: Flask) -> None:
    for name, value in {**SETTINGS, "COMPRESS_CACHE_BACKEND": CompressedPages, "COMPRESS_CACHE_KEY": page_key,
                        "COMPRESS_REGISTER": False}.items():
        app.config.setdefault(name, value)
    compress = app.extensions["compress"] = Compress(app)  # one per app: it keeps the app's settings

    def compress_response(response):
        if request.endpoint == "static":  # compressed already, at their highest levels
            return response
        return compress.after_request(response)

    # after_request functions run last-registered first: tag_page sees the page before
    # Flask-Compress does, so the ETag is the hash of the uncompressed page.
    app.after_request(compress_response)
    app.after_request(tag_page)
