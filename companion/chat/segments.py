"""The question part of a long, messy question.

Parents often tell the story first ("My daughter has been in the ICU since Tuesday and the doctor
said… what I want to know is…"). Matched as one blur, the story's words drown the question. So a
long question is matched by its parts: the sentences that ask something, what follows a phrase
such as "what I want to know is", and, for dictated text without punctuation, the stretch that
starts at the last question word. Short questions stay whole.
"""
import re

from .normalise import normalise

SHORT = 15          # questions of at most this many words are matched whole
MAX_PARTS = 2
TAIL_WORDS = 16     # a part is at most this long when it is cut from unpunctuated text

_SENTENCE_END = re.compile(r"(?<=[.?!;:])\s+|\n+|\s+-\s+")
# "what I want to know is …", "mijn vraag is …": the question follows
_MARKERS = re.compile(
    r"\b(?:my (?:real |main |only )?question is|the question is|what i (?:really )?(?:want|would like|need|wanted) to (?:know|ask)(?: is)?|"
    r"i (?:just )?(?:want|would like|need|wanted) to (?:know|ask)|id like to (?:know|ask)|i was wondering|i wonder|"
    r"can you tell me|could you tell me|please tell me|anyway|basically|"
    r"mijn (?:echte |eigenlijke |enige )?vraag is|de vraag is|wat ik (?:eigenlijk |graag )?wil(?:de)? weten(?: is)?|"
    r"ik (?:wil|wilde|zou) (?:graag |eigenlijk )?(?:weten|vragen)|ik vraag me af|ik vroeg me af|kunt u mij vertellen|"
    r"kun je me vertellen|kunt u zeggen|vertel me|mijn vraag|dus)\b")
_ASKING_WITH = {"long", "much", "many", "often", "soon", "lang", "vaak", "veel", "snel"}
_WH = {"what", "how", "when", "why", "who", "where", "which", "wat", "hoe", "wanneer", "waarom", "wie", "waar",
       "welke", "welk", "hoeveel", "hoelang"}
_QUESTION_WORDS = set("""
    what how when why who where which can could will would is are do does did should may might
    wat hoe wanneer waarom wie waar welke welk kan kun kunt kunnen mag mogen moet moeten zal zullen
    zou zouden is zijn wordt krijgt krijgen doet gaat heeft hoeveel hoelang
    """.split())


# Polite frames around a question, mostly grandparents' ("Could you kindly tell me whether …",
# "Geachte heer, mevrouw, …", "Forgive an old man's question, but …"): their words match nothing
# the question is about, so they are left out when matching.
_POLITE = re.compile(
    r"^(?:(?:dear sir or madam|dear sir|dear madam|to whom it may concern|good (?:morning|afternoon|evening)|hello|"
    r"geachte (?:heer|mevrouw|dames en heren)(?:,? (?:of |en )?mevrouw)?|beste (?:dokter|mensen|meneer|mevrouw)|"
    r"goedemorgen|goedemiddag|goedenavond|hallo)\W+)+"
    r"|\b(?:(?:could|would|can) you (?:please |kindly )?(?:tell|explain to|let) me|would you be so (?:good|kind) as to (?:tell me|explain)|"
    r"i (?:should|would) (?:like|be grateful) (?:to know|if you (?:could|would) tell me)|may i ask|might i ask|"
    r"forgive (?:an old (?:man|woman)['’]?s|my) question,? but|"
    r"(?:zou|kunt|wilt) u (?:mij |me )?(?:misschien |alstublieft |vriendelijk )?(?:vertellen|uitleggen|zeggen)|"
    r"mag ik (?:u )?(?:vragen|informeren)|ik zou graag willen weten|neem me niet kwalijk,? maar)\b,?",
    re.I)


def without_politeness(text: str) -> str:
    stripped = " ".join(_POLITE.sub(" ", text).split())
    return stripped if len(stripped.split()) >= 2 else text


def parts(question: str) -> list[str]:
    """The texts to match: the question itself when short, else at most MAX_PARTS question parts."""
    question = without_politeness(question)
    if len(normalise(question).split()) <= SHORT:
        return [question]
    found = []
    sentences = [s.strip() for s in _SENTENCE_END.split(question) if s and s.strip()]
    asking = [i for i, s in enumerate(sentences) if s.endswith("?") or _starts_asking(s)]
    found += [_with_context(sentences, i) for i in asking[-2:]]
    norm = normalise(question)
    last_marker = None
    for last_marker in _MARKERS.finditer(norm):
        pass
    if last_marker is not None:
        tail = norm[last_marker.end():].split()
        if len(tail) >= 2:
            found.append(" ".join(tail[:TAIL_WORDS]))
    if not asking:
        words = norm.split()
        starts = [i for i, w in enumerate(words) if w in _QUESTION_WORDS and i > 0]
        if starts:
            first = starts[-1]
            while first > 0 and (words[first - 1] in _WH or words[first - 1] in _ASKING_WITH):
                first -= 1  # "how long does …": back to the start of the asking words
            found.append(" ".join(words[first:first + TAIL_WORDS]))
        if len(sentences) > 1:
            found.append(sentences[-1])
        found.append(" ".join(words[-TAIL_WORDS:]))
    unique = []
    for part in found:
        key = normalise(part)
        if key and len(key.split()) >= 2 and key not in (normalise(u) for u in unique):
            unique.append(part)
    return unique[:MAX_PARTS] or [question]  # the asking sentences and the marked part come first


def _with_context(sentences: list[str], i: int) -> str:
    """An asking sentence that points back ("Would that prevent her from taking part?", "Is dat een
    soort antibioticum?") is matched together with the sentence before it, which says what "that" is."""
    sentence = sentences[i]
    if i == 0 or not _REFERS & set(normalise(sentence).split()):
        return sentence
    return sentences[i - 1] + " " + sentence


# words that point back to what was said before (normalised: "zo'n" is "zon")
_REFERS = set("""
    that this it these those one explain such
    dat dit die deze zoiets zon daar daarvoor daarbij daarvan ervan hiervan uitleggen
    """.split())


def _starts_asking(sentence: str) -> bool:
    words = normalise(sentence).split()
    return bool(words) and words[0] in _QUESTION_WORDS and len(words) >= 3
