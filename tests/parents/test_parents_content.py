"""The study information for parents, the glossary and the privacy and accessibility pages.

Checks what `content check` does not: the CCMO order of the parent sections, the facts every
section must carry (the site's own facts as [[site:name]] markers), that Dutch and English carry
the same numbers, links, site facts and sources, the readability we aim for (above the project
floor), and glossaries whose names do not collide, so auto-linking is unambiguous. The word list
(parents and young people) and the children's glossary (`audience: children`) are separate
pages that link separately, so each is checked on its own.
"""
import re
from pathlib import Path

import pytest

from companion.content.check import TOPICS, readability_exclusions
from companion.content.files import read_tree
from companion.content.markers import HIDDEN_SOURCE, cited_claims, fact_definitions, site_names, source_ids, source_list
from companion.content.readability import measure

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "content"
ALL = read_tree(CONTENT)

SECTIONS = ["introduction", "general-information", "purpose", "background", "who-can-take-part",
            "what-happens", "what-we-ask", "side-effects", "pros-and-cons", "when-it-ends",
            "after-the-study", "data-and-privacy", "costs", "insurance", "family-doctor",
            "questions", "consent"]
GLOSSARY_REQUIRED = ["sepsis", "hyperinflammation", "anakinra", "interleukin-1", "ferritin",
                     "phoenix-sepsis-score", "phoenix-8", "icu", "hct", "alt", "bilirubin",
                     "vasoactive-medicines", "vis", "crrt", "ecmo", "ventilator",
                     "historical-comparison-group", "placebo", "investigational-medicine",
                     "ethics-committee", "informed-consent", "assent", "pseudonymised"]
# Our aim, above the floor `content check` warns at (Douma 60; FRE 60 and grade 8).
AIM = {"nl": 70, "en": (70, 6.0)}
# Facts a section must state in both languages (exact text that a reader must find). What only
# the site knows (the sponsor, the insurer, phone numbers) the section names as a site fact:
# families see its value, or while it is empty the fact's calm sentence.
FACTS = {
    "general-information": ["2025-524541-27-00", "MB24THR", "UMC Utrecht", "Máxima",
                            "[[site:sponsor]]", "[[site:participants_planned]]", "[[site:metc]]"],
    "what-happens": ["8 mg", "28", "[[site:treatment_days]]", "[[site:blood_sampling]]",
                     "[[site:leaving_icu]]"],
    "data-and-privacy": ["25", "[[site:samples_storage]]", "[[site:data_outside_eu]]",
                         "[[site:data_controller]]"],
    "after-the-study": ["2025-524541-27-00", "euclinicaltrials.eu"],
    "who-can-take-part": ["8 ", "18 ", "10 ", "2000 µg/L"],
    "insurance": ["[[site:insurer]]", "[[site:insurance_policy_number]]", "[[site:insurer_contact]]"],
    "questions": ["[[site:study_doctor]]", "[[site:study_team_phone_day]]", "[[site:study_team_phone_night]]",
                  "[[site:independent_expert]]", "[[site:independent_expert_phone]]",
                  "[[site:complaints_officer]]", "[[site:data_protection_officer]]"],
}
# Public facts from outside the study description, and the source each section must name for them.
SOURCES = {
    "background": ["smpc-4.1"],  # anakinra is approved for other illnesses
    "side-effects": ["smpc-4.8"],  # the frequencies of side effects
    "data-and-privacy": ["ctr-art-58"],  # data kept for 25 years
    "after-the-study": ["ctr-art-37"],  # a summary of the results within a year
}
# Plain statements parents must be able to find, per language.
STATEMENTS = {
    "nl": {
        "what-happens": ["geen loting", "geen nepmedicijn", "één keer per dag"],
        "when-it-ends": ["U hoeft niet te zeggen waarom", "Dan stopt het meedoen"],
        "data-and-privacy": ["niet de wettelijke grond", "De gegevens van voor het stoppen"],
        "consent": ["kopie", "de app is nooit zelf de toestemming", "Jonger dan 12 jaar",
                    "12 tot en met 15 jaar", "16 en 17 jaar"],
        "costs": ["geen geld"],
    },
    "en": {
        "what-happens": ["no lottery", "no dummy medicine", "once a day"],
        "when-it-ends": ["You do not have to say why", "Then taking part stops"],
        "data-and-privacy": ["not the legal basis", "data from before you stopped"],
        "consent": ["copy", "the app is never the consent itself", "Under 12", "12 to 15", "16 and 17"],
        "costs": ["no money"],
    },
}


