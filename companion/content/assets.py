"""Static URLs with a content hash, so phones on slow Wi-Fi can cache CSS and images for long."""
import hashlib
from functools import lru_cache
from pathlib import Path

from flask import current_app, url_for


@lru_cache(maxsize=256)
def _digest(path: str, mtime: float) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:10]


def asset_url(filename: str) -> str:
    path = Path(current_app.static_folder) / filename
    try:
        version = _digest(str(path), path.stat().st_mtime)
    except FileNotFoundError:
        version = "missing"
    return url_for("static", filename=filename, v=version)
