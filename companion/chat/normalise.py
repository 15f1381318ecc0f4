"""Normalising parents' questions: case, diacritics, punctuation, whitespace."""
import re
import unicodedata

_APOSTROPHES = re.compile(r"(?<=\w)['’‘`´](?=\w)")
_NOT_WORD = re.compile(r"[^0-9a-z]+")


def fold(text: str) -> str:
    """Lower case without diacritics (ë → e, ß → ss), nothing else changed."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def normalise(text: str) -> str:
    """Lower case ASCII words separated by single spaces.

    Apostrophes inside a word disappear ("what's" → "whats", "baby's" → "babys");
    every other character that is not a letter or digit separates words.
    """
    text = _APOSTROPHES.sub("", fold(text))
    return _NOT_WORD.sub(" ", text).strip()


def words(text: str) -> list[str]:
    return normalise(text).split()
