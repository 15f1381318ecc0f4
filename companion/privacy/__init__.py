"""Keeping personal details out of what we store (see deidentify.py)."""
from companion.privacy.deidentify import Deidentified, deidentify, placeholders_in

__all__ = ["Deidentified", "deidentify", "placeholders_in"]
