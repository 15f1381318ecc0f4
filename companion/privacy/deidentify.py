"""Taking names, addresses and numbers out of free text before it is stored.

Used for the chat's staff inbox and for the family's questions in the consent checklist. What
it replaces, each by a placeholder in the text's language ("[naam]", "[name]"):

- e-mail addresses (also dictated: "juul at provider punt nl") and links;
- street addresses (Dutch "Molenweg 12b", "Derde Oosterparkstraat 86-III", "molenweg achttien";
  English "12 Orchard Lane", "flat 12, 8 Willow Road", "sixty one maple avenue") with the
  postcode and town that follow (also in lower case, or after "in"), postcodes (Dutch and
  British, also spelled out: "d e one three x y") on their own;
- dates (numeric, with a month name, "the 3rd of March", read out: "negen oktober tweeduizend
  negentien", "zeven twee tweeduizend twintig", and day-month dates such as "07-11");
- phone numbers, BSNs, patient and hospital numbers: every run of five or more digits, five or
  more number words, letters with digits ("UMC-8812-3"), and any number after words such as
  "BSN", "patiëntnummer" or "MRN";
- names: a capitalised word inside a sentence that is not an ordinary word, a word after "mijn
  zoon", "heet", "my daughter", "dr.", "mevrouw", "it's" and the like, a known first name or
  surname anywhere (also written in lower case), with the initials before and the particles and
  surname after ("Jorien de Wolters", "J. van der Pieters"). Given names and surnames of many
  origins come from Faker's person data (``given-names.txt``, ``surnames.txt``, written by
  ``name_lists.py``); a given name that is also an ordinary word ("robin", "sage") is taken for
  a name only where the context says so: after such a cue, "with" or "met", before a verb
  ("Robin wil …") or "here", and wherever the same word was a name earlier in the text.

Ordinary words come from the Debian word lists (``wdutch``, ``wbritish``), which write names
with a capital and ordinary words in lower case, and from the words of our own approved texts.
All word and name lists are kept as 64-bit hashes (the name lists add well under 1 MB).
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
GIVEN_NAMES = Path(__file__).with_name("given-names.txt")  # from Faker's person data (name_lists.py)
SURNAMES = Path(__file__).with_name("surnames.txt")
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

# Each pattern that opens with a run of word characters starts only where such a run starts
# ("(?<![\w…])"): else a long run ("a-1-a-1-…") is scanned again from each of its letters.
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Dictated: "teun punt de groot at provider punt nl". The name before "at" may hold particles with a
# plain space ("de groot"); the address ends in a top-level domain, so that in "mail me at teun
# dot wolters at provider dot com" the address is the part after the first "at".
_EMAIL_TLDS = r"com|nl|net|org|be|uk|eu|de|fr|es|it|info|io|me|nu|biz|edu|gov|app|online|live|email|mail"
_EMAIL_LOCAL_PART = r"(?:(?:van|de|der|den|ter|ten)\s+){0,3}[\w+-]+"
_EMAIL_SPOKEN = re.compile(  # at most six parts on either side: no endless search in a long run of "a. a. a."
    rf"(?<![\w.+-])\b(?:{_EMAIL_LOCAL_PART}\s*(?:\.|\s(?:punt|dot|streepje|underscore)\s)\s*){{0,6}}"
    r"(?:(?:van|de|der|den|ter|ten)\s+){0,3}"
    r"[\w.+-]+\s*(?:\s(?:at|apenstaartje|apestaartje)\s|\(at\)|\[at\]|@)\s*[\w-]+"
    rf"(?:\s*(?:\s(?:punt|dot)\s|\.)\s*[\w-]+){{0,4}}?\s*(?:\s(?:punt|dot)\s|\.)\s*(?:{_EMAIL_TLDS})\b", re.I)
_URL = re.compile(r"\b(?:https?://|www\.)\S+", re.I)

_NUMBER_WORDS = (
    r"nul|een|één|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf|dertien|veertien|vijftien|zestien|"
    r"zeventien|achttien|negentien|(?:\w+[eë]n)?(?:twintig|dertig|veertig|vijftig|zestig|zeventig|tachtig|negentig)|honderd|"
    r"\w*duizend|negentienhonderd|"
    r"oh|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
    r"seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|double|"
    r"triple|dubbel")
_MONTHS = (r"jan(?:uari|uary)?|feb(?:ruari|ruary)?|maart|march|mrt|mar|apr(?:il)?|mei|may|jun[ie]?|"
           r"jul[iy]?|aug(?:ustus|ust)?|sep(?:tember|t)?|okt(?:ober)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?")
# Month names written out, without "may" (a verb) and "mar": after a number word only these make a date.
_MONTH_NAMES = (r"januari|january|februari|february|maart|march|april|mei|juni|june|juli|july|augustus|august|"
                r"september|oktober|october|november|december")
_DAY = r"\d{1,2}(?:st|nd|rd|th|e|ste|de)?"
_ORDINALS = (r"eerste|tweede|derde|vierde|vijfde|zesde|zevende|achtste|negende|tiende|elfde|twaalfde|"
             r"\w*tiende|\w*(?:twintig|dertig)ste|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|"
             r"eleventh|twelfth|\w*teenth|twentieth|thirtieth|(?:twenty|thirty)[\s-]\w+(?:st|nd|rd|th)")
# A date read out to voice dictation: "negen oktober tweeduizend negentien", "zeven twee
# tweeduizend twintig" (day, month and year in number words), "nine july twenty nineteen".
_UNITS_NL = r"een|één|twee|drie|vier|vijf|zes|zeven|acht|negen"
_UNITS_EN = r"one|two|three|four|five|six|seven|eight|nine"
_DAY_WORDS = (rf"(?:{_UNITS_NL})[eë]n(?:twintig)|eenendertig|{_UNITS_NL}|tien|elf|twaalf|dertien|veertien|vijftien|zestien|"
              r"zeventien|achttien|negentien|twintig|dertig|"
              rf"(?:twenty|thirty)[\s-](?:{_UNITS_EN})|{_UNITS_EN}|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
              r"seventeen|eighteen|nineteen|twenty|thirty")
_MONTH_WORDS = rf"{_UNITS_NL}|tien|elf|twaalf|{_UNITS_EN}|ten|eleven|twelve"
_YEAR_WORDS = (
    rf"(?:twee[\s-]?duizend|negentien[\s-]?honderd)(?:[\s-]?(?:en[\s-]?)?(?:{_NUMBER_WORDS})){{0,2}}"
    rf"|two\s+thousand(?:\s+and)?(?:[\s-](?:{_NUMBER_WORDS})){{0,2}}"
    rf"|(?:nineteen|twenty)[\s-](?:(?:oh[\s-])?(?:{_UNITS_EN})|ten|eleven|twelve|\w+teen|(?:twenty|thirty|forty|fifty|"
    rf"sixty|seventy|eighty|ninety)(?:[\s-](?:{_UNITS_EN}))?)")
_SPOKEN_DATE = (rf"\b(?:{_DAY_WORDS})\s+(?:of\s+)?(?:{_MONTH_NAMES})\b(?:\s+(?:{_YEAR_WORDS})\b)?"
                rf"|\b(?:{_DAY_WORDS})[\s-]+(?:{_MONTH_WORDS})[\s-]+(?:{_YEAR_WORDS})\b")
# Day, month and year in digits, in the orders people write them: 12-04-2018, 2018-04-12, 4/12/2018
# (American); never a day above 31 or a month above 12, which is a phone number ("0472/55.17.90").
_D, _M = r"(?:0?[1-9]|[12]\d|3[01])", r"(?:0?[1-9]|1[0-2])"
_NUMERIC_DATE = (rf"{_D}([-/.]){_M}\1(?:\d{{4}}|\d{{2}})|\d{{4}}([-/.]){_M}\2{_D}|{_M}/{_D}/(?:\d{{4}}|\d{{2}})"
                 rf"|{_D}[-/.]{_M}[-/.](?:\d{{4}}|\d{{2}})")
# Day and month alone ("07-11", "14/02"): both in two digits, and not a range of a unit ("10-12 kg").
_SHORT_DATE = (r"(?<!pijn )(?<!pain )(?<!score )(?<!cijfer )(?<!vas )(?<!nrs )\b(?:0[1-9]|[12]\d|3[01])"
               r"(?:-(?:0[1-9]|1[0-2])|/(?:0[1-9]|11|12))\b(?![-/.]?\d)"  # "/10": a score out of ten
               r"(?!\s*(?:%|x\b|keer|times|kg|kilo|mg|ml|cm|mm|uur|hours?|jaar|years?|weken|weeks?|dagen|days?|"
               r"maanden|months?|minuten|minutes?|graden|degrees?|punten|points?|kcal))")
# A weekday before a date is part of it ("woensdag 12 juni", "Friday the 7th of March").
_WEEKDAY = (r"(?:(?:maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag|monday|tuesday|wednesday|thursday|"
            r"friday|saturday|sunday|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun|ma|di|wo|do|vr|za|zo)\.?,?\s+)?")
# A day after the 12th with a one-digit month ("18-7"): no score or range reads like that.
_DAY_MONTH = r"\b(?:1[3-9]|2\d|3[01])-[1-9]\b(?![-/.]?\d)(?!\s*(?:%|kg|mg|ml|cm|mm|uur|jaar|years?|weken|weeks?|dagen|days?))"
_DATE = re.compile(
    rf"\b{_WEEKDAY}(?:the\s+)?(?:{_ORDINALS})\s+(?:of\s+)?(?:{_MONTHS})\b(?:,?\s+\d{{4}}\b|\s+(?:(?:{_NUMBER_WORDS})[\s-]*){{1,4}}(?<=\w))?"
    rf"|\b{_WEEKDAY}(?:{_SPOKEN_DATE})"
    rf"|(?<!\d[-/.])\b(?:{_NUMERIC_DATE})\b(?![./-]?\d)"
    rf"|\b{_WEEKDAY}(?:the\s+)?{_DAY}\s+(?:of\s+)?(?:{_MONTHS})\b\.?(?:,?\s+\d{{4}})?"
    rf"|\b(?:{_MONTHS})\.?\s+(?:the\s+)?{_DAY}\b(?:,?\s+\d{{4}})?"
    rf"|\b(?:{_MONTH_NAMES})\s+(?:the\s+)?(?:{_ORDINALS})\b"
    rf"|{_DAY_MONTH}"
    rf"|\b(?:{_MONTHS})\.?\s+\d{{4}}\b"
    rf"|(?:(?<=\bop )|(?<=\bon )|(?<=\bsinds )|(?<=\bvanaf )|(?<=\bgeboren )|(?<=\bborn )|(?<=\bsince )|(?<=\buntil ))"
    rf"\d{{1,2}}[/-]\d{{1,2}}\b(?![/-]?\d)"
    rf"|{_SHORT_DATE}",
    re.I)

_STREET_SUFFIX = (r"straat|laan|weg|plein|gracht|kade|singel|dijk|dreef|hof|park|steeg|pad|baan|markt|veld|"
                  r"plantsoen|erf|wal|ring|haven|burg|allee|boulevard|dam|donk|horst|hoek|kamp|berg|"
                  r"daal|dal|gaarde|oord|zoom|zijde|wijk|hove|straatweg|kwartier|polder|lei|vliet|water")
# A house number with what may follow it: a letter ("12b", "12 B"), an addition ("12-2", "86-III",
# "7-hs", "3 bis"), a floor ("12 3 hoog", "12 2e etage").
_HOUSE_NUMBER = (r"\d{1,5}(?:\s?[a-zA-Z]\b)?(?:\s?[-/]\s?\d{1,4}[a-zA-Z]?)?"
                 r"(?:\s?-\s?(?:i{1,3}|iv|v|hs|hg|bg|bis|huis|boven|beneden|[a-z])\b)?"
                 r"(?:\s*(?:hs|bis|huis|rood|zwart)\b)?"
                 r"(?:\s+\d{1,2}(?:e|de|ste)?\s*(?:hoog|hg|etage|verdieping)\b)?")
# A house number read out: "vierentwintig", "honderd twee", "forty two"; not "een"/"one" alone,
# which is mostly the article or a count ("op de kerkstraat een keer").
_HOUSE_NUMBER_WORDS = (rf"(?!(?:een|één|one|oh|zero|nul|double|dubbel|triple|duizend|thousand|hundred|honderd)\b)"
                       rf"(?:{_NUMBER_WORDS})(?:[\s-](?:{_NUMBER_WORDS})){{0,2}}")
# Words that open a street named after someone, also typed in lower case ("burgemeester de
# grootstraat", "prins hendrikkade").
_STREET_TITLES = (r"burgemeester|burg|dokter|dr|professor|prof|koningin|koning|prins|prinses|graaf|gravin|"
                  r"hertog|generaal|admiraal|kapitein|pastoor|pater|sint|st|president|minister|mr|meester|jonkheer")
# The words before the street's own word: names, ordinals, titles, with particles between them
# ("Derde Oosterparkstraat", "Burgemeester de Grootstraat"); a particle alone is no part of it
# ("op de molenweg" keeps "op de").
_STREET_NAME_WORD = rf"(?:(?-i:[A-ZÀ-Ý])[\w'.-]*|{_ORDINALS}|(?:{_STREET_TITLES})\.?)"
_NL_STREET = re.compile(
    rf"(?<![\w-])\b(?:{_STREET_NAME_WORD}\s+(?:(?:{_STREET_NAME_WORD}|(?-i:van|de|der|den|het|ter|ten|'t))\s+){{0,2}})?"
    rf"[\w'-]*(?:{_STREET_SUFFIX})\b(?:\s+(?P<number>{_HOUSE_NUMBER}|(?:{_HOUSE_NUMBER_WORDS})\b))?", re.I)
# A street whose name opens with its kind: "Laan van Oud Frankenland 14", "Plein 1944 3"
# (only with a house number).
_NL_STREET_KIND_FIRST = re.compile(
    rf"\b(?-i:Laan|Plein|Weg|Kade|Singel|Dreef|Hof|Straatweg|Gracht|Dijk)\s+"
    rf"(?:(?:van|de|der|den|het|ter|ten|op|in|'t)\s+){{1,3}}(?:(?-i:[A-ZÀ-Ý])[\w'.-]*\s+){{1,3}}{_HOUSE_NUMBER}\b")
_EN_STREET_SUFFIX = (r"street|st|road|rd|avenue|ave|lane|ln|drive|dr|close|way|court|ct|crescent|cres|place|pl|"
                     r"gardens|terrace|grove|square|sq|hill|row|mews|walk|park|boulevard|blvd|parade|rise|view")
# A flat or unit before the house number ("flat 12, 8 Willow Road") belongs to the address.
_FLAT = r"(?:(?i:flat|apartment|apt|unit|appartement)\.?\s+\d{1,4}[a-zA-Z]?,?\s+)?"
_EN_STREET = re.compile(
    rf"\b{_FLAT}\d{{1,5}}[a-zA-Z]?,?\s+(?:[A-Za-z][\w'-]*\s+){{1,3}}"
    rf"(?i:{_EN_STREET_SUFFIX})\b\.?")
# The house number in words ("sixty one maple avenue"): only with a suffix that names a street
# ("three days in a row" is no address) and street words that are not function words (checked in code).
_EN_STREET_WORDS = re.compile(
    rf"\b{_FLAT}(?P<number>{_HOUSE_NUMBER_WORDS})\s+(?P<words>(?:[A-Za-z][\w'-]*\s+){{1,3}})"
    r"(?i:street|road|lane|avenue|drive|close|crescent|gardens|terrace|grove|square|mews|place)\b", re.I)
# Without a house number only these endings make a street: "berg", "dijk" or "veld" end surnames too.
_STRONG_STREET = re.compile(r"(?:straat|laan|weg|plein|gracht|kade|singel|dreef|steeg|plantsoen|allee|boulevard)$")
# not a year after a date ("30-9-1984 in Zwolle") nor a year before a short word in lower case ("1984 en")
_NL_POSTCODE = re.compile(r"(?<![-/.]\d)(?<![-/.]\d\d)\b[1-9]\d{3}\s?(?!mg|ml|kg|cm|mm|km|ug|ng|ie|iu|uur|mcg)"
                          r"(?!(?-i:in|op|en|is|de|te|of|at|on|to|an|or|as|by|if|om|al|nu|na)\b)[A-Za-z]{2}\b")
_UK_POSTCODE = re.compile(r"\b[A-Za-z]{1,2}\d[A-Za-z\d]?\s*\d[A-Za-z]{2}\b")
# A British postcode spelled out: "s w one a one a a", "b s one four d j".
_DIGIT_WORD = r"zero|oh|nought|one|two|three|four|five|six|seven|eight|nine|nul|een|twee|drie|vier|vijf|zes|zeven|acht|negen"
_UK_POSTCODE_SPOKEN = re.compile(
    rf"\b[a-z](?:\s[a-z])?\s(?:{_DIGIT_WORD})(?:\s(?:{_DIGIT_WORD}|[a-z]))?\s(?:{_DIGIT_WORD})\s[a-z]\s[a-z]\b", re.I)
_POSTCODES = (_NL_POSTCODE, _UK_POSTCODE, _UK_POSTCODE_SPOKEN)
_TOWN_AFTER = re.compile(r",?\s*(?:[A-ZÀ-Ý][a-zà-ÿ'-]+)(?:[ -](?:aan|op|bij|in|de|den|[A-ZÀ-Ý][a-zà-ÿ'-]+))*")
# A town in lower case, or after "in"/"te": which word is a town is decided in code.
_TOWN_WORD = re.compile(r"(?P<sep>,\s*|\s+(?:in|te|at)\s+|\s+)(?P<town>[^\W\d_][\w'-]+)", re.I)

# A hospital or patient number mixing letters and digits ("AB-1234-5", "XY7-123456", "Z99887"):
# a token that starts with a letter and holds four or more digits in all ("AB-12-34"). Not a
# quantity with its unit ("1000mg": it starts with digits) nor a word with a short number
# ("COVID-19", "H1N1", "B12", "type-1-2").
ALNUM_ID_DIGITS = 4
_ALNUM_TOKEN = re.compile(r"(?<![\w@.\[-])[^\W\d_]\w*(?:[-/]\w+)*(?![\w\]])")
# Letters joined to a number that goes on in groups: "QX4 118 207" (not a dose: "B12 500 mg")
_LETTERS_THEN_SPACED = re.compile(
    r"(?<![\w@.\[-])[A-Za-z]{1,4}\d{1,4}(?:[\s-]\d{2,5}){1,3}\b"
    r"(?!\s*(?:%|mg|ml|kg|mcg|ug|g\b|gram|iu|ie|units?|eenheden|cm|mm|uur|hours?|jaar|years?|dagen|days?))")

_PHONE = re.compile(r"(?<![\w+])(?:\+|00)?\d[\d\s\-()./]{6,}\d(?!\w)")
_NUMBER_CUE = re.compile(
    r"\b(?:bsn|burgerservicenummer|patiënt(?:en)?nummer|patientnummer|patiëntnr|ziekenhuisnummer|dossiernummer|"
    r"registratienummer|nummer|nr|mrn|nhs|id|number|no|hospital number|patient number|record number)"
    r"\.?:?\s*(?:is\s+|was\s+)?(\d[\d\s.-]*\d|\d)", re.I)
_LONG_NUMBER = re.compile(r"\d(?:[\d.\s/-]?\d){4,}")  # also inside letters: "QK5530917"
# A phone or other number read out to voice dictation: five or more number words in a row.
_SPOKEN_NUMBER = re.compile(rf"\b(?:(?:{_NUMBER_WORDS})[\s,-]+){{4,}}(?:{_NUMBER_WORDS})\b", re.I)

_CUE_WORDS = (
    r"zoon|zoontje|dochter|dochtertje|kind|kindje|meisje|jongen|baby|kleinzoon|kleindochter|kleinkind|"
    r"neef|neefje|nicht|nichtje|broer|broertje|zus|zusje|man|vrouw|vriend|vriendin|vriendje|vriendinnetje|partner|"
    r"maat|maatje|klasgenoot|klasgenootje|"
    r"son|daughter|child|kid|boy|girl|grandson|granddaughter|grandchild|brother|sister|husband|wife|"
    r"nephew|niece|cousin|friend|partner|baby|little one|mate|buddy|pal|bestie|classmate"
)
_NAMING = (r"heet|heten|genaamd|naam is|name is|named|called|is called|spelled|spelt|spelled as|gespeld|geschreven als|"
           r"surname is|last name is|first name is|achternaam is|voornaam is")
_TITLES = r"dr|dhr|mw|mevr|mr|mrs|ms|prof|drs|ir|sn|rn|sr|zr"  # sn, rn, sr, zr: staff nurse, sister, zuster
_NAME_CUE = re.compile(
    rf"\b(?P<cue>(?:mijn|onze|ons|my|our|haar|zijn|her|his|their|hun|mn|m'n|zn|z'n|d'r|der)\s+(?:{_CUE_WORDS})"
    rf"(?:\s*,)?(?:\s+(?:{_NAMING}))?"
    r"|(?:mum|mom|mother|father|dad|moeder|vader|mama|papa|oma|opa|grandma|grandpa|ouders|parents)\s+(?:of|van)"
    rf"|{_NAMING}|ik ben|i am|i'm|im|this is|dit is|hier is|it's|its|it is|het is"
    r"|groetjes|groeten|groet|gr|liefs|thanks|thank you|regards|cheers|love"
    r"|dokter|doctor|nurse|zuster|verpleegkundige|mevrouw|meneer|miss|juf|meester"
    rf"|{_TITLES}|opa|oma|papa|mama|mam|pap|moeder|vader|tante|oom|aunt|uncle|grandma|grandpa|nana|granny|nan)"
    rf"\.?,?\s+(?P<titles>(?:(?:{_TITLES})\.?\s+)*)(?P<initials>(?:(?-i:[A-ZÀ-Ý])\.\s*)*)"
    r"(?P<particles>(?:(?:van|de|der|den|ter|ten|te|'t|van't)\s+)*)(?P<name>[^\W\d_][\w'-]*)",
    re.I)
# How strong each cue is: after a title ("dr", "mevr.") any word but a verb is a name; after "it's"
# or "thanks" only a word that is a name more often than not ("it's fine", "thanks again").
_TITLE_CUES = frozenset(_TITLES.split("|"))
_WEAK_CUES = frozenset({"ik ben", "i am", "i'm", "im", "this is", "dit is", "hier is", "it's", "its", "it is",
                        "het is", "groetjes", "groeten", "groet", "gr", "liefs", "thanks", "thank you", "regards",
                        "cheers", "love"})
_NAMING_END = re.compile(rf"(?:{_NAMING})$", re.I)
_PARTICLES = {"de", "van", "der", "den", "het", "ter", "ten", "te", "'t", "la", "le", "du", "von", "da", "di",
              "del", "van't", "in", "op", "el", "al", "bin", "ben", "mc", "mac", "o'"}
_TOKEN = re.compile(r"[^\W\d_][\w'’-]*|\S")
_INITIALS = re.compile(r"^(?:[A-Z]\.){1,4}$")
_APOSTROPHE_NAME = re.compile(r"[^\W\d_]['’][A-ZÀ-Ý]")  # "O'Brien", "D'Souza"


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
    proper: frozenset   # of those, the ones no list has in lower case ("jorien", not "robin")
    keep: frozenset     # words of the study that are never names (anakinra, Máxima, IC), lower case
    complete: bool      # False when a word list was missing
    given: WordSet = WordSet(())     # given names of many origins ("rohan", "sage", "can")
    given_common: dict = field(default_factory=dict)  # language -> the given names that two or more of
    # Faker's locales list, one of them of that language ("robin" in both, "anders" not in Dutch)
    surnames: WordSet = WordSet(())  # surnames of many origins ("nwosu", "groen", "kowalczyk")

    def common_name(self, word: str, lang: str) -> bool:
        return word in self.given_common.get(lang, ())

    def ordinary(self, word: str, lang: str) -> bool:
        return word in self.common.get(lang, ())

    def ordinary_anywhere(self, word: str) -> bool:
        return any(word in words for words in self.common.values())


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
                    elif word and not word.isupper():  # "Jorien", "Gouda"; not abbreviations such as "OK"
                        capital.add(word.lower())
        except OSError:
            log.warning("word list %s is missing (Debian package %s): names are removed more eagerly",
                        path, "wdutch" if lang == "nl" else "wbritish")
            complete = False
        common[lang] = WordSet(hashes)
    proper = {w for w in capital if not any(w in words for words in common.values())}
    keep = {w.strip().lower() for w in KEEP_WORDS.read_text(encoding="utf-8").splitlines()
            if w.strip() and not w.startswith("#")}
    given, given_common = array("q"), {lang: array("q") for lang in PLACEHOLDERS}
    for line in _list_lines(GIVEN_NAMES):  # "robin 17 nl en": the name, in how many locales, which languages
        word, *tags = line.split()
        given.append(hash(word))
        if tags and tags[0].isdigit() and int(tags[0]) >= 2:
            for lang in tags[1:]:
                if lang in given_common:
                    given_common[lang].append(hash(word))
    surnames = array("q", (hash(word) for word in _list_lines(SURNAMES)))
    return Vocabulary(common, frozenset(capital), frozenset(proper), frozenset(keep), complete,
                      WordSet(given), {lang: WordSet(h) for lang, h in given_common.items()}, WordSet(surnames))


def _list_lines(path: Path):
    """The lines of one of our own name lists, without comments (none, with a warning, when the
    file is missing: names are then found by the other rules only)."""
    try:
        with path.open(encoding="utf-8") as lines:
            for line in lines:
                if line[:1] not in ("#", "\n", ""):
                    yield line.strip()
    except OSError:
        log.warning("name list %s is missing (python -m companion.privacy.name_lists writes it)", path)


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

    def number_with(digits: int):
        """Replaces a match holding at least ``digits`` digits in all; keeps it otherwise."""
        def repl(match):
            if sum(c.isdigit() for c in match.group(0)) < digits:
                return match.group(0)
            replaced.append("number")
            return marks["number"]
        return repl

    text = sub(_EMAIL, "email", text)
    text = sub(_EMAIL_SPOKEN, "email", text)
    text = sub(_URL, "link", text)
    text = _addresses(text, marks, replaced)
    text = sub(_DATE, "date", text)
    text = _ALNUM_TOKEN.sub(number_with(ALNUM_ID_DIGITS), text)  # a hospital number: letters first
    text = _LETTERS_THEN_SPACED.sub(number_with(5), text)
    text = sub(_NUMBER_CUE, "number", text, group=1)
    text = sub(_PHONE, "phone", text)
    text = sub(_SPOKEN_NUMBER, "number", text)
    text = sub(_LONG_NUMBER, "number", text)
    text = _names(text, marks["name"], replaced, vocabulary(), {w.lower() for w in known_words}, lang)
    return Deidentified(text, replaced)


def _addresses(text: str, marks: dict, replaced: list) -> str:
    """Streets with their house number, and postcodes, each with the postcode and town after them."""
    vocab = vocabulary()

    def postcode_at(i):
        rest = text[i:]
        stripped = rest.lstrip(", ")
        match = next(filter(None, (p.match(stripped) for p in _POSTCODES)), None)
        return i + len(rest) - len(stripped) + match.end() if match else None

    def town_at(i, numbered: bool):
        """(start, end) of a town at ``i``: in lower case ("…, ba1 2qq bath") or after "in"
        ("Molenweg 5 in Tiel", "molenweg achttien in tiel", only after a house number), or
        None. In lower case only a word a word list writes with a capital, or no list knows."""
        match = _TOWN_WORD.match(text, i)
        if not match:
            return None
        word, sep = match.group("town"), match.group("sep").strip(" ,").lower()
        lower = word.lower()
        if _is_function_word(lower) or lower in vocab.keep or (sep and not numbered):
            return None
        townlike = lower in vocab.capital or not vocab.ordinary_anywhere(lower)
        if word[:1].isupper() and (sep or townlike):  # "… 5 in Tiel", "… 5 Tiel"
            town = _TOWN_AFTER.match(text, match.start("town"))
            return (match.start("town"), town.end()) if town else None
        if word[:1].islower() and townlike:
            return match.start("town"), match.end()
        return None

    def extend(start: int, end: int, kind: str, numbered: bool) -> list:
        """The spans of the address that ends at ``end``: up to after a postcode, a town, a postcode;
        a town after "in" is a span of its own, so that "in" stays."""
        after = postcode_at(end)
        end = after or end
        town = _TOWN_AFTER.match(text, end)
        if town and (after or kind == "postcode" or text[end:end + 1] == ","):
            return [(start, postcode_at(town.end()) or town.end())]  # "Exeter EX4 6PX"
        strong = bool(after) or kind == "postcode" or text[end:end + 1] == ","
        town = town_at(end, numbered)
        if town is not None:
            postcode = postcode_at(town[1])
            if strong or postcode or numbered:  # "maple avenue derby de1": a town needs something around it
                if text[end:town[0]].strip(" ,"):  # "… in Tiel"
                    return [(start, end), (town[0], postcode or town[1])]
                return [(start, postcode or town[1])]
        return [(start, end)]

    spans = []
    for pattern, kind in ((_NL_STREET_KIND_FIRST, "address"), (_NL_STREET, "address"), (_EN_STREET, "address"),
                          (_EN_STREET_WORDS, "address"),
                          (_NL_POSTCODE, "postcode"), (_UK_POSTCODE, "postcode"), (_UK_POSTCODE_SPOKEN, "postcode")):
        for match in pattern.finditer(text):
            if any(s <= match.start() < e for s, e in spans):
                continue
            if pattern is _NL_STREET and not _looks_like_street(match):
                continue
            if pattern is _EN_STREET_WORDS and any(_is_function_word(w.lower()) for w in match.group("words").split()):
                continue
            numbered = kind == "address" and (pattern is not _NL_STREET or bool(match.group("number")))
            start = match.start()
            if kind == "postcode":  # a street of any name with its number just before: "Brink 5, 7411 AB"
                before = _STREET_BEFORE_POSTCODE.search(text, 0, start)
                if before and not any(s <= before.start() < e for s, e in spans):
                    start = before.start()
            spans += extend(start, match.end(), kind, numbered)
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


# A capitalised word or two and a house number right before a postcode: a street whatever its name.
_STREET_BEFORE_POSTCODE = re.compile(rf"\b(?!(?i:dag|day|kamer|room|bed|bus|lijn|line|ward|afdeling)\b)(?-i:[A-ZÀ-Ý])[\w'-]+(?:\s+[\w'-]+)?\s+{_HOUSE_NUMBER},?\s*$")


def _looks_like_street(match) -> bool:
    """A street: written with a capital, or followed by a house number (``molenweg 12``,
    ``molenweg achttien``); not an ordinary word that happens to end like one ("weg", "veld",
    "the park")."""
    span = match.group(0)
    if match.group("number"):
        span = span[:match.start("number") - match.start()]
    name_words = span.split()
    if not name_words:
        return False
    last = name_words[-1].lower()
    if match.group("number") and len(last) > 3:
        return True
    vocab = vocabulary()
    capitalised = name_words[-1][:1].isupper()
    return capitalised and _STRONG_STREET.search(last) is not None and last not in vocab.common["nl"]


def _is_address(span: str) -> bool:
    return not any(p.fullmatch(span.strip()) for p in _POSTCODES)


def _names(text: str, mark: str, replaced: list, vocab: Vocabulary, known: set, lang: str) -> str:
    tokens = [(m.start(), m.end(), m.group(0)) for m in _TOKEN.finditer(text)]
    names = [False] * len(tokens)
    forced = set()  # tokens a cue made part of a name ("heet timo X": X is the surname)

    def ordinary(w: str) -> bool:
        return vocab.ordinary(w, lang) or w in known

    def only_a_name(w: str) -> bool:
        """A word that is a name wherever it stands, also in lower case: the word lists write it only
        with a capital ("jorien", "gouda"), or it is a given name that no word list knows ("rohan"),
        or given names joined by a hyphen, one of them such a name ("elodie-skye")."""
        if w in known or "-" in w and not _given(w, vocab):
            return False
        return any(part in vocab.proper or (len(part) > 2 and part in vocab.given and not vocab.ordinary_anywhere(part))
                   for part in ([w] if w in vocab.given else w.split("-")))

    def wordlike(i: int) -> bool:
        start = tokens[i][0]
        return tokens[i][2][:1].isalpha() and not (start and text[start - 1] == "[")

    cues = {}  # start of the name -> (start of initials or particles before it, kind of cue)
    position = 0
    while m := _NAME_CUE.search(text, position):  # overlapping: "this is grandpa X" has two cues
        first = min(m.start(g) for g in ("initials", "particles", "name") if m.group(g))
        cues[m.start("name")] = (first, _cue_kind(m))
        position = m.start("name")
    sentence_start = True
    for i, (start, _end, word) in enumerate(tokens):
        if not wordlike(i):
            sentence_start = word in ".?!:;" or (sentence_start and word in "\"'([-–—")
            continue
        w = _core(word)
        upper = word[:1].isupper()
        capital = w in vocab.capital
        given = _given(w, vocab)
        if len(w) < 2 or (("'" in w or "’" in w) and not _APOSTROPHE_NAME.match(word)) \
                or w in vocab.keep or w in _ROLES:  # not "I'm", "d'r"; but "O'Brien"
            pass
        elif _is_function_word(w):  # an auxiliary that is a name when a verb follows: "Can has"
            names[i] = upper and given and w in _AUXILIARIES and (_verb_follows(tokens, i) or w != word.lower())
        elif start in cues:  # "mijn zoon teun", "heet Robin", "dr. Wolters", "de moeder van juul"
            first, kind = cues[start]
            if w in _VERBS_AFTER_A_NAME:  # "the doctor said", "mijn zoon zei"
                pass
            elif kind == "title":  # "dr whitlock", "mw. Ş. Doğan": any word but a verb
                names[i] = True
            elif kind == "weak":  # "it's kai", "thanks willow"; not "it's fine", "its EU number", and
                # a word no list knows only before a comma or the end ("it's realy bad" is a typo)
                names[i] = not word.isupper() and (upper or only_a_name(w) or vocab.common_name(w, lang)
                                                   or (not ordinary(w) and _clause_ends(tokens, i)))
            else:
                names[i] = upper or capital or not ordinary(w) or given or _verb_follows(tokens, i)
            if names[i]:
                forced.update(k for k in range(i) if tokens[k][0] >= first)
                # "heet timo X", "is called ivo X": the next word is the surname; after other
                # cues only a surname ("my son robin X") or a word no list knows ("mijn zoon rohan X")
                forced.update(_surname_after(tokens, i, vocab, any_word=kind == "naming"))
        elif word.isupper():  # an abbreviation (IC, MRI), or a name typed in capitals ("STIJN")
            names[i] = len(w) >= 4 and (given or w in vocab.surnames) and not ordinary(w) and w not in known
        elif upper and _after_initial(tokens, i):  # "J. Groen", "Ş. Doğan"
            names[i] = not ordinary(w) or capital or given or w in vocab.surnames
        elif upper and not sentence_start:  # inside a sentence only names take a capital
            names[i] = not (w in known and not capital)
        elif upper:  # the first word of a sentence
            names[i] = not vocab.complete or only_a_name(w) or (capital and not ordinary(w)) \
                or (capital and _subject_of_verb(tokens, i, strict=True)) \
                or ((capital or not ordinary(w)) and _next_is_name_part(tokens, i)) \
                or (given and (_subject_of_verb(tokens, i, strict=True) or _here_follows(tokens, i))) \
                or _surname_before_given(tokens, i, vocab, ordinary)
        else:  # lower case: a word the word lists know only as a name ("jorien", "esmee"), or a
            # first name followed by a surname with its particle ("teun de groot"), or after
            # "with"/"and" ("with willow"), or before a verb ("robin wil weten …")
            names[i] = only_a_name(w) or (capital and _particle_then_word(tokens, i)) \
                or (vocab.common_name(w, lang) and w not in known and _with_before(tokens, i, names)) \
                or (given and w not in known and _clause_starts(tokens, i) and _subject_of_verb(tokens, i, strict=True)) \
                or (given and _clause_starts(tokens, i) and _here_follows(tokens, i))
        sentence_start = False
    for k in forced:
        names[k] = True
    _extend_names(tokens, names, vocab, known, lang)
    if _same_word_again(tokens, names, vocab, wordlike):
        _extend_names(tokens, names, vocab, known, lang)  # "… willow again, willow X": X after the second
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


def _same_word_again(tokens, names, vocab: Vocabulary, wordlike) -> bool:
    """A word taken for a name once is a name elsewhere in the text too ("it's willow again, willow
    X"), if the lists know it as a name; not after an article or a possessive ("Onze dochter
    Robin … de robin in de tuin"), nor an abbreviation in capitals.
    Whether a word was added."""
    found = {_core(tokens[i][2]) for i in range(len(tokens)) if names[i] and wordlike(i)}
    found = {w for w in found if len(w) >= 2 and not _is_function_word(w) and w not in vocab.keep
             and w not in _PARTICLES and (w in vocab.given or w in vocab.surnames or w in vocab.proper)}
    added = False
    for i in range(len(tokens)):
        if not names[i] and wordlike(i) and not tokens[i][2].isupper() and _core(tokens[i][2]) in found \
                and not (i and tokens[i - 1][2].lower() in _DETERMINERS):
            names[i] = added = True
    return added


# Words after which a word is a noun, not a name: "de robin", "the sage", "my willow".
_DETERMINERS = frozenset("""
    de het een die dat deze dit mijn jouw je zijn haar ons onze hun uw geen elke ieder welke
    the a an this that these those my your his her its our their no every each which some any
    """.split())


def _cue_kind(match) -> str:
    cue = " ".join(match.group("cue").lower().split())
    if match.group("titles") or cue in _TITLE_CUES:
        return "title"
    if cue in _WEAK_CUES:
        return "weak"
    return "naming" if _NAMING_END.search(cue) else "other"


# Words for people by their role: never a name themselves ("Moeder van Juul" keeps "Moeder").
_ROLES = set("""
    moeder vader mama papa mam pap ma pa oma opa tante oom zus zusje broer broertje zoon dochter kind
    verpleegkundige zuster dokter arts meneer mevrouw juf meester ouder ouders familie
    mother father mum mom mummy mommy dad daddy grandma grandpa granny nana nan aunt uncle sister brother
    son daughter child nurse doctor parent parents family baby
    dr dhr mw mevr mr mrs ms prof drs ir sn rn sr zr
    """.split())


_VERBS_AFTER_A_NAME = set("""
    is was has had heeft had ligt lag krijgt kreeg kreeg wordt werd kan mag moet zal gaat ging zit slaapt
    huilt eet weegt lijkt blijft vraagt vroeg zegt zei wil wilde vindt speelt doet started starts got gets
    will can may must needs seems sleeps cries eats weighs went goes said says asked asks keeps stays does
    did loves likes wants told thinks feels
    """.split())

# Subjects that follow the verb when a sentence opens with another word ("Anders is het lastig",
# "Dan gaat hij"): then the first word is no name.
_SUBJECT_PRONOUNS = frozenset("""
    het hij zij ze ik je jij we wij u jullie er dat dit die men it he she they i you we there this that
    """.split())

# Verbs that cannot be followed by another finite verb: one that is, is a name ("Can has a fever").
_AUXILIARIES = frozenset("will can may might must shall should would could wil kan mag moet zal".split())


def _core(word: str) -> str:
    """The word in lower case without a possessive ending ("Esmee's" -> "esmee")."""
    return re.sub(r"(?:'s|’s|s')$", "", word).lower()


def _verb_follows(tokens, i) -> bool:
    return i + 1 < len(tokens) and tokens[i + 1][2].lower() in _VERBS_AFTER_A_NAME


def _subject_of_verb(tokens, i, strict: bool = False) -> bool:
    """A word at the start of a sentence followed by a verb or with a possessive: "Sienna was born",
    "Willow's ward" (a bare noun rarely opens a sentence like that; a name does). ``strict``:
    not when a pronoun follows the verb, the subject of a sentence that opens with an adverb."""
    word = tokens[i][2]
    if re.search(r"(?:'s|’s)$", word):
        return True
    if not _verb_follows(tokens, i):
        return False
    return not strict or i + 2 >= len(tokens) or tokens[i + 2][2].lower() not in _SUBJECT_PRONOUNS


def _here_follows(tokens, i) -> bool:
    """"Robin here, …": a name that introduces the writer."""
    return i + 1 < len(tokens) and tokens[i + 1][2].lower() in {"here", "hier"}


def _clause_starts(tokens, i) -> bool:
    """The word opens a sentence or a clause ("…, robin is", "and willow was")."""
    return i == 0 or tokens[i - 1][2] in ".,;:!?()\"'" or tokens[i - 1][2].lower() in {"and", "en", "or", "of", "but",
                                                                                        "maar", "&"}


def _clause_ends(tokens, i) -> bool:
    return i + 1 >= len(tokens) or tokens[i + 1][2] in ".,;:!?)" \
        or tokens[i + 1][2].lower() in _INTRODUCTION_GOES_ON or tokens[i + 1][2][:1] in "[" \
        or tokens[i + 1][2][:1].isupper()


# what follows a name when someone introduces themselves: "it's kemi calling", "ik ben fenna hier"
_INTRODUCTION_GOES_ON = frozenset("""calling speaking here from again mum mom dad mother father moeder vader
    mama papa hier van uit""".split())


def _with_before(tokens, i, names) -> bool:
    """After "with" or "met" ("on the ward with willow"), or after a name and "and"/"en"
    ("Teun and robin"; not "patience and faith")."""
    before = tokens[i - 1][2].lower() if i else ""
    return before in {"with", "met"} or (before in {"and", "en", "&"} and i >= 2 and names[i - 2])


def _after_initial(tokens, i) -> bool:
    """After an initial: "J. Groen", "J.P. de Wolters" (the dot does not end a sentence)."""
    return i >= 2 and tokens[i - 1][2] == "." and len(tokens[i - 2][2]) == 1 and tokens[i - 2][2].isupper() \
        and (i < 3 or not tokens[i - 3][2][:1].isalnum() or tokens[i - 3][2] == "." or tokens[i - 3][1] < tokens[i - 2][0])


def _surname_before_given(tokens, i, vocab: Vocabulary, ordinary) -> bool:
    """A surname before a comma and a given name, as clinicians write: "Brouwer, Jorien"."""
    if i + 2 >= len(tokens) or tokens[i + 1][2] != ",":
        return False
    after, w = tokens[i + 2][2], _core(tokens[i][2])
    given = _core(after) in vocab.given or _core(after) in vocab.proper
    return after[:1].isupper() and given and not _is_function_word(_core(after)) \
        and (w in vocab.surnames or not ordinary(w))


def _surname_after(tokens, i, vocab: Vocabulary, any_word: bool) -> list[int]:
    """After a name a cue gave: the next word in lower case if it is a surname or a word no list
    knows, or (``any_word``, after "heet"/"is called") any word but a function word, a verb or a
    word of the study ("heet timo X en hij …")."""
    j = i + 1
    if j >= len(tokens) or not tokens[j][2][:1].isalpha() or not tokens[j][2][:1].islower():
        return []
    w = _core(tokens[j][2])
    if len(w) < 2 or _is_function_word(w) or w in _VERBS_AFTER_A_NAME or w in vocab.keep:
        return []
    return [j] if any_word or w in vocab.surnames or not vocab.ordinary_anywhere(w) else []


def _given(w: str, vocab: Vocabulary) -> bool:
    """A given name, or given names joined by a hyphen ("elodie-skye")."""
    return w in vocab.given or ("-" in w and all(part in vocab.given for part in w.split("-")))


def _particle_then_word(tokens, i) -> bool:
    j = i + 1
    while j < len(tokens) and tokens[j][2].lower() in {"de", "van", "der", "den", "ter", "ten"}:
        j += 1
    return i + 1 < j < len(tokens) and tokens[j][2][:1].isalpha() and not _is_function_word(tokens[j][2].lower())


# Never a name: the chat's function words of both languages, roles, a few common verbs, and
# English contractions typed without their apostrophe ("hes 5", "im worried").
_FUNCTION_WORDS = frozenset(STOPWORDS["nl"] | STOPWORDS["en"] | _ROLES
                            | {"heeft", "has", "had", "gets", "krijgt", "hier", "here", "ok", "oke", "oké", "okay", "okey"}
                            | {"groetjes", "groeten", "groet", "liefs", "thanks", "cheers", "regards", "love"}
                            | set("""hes shes im ive youre theyre thats theres whats dont doesnt didnt cant wont
                                     isnt wasnt arent werent hasnt havent hadnt couldnt wouldnt shouldnt""".split()))
_WEAK_PARTICLES = {"in", "op", "te"}


def _is_function_word(word: str) -> bool:
    return word in _FUNCTION_WORDS


def _next_is_name_part(tokens, i) -> bool:
    """Followed by a particle and a capitalised word, or directly by a capitalised word that is
    not an ordinary word: "Jorien de Groot", "Esmee Wolters"."""
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
        ordinary = vocab.ordinary(lower, lang)
        if lower in _ROLES or lower in vocab.keep or (word[:1].islower() and _is_function_word(lower)):
            continue
        if j > i + 1:  # "Jorien de Groot", "teun van wolters": after a particle comes the surname,
            # but after "in" or "op" only a capitalised one ("Esmee Pieters op bezoek" keeps "op bezoek")
            if word[:1].islower() and any(tokens[m][2].lower() in _WEAK_PARTICLES for m in range(i + 1, j)):
                continue
            for m in range(i + 1, j + 1):
                names[m] = True
        elif word[:1].isupper() and not word.isupper() and lower not in known:  # "Esmee Wolters"
            names[j] = True
        elif word.isupper() and tokens[i][2].isupper() and len(lower) > 2 and lower not in known \
                and (lower in vocab.surnames or not vocab.ordinary_anywhere(lower)):  # "ESMEE WOLTERS"
            names[j] = True
        elif word[:1].islower() and tokens[i][2][:1].islower() and lower not in _VERBS_AFTER_A_NAME \
                and lower not in known and (lower in vocab.proper or (lower in vocab.surnames and not ordinary)
                                            or (len(lower) > 2 and not vocab.ordinary_anywhere(lower)
                                                and _core(tokens[i][2]) in vocab.given)):
            names[j] = True  # "jorien groen", "amara nwosu", after a given name a word no list knows
    for i in range(1, n - 1):  # the dot of an initial between two parts of a name
        if tokens[i][2] == "." and names[i - 1] and names[i + 1]:
            names[i] = True
