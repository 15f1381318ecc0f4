"""Reading a JSON API's request body without ever raising: bad bodies are the caller's 400."""
import json
import re

from flask import request

_LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")


def read_json_body(require_content_type: bool = False):
    """The parsed body, or None when it is missing, not JSON, or nested too deeply to parse.

    `request.get_json(silent=True)` only swallows ValueError: a body of 100,000 `[` raises
    RecursionError in the json module, which would otherwise be a 500."""
    if require_content_type and not request.is_json:
        return None
    try:
        return _without_surrogates(json.loads(request.get_data(cache=True)))
    except (ValueError, RecursionError):
        return None


def _without_surrogates(value):
    """JSON may carry a lone UTF-16 surrogate ("\\ud800") that no database or page can encode:
    it becomes U+FFFD, the replacement character, like undecodable bytes in a form."""
    if isinstance(value, str):
        return _LONE_SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [_without_surrogates(v) for v in value]
    if isinstance(value, dict):
        return {_without_surrogates(k): _without_surrogates(v) for k, v in value.items()}
    return value
