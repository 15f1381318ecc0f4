"""Readability per section: Flesch–Douma (Dutch), Flesch Reading Ease and Flesch–Kincaid grade (English).

Headings are left out (they are not sentences); each list item and paragraph ends a sentence.
Words that are names of drugs, scores or codes (content/readability.yaml), and tokens with
digits, are left out, as the consent guidance asks; so is an excluded part of a hyphenated
word ("Phoenix-8-score" counts as "score").

Syllables: Dutch takes the larger of two counts that each miss syllables in their own way:
vowel groups (which merge "be-a-de-ming", "re-ac-tie", "pa-ti-ën-ten") and pyphen's Dutch
hyphenation points (which never split off one letter at either end: "over", "ader", "eten").
English keeps the vowel-group count with the silent-e rule: English hyphenation dictionaries
skip too many syllables ("medicine", "study" and "idea" come out as one) to count with.
"""
import functools
import re
from dataclasses import dataclass

import pyphen

from companion.content.markers import SITE, strip_sources
from companion.content.render import COMMENT, PLACEHOLDER

TARGETS = {"nl": {"score": 60.0, "aim": 70.0}, "en": {"score": 60.0, "grade": 8.0}}
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*", re.U)
_NL_VOWELS = re.compile(r"[aeiouyàáâäèéêëìíîïòóôöùúûü]+")
_EN_VOWELS = re.compile(r"[aeiouy]+")


@dataclass
class Score:
    lang: str
    words: int
    sentences: int
    syllables: int
    score: float  # Flesch–Douma for nl, Flesch Reading Ease for en
    grade: float | None = None  # Flesch–Kincaid grade, English only

    def below_target(self) -> bool:
        if self.words < 20:  # too short to measure meaningfully
            return False
        target = TARGETS[self.lang]
        if self.score < target["score"]:
            return True
        return self.grade is not None and self.grade > target["grade"]

    def describe(self) -> str:
        if self.lang == "nl":
            return f"Flesch-Douma {self.score:.0f}"
        return f"Flesch {self.score:.0f}, grade {self.grade:.1f}"


@functools.cache
def _nl_hyphenator() -> pyphen.Pyphen:
    return pyphen.Pyphen(lang="nl_NL")


@functools.lru_cache(maxsize=65536)
def syllables_nl(word: str) -> int:
    word = word.lower()
    vowel_groups = len(_NL_VOWELS.findall(word.replace("ij", "y")))
    hyphenated = len(_nl_hyphenator().positions(word)) + 1
    return max(1, vowel_groups, hyphenated)


def syllables_en(word: str) -> int:
    word = word.lower().strip("'’")
    if len(word) <= 3:
        return 1
    word = re.sub(r"(?:[^laeiouy]es|ed|[^laeiouy]e)$", "", word)
    word = re.sub(r"^y", "", word)
    return max(1, len(_EN_VOWELS.findall(word)))


def sentences_of(markdown: str) -> list[str]:
    text = SITE.sub(" ", PLACEHOLDER.sub(" ", strip_sources(COMMENT.sub("", markdown))))
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)
    sentences = []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith(("#", "|", "---")):
            continue
        stripped = re.sub(r"^([-*+]|\d+\.)\s+", "", stripped)
        sentences += [s for s in re.split(r"(?<=[.!?])\s+", stripped) if _WORD.search(s)]
    return sentences


def _excluded_form(name: str) -> str:
    """How an entry of readability.yaml meets the words: lower case, digit parts dropped
    ("Phoenix-8" -> "phoenix"), since tokens never hold digits."""
    return "-".join(p for p in name.lower().split("-") if p and not p.isdigit())


def measure(markdown: str, lang: str, excluded: set[str] = frozenset()) -> Score:
    excluded = {_excluded_form(e) for e in excluded}
    sentences = sentences_of(markdown)
    count = syllables_nl if lang == "nl" else syllables_en
    words = syllables = 0
    for sentence in sentences:
        for word in _WORD.findall(sentence):
            if word.lower() in excluded:
                continue
            parts = [p for p in word.split("-") if p.lower() not in excluded]
            if not parts:
                continue
            words += 1
            syllables += sum(count(p) for p in parts)
    n_sent = max(1, len(sentences))
    wps = words / n_sent if words else 0
    spw = syllables / words if words else 0
    if lang == "nl":
        return Score(lang, words, len(sentences), syllables, 206.835 - 0.93 * wps - 77 * spw)
    return Score(lang, words, len(sentences), syllables, 206.835 - 1.015 * wps - 84.6 * spw,
                 grade=0.39 * wps + 11.8 * spw - 15.59)
