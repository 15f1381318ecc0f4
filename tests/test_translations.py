"""Every interface string of every feature has a Dutch translation with the same placeholders."""

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
DOMAINS = ["messages", "info", "chat", "prescreen", "timeline", "consent", "auth", "audit", "staff", "site"]
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


@pytest.mark.parametrize("domain", DOMAINS)
def test_dutch_catalogue_is_complete(domain):
    with open(ROOT / "translations" / "nl" / "LC_MESSAGES" / f"{domain}.po", "rb") as fh:
        catalog = read_po(fh)
    messages = [m for m in catalog if m.id]
    assert len(messages) > 20
    for message in messages:
        assert message.string, f"no Dutch for {message.id!r}"
        assert "fuzzy" not in message.flags, message.id
        assert set(PLACEHOLDER.findall(message.id)) == set(PLACEHOLDER.findall(message.string)), message.id


@pytest.mark.parametrize("domain", DOMAINS)
def test_every_string_in_the_code_is_in_the_catalogue(domain):
    """Catches a new _("…") that nobody extracted (run `make messages`)."""
    from babel.messages.extract import extract_from_dir
    from babel.messages.frontend import parse_mapping_cfg

    with open(ROOT / "translations" / f"{domain}.cfg") as fh:
        method_map, options_map = parse_mapping_cfg(fh)
    found = {msg[2] if isinstance(msg[2], str) else msg[2][0]
             for msg in extract_from_dir(str(ROOT), method_map, options_map)}
    with open(ROOT / "translations" / "nl" / "LC_MESSAGES" / f"{domain}.po", "rb") as fh:
        known = {m.id for m in read_po(fh) if m.id}
    assert found - known == set()
