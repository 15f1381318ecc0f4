"""Taking names, addresses and numbers out of free text before it is stored.

Used for the chat's staff inbox and for the family's questions in the consent checklist. What
it replaces, each by a placeholder in the text's language ("[naam]", "[name]"):

- e-mail addresses (also dictated: "jan at ziggo punt nl") and links;
- street addresses (Dutch "Kerkstraat 12b", English "12 Baker Street") with the postcode and
  town that follow, postcodes (Dutch and British) on their own;
- dates (numeric, with a month name, "the 3rd of March");
- phone numbers, BSNs, patient and hospital numbers: every run of five or more digits, and any
  number after words such as "BSN", "patiëntnummer" or "MRN";
- names: a capitalised word inside a sentence that is not an ordinary word, a word after "mijn
  zoon", "heet", "my daughter", "dr.", "mevrouw" and the like, a known first name or surname
  anywhere (also written in lower case), with the particles and surname that follow
  ("Sophie de Vries", "J. van der Berg").

Ordinary words come from the Debian word lists (``wdutch``, ``wbritish``), which write names
with a capital and ordinary words in lower case, and from the words of our own approved texts.
When the lists are missing the module does not fail: it treats every word as unknown, which
removes more than needed but never keeps a name because of a missing list.

Measured on lines written by another hand: ``python eval/deid.py`` (``make eval``).
Not stored anywhere: the original text. The caller gets the new text and what kinds were
replaced, so a clinician can see what was taken out.
"""
from __future__ import annotations

import logging
from array import array
import re
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from companion.chat.language import STOPWORDS

log = logging.getLogger(__name__)

WORD_LISTS = {"nl": Path("/usr/share/dict/dutch"), "en": Path("/usr/share/dict/british-english")}
KEEP_WORDS = Path(__file__).with_name("keep-words.txt")
MAX_TEXT = 4000

PLACEHOLDERS = {
    "nl": {"name": "[naam]", "address": "[adres]", "postcode": "[postcode]", "email": "[e-mail]", "link": "[link]",
           "date": "[datum]", "phone": "[telefoonnummer]", "number": "[nummer]"},
    "en": {"name": "[name]", "address": "[address]", "postcode": "[postcode]", "email": "[e-mail]", "link": "[link]",
           "date": "[date]", "phone": "[phone]", "number": "[number]"},
}

@dataclass
class Deidentified:
    text: str
    replaced: list[str] = field(default_factory=list)  # the kinds replaced, in order ("name", "phone", …)

    @property
    def changed(self) -> bool:
        return bool(self.replaced)


# --- patterns ------------------------------------------------------------------------------

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_EMAIL_SPOKEN = re.compile(
    r"\b(?:[\w+-]+\s*(?:\.|\s(?:punt|dot|streepje|underscore)\s)\s*)*[\w.+-]+\s*(?:\s(?:at|apenstaartje|apestaartje)\s|"
    r"\(at\)|\[at\]|@)\s*[\w-]+(?:\s*(?:\s(?:punt|dot)\s|\.)\s*[a-z]{2,6}){1,2}\b", re.I)
_URL = re.compile(r"\b(?:https?://|www\.)\S+", re.I)

_NUMBER_WORDS = (
    r"nul|een|één|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf|dertien|veertien|vijftien|zestien|"
    r"zeventien|achttien|negentien|(?:\w+en)?(?:twintig|dertig|veertig|vijftig|zestig|zeventig|tachtig|negentig)|honderd|"
    r"oh|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
    r"seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|double|triple|dubbel")
_MONTHS = (r"jan(?:uari|uary)?|feb(?:ruari|ruary)?|maart|march|mrt|mar|apr(?:il)?|mei|may|jun[ie]?|"
           r"jul[iy]?|aug(?:ustus|ust)?|sep(?:tember|t)?|okt(?:ober)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?")
_DAY = r"\d{1,2}(?:st|nd|rd|th|e|ste|de)?"
_ORDINALS = (r"eerste|tweede|derde|vierde|vijfde|zesde|zevende|achtste|negende|tiende|elfde|twaalfde|"
             r"\w*tiende|\w*(?:twintig|dertig)ste|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|"
             r"eleventh|twelfth|\w*teenth|twentieth|thirtieth|(?:twenty|thirty)[\s-]\w+(?:st|nd|rd|th)")
