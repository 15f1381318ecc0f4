"""Readability per section: Flesch–Douma (Dutch), Flesch Reading Ease and Flesch–Kincaid grade (English).

Headings are left out (they are not sentences); each list item and paragraph ends a sentence.
Words that are names of drugs, scores or codes (content/readability.yaml), and tokens with
digits, are left out, as the consent guidance asks.
"""
import re
from dataclasses import dataclass

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


def syllables_nl(word: str) -> int:
    word = word.lower().replace("ij", "y")
    return max(1, len(_NL_VOWELS.findall(word)))


def syllables_en(word: str) -> int:
    word = word.lower().strip("'’")
    if len(word) <= 3:
        return 1
    word = re.sub(r"(?:[^laeiouy]es|ed|[^laeiouy]e)$", "", word)
    word = re.sub(r"^y", "", word)
    return max(1, len(_EN_VOWELS.findall(word)))


def sentences_of(markdown: str) -> list[str]:
    text = PLACEHOLDER.sub(" ", COMMENT.sub("", markdown))
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)
    sentences = []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith(("#", "|", "---")):
            continue
        stripped = re.sub(r"^([-*+]|\d+\.)\s+", "", stripped)
        sentences += [s for s in re.split(r"(?<=[.!?])\s+", stripped) if _WORD.search(s)]
    return sentences


def measure(markdown: str, lang: str, excluded: set[str] = frozenset()) -> Score:
    excluded = {e.lower() for e in excluded}
    sentences = sentences_of(markdown)
    count = syllables_nl if lang == "nl" else syllables_en
    words = syllables = 0
    for sentence in sentences:
        for word in _WORD.findall(sentence):
            if word.lower() in excluded:
                continue
            words += 1
            syllables += count(word)
    n_sent = max(1, len(sentences))
    wps = words / n_sent if words else 0
    spw = syllables / words if words else 0
    if lang == "nl":
        return Score(lang, words, len(sentences), syllables, 206.835 - 0.93 * wps - 77 * spw)
    return Score(lang, words, len(sentences), syllables, 206.835 - 1.015 * wps - 84.6 * spw,
                 grade=0.39 * wps + 11.8 * spw - 15.59)
