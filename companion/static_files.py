"""Static files under URLs that carry a hash of their content, cached by phones for a year.

`url_for("static", filename="css/app.css")` (and `asset_url`, which calls it) builds
`/static/css/app.3f2a1c9d0b.css`: a new deploy changes the hash, so a browser may keep the
old file for a year (`immutable`) and still never use a stale stylesheet. No build step and
no manifest to forget: the hash is read from the file itself, again whenever it changes on disk.

The view serves each file from memory, compressed once with Brotli and gzip at their highest
levels (no work per request). What it answers:

- the current hash: the file, `Cache-Control: public, max-age=31536000, immutable`;
- an old or unknown hash (a page kept from before a deploy, in a back/forward cache or saved
  offline): the current file, `no-cache`, so the page still has its styling and nothing stale
  is kept under that name;
- the plain name (`/static/css/app.css`): the current file, `no-cache`, revalidated by ETag.

Flask's own static handling with a hash in the path was chosen over WhiteNoise: WhiteNoise
makes hashed copies only through Django's collectstatic, and as WSGI middleware its responses
would miss the security headers that `companion.security` adds to every response.
"""
from __future__ import annotations

import gzip
import hashlib
import mimetypes
import re
from dataclasses import dataclass, field
from pathlib import Path

import brotli
from flask import Flask, abort, current_app, request
from flask.sessions import SecureCookieSessionInterface
from werkzeug.security import safe_join

DIGEST_LENGTH = 10
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
_HASHED = re.compile(rf"^(?P<stem>.+)\.(?P<digest>[0-9a-f]{{{DIGEST_LENGTH}}})(?P<ext>\.[A-Za-z0-9]+)$")
# Text formats worth compressing; images other than SVG are compressed already.
_COMPRESSIBLE = ("text/", "application/javascript", "application/json", "image/svg+xml")
_MIN_COMPRESS = 256  # bytes: below this the headers cost more than compression saves


@dataclass
class StaticFile:
    filename: str  # relative to the static folder, with forward slashes
    stamp: tuple[float, int]  # (mtime, size): when it changes, the file is read again
    digest: str
    mimetype: str
    bodies: dict[str, bytes] = field(default_factory=dict)  # "identity", "br", "gzip" -> bytes

    @property
    def hashed_name(self) -> str:
        """`css/app.css` -> `css/app.<digest>.css`; a name without an extension keeps no hash."""
        stem, dot, ext = self.filename.rpartition(".")
        if not dot or not stem or stem.endswith("/") or "/" in ext:
            return self.filename
        return f"{stem}.{self.digest}.{ext}"


def _read(filename: str, path: Path, stamp: tuple[float, int]) -> StaticFile:
    data = path.read_bytes()
    mimetype = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    item = StaticFile(filename, stamp, hashlib.sha256(data).hexdigest()[:DIGEST_LENGTH], mimetype,
                      {"identity": data})
    if mimetype.startswith(_COMPRESSIBLE) and len(data) >= _MIN_COMPRESS:
        for encoding, packed in (("br", brotli.compress(data, quality=11)),
                                 ("gzip", gzip.compress(data, compresslevel=9, mtime=0))):
            if len(packed) < len(data):
                item.bodies[encoding] = packed
    return item


class StaticFiles:
    """The files of one static folder, read and compressed on first use, re-read when changed."""

    def __init__(self, folder: str):
        self.folder = folder
        self._files: dict[str, StaticFile] = {}  # one dict assignment per change: safe across threads

    def get(self, filename: str) -> StaticFile | None:
        joined = safe_join(self.folder, filename)
        if joined is None:
            return None
        path = Path(joined)
        try:
            stat = path.stat()
        except OSError:
            return None
        if not path.is_file():
            return None
        stamp = (stat.st_mtime, stat.st_size)
        item = self._files.get(filename)
        if item is None or item.stamp != stamp:
            item = self._files[filename] = _read(filename, path, stamp)
        return item

    def hashed_name(self, filename: str) -> str:
        """`css/app.css` -> `css/app.<hash>.css`; a name with no file stays as it is (and 404s)."""
        item = self.get(filename)
        return item.hashed_name if item else filename

    def resolve(self, requested: str) -> tuple[StaticFile | None, bool]:
        """The file a URL asks for, and whether the URL names its current content."""
        match = _HASHED.match(requested)
        if match:
            item = self.get(match["stem"] + match["ext"])
            if item is not None:
                return item, match["digest"] == item.digest
        return self.get(requested), False


def _encoding_for(item: StaticFile) -> str:
    """The compressed body the browser accepts with the highest quality (Brotli on a tie)."""
    offered = [name for name in ("br", "gzip") if name in item.bodies]
    if not offered:
        return "identity"
    accepted = request.accept_encodings
    best = max(offered, key=lambda name: accepted[name])
    return best if accepted[best] > 0 else "identity"


def serve_static(filename: str):
    files: StaticFiles = current_app.extensions["companion_static"]
    item, current = files.resolve(filename)
    if item is None:
        abort(404)
    encoding = _encoding_for(item)
    response = current_app.response_class(item.bodies[encoding], mimetype=item.mimetype)
    if encoding != "identity":
        response.headers["Content-Encoding"] = encoding
    if len(item.bodies) > 1:
        response.vary.add("Accept-Encoding")
    response.set_etag(item.digest if encoding == "identity" else f"{item.digest}:{encoding}")
    response.headers["Cache-Control"] = IMMUTABLE if current else REVALIDATE
    return response.make_conditional(request)


def _hash_static_urls(endpoint: str, values: dict) -> None:
    if endpoint == "static" and "filename" in values:
        values["filename"] = current_app.extensions["companion_static"].hashed_name(values["filename"])


def serve_before_session():
    """Answer static requests before the staff sign-in check reads the session: a response that
    touched the session would carry `Vary: Cookie`, and a phone would then fetch the year-cached
    file again whenever its cookie changed."""
    if request.endpoint == "static":
        return serve_static(**request.view_args)
    return None


class SessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie session, never saved on a static file's response. A signed-in staff
    member's session is permanent and refreshed on every response: without this, each CSS file
    would carry a new Set-Cookie (which a shared cache must never keep beside `public`) and
    `Vary: Cookie`."""

    def save_session(self, app, session, response) -> None:
        if request.endpoint == "static":
            return
        super().save_session(app, session, response)


def init_app(app: Flask) -> None:
    """Call before the features are registered: their before-request functions come after this one."""
    app.extensions["companion_static"] = StaticFiles(app.static_folder)
    app.view_functions["static"] = serve_static
    app.before_request(serve_before_session)
    app.session_interface = SessionInterface()
    app.url_defaults(_hash_static_urls)