_DATE = re.compile(
    rf"\b(?:the\s+)?(?:{_ORDINALS})\s+(?:of\s+)?(?:{_MONTHS})\b(?:\s+(?:(?:{_NUMBER_WORDS})[\s-]*){{1,4}}(?<=\w))?"
    rf"|\b\d{{1,4}}[-/.]\d{{1,2}}[-/.]\d{{2,4}}\b(?![./-]?\d)"
    rf"|\b(?:the\s+)?{_DAY}\s+(?:of\s+)?(?:{_MONTHS})\b\.?(?:,?\s+\d{{4}})?"
    rf"|\b(?:{_MONTHS})\.?\s+(?:the\s+)?{_DAY}\b(?:,?\s+\d{{4}})?"
    rf"|\b(?:{_MONTHS})\.?\s+\d{{4}}\b"
    rf"|(?:(?<=\bop )|(?<=\bon )|(?<=\bsinds )|(?<=\bvanaf )|(?<=\bgeboren )|(?<=\bborn )|(?<=\bsince )|(?<=\buntil ))"
    rf"\d{{1,2}}[/-]\d{{1,2}}\b(?![/-]?\d)",
    re.I)

_STREET_SUFFIX = (r"straat|laan|weg|plein|gracht|kade|singel|dijk|dreef|hof|park|steeg|pad|baan|markt|veld|"
                  r"plantsoen|erf|wal|ring|haven|burg|allee|boulevard|dam|donk|horst|hoek|kamp|berg|"
                  r"daal|dal|gaarde|oord|zoom|zijde|wijk|hove|straatweg|kwartier|polder|lei|vliet|water")
_HOUSE_NUMBER = r"\d{1,5}(?:\s?[a-zA-Z]\b)?(?:\s?[-/]\s?\d{1,4}[a-zA-Z]?)?(?:\s*(?:hs|bis|huis|rood|zwart)\b)?"
_NL_STREET = re.compile(
    rf"\b(?:(?-i:[A-ZÀ-Ý])[\w'.-]*\s+|(?-i:van|de|der|den|het|ter|ten|'t)\s+){{0,3}}"
    rf"[\w'-]*(?:{_STREET_SUFFIX})\b(?:\s+{_HOUSE_NUMBER})?", re.I)
_EN_STREET = re.compile(
    r"\b\d{1,5}[a-zA-Z]?,?\s+(?:[A-Za-z][\w'-]*\s+){1,3}"
    r"(?i:street|st|road|rd|avenue|ave|lane|ln|drive|dr|close|way|court|ct|crescent|cres|place|pl|gardens|"
    r"terrace|grove|square|sq|hill|row|mews|walk|park|boulevard|blvd|parade|rise|view)\b\.?")
# Without a house number only these endings make a street: "berg", "dijk" or "veld" end surnames too.
_STRONG_STREET = re.compile(r"(?:straat|laan|weg|plein|gracht|kade|singel|dreef|steeg|plantsoen|allee|boulevard)$")
_NL_POSTCODE = re.compile(r"\b[1-9]\d{3}\s?(?!mg|ml|kg|cm|mm|km|ug|ng|ie|iu|uur|mcg)[A-Za-z]{2}\b")
_UK_POSTCODE = re.compile(r"\b[A-Za-z]{1,2}\d[A-Za-z\d]?\s*\d[A-Za-z]{2}\b")
_TOWN_AFTER = re.compile(r",?\s*(?:[A-ZÀ-Ý][a-zà-ÿ'-]+)(?:[ -](?:aan|op|bij|in|de|den|[A-ZÀ-Ý][a-zà-ÿ'-]+))*")

_PHONE = re.compile(r"(?<![\w+])(?:\+|00)?\d[\d\s\-()./]{6,}\d(?!\w)")
_NUMBER_CUE = re.compile(
    r"\b(?:bsn|burgerservicenummer|patiënt(?:en)?nummer|patientnummer|patiëntnr|ziekenhuisnummer|dossiernummer|"
    r"registratienummer|nummer|nr|mrn|nhs|id|number|no|hospital number|patient number|record number)"
    r"\.?:?\s*(?:is\s+|was\s+)?(\d[\d\s.-]*\d|\d)", re.I)
