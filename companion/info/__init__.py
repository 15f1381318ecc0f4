"""Plain-language study information: home, sections for four readers, glossary, print, pages."""
from flask import current_app
from flask_babel import lazy_gettext as _l

# Main navigation: (endpoint, label). Endpoints of features not built are left out.
NAV = [
    ("info.index", _l("Information")),
    ("chat.chat_page", _l("Ask a question")),
    ("prescreen.start", _l("Could my child take part?")),
    ("timeline.timeline_page", _l("Day by day")),
]


def main_nav():
    return [(endpoint, label) for endpoint, label in NAV if endpoint in current_app.view_functions]


def init_app(app) -> None:
    app.jinja_env.globals["main_nav"] = main_nav
    app.jinja_env.globals["config_view_functions"] = lambda: current_app.view_functions