def files(kind, reader=None, lang=None):
    return [f for f in ALL if f.kind == kind and (reader is None or f.reader == reader)
            and (lang is None or f.lang == lang)]


PARENTS = files("info", "parents")
GLOSSARY = files("glossary")
PAGES = [f for f in files("pages") if f.slug in ("privacy", "accessibility")]
MINE = PARENTS + GLOSSARY + PAGES


def twin(f):
    other = "en" if f.lang == "nl" else "nl"
    return next(g for g in ALL if g.lang == other and g.rel_path == f.rel_path)


def no_comments(text):
    return re.sub(r"<!--.*?-->", "", text, flags=re.S)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_parent_sections_follow_the_ccmo_order(lang):
    ordered = sorted(files("info", "parents", lang), key=lambda f: f.order)
    assert [f.slug for f in ordered] == SECTIONS
    assert len({f.order for f in ordered}) == len(ordered), "two sections share an order"


@pytest.mark.parametrize("f", PARENTS, ids=[f"{f.lang}/{f.slug}" for f in PARENTS])
def test_parent_front_matter(f):
    assert f.meta["slug"] == f.slug and f.meta["audience"] == "parents"
    assert f.meta["topics"] and set(f.meta["topics"]) <= TOPICS
    assert isinstance(f.meta["summary"], str) and 10 < len(f.meta["summary"]) < 120
    assert not re.search(r"^#\s", f.body, re.M), "the title is the h1; use ## in the body"


@pytest.mark.parametrize("f", [f for f in MINE if f.lang == "nl"], ids=[f.rel_path for f in MINE if f.lang == "nl"])
def test_both_languages_carry_the_same_numbers_links_site_facts_and_sources(f):
    g = twin(f)
    for key in ("topics", "order", "audience"):
        if f.kind != "glossary" or key != "order":  # glossary order is alphabetical per language
            assert f.meta.get(key) == g.meta.get(key), key
    links = r"\]\(((?:glossary|info):[^)]+)\)"
    assert re.findall(links, f.body) == re.findall(links, g.body)
    assert sorted(site_names(f.body)) == sorted(site_names(g.body))
    assert sorted(source_ids(f.body)) == sorted(source_ids(g.body))
    numbers = lambda text: sorted(re.findall(r"\d+(?:[.,-]\d+)*", no_comments(text)))
    assert numbers(f.body) == numbers(g.body)


@pytest.mark.parametrize("section, facts", FACTS.items())
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_sections_state_their_facts(lang, section, facts):
    body = next(f.body for f in PARENTS if f.lang == lang and f.slug == section)
    for fact in facts:
        assert fact in body, f"{lang}/{section} does not say {fact!r}"
    defined = fact_definitions(CONTENT)
    for name in site_names(body):
        assert name in defined, f"{lang}/{section} names [[site:{name}]], which content/site-facts.yaml lacks"


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_sections_say_what_parents_must_hear(lang):
    for section, phrases in STATEMENTS[lang].items():
        body = next(f.body for f in PARENTS if f.lang == lang and f.slug == section)
        for phrase in phrases:
            assert phrase.lower() in body.lower(), f"{lang}/{section} does not say {phrase!r}"


def test_public_facts_from_outside_the_study_description_name_their_source():
    # Side effects from the SmPC, retention from the CTR: each claim followed by a [[source:id]]
    # listed in content/sources.yaml, so staff and the ethics committee can check it.
    sources = source_list(CONTENT)
    for f in PARENTS:
        assert not HIDDEN_SOURCE.search(f.body), f"{f.lang}/{f.slug} hides a source in an HTML comment"
        if f.slug not in SOURCES:
            continue
        ids = source_ids(f.body)
        assert set(SOURCES[f.slug]) <= set(ids), f"{f.lang}/{f.slug} names {ids}, not {SOURCES[f.slug]}"
        unknown = set(ids) - set(sources)
        assert not unknown, f"{f.lang}/{f.slug}: {sorted(unknown)} not in content/sources.yaml"
        for claim, source_id, _ in cited_claims(f.body, sources, f.lang):
            assert re.search(r"\w", claim), f"{f.lang}/{f.slug}: [[source:{source_id}]] follows no claim"


