"""Keeping personal details out of what we store (see deidentify.py and keyed.py)."""
from companion.privacy.deidentify import Deidentified, deidentify

__all__ = ["Deidentified", "deidentify"]
