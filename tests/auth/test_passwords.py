"""Argon2id hashing and the password rules (no Flask)."""

import pytest

from companion.auth.passwords import check_password_rules, hash_password, needs_rehash, verify_password


def test_hash_is_argon2id_salted_and_verifies():
    first = hash_password("correct horse battery", cheap=True)
    second = hash_password("correct horse battery", cheap=True)
    assert first.startswith("$argon2id$")
    assert first != second  # random salt
    assert verify_password(first, "correct horse battery")
    assert not verify_password(first, "correct horse batterY")


def test_production_hash_is_memory_hard():
    stored = hash_password("correct horse battery", cheap=False)
    assert "m=65536" in stored  # 64 MiB
    assert verify_password(stored, "correct horse battery")
    assert needs_rehash(hash_password("x" * 12, cheap=True))  # outside tests a cheap hash is upgraded


@pytest.mark.parametrize("stored", ["", "plain", "$argon2id$v=19$broken", "$2b$12$abcdefghijklmnopqrstuv"])
def test_foreign_or_broken_hash_never_raises(stored):
    assert verify_password(stored, "anything at all") is False


@pytest.mark.parametrize(
    "password, ok",
    [("short", False), ("", False), (" " * 20, False), ("x" * 11, False), ("x" * 12, False), ("kaars-molen7", True),
     ("a@b.nl-12345", True), ("dr@example.nl", False), ("x" * 1025, False)],
)
def test_password_rules(password, ok):
    problem = check_password_rules(password, "dr@example.nl")
    assert (problem is None) == ok
