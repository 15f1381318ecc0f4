"""Writes ``given-names.txt`` and ``surnames.txt`` beside this file from Faker's person data.

The de-identification needs to know which words are first names and surnames of many origins
(Dutch, Moroccan, Turkish, Surinamese, Indian, Polish, Nigerian, British, ...): the Debian word
lists know few of them, and write "Robin", "Sage" or "Groen" as ordinary words. Faker (MIT
licence, https://github.com/joke2k/faker) keeps such lists for about 80 locales. We ship the
words, not the package: the app then needs no extra dependency, the lists are read in a few
milliseconds, and what the scrubber knows can be read and reviewed here.

Only names written in the Latin alphabet are kept (families here type Latin letters), in lower
case, one word a line: "van der Wessels" gives "wessels", "Elodie-Skye" gives "elodie-skye",
"elodie" and "skye". A given name is followed by the number of Faker's locales that list it and
by "nl" and/or "en" when a Dutch or English locale is among them: one locale (``en``, drawn from
American birth records) also holds words such as "Early" or "Young", so where a name that is
also an ordinary word needs weaker evidence, the scrubber asks for a name that two or more
locales list, one of them in the language of the text. Nothing is added by hand.

To regenerate (a developer's machine; the app itself never imports Faker)::

    pip install faker==40.63.0
    python -m companion.privacy.name_lists
"""
from __future__ import annotations

import importlib
import pkgutil
import re
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
GIVEN = HERE / "given-names.txt"
SURNAMES = HERE / "surnames.txt"
PARTICLES = {"de", "van", "der", "den", "het", "ter", "ten", "te", "la", "le", "du", "von", "da", "di", "del",
             "dos", "das", "do", "di", "el", "al", "bin", "ben", "mc", "mac", "y", "e", "zu", "af", "st"}
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")

LICENCE = """\
# Derived from Faker {version} (faker/providers/person/*), https://github.com/joke2k/faker
# by companion/privacy/name_lists.py: names in the Latin alphabet, lower case, one word a line
# (given names: followed by how many of Faker's locales list them, and "nl"/"en" when a Dutch or
# an English locale is among them).
# Faker's licence:
#   Copyright (c) 2012 Daniele Faraglia
#   Permission is hereby granted, free of charge, to any person obtaining a copy of this software
#   and associated documentation files (the "Software"), to deal in the Software without
#   restriction, including without limitation the rights to use, copy, modify, merge, publish,
#   distribute, sublicense, and/or sell copies of the Software, and to permit persons to whom the
#   Software is furnished to do so, subject to the following conditions:
#   The above copyright notice and this permission notice shall be included in all copies or
#   substantial portions of the Software.
#   THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING
#   BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND
#   NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM,
#   DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
#   OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
"""


def _latin(text: str) -> bool:
    return all(not c.isalpha() or "LATIN" in unicodedata.name(c, "") for c in text)


def words(name: str) -> set[str]:
    """The words of one name as the scrubber meets them: "Van der Wessels-Pieters" ->
    {"wessels-pieters", "wessels", "pieters"}."""
    out = set()
    for word in _WORD.findall(name.lower()):
        parts = [word] + (word.split("-") if "-" in word else [])
        out |= {p for p in parts if len(p) >= 2 and p not in PARTICLES}
    return out


def collect() -> tuple[dict[str, set[str]], set[str]]:
    """({given name: the locales that list it}, surnames)."""
    import faker.providers.person as person

    locales, surnames = {}, set()
    for module in pkgutil.iter_modules(person.__path__):
        provider = importlib.import_module(f"{person.__name__}.{module.name}").Provider
        for attr, value in vars(provider).items():
            if not isinstance(value, (tuple, list, dict)) or not value:
                continue
            for name in value:
                if not isinstance(name, str) or not _latin(name):
                    continue
                if attr.startswith("first_name"):
                    for word in words(name):
                        locales.setdefault(word, set()).add(module.name)
                elif attr.startswith("last_name"):
                    surnames |= words(name)
    return locales, surnames


def _tags(where: set[str]) -> str:
    """How many locales list a name, and whether a Dutch or an English one does: "12 nl en"."""
    tags = [str(len(where))]
    tags += ["nl"] if any(name.startswith("nl_") for name in where) else []
    tags += ["en"] if any(name == "en" or name.startswith("en_") for name in where) else []
    return " ".join(tags)


def main() -> None:
    import faker

    given, surnames = collect()
    header = LICENCE.format(version=faker.VERSION)
    GIVEN.write_text(header + "".join(f"{word} {_tags(given[word])}\n" for word in sorted(given)), encoding="utf-8")
    SURNAMES.write_text(header + "\n".join(sorted(surnames)) + "\n", encoding="utf-8")
    print(f"{len(given)} given names -> {GIVEN.name}, {len(surnames)} surnames -> {SURNAMES.name}")


if __name__ == "__main__":
    main()
