"""From a question to the reply the family sees: safety first, then matching, then three bands.

- *sure* (`confidence: high`): the best match is good and clearly ahead of the next one;
- *likely* (`confidence: medium`): a best guess, shown as "I think you are asking: …" with the
  other candidates one tap away;
- *nothing fits* (`not_found`): up to three suggestions.

The band limits were set on the tuning part of the unseen evaluation set (eval/unseen/, writers A
to D, G, J, K and L) and are reported on its test part (writers E, F, H and I); see `make eval`. The scores are not on
the same scale with and without the sentence model, so each has its own limits.
"""
import re
from dataclasses import dataclass, field

from companion.content.render import fill_facts

from . import safety, segments
from .language import detect
from .retrieval import Candidate, ChatIndex

MAX_SUGGESTIONS = 3
SECTION_PREFIX = "section:"  # a decision's slug for an answer taken from an information section
FOLLOW_UP_WORDS = 7          # a question this short may lean on the topics of the answer before


@dataclass(frozen=True)
class Bands:
    high: float          # at least this score …
    high_margin: float   # … and this far ahead of the runner-up: a sure answer
    sure: float          # a near-exact match is sure even when another entry is as close
    medium: float        # at least this: a best guess
    suggest: float       # suggestions only for candidates at least this good
    follow_up: float     # added to candidates that share a topic with the answer before
    # meaning-based safety and scope: a question is taken for an emergency, an advice request or
    # out of scope when its nearest example of that kind is this much closer (cosine) than its
    # nearest approved phrasing (None switches a check off) …
    emergency_margin: float | None = None
    advice_margin: float | None = None
    scope_margin: float | None = None
    # … and out of scope too when no approved phrasing comes this close at all
    scope_floor: float = 0.0
    # with or without the model: out of scope when less than this share of the question's content
    # words occur in the approved texts ("recept voor boerenkool")
    known_floor: float = 0.0


WORDS = Bands(high=0.85, high_margin=0.06, sure=0.97, medium=0.60, suggest=0.40, follow_up=0.30, known_floor=0.3)
# The meaning margins for emergencies, advice and out of scope are the loosest that cost no right
# answer on the tuning part: keyword rules learn their writers' wording, so a looser meaning check
# is what is left for the words of people nobody has read yet.
MEANING = Bands(high=0.80, high_margin=0.06, sure=0.96, medium=0.50, suggest=0.45, follow_up=0.30,
                emergency_margin=0.01, advice_margin=0.02, scope_margin=-0.012, scope_floor=0.87, known_floor=0.3)

_COMMENT = re.compile(r"<!--.*?-->", re.S)
_LINK = re.compile(r"\[([^\]]+)\]\((?:glossary|info):[^)]*\)")


def plain_text(markdown: str, ctx=None) -> str:
    """The answer as plain text: comments and source markers removed, internal links reduced to
    their words, site facts filled in (their value or calm sentence) when a context is given."""
    text = _LINK.sub(r"\1", fill_facts(_COMMENT.sub("", markdown), ctx))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


@dataclass
class Decision:
    kind: str                 # answer | emergency | medical_advice | not_found
    lang: str
    slug: str | None          # the entry whose text is shown (specials: emergency, medical-advice, not-found)
    best: Candidate | None    # the matched entry (answer) or the neutral pointer (medical_advice)
    candidates: list          # ranked candidates, best first
    suggestions: list         # candidates offered: "Did you mean…", or the other candidates of a best guess
    confidence: str | None = None   # high | medium, for answers
    reason: str = ""                # why: keywords, meaning, words, follow-up (for the evaluation)
    signals: dict = field(default_factory=dict)


def bands_for(index: ChatIndex) -> Bands:
    return MEANING if index.encoder is not None else WORDS


