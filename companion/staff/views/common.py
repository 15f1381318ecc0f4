"""What every staff content view shares: the blueprint, who may use it, and small helpers."""
from flask import Blueprint, current_app, render_template
from flask_babel import gettext as _

from companion.content.check import readability_exclusions
from companion.content.store import synonyms_in_use
from companion.staff import drafts

# One blueprint for all views under /staff/content (endpoint names "staff.<function>"), registered by
# companion/staff/routes.py; the views themselves live in this package, one module per job.
bp = Blueprint("staff", __name__)
EDITORS = ("editor", "admin")


def message(exc: drafts.StaffError) -> str:
    """A refusal in the staff member's language."""
    text = _(exc.msgid, **exc.params)
    details = "; ".join(_(msgid, **params) for msgid, params in exc.details)
    return f"{text} {details}".strip()


def exclusions():
    return readability_exclusions(current_app.config["CONTENT_DIR"])


def int_id(value) -> int | None:
    """A positive id from a form or query value, else None (never an error for text or huge numbers)."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**62 else None


def not_found(text: str):
    return render_template("staff/message.html", heading=_("Not found"), message=text), 404


def file_synonyms() -> str:
    """The deployment's content/synonyms.yaml: what versions made before lists were versioned use."""
    return synonyms_in_use(None, current_app.config["CONTENT_DIR"])


def synonyms_of_version(db, version_id: int) -> str:
    return synonyms_in_use(drafts.version_synonyms(db, version_id), current_app.config["CONTENT_DIR"])
