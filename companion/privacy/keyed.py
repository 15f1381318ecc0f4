"""Keyed hashes: counting by an e-mail address or a client's address without storing it.

HMAC-SHA256 with a key derived from the app's SECRET_KEY and a purpose, so the same value
gives unrelated hashes for different uses, and nobody without the key can test a guess
("was jan@example.nl typed here?") against the database."""
from __future__ import annotations

import hashlib
import hmac


def keyed_hash(secret: str, purpose: str, value: str, length: int = 32) -> str:
    key = hmac.new(str(secret).encode(), purpose.encode(), hashlib.sha256).digest()
    return hmac.new(key, str(value).encode("utf-8", "replace"), hashlib.sha256).hexdigest()[:length]
