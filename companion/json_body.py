"""Reading a JSON API's request body without ever raising: bad bodies are the caller's 400."""
import json

from flask import request


def read_json_body(require_content_type: bool = False):
    """The parsed body, or None when it is missing, not JSON, or nested too deeply to parse.

    `request.get_json(silent=True)` only swallows ValueError: a body of 100,000 `[` raises
    RecursionError in the json module, which would otherwise be a 500."""
    if require_content_type and not request.is_json:
        return None
    try:
        return json.loads(request.get_data(cache=True))
    except (ValueError, RecursionError):
        return None