_LONG_NUMBER = re.compile(r"\d(?:[\d.\s/-]?\d){4,}")  # also inside letters: "RX4471920"
# A phone or other number read out to voice dictation: five or more number words in a row.
_SPOKEN_NUMBER = re.compile(rf"\b(?:(?:{_NUMBER_WORDS})[\s,-]+){{4,}}(?:{_NUMBER_WORDS})\b", re.I)

_CUE_WORDS = (
    r"zoon|zoontje|dochter|dochtertje|kind|kindje|meisje|jongen|baby|kleinzoon|kleindochter|kleinkind|"
    r"neef|neefje|nicht|nichtje|broer|broertje|zus|zusje|man|vrouw|vriend|vriendin|partner|"
    r"son|daughter|child|kid|boy|girl|grandson|granddaughter|grandchild|brother|sister|husband|wife|"
    r"nephew|niece|cousin|friend|partner|baby|little one"
)
_NAME_CUE = re.compile(
    rf"\b(?:(?:mijn|onze|ons|my|our|haar|zijn|her|his|their|hun)\s+(?:{_CUE_WORDS})"
    r"(?:\s*,)?(?:\s+(?:heet|is called|named|called|genaamd))?"
    r"|(?:mum|mom|mother|father|dad|moeder|vader|mama|papa|oma|opa|grandma|grandpa|ouders|parents)\s+(?:of|van)"
    r"|heet|heten|genaamd|naam is|name is|named|called|ik ben|i am|i'm|im|this is|dit is|hier is"
    r"|dr|dokter|doctor|nurse|zuster|verpleegkundige|mevrouw|mevr|mw|meneer|dhr|mr|mrs|ms|miss|juf|meester"
    r"|prof|opa|oma|papa|mama|mam|pap|moeder|vader|tante|oom|aunt|uncle|grandma|grandpa|nana|granny)"
    r"\.?,?\s+(?P<particles>(?:(?:van|de|der|den|ter|ten|te|'t|van't)\s+)*)(?P<name>[^\W\d_][\w'-]*)",
    re.I)
_PARTICLES = {"de", "van", "der", "den", "het", "ter", "ten", "te", "'t", "la", "le", "du", "von", "da", "di",
              "del", "van't", "in", "op", "el", "al", "bin", "ben", "mc", "mac", "o'"}
_TOKEN = re.compile(r"[^\W\d_][\w'’-]*|\S")
_INITIALS = re.compile(r"^(?:[A-Z]\.){1,4}$")


# --- vocabulary ---------------------------------------------------------------------------

class WordSet:
    """A large set of words in little memory: their 64-bit hashes, sorted (about 4 MB for the
    400,000 Dutch words, against 100 MB as a set of strings in every worker)."""

    def __init__(self, hashes):
        self._hashes = np.unique(np.frombuffer(hashes, dtype=np.int64) if isinstance(hashes, array)
                                 else np.fromiter((hash(w) for w in hashes), dtype=np.int64))

    def __contains__(self, word) -> bool:
        h = hash(word)
        i = int(np.searchsorted(self._hashes, h))
        return i < len(self._hashes) and int(self._hashes[i]) == h

    def __len__(self) -> int:
        return len(self._hashes)


@dataclass(frozen=True)
class Vocabulary:
    common: dict        # language -> ordinary words (lower case) of that language's word list
    capital: frozenset  # words a word list writes with a capital (names, places), lower case
    proper: frozenset   # of those, the ones no list has in lower case ("daan", not "roos")
    keep: frozenset     # words of the study that are never names (anakinra, Máxima, IC), lower case
    complete: bool      # False when a word list was missing

    def ordinary(self, word: str, lang: str) -> bool:
        return word in self.common.get(lang, ())


_loading = threading.Lock()


