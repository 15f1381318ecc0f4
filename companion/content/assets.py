"""`asset_url` in templates: the URL of a static file, its content hash in the path
(`/static/css/app.3f2a1c9d0b.css`), so phones on slow Wi-Fi keep CSS and images for a year.
The hashing itself is `companion.static_files`, behind every `url_for("static", …)`."""
from flask import url_for


def asset_url(filename: str) -> str:
    return url_for("static", filename=filename)
