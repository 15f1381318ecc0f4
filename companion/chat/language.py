"""Which language a question is in: Dutch or English, from common words and spelling."""
from .normalise import words

# Function words: frequent, short, and rarely shared between the two languages.
STOPWORDS = {
    "nl": set("""
        de het een en of maar als dan dat die dit deze wat wie waar wanneer waarom hoe welk welke
        ik je jij u uw we wij ze zij hij zij hem haar hun mijn mij me ons onze jullie zijn is ben
        bent was waren wordt worden word werd kan kun kunt kunnen mag mogen moet moeten zal zullen
        zou zouden wil wilt willen heb hebt heeft hebben had er hier daar niet geen wel ook nog al
        op in aan bij met van voor naar uit over om tot door na zonder tegen te toe dus want
        omdat zo heel erg veel meer iets niets alles wel even eigenlijk precies hoelang hoeveel
        hoezo waarvoor waarmee gaat gaan ga doe doen doet krijg krijgt krijgen zit zitten
        mn m n t s wanneer kind kindje
        """.split()),
    "en": set("""
        the a an and or but if then that this these those what who where when why how which
        i you your we our us they them their he him his she her it its my me mine am is are was
        were be been being can could may might must shall should will would do does did done
        have has had not no yes also still there here on in at by with of for to from into
        about over after before without against so very much many more some any anything
        nothing everything just really get gets got go goes going im ive youre dont doesnt
        cant wont isnt arent whats hows kid child
        """.split()),
}

# Words and spellings that tell the languages apart even without function words.
_MARKERS = {
    "nl": ("ij", "oe", "ui", "sch", "aa", "uu", "eu", "ee"),
    "en": ("th", "wh", "sh", "ing", "tion", "ea", "ou", "ck"),
}


def scores(text: str, vocab: dict[str, set] | None = None) -> dict[str, float]:
    """Evidence per language. `vocab` (words of each language's approved texts) adds
    a point for every word that only one language uses."""
    tokens = words(text)
    result = {"nl": 0.0, "en": 0.0}
    for token in tokens:
        for lang in result:
            if token in STOPWORDS[lang]:
                result[lang] += 2.0
            result[lang] += 0.25 * sum(marker in token for marker in _MARKERS[lang])
            if vocab and token in vocab.get(lang, ()):
                other = "en" if lang == "nl" else "nl"
                if token not in vocab.get(other, ()):
                    result[lang] += 1.5
    return result


def detect(text: str, default: str = "nl", vocab: dict[str, set] | None = None) -> str:
    """`nl` or `en`; `default` (Dutch) when the text gives no sign either way."""
    found = scores(text, vocab)
    if found["nl"] == found["en"]:
        return default
    return max(found, key=found.get)