def vocabulary() -> Vocabulary:
    """The word lists, read once per process (0.7 s): `make run` reads them before the workers
    fork (companion/serving/gunicorn_conf.py), so no family or clinician waits for it."""
    with _loading:  # threads of one worker asking at once read the lists once
        return _read_vocabulary()


vocabulary.cache_clear = lambda: _read_vocabulary.cache_clear()  # for tests that swap the lists


@lru_cache(maxsize=1)
def _read_vocabulary() -> Vocabulary:
    common, capital, complete = {}, set(), True
    for lang, path in WORD_LISTS.items():
        hashes = array("q")  # the words themselves are not kept: 400,000 strings would cost 100 MB
        try:
            with path.open(encoding="utf-8", errors="replace") as lines:
                for line in lines:
                    word = line.strip()
                    if word[:1].islower():
                        hashes.append(hash(word.lower()))
                    elif word and not word.isupper():  # "Daan", "Utrecht"; not abbreviations such as "OK"
                        capital.add(word.lower())
        except OSError:
            log.warning("word list %s is missing (Debian package %s): names are removed more eagerly",
                        path, "wdutch" if lang == "nl" else "wbritish")
            complete = False
        common[lang] = WordSet(hashes)
    proper = {w for w in capital if not any(w in words for words in common.values())}
    keep = {w.strip().lower() for w in KEEP_WORDS.read_text(encoding="utf-8").splitlines()
            if w.strip() and not w.startswith("#")}
    return Vocabulary(common, frozenset(capital),
                      frozenset(proper), frozenset(keep), complete)


# --- the work -----------------------------------------------------------------------------

def deidentify(text: str, lang: str = "nl", known_words=frozenset()) -> Deidentified:
    """``text`` without identifiers (see module docstring); ``known_words`` are words of our own
    approved texts, which are never taken for a name unless a cue such as "my son" comes first."""
    lang = lang if lang in PLACEHOLDERS else "nl"
    marks = PLACEHOLDERS[lang]
    replaced: list[str] = []
    text = " ".join(str(text).split())[:MAX_TEXT]

    def sub(pattern, kind, text, group=0):
        def repl(match):
            replaced.append(kind)
            if group:
                start, end = match.start(group) - match.start(), match.end(group) - match.start()
                return match.group(0)[:start] + marks[kind] + match.group(0)[end:]
            return marks[kind]
        return pattern.sub(repl, text)

    text = sub(_EMAIL, "email", text)
    text = sub(_EMAIL_SPOKEN, "email", text)
    text = sub(_URL, "link", text)
    text = _addresses(text, marks, replaced)
    text = sub(_DATE, "date", text)
    text = sub(_NUMBER_CUE, "number", text, group=1)
    text = sub(_PHONE, "phone", text)
    text = sub(_SPOKEN_NUMBER, "number", text)
    text = sub(_LONG_NUMBER, "number", text)
    text = _names(text, marks["name"], replaced, vocabulary(), {w.lower() for w in known_words}, lang)
    return Deidentified(text, replaced)


def _addresses(text: str, marks: dict, replaced: list) -> str:
    """Streets with their house number, and postcodes, each with the postcode and town after them."""

    def extend(end: int, kind: str) -> int:
        """Where the address that ends at ``end`` really ends: after a postcode, a town, a postcode."""
        def postcode_at(i):
            rest = text[i:]
            match = _NL_POSTCODE.match(rest.lstrip(", ")) or _UK_POSTCODE.match(rest.lstrip(", "))
            return i + len(rest) - len(rest.lstrip(", ")) + match.end() if match else None

        after = postcode_at(end)
        end = after or end
        town = _TOWN_AFTER.match(text[end:])
        if town and (after or kind == "postcode" or text[end:end + 1] == ","):
            end += town.end()
            end = postcode_at(end) or end  # "Leeds LS6 2AB"
        return end

    spans = []
    for pattern, kind in ((_NL_STREET, "address"), (_EN_STREET, "address"),
                          (_NL_POSTCODE, "postcode"), (_UK_POSTCODE, "postcode")):
        for match in pattern.finditer(text):
            if any(s <= match.start() < e for s, e in spans):
                continue
            if pattern is _NL_STREET and not _looks_like_street(match.group(0)):
                continue
            spans.append((match.start(), extend(match.end(), kind)))
    out, position = [], 0
    for start, end in sorted(spans):
        if start < position:
            continue
        kind = "address" if _is_address(text[start:end]) else "postcode"
        replaced.append(kind)
        out += [text[position:start], marks[kind]]
        position = end
    out.append(text[position:])
    return "".join(out)


