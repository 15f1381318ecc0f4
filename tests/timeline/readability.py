"""Rough readability scores for the timeline texts (test helper).

Dutch: Flesch–Douma = 206.835 − 0.93 × words/sentence − 77 × syllables/word.
English: Flesch Reading Ease and Flesch–Kincaid grade. Syllables are counted
as vowel groups (with the usual English silent-e rule). Drug, score and test
names, numbers and placeholders are left out, as the brief says.
"""
import re

NAMES = {
    "anakinra", "phoenix-8", "phoenix-8-score", "alt", "bilirubin", "bilirubine",
    "vis", "crrt", "ecmo", "mg", "ic", "icu",
}
_PLACEHOLDER = re.compile(r"\[\[placeholder:[^\]]*\]\]")
_LINK = re.compile(r"\[([^\]\[]+)\]\([^)]*\)")
_HEADING = re.compile(r"^#+\s*(.*)$", re.M)
_WORD = re.compile(r"[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ0-9'’-]*")


def _clean(markdown):
    text = _PLACEHOLDER.sub(" ", markdown)
    text = _LINK.sub(r"\1", text)
    text = _HEADING.sub(r"\1.", text)
    return text.replace("**", "").replace('"', "")


def sentences_and_words(markdown):
    text = _clean(markdown)
    sentences = [s for s in re.split(r"[.!?:]+(?:\s|$)|\n\s*\n", text) if _WORD.search(s)]
    words = [w for w in _WORD.findall(text) if w.lower().strip("-") not in NAMES]
    return max(len(sentences), 1), words


def syllables_nl(word):
    w = word.lower()
    groups = re.findall(r"[aeiouyáéíóúèàäöü]+|[ëï]", w)
    return max(len(groups), 1)


def syllables_en(word):
    w = re.sub(r"[^a-z]", "", word.lower())
    if not w:
        return 1
    if len(w) <= 3:
        return 1
    w = re.sub(r"(?:[^laeiouy]es|ed|[^laeiouy]e)$", "", w)
    w = re.sub(r"^y", "", w)
    return max(len(re.findall(r"[aeiouy]{1,2}", w)), 1)


def flesch_douma(markdown):
    n_sent, words = sentences_and_words(markdown)
    if not words:
        return 100.0
    syl = sum(syllables_nl(w) for w in words)
    return 206.835 - 0.93 * len(words) / n_sent - 77 * syl / len(words)


def flesch_english(markdown):
    """(Reading Ease, Kincaid grade)."""
    n_sent, words = sentences_and_words(markdown)
    if not words:
        return 100.0, 0.0
    syl = sum(syllables_en(w) for w in words)
    wps, spw = len(words) / n_sent, syl / len(words)
    return 206.835 - 1.015 * wps - 84.6 * spw, 0.39 * wps + 11.8 * spw - 15.59
