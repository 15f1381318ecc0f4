"""From a question to the reply the family sees: safety first, then matching, then the abstain rule."""
import re
from dataclasses import dataclass

from . import safety
from .language import detect
from .retrieval import Candidate, ChatIndex

# The abstain rule: answer only when the best match is good and clearly ahead of the next one.
# Calibrated on the tuning part of tests/data/chat_eval.jsonl (never on the test part): the
# highest share of direct answers with at least 98% of them right and no out-of-scope question answered.
ANSWER_MIN = 0.76       # below this nothing is answered directly
MARGIN = 0.09           # and the best must lead the runner-up by this much
ANSWER_SURE = 0.97      # a near-exact match is answered even when another entry is as close
SUGGEST_MIN = 0.40      # "Did you mean…" only for candidates at least this good
MAX_SUGGESTIONS = 3
SECTION_PREFIX = "section:"  # a decision's slug for an answer taken from an information section

_COMMENT = re.compile(r"<!--.*?-->", re.S)
_LINK = re.compile(r"\[([^\]]+)\]\((?:glossary|info):[^)]*\)")


def plain_text(markdown: str) -> str:
    """The answer as plain text: comments removed, internal links reduced to their words."""
    text = _LINK.sub(r"\1", _COMMENT.sub("", markdown))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


@dataclass
class Decision:
    kind: str                 # answer | emergency | medical_advice | not_found
    lang: str
    slug: str | None          # the entry whose text is shown (specials: emergency, medical-advice, not-found)
    best: Candidate | None    # the matched entry (answer) or the neutral pointer (medical_advice)
    candidates: list          # ranked candidates, best first
    suggestions: list         # candidates offered as "Did you mean…"


def decide(index: ChatIndex, question: str, lang: str | None = None) -> Decision:
    lang = lang or detect(question, vocab=index.vocab)
    flagged = safety.classify(question)
    if flagged == safety.EMERGENCY:
        return Decision("emergency", lang, "emergency", None, [], [])
    candidates = index.search(question, lang, limit=6)
    good = [c for c in candidates if c.score >= SUGGEST_MIN][:MAX_SUGGESTIONS]
    if flagged == safety.MEDICAL_ADVICE:
        return Decision("medical_advice", lang, "medical-advice", good[0] if good else None, candidates, good)
    if candidates and confident(candidates):
        return Decision("answer", lang, candidates[0].slug, candidates[0], candidates, [])
    if not good:  # no entry comes near: a part of the information sections may still answer it
        parts = index.search(question, lang, limit=3, kind="section")
        if parts and confident(parts):
            return Decision("answer", lang, SECTION_PREFIX + parts[0].slug, parts[0], candidates, [])
    return Decision("not_found", lang, "not-found", None, candidates, good)


def confident(candidates: list[Candidate]) -> bool:
    best = candidates[0].score
    runner_up = candidates[1].score if len(candidates) > 1 else 0.0
    return best >= ANSWER_SURE or (best >= ANSWER_MIN and round(best - runner_up, 6) >= MARGIN)
