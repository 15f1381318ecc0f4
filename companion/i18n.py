"""Two languages: URL prefix `/<lang>/`, locale selection, the `/` redirect, the switch link."""
from flask import Blueprint, g, redirect, request, session, url_for
from flask_babel import Babel
from werkzeug.routing import BaseConverter

LANGUAGES = ("nl", "en")
DEFAULT_LANGUAGE = "nl"
LANGUAGE_NAMES = {"nl": "Nederlands", "en": "English"}

babel = Babel()
bp = Blueprint("i18n", __name__)


class LanguageConverter(BaseConverter):
    """Matches only the languages we serve, so `/fr/…` is a plain 404."""

    regex = "(?:nl|en)"


def N_(message: str) -> str:
    """Marks a message for translation (Babel extracts N_ by default); whoever shows it translates it."""
    return message


def other_language(lang: str) -> str:
    return "en" if lang == "nl" else "nl"


def current_language() -> str:
    """The page's language: from the URL, else the staff member's choice, else Dutch."""
    lang = None
    if request:
        lang = (request.view_args or {}).get("lang")
        if lang not in LANGUAGES:
            lang = g.get("lang") or session.get("lang")
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def preferred_language() -> str:
    """Best match for Accept-Language; Dutch when the header is missing, unknown or malformed."""
    try:
        best = request.accept_languages.best_match(LANGUAGES)
    except Exception:  # a header werkzeug cannot parse still gets a page
        best = None
    return best or DEFAULT_LANGUAGE


def switch_language_to(url: str) -> None:
    """Point this response's language switch elsewhere (an error page: to the other home page)."""
    g.switch_language_to = url


def drop_from_language_switch(*params: str) -> None:
    """Leave these query parameters out of this response's language switch (a rejected value)."""
    g.switch_language_drop = set(g.get("switch_language_drop", ())) | set(params)


def switch_language_url() -> str | None:
    """URL of the same page in the other language (query string kept, but for what a view dropped)."""
    if g.get("switch_language_to"):
        return g.switch_language_to
    lang = current_language()
    other = other_language(lang)
    args = (request.view_args or {}) if request.url_rule else {}
    dropped = g.get("switch_language_drop", set())
    query = {k: v for k, v in request.args.to_dict().items() if k not in args and k not in dropped}
    if "lang" in args and request.endpoint:
        query.pop("lang", None)
        return url_for(request.endpoint, **{**args, "lang": other}, **query)
    query["lang"] = other
    return url_for(request.endpoint, **args, **query) if request.endpoint else f"/{other}/"


@bp.get("/")
def root():
    """Send the visitor to the home page in the language their browser prefers."""
    response = redirect(url_for("info.home", lang=preferred_language()), code=302)
    response.headers["Vary"] = "Accept-Language"
    return response


def init_app(app) -> None:
    app.url_map.converters["lang"] = LanguageConverter
    babel.init_app(app, locale_selector=current_language)
    app.register_blueprint(bp)

    @app.before_request
    def remember_staff_language():
        """Pages without a language prefix (staff area) take `?lang=` and keep it in the session."""
        lang = request.args.get("lang")
        if lang in LANGUAGES and request.path.startswith("/staff") and "lang" not in (request.view_args or {}):
            session["lang"] = lang
            g.lang = lang

    @app.context_processor
    def language_context():
        lang = current_language()
        return {
            "lang": lang,
            "other_lang": other_language(lang),
            "language_names": LANGUAGE_NAMES,
            "switch_language_url": switch_language_url,
        }