def _looks_like_street(span: str) -> bool:
    """A street: written with a capital, or followed by a house number (``kerkstraat 12``);
    not an ordinary word that happens to end like one ("weg", "veld", "the park")."""
    words = span.split()
    has_number = any(w[:1].isdigit() for w in words)
    name_words = words[:next((i for i, w in enumerate(words) if w[:1].isdigit()), len(words))]
    if not name_words:
        return False
    last = name_words[-1].lower()
    if has_number and len(last) > 3:
        return True
    vocab = vocabulary()
    capitalised = name_words[-1][:1].isupper()
    return capitalised and _STRONG_STREET.search(last) is not None and last not in vocab.common["nl"]


def _is_address(span: str) -> bool:
    return not (_NL_POSTCODE.fullmatch(span.strip()) or _UK_POSTCODE.fullmatch(span.strip()))


def _names(text: str, mark: str, replaced: list, vocab: Vocabulary, known: set, lang: str) -> str:
    tokens = [(m.start(), m.end(), m.group(0)) for m in _TOKEN.finditer(text)]
    names = [False] * len(tokens)

    def ordinary(w: str) -> bool:
        return vocab.ordinary(w, lang) or w in known

    def wordlike(i: int) -> bool:
        start = tokens[i][0]
        return tokens[i][2][:1].isalpha() and not (start and text[start - 1] == "[")

    cues = {}  # start of the name -> start of the particles before it ("dokter van dijk")
    for m in _NAME_CUE.finditer(text):
        cues[m.start("name")] = m.start("particles") if m.group("particles") else m.start("name")
    sentence_start = True
    for i, (start, _end, word) in enumerate(tokens):
        if not wordlike(i):
            sentence_start = word in ".?!:;" or (sentence_start and word in "\"'([-–—")
            continue
        w = _core(word)
        upper = word[:1].isupper()
        capital = w in vocab.capital
        if len(w) < 2 or "'" in w or "’" in w or _is_function_word(w) or w in vocab.keep:  # not "I'm"
            pass
        elif start in cues:  # "mijn zoon daan", "heet Roos", "dr. Patel", "de moeder van sem"
            names[i] = upper or capital or not ordinary(w)
            if names[i]:
                for k in range(i):
                    if tokens[k][0] >= cues[start]:
                        names[k] = True
        elif word.isupper():  # an abbreviation: IC, MRI
            pass
        elif upper and not sentence_start:  # inside a sentence only names take a capital
            names[i] = not (w in known and not capital)
        elif upper:  # the first word of a sentence
            names[i] = not vocab.complete or (w in vocab.proper and w not in known) or (capital and not ordinary(w)) \
                or (capital and _subject_of_verb(tokens, i)) \
                or ((capital or not ordinary(w)) and _next_is_name_part(tokens, i))
        else:  # lower case: a word the word lists know only as a name ("daan", "sophie"), or a
            # first name followed by a surname with its particle ("peter de vries")
            names[i] = (w in vocab.proper and w not in known) or (capital and _particle_then_word(tokens, i))
        sentence_start = False
    _extend_names(tokens, names, vocab, known, lang)
    out, position = [], 0
    i = 0
    while i < len(tokens):
        if not names[i]:
            i += 1
            continue
        j = i
        while j + 1 < len(tokens) and names[j + 1]:
            j += 1
        start, end = tokens[i][0], tokens[j][1]
        word = text[start:end]
        suffix = re.search(r"(?:'s|’s)$", word)
        out.append(text[position:start])
        out.append(mark + (suffix.group(0) if suffix else ""))
        replaced.append("name")
        position = end
        i = j + 1
    out.append(text[position:])
    return "".join(out)


