"""Password hashing with Argon2id (memory-hard), through argon2-cffi.

Production uses argon2-cffi's defaults (RFC 9106 low-memory profile: 64 MiB,
3 passes). Tests may ask for the cheapest profile so that making accounts is
fast; a cheap hash is upgraded at the next sign-in (``needs_rehash``).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from companion.i18n import N_

MIN_LENGTH = 12
MAX_LENGTH = 1024


@lru_cache(maxsize=2)
def _hasher(cheap: bool) -> PasswordHasher:
    if cheap:
        return PasswordHasher.from_parameters(profiles.CHEAPEST)
    return PasswordHasher()


def cheap_wanted() -> bool:
    try:
        from flask import current_app, has_app_context
    except ImportError:  # pragma: no cover
        return False
    if not has_app_context():
        return False
    return bool(current_app.config.get("PASSWORD_HASH_CHEAP", current_app.testing))


def hash_password(password: str, *, cheap: bool | None = None) -> str:
    """Argon2id hash string (salt and parameters included)."""
    if cheap is None:
        cheap = cheap_wanted()
    return _hasher(bool(cheap)).hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    """True when ``password`` matches; never raises for a bad or foreign hash."""
    try:
        return _hasher(False).verify(stored_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    """True when the hash was made with other parameters than we now use."""
    try:
        return _hasher(cheap_wanted()).check_needs_rehash(stored_hash)
    except (InvalidHashError, ValueError):
        return True


@lru_cache(maxsize=2)
def dummy_hash(cheap: bool = False) -> str:
    """A hash of a random string, verified when the email is unknown so that
    an unknown email takes as long as a wrong password."""
    import secrets

    return _hasher(cheap).hash(secrets.token_urlsafe(16))


def check_password_rules(password: str, email: str | None = None) -> str | None:
    """A plain English message (msgid for translation) when the new password is
    not acceptable, else None."""
    if not isinstance(password, str) or len(password) < MIN_LENGTH:
        return N_("Choose a password of at least 12 characters.")
    if len(password) > MAX_LENGTH:
        return N_("Choose a password of at most 1024 characters.")
    if password.strip() == "":
        return N_("Choose a password of at least 12 characters.")
    lowered = password.strip().lower()
    if email:
        address = email.strip().lower()
        local = address.split("@", 1)[0]
        if lowered == address or (len(local) >= 4 and lowered.rstrip("0123456789!?.-_ ") in (local, address)):
            return N_("Choose a password that is not your email address.")
    if _repeats_a_short_part(lowered):
        return N_("Choose a password that is not one short part repeated, like 'aaaaaaaaaaaa' or 'abcabcabcabc'.")
    stem = lowered.rstrip("0123456789!?.")  # "welkom2024!" is "welkom" with a year
    if lowered in common_passwords() or (len(stem) >= 8 and stem in common_passwords()):
        return N_("This password is one of the most used passwords, so it is easy to guess. Choose another one, "
                  "for example a few words that belong together only for you.")
    return None


def _repeats_a_short_part(text: str) -> bool:
    """'aaaaaaaaaaaaaaaaa', 'abcabcabcabc', '121212121212': one part of up to 4 characters, repeated."""
    return any(len(text) % size == 0 and text == text[:size] * (len(text) // size) for size in range(1, 5))


@lru_cache(maxsize=1)
def common_passwords() -> frozenset:
    """The 10,000 most common passwords (common-passwords.txt beside this module), lower case."""
    path = Path(__file__).with_name("common-passwords.txt")
    return frozenset(line.strip().lower() for line in path.read_text(encoding="utf-8").splitlines()
                     if line.strip() and not line.startswith("#"))
