"""One error handler: an HTML page in the visitor's language, or JSON under /api."""
import logging

from flask import g, jsonify, render_template, request, url_for
from flask_babel import force_locale
from werkzeug.exceptions import HTTPException, InternalServerError

from companion.i18n import LANGUAGES, other_language, preferred_language, switch_language_to

log = logging.getLogger(__name__)


class ApiError(Exception):
    """Raised by API views for bad input: becomes `400 {"error": message}`."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.message = message
        self.status = status


def error_language() -> str:
    """The language of the URL when it has one, else the browser's preference."""
    first = request.path.strip("/").split("/", 1)[0]
    return first if first in LANGUAGES else preferred_language()


def _wants_json() -> bool:
    return request.path.startswith("/api/")


def handle_api_error(error: ApiError):
    return jsonify({"error": error.message}), error.status


def handle_http_error(error: HTTPException):
    if _wants_json():
        messages = {
            400: "The request is not valid JSON or is missing required fields.",
            404: "There is no such API endpoint.",
            405: "This method is not allowed here.",
            413: "The request is too large.",
        }
        message = messages.get(error.code, error.description or error.name)
        return jsonify({"error": message}), error.code
    lang = error_language()
    g.lang = lang
    if error.code == 404 and (request.url_rule is None or "lang" in (request.view_args or {})):
        # the same path in the other language is just as missing: offer that language's home page
        # (staff pages keep ?lang=, which is how they change language)
        switch_language_to(url_for("info.home", lang=other_language(lang)))
    with force_locale(lang):
        body = render_template("errors/error.html", code=error.code, error=error, error_lang=lang)
    response = error.get_response()
    response.set_data(body)
    response.mimetype = "text/html"
    return response


def handle_unexpected(error: Exception):
    log.exception("Unhandled error on %s %s", request.method, request.path)
    return handle_http_error(InternalServerError())


def read_chunked_body():
    """A chunked request body is read before the view: one that breaks off or is malformed is the
    client's 400, not a 500 raised from deep inside form or JSON parsing."""
    if "chunked" not in request.headers.get("Transfer-Encoding", "").lower():
        return None
    try:
        request.get_data(cache=True)
    except HTTPException:
        raise
    except Exception:  # gunicorn's InvalidChunkSize, ChunkMissingTerminator, NoMoreData, …
        log.info("Malformed chunked body on %s %s", request.method, request.path)
        from werkzeug.exceptions import BadRequest

        raise BadRequest("The request body is malformed.")
    return None


def init_app(app) -> None:
    app.before_request(read_chunked_body)
    app.register_error_handler(ApiError, handle_api_error)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(Exception, handle_unexpected)
