"""The way back from the word list to the page a family came from (?from=<path>).

Only a path of this app's own family pages is taken, never a full address, so the link
cannot send anyone elsewhere (no open redirect)."""
from urllib.parse import urlencode, urlsplit

from flask import current_app, request
from werkzeug.exceptions import HTTPException

MAX_LENGTH = 300
NOT_A_PLACE = {"info.glossary", "info.child_glossary", "static"}


def local_page(value: str | None) -> str | None:
    """`value` when it is the path (and query) of one of our own pages in a language, else None."""
    if not value or len(value) > MAX_LENGTH or not value.startswith("/") or value.startswith("//"):
        return None
    if "\\" in value or any(ord(c) < 32 or ord(c) == 127 for c in value):
        return None
    parts = urlsplit(value)
    if parts.scheme or parts.netloc:
        return None
    try:
        endpoint, args = current_app.url_map.bind("localhost").match(parts.path, method="GET")
    except HTTPException:  # unknown path, wrong method, or one that only redirects
        return None
    if endpoint in NOT_A_PLACE or "lang" not in args:
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def glossary_with_return(html: str, lang: str) -> str:
    """Rendered content with each link to the word list carrying ?from=<this page>."""
    here = local_page(request.full_path.rstrip("?"))
    if here is None:
        return html
    query = urlencode({"from": here})
    for page in (f"/{lang}/glossary/children", f"/{lang}/glossary"):
        html = html.replace(f'href="{page}#', f'href="{page}?{query}#').replace(
            f'href="{page}"', f'href="{page}?{query}"')
    return html