# Words for people by their role: never a name themselves ("Moeder van Lieke" keeps "Moeder").
_ROLES = set("""
    moeder vader mama papa mam pap ma pa oma opa tante oom zus zusje broer broertje zoon dochter kind
    verpleegkundige zuster dokter arts meneer mevrouw juf meester ouder ouders familie
    mother father mum mom mummy mommy dad daddy grandma grandpa granny nana aunt uncle sister brother
    son daughter child nurse doctor parent parents family
    """.split())


_VERBS_AFTER_A_NAME = set("""
    is was has had heeft had ligt lag krijgt kreeg kreeg wordt werd kan mag moet zal gaat ging zit slaapt
    huilt eet weegt lijkt blijft vraagt zegt zei started starts got gets will can may must needs seems
    sleeps cries eats weighs went goes said says asked asks keeps stays does did loves likes wants
    """.split())


def _core(word: str) -> str:
    """The word in lower case without a possessive ending ("Emma's" -> "emma")."""
    return re.sub(r"(?:'s|’s|s')$", "", word).lower()


def _subject_of_verb(tokens, i) -> bool:
    """A word at the start of a sentence followed by a verb or with a possessive: "Ruby was born",
    "Hope's patient ID" (a bare noun rarely opens a sentence like that; a name does)."""
    word = tokens[i][2]
    if re.search(r"(?:'s|’s)$", word):
        return True
    return i + 1 < len(tokens) and tokens[i + 1][2].lower() in _VERBS_AFTER_A_NAME


def _particle_then_word(tokens, i) -> bool:
    j = i + 1
    while j < len(tokens) and tokens[j][2].lower() in {"de", "van", "der", "den", "ter", "ten"}:
        j += 1
    return i + 1 < j < len(tokens) and tokens[j][2][:1].isalpha() and not _is_function_word(tokens[j][2].lower())


# Never a name: the chat's function words of both languages, roles, and a few common verbs.
_FUNCTION_WORDS = frozenset(STOPWORDS["nl"] | STOPWORDS["en"] | _ROLES
                            | {"heeft", "has", "had", "gets", "krijgt", "hier", "here"})


def _is_function_word(word: str) -> bool:
    return word in _FUNCTION_WORDS


def _next_is_name_part(tokens, i) -> bool:
    """Followed by a particle and a capitalised word, or directly by a capitalised word that is
    not an ordinary word: "Sophie de Vries", "Emma Smith"."""
    vocab = vocabulary()
    j = i + 1
    while j < len(tokens) and tokens[j][2].lower() in _PARTICLES:
        j += 1
    if j >= len(tokens) or not tokens[j][2][:1].isupper():
        return False
    word = tokens[j][2].lower()
    return j > i + 1 or word not in vocab.common or word in vocab.proper


def _extend_names(tokens, names, vocab: Vocabulary, known: set, lang: str) -> None:
    """Grow each name over initials before it and over particles and a surname after it."""
    n = len(tokens)
    for i in range(n):
        if not names[i] or not tokens[i][2][:1].isalpha():
            continue
        k = i - 1
        while k >= 0 and (_INITIALS.match(tokens[k][2]) or (len(tokens[k][2]) == 1 and tokens[k][2].isupper())
                          or (tokens[k][2] == "." and k > 0 and len(tokens[k - 1][2]) == 1)):
            names[k] = True
            k -= 1
        j = i + 1
        while j < n and tokens[j][2].lower() in _PARTICLES:
            j += 1
        if j >= n or not tokens[j][2][:1].isalpha():
            continue
        word, lower = tokens[j][2], _core(tokens[j][2])
        if lower in _ROLES or lower in vocab.keep or (word[:1].islower() and _is_function_word(lower)):
            continue
        if j > i + 1:  # "Sophie de Vries", "peter de graaf": after a particle comes the surname
            for m in range(i + 1, j + 1):
                names[m] = True
        elif word[:1].isupper() and not word.isupper() and lower not in known:  # "Emma Smith"
            names[j] = True
        elif word[:1].islower() and tokens[i][2][:1].islower() and lower in vocab.proper:  # "daan jansen"
            names[j] = True
    for i in range(1, n - 1):  # the dot of an initial between two parts of a name
        if tokens[i][2] == "." and names[i - 1] and names[i + 1]:
            names[i] = True
