"""Fill msgstr values in a .po catalogue from a YAML mapping {msgid: msgstr}.

Used by developers to add translations in bulk; translators use Poedit or Weblate instead.
Usage: python scripts/fill_po.py translations/nl/LC_MESSAGES/info.po translations.yaml"""
import sys

import yaml
from babel.messages.pofile import read_po, write_po


def main(po_path: str, mapping_path: str) -> None:
    with open(po_path, "rb") as fh:
        catalog = read_po(fh)
    mapping = yaml.safe_load(open(mapping_path, encoding="utf-8"))
    filled = 0
    for message in catalog:
        if message.id and message.id in mapping:
            message.string = mapping[message.id]
            message.flags.discard("fuzzy")
            filled += 1
    with open(po_path, "wb") as fh:
        write_po(fh, catalog, width=100)
    missing = [m.id for m in catalog if m.id and not m.string]
    print(f"{po_path}: filled {filled}, still empty {len(missing)}")
    for msgid in missing:
        print(f"  missing: {msgid!r}")


if __name__ == "__main__":
    main(*sys.argv[1:])