@pytest.mark.parametrize("f", PARENTS + PAGES, ids=[f"{f.lang}/{f.rel_path}" for f in PARENTS + PAGES])
def test_readability_meets_our_aim(f):
    score = measure(f.body, f.lang, readability_exclusions(CONTENT))
    if f.lang == "nl":
        assert score.score >= AIM["nl"], f"Flesch-Douma {score.score:.0f}"
    else:
        assert score.score >= AIM["en"][0] and score.grade <= AIM["en"][1], score.describe()


def word_list(lang):
    """The glossary page for parents and young people (/<lang>/glossary)."""
    return [f for f in files("glossary", lang=lang) if f.meta.get("audience") != "children"]


def childrens_glossary(lang):
    """The glossary written for children of 12 to 15 and under 12 (/<lang>/glossary/children)."""
    return [f for f in files("glossary", lang=lang) if f.meta.get("audience") == "children"]


def assert_short_entry(f):
    assert f.title and isinstance(f.meta.get("aliases", []), list)
    text = no_comments(f.body).strip()
    sentences = [s for s in re.split(r"(?<=[a-z0-9)][.!?])\s+", text) if s]
    assert 1 <= len(sentences) <= 3, f"{f.lang}/{f.slug}: {len(sentences)} sentences"
    assert "#" not in text


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_glossary_has_the_required_terms_in_short_entries(lang):
    terms = {f.slug: f for f in word_list(lang)}
    missing = set(GLOSSARY_REQUIRED) - set(terms)
    assert not missing, f"missing glossary terms: {sorted(missing)}"
    for slug, f in terms.items():
        assert f.meta["slug"] == slug and f.meta["audience"] == "all"
        assert not slug.startswith("child-"), f"{lang}/{slug}: a children's term needs audience: children"
        assert_short_entry(f)


# The words the children's texts (12-15, under 12) explain through their own glossary.
CHILD_GLOSSARY_REQUIRED = ["child-research", "child-drip", "child-inflammation", "child-infection",
                           "child-sepsis", "child-anakinra", "child-side-effect", "child-consent"]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_childrens_glossary_has_its_terms_in_short_plain_entries(lang):
    terms = {f.slug: f for f in childrens_glossary(lang)}
    missing = set(CHILD_GLOSSARY_REQUIRED) - set(terms)
    assert not missing, f"missing children's glossary terms: {sorted(missing)}"
    for slug, f in terms.items():
        assert f.meta["slug"] == slug and slug.startswith("child-")
        assert_short_entry(f)
        # at least the project floor for readability (children's texts aim higher)
        score = measure(f.body, lang, readability_exclusions(CONTENT))
        assert score.score >= 60 and (lang == "nl" or score.grade <= 8), f"{lang}/{slug}: {score.describe()}"


@pytest.mark.parametrize("glossary", [word_list, childrens_glossary], ids=["word-list", "children"])
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_glossary_names_point_to_one_term_each(lang, glossary):
    # Each glossary is linked on its own (a children's text links the children's glossary, every
    # other text the word list), so a name must be unique within one glossary, not across both.
    seen = {}
    for f in glossary(lang):
        for name in [f.title, *f.meta.get("aliases", [])]:
            key = name.lower()
            assert seen.get(key, f.slug) == f.slug, f"{name!r} names both {seen[key]} and {f.slug}"
            seen[key] = f.slug


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_privacy_and_accessibility_pages(lang):
    pages = {f.slug: f.body for f in PAGES if f.lang == lang}
    assert set(pages) == {"privacy", "accessibility"}
    # What only the hospital knows is named as a site fact: the last screen reader test, whom to
    # tell about a problem, what the network logs, how long questions are kept, the privacy contact.
    for needle in ("WCAG 2.2", "WCAG 2.1", "EN 301 549", "axe-core", "200%", "[[site:accessibility_test]]",
                   "[[site:accessibility_contact]]"):
        assert needle in pages["accessibility"], needle
    privacy = pages["privacy"]
    assert "](info:data-and-privacy)" in privacy
    for needle in ("[[site:registry_data]]", "[[site:question_retention]]", "[[site:app_privacy_contact]]"):
        assert needle in privacy, needle
    words = {"nl": ["cookie", "studienummer", "namen en nummers"], "en": ["cookie", "study number", "names and numbers"]}
    for word in words[lang]:
        assert word.lower() in privacy.lower(), word