def decide(index: ChatIndex, question: str, lang: str | None = None, previous_topics=(),
           bands: Bands | None = None) -> Decision:
    lang = lang or detect(question, vocab=index.vocab)
    bands = bands or bands_for(index)
    flagged = safety.classify(question)
    if flagged == safety.EMERGENCY:
        return Decision("emergency", lang, "emergency", None, [], [], reason="keywords")
    texts = segments.parts(question)
    vectors = index.encode(texts)
    candidates = rank(index, texts, lang, vectors)
    follow_up = bool(previous_topics) and len(question.split()) <= FOLLOW_UP_WORDS
    if vectors is not None:  # an advice keyword does not rule out a description of danger
        by_meaning = _by_meaning(index, vectors, lang, bands, follow_up)
        if by_meaning == safety.EMERGENCY:
            if not safety.hypothetical(question):
                return Decision("emergency", lang, "emergency", None, [], [], reason="meaning")
            by_meaning = None  # "wordt hij er suf van?" asks about an effect; it reports no danger
        flagged = flagged or by_meaning
    if not flagged and not follow_up and index.known_share(question, lang) < bands.known_floor:
        flagged = "out_of_scope"
    good = [c for c in candidates if c.score >= bands.suggest][:MAX_SUGGESTIONS]
    if flagged == safety.MEDICAL_ADVICE:
        return Decision("medical_advice", lang, "medical-advice", good[0] if good else None, candidates, good)
    if flagged == "out_of_scope":
        return Decision("not_found", lang, "not-found", None, candidates, [], reason="scope")
    reason = "words"
    if follow_up and candidates:
        candidates = lean_on(candidates, previous_topics, bands.follow_up)
        good = [c for c in candidates if c.score >= bands.suggest][:MAX_SUGGESTIONS]
        reason = "follow-up"
    confidence = band(candidates, bands) if candidates else None
    if confidence:
        best = candidates[0]
        others = [c for c in candidates[1:] if c.score >= bands.suggest][:MAX_SUGGESTIONS] if confidence == "medium" else []
        return Decision("answer", lang, best.slug, best, candidates, others, confidence, reason)
    if not good:  # no entry comes near: a part of the information sections may still answer it
        parts = index.search(question, lang, limit=3, kind="section")
        if parts and band(parts, WORDS) == "high":
            return Decision("answer", lang, SECTION_PREFIX + parts[0].slug, parts[0], candidates, [], "medium",
                            "section")
    return Decision("not_found", lang, "not-found", None, candidates, good)


def rank(index: ChatIndex, texts: list[str], lang: str, vectors=None, limit: int = 6) -> list[Candidate]:
    """Candidates for the question's parts: each entry keeps its best score over the parts."""
    best: dict[str, Candidate] = {}
    for i, text in enumerate(texts):
        qvec = vectors[i] if vectors is not None else None
        for c in index.search(text, lang, limit=limit + 2, qvec=qvec):
            if c.slug not in best or c.score > best[c.slug].score:
                best[c.slug] = c
    return sorted(best.values(), key=lambda c: (-c.score, c.kind, c.slug))[:limit]


def band(candidates: list[Candidate], bands: Bands) -> str | None:
    """high, medium, or None (nothing fits)."""
    best = candidates[0].score
    runner_up = candidates[1].score if len(candidates) > 1 else 0.0
    if best >= bands.sure or (best >= bands.high and round(best - runner_up, 6) >= bands.high_margin):
        return "high"
    if best >= bands.medium:
        return "medium"
    return None


def lean_on(candidates: list[Candidate], previous_topics, boost: float) -> list[Candidate]:
    """A short follow-up ("and does that hurt?") read in the context of the answer before."""
    wanted = set(previous_topics)
    for c in candidates:
        if wanted & set(c.topics):
            c.score = round(c.score + boost, 4)
    return sorted(candidates, key=lambda c: (-c.score, c.kind, c.slug))


def _by_meaning(index: ChatIndex, vectors, lang: str, bands: Bands, follow_up: bool = False) -> str | None:
    """Emergency, advice or out of scope by the example sentences of content/<lang>/chat/
    {emergency,medical-advice,not-found}.md, compared with the nearest approved phrasing."""
    nearest = [index.phrasing_similarity(qvec, lang) for qvec in vectors]
    order = ((safety.EMERGENCY, bands.emergency_margin), (safety.MEDICAL_ADVICE, bands.advice_margin),
             ("out_of_scope", bands.scope_margin))
    for kind, margin in order:
        if margin is None:
            continue
        for qvec, phrasing in zip(vectors, nearest):
            if index.example_similarity(qvec, kind) - phrasing >= margin:
                return kind
    if max(nearest) < bands.scope_floor and not follow_up:  # "and after that?" is far from every phrasing
        return "out_of_scope"
    return None
