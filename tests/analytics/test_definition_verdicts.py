"""Verdicts on two definitions: agree, differ (in part or in whole), or not comparable."""

from __future__ import annotations

import pytest

from govatlas.analytics.definition_verdicts import (
    AGREE,
    by_reference,
    comparable,
    cut_off,
    known_sources,
    one_side_amends,
    own_words,
    same_citation,
    verdict,
)
from govatlas.analytics.definitions import DEFINITION

OWN = "a machine-based system that infers from the input it receives how to generate outputs"
NDAA = (
    "given the term in section 238(g) of the John S. McCain National Defense Authorization "
    "Act for Fiscal Year 2019"
)
NDAA_AGAIN = (
    "given such term in section 238(g) of the John S. McCain National Defense Authorization "
    "Act for Fiscal Year 2019"
)
NAIIA = "given such term in section 5002 of the National Artificial Intelligence Initiative Act"


@pytest.mark.parametrize(
    "wording",
    [
        NDAA,
        "provided in Section 3(c) of Executive Order 14110",
        "a provider as defined in Article 3(2) of the AI Act",
        "set forth in 15 U.S.C. 9401(3)",
    ],
)
def test_a_definition_that_only_points_elsewhere_is_by_reference(wording: str) -> None:
    assert by_reference(wording)


def test_a_definition_in_its_own_words_is_not_by_reference() -> None:
    assert not by_reference(OWN)
    assert not by_reference("a person that develops an AI system as defined in this Act")


@pytest.mark.parametrize(
    "wording",
    ["an artificial system that:", "a software product or service that—", "A DECISION THAT HAS A"],
)
def test_a_wording_that_stops_where_its_list_begins_is_cut_off(wording: str) -> None:
    assert cut_off(wording)
    assert verdict(wording, OWN, 0.99) == "not comparable"


def test_two_pointers_to_the_same_provision_are_compared_and_to_different_ones_are_not() -> None:
    assert same_citation(NDAA, NDAA_AGAIN)
    assert comparable(NDAA, NDAA_AGAIN)
    assert verdict(NDAA, NDAA_AGAIN, 0.98) == "agree"
    assert not same_citation(NDAA, NAIIA)
    other = "given the term in section 1051(f) of the John S. McCain National Defense Act"
    assert verdict(NDAA, other, 0.9) == "not comparable"
    # a pointer against a text in its own words: what it points to is not shown
    assert verdict(NDAA, OWN, 0.2) == "not comparable"


def test_below_the_threshold_two_definitions_differ_in_part_or_in_whole() -> None:
    other = "software that, for objectives people set, makes predictions or decisions"
    assert verdict(OWN, other, AGREE) == "agree"
    assert verdict(OWN, other, AGREE - 0.01) == "differ"


def test_a_citation_with_initials_is_read_to_its_end() -> None:
    text = (
        "The term \u201cartificial intelligence\u201d has the meaning given the term in section "
        "238(g) of the John S. McCain National Defense Authorization Act for Fiscal Year 2019 "
        "(10 U.S.C. note prec. 4061). Next sentence."
    )
    match = DEFINITION.search(text)
    assert match is not None
    assert "McCain National Defense Authorization Act" in match.group(2)
    assert "Next sentence" not in match.group(2)


def test_two_pointers_to_the_statutes_us_texts_cite_most_are_compared_however_cited() -> None:
    from govatlas.analytics.definition_verdicts import known_sources

    codified = "set forth in 15 U.S.C. 9401(3)"
    thornberry = (
        "given such term in section 5002 of the William M. (Mac) Thornberry National Defense "
        "Authorization Act for Fiscal Year 2021"
    )
    assert known_sources(NAIIA) == known_sources(codified) == known_sources(thornberry)
    assert known_sources(NDAA) == known_sources("given in 10 U.S.C. 2358 note")
    assert known_sources(NDAA) != known_sources(NAIIA)
    # the statutes cited decide, not the words citing them
    assert verdict(NAIIA, thornberry, 0.6) == "agree"
    both = f"{NAIIA}, and includes the systems and techniques described in section 238(g)"
    assert known_sources(both) == known_sources(NAIIA) | known_sources(NDAA)
    assert verdict(both, NAIIA, 0.97) == "differ"
    # different statutes' definitions differ (in part), whatever the cosine of the citations
    assert verdict(NDAA, NAIIA, 0.97) == "differ"
    # a text in its own words against a pointer, with no reading of what the statute says
    assert verdict(OWN, NAIIA, 0.3) == "not comparable"


def test_words_against_a_statute_they_restate_agree_and_otherwise_differ() -> None:
    from govatlas.analytics.definition_verdicts import RESTATES, statute_against_words

    assert statute_against_words(OWN, NAIIA) == ("naiia-5002", OWN)
    assert statute_against_words(NDAA, OWN) == ("ndaa-2019-238g", OWN)
    # the cosine of the two wordings does not count; that of the words with the statute does
    assert verdict(OWN, NAIIA, 0.1, restated=RESTATES) == "agree"
    assert verdict(OWN, NAIIA, 0.99, restated=RESTATES - 0.01) == "differ"
    # a pointer to two statutes is read as both, one after the other
    both = f"{NAIIA}, and includes the systems and techniques described in section 238(g)"
    assert statute_against_words(OWN, both) == ("naiia-5002+ndaa-2019-238g", OWN)
    assert verdict(OWN, both, 0.3, restated=0.7) == "differ"
    # another source, or words cut off: no statute to read
    assert statute_against_words(OWN, "provided in Section 3(c) of Executive Order 14110") is None
    assert statute_against_words("an artificial system that:", NAIIA) is None
    assert verdict("an artificial system that:", NAIIA, 0.9, restated=0.95) == "not comparable"


def test_compared_definitions_read_the_statute_a_pointer_cites() -> None:
    from govatlas.analytics.definition_verdicts import STATUTE_DEFINITIONS
    from govatlas.analytics.definitions import Definition, compare_definitions

    quoting = Definition("ai", "quoting-act", STATUTE_DEFINITIONS["naiia-5002"], None, None)
    kin = Definition("ai", "kin-act", OWN, None, None)
    pointer = Definition("ai", "pointer-act", NAIIA, None, None)
    pairs = {
        frozenset((p.a.instrument, p.b.instrument)): p
        for p in compare_definitions([quoting, kin, pointer])
    }
    restating = pairs[frozenset(("quoting-act", "pointer-act"))]
    assert restating.restated is not None and restating.restated > 0.93
    assert restating.verdict == "agree"
    other = pairs[frozenset(("kin-act", "pointer-act"))]
    assert other.restated is not None and other.restated < 0.89 and other.verdict == "differ"
    # how they differ is read from what the statute says, not from the citation's words
    pointer_words = other.only_b if other.b.instrument == "pointer-act" else other.only_a
    assert {"abstract", "formulate"} <= set(pointer_words)
    assert not {"section", "initiative", "national"} & set(pointer_words)
    assert pairs[frozenset(("quoting-act", "kin-act"))].restated is None


def test_a_definition_only_one_side_narrows_or_widens_at_length_differs() -> None:
    from govatlas.analytics.definition_verdicts import one_side_amends

    excluding = (
        f'{OWN}. "Artificial intelligence system" does not include any system used only for '
        "research before it is placed on the market"
    )
    # an exclusion on one side only: the definitions differ in part, however alike
    assert one_side_amends(excluding, OWN)
    assert verdict(excluding, OWN, 0.95) == "differ"
    assert verdict(excluding, OWN, 0.95, amendments=False) == "agree"
    # the same exclusion on both sides is no difference
    assert not one_side_amends(excluding, excluding.replace("only", "solely"))
    # a long addition to a statute both cite, against the bare citation
    widened = (
        f"{NDAA}; and (B) includes (i) an artificial or automated system (I) that performs "
        "tasks under varying and unpredictable circumstances without significant human "
        "oversight; (II) that can learn from experience and improve performance when "
        "exposed to data sets"
    )
    assert verdict(widened, NDAA_AGAIN, 0.7) == "differ"
    assert verdict(widened, NDAA_AGAIN, 0.7, amendments=False) == "agree"
    # a short list of examples adds nothing people count as a difference
    examples = f"{NAIIA}; and (B) includes machine learning, neural networks, and natural language"
    assert not one_side_amends(examples, NAIIA)
    assert verdict(examples, NAIIA, 0.8) == "agree"
    assert verdict(f'{OWN}. "Artificial intelligence" includes generative AI', OWN, 0.9) == "agree"


def test_the_oecd_definitions_before_and_since_2023_differ_in_part() -> None:
    from govatlas.analytics.definition_verdicts import oecd_revisions_apart

    before = (
        "a machine-based system that can, for a given set of human-defined objectives, make "
        "predictions, recommendations, or decisions influencing real or virtual environments"
    )
    since = (
        "a machine-based system that, for explicit or implicit objectives, infers, from the "
        "input it receives, how to generate outputs such as predictions, content, "
        "recommendations, or decisions that can influence physical or virtual environments"
    )
    assert oecd_revisions_apart(before, since) and oecd_revisions_apart(since.upper(), before)
    assert verdict(before, since, 0.9) == "differ"
    assert verdict(before, since, 0.9, amendments=False) == "agree"
    # the same revision on both sides, or a wording of neither: no difference by this rule
    assert not oecd_revisions_apart(since, since.replace("infers", "can infer"))
    assert not oecd_revisions_apart(before, OWN)
    assert verdict(since, since.replace("infers", "can infer"), 0.95) == "agree"


AAAIA = "given such term in section 7223 of the Advancing American AI Act (40 U.S.C. 11301 note)"
AAAIA_QUOTED = (
    'provided in Section 7223 of the Advancing American AI Act, which states that "[t]he '
    "term 'artificial intelligence system'- (A) means any data system, software, "
    "application, tool, or utility that operates in whole or in part using dynamic or "
    "static machine learning algorithms or other forms of artificial intelligence ...; and "
    "(B) does not include any common commercial product within which artificial "
    'intelligence is embedded, such as a word processor or map navigation system."'
)


def test_section_7223_is_a_known_source_and_its_quotation_amends_nothing() -> None:
    assert known_sources(AAAIA) == {"aaaia-7223"}
    assert known_sources(AAAIA_QUOTED) == {"aaaia-7223"}
    # the exclusion (B) is the statute's own words, quoted: the two say the same
    assert not one_side_amends(AAAIA, AAAIA_QUOTED)
    assert verdict(AAAIA, AAAIA_QUOTED, 0.6) == "agree"
    # an AI system by section 7223 is not "artificial intelligence" by section 238(g)
    assert verdict(AAAIA, NDAA, 0.9) == "differ"
    # words against the statute: the cosine with the statute's words decides
    words = "any data system, software, hardware, application, tool, or utility using AI"
    assert verdict(AAAIA, words, 0.5, restated=0.77) == "differ"
    assert verdict(AAAIA, words, 0.5) == "not comparable"


def test_a_quotation_is_not_an_amendment_but_a_pointer_own_exclusion_is() -> None:
    assert own_words(AAAIA_QUOTED).startswith("provided in Section 7223")
    assert "does not include" not in own_words(AAAIA_QUOTED)
    # a definition in words keeps every word
    own = "a system that does not include, which states nothing"
    assert own_words(own) == own


def test_every_set_of_statutes_says_what_each_says() -> None:
    from govatlas.analytics.definition_verdicts import (
        STATUTE_DEFINITIONS,
        statute_keys,
        statute_term,
        statute_words,
    )

    keys = statute_keys()
    assert len(keys) == 2 ** len(STATUTE_DEFINITIONS) - 1
    both = statute_words("naiia-5002+ndaa-2019-238g")
    assert both.startswith(STATUTE_DEFINITIONS["naiia-5002"])
    assert both.endswith(STATUTE_DEFINITIONS["ndaa-2019-238g"])
    assert statute_term("aaaia-7223") == "artificial intelligence system"
    assert statute_term("naiia-5002+ndaa-2019-238g") == "artificial intelligence"


def test_words_that_restate_a_statute_but_not_its_exclusion_differ() -> None:
    # section 7223 excludes common commercial products; words without that exclusion
    # restate only its first part
    words = (
        "any data system, software, application, tool, or utility that operates in whole or "
        "in part using dynamic or static machine learning algorithms"
    )
    assert verdict(AAAIA, words, 0.5, restated=0.95) == "differ"
    excluding = f"{words}, but does not include a word processor"
    assert verdict(AAAIA, excluding, 0.5, restated=0.95) == "agree"
    # and words with an exclusion of their own differ from a statute without one
    assert verdict(NAIIA, f"{OWN}; it does not include a spreadsheet", 0.5, restated=0.95) == (
        "differ"
    )
    assert verdict(NAIIA, OWN, 0.5, restated=0.95) == "agree"


COLORADO_STYLE = (
    "a decision that has a material legal or similarly significant effect on the provision "
    "or denial to any consumer of: (1) education enrollment or an education opportunity; "
    "(2) employment or an employment opportunity; (3) a financial or lending service; "
    "(4) health-care services; (5) housing; (6) insurance; or (7) a legal service"
)


def test_two_lists_whose_items_differ_differ_however_alike_their_words() -> None:
    from govatlas.analytics.definition_verdicts import list_items, lists_apart

    assert len(list_items(COLORADO_STYLE)) == 7
    assert list_items("a system that (1) learns") == []  # too short to be a list
    same_items = COLORADO_STYLE.replace("any consumer", "a consumer")
    assert not lists_apart(COLORADO_STYLE, same_items)
    assert verdict(COLORADO_STYLE, same_items, 0.99) == "agree"
    one_more = COLORADO_STYLE.replace(
        "(4) health-care services;",
        "(4) an essential government service; (5) health-care services;",
    )
    assert lists_apart(COLORADO_STYLE, one_more)
    assert verdict(COLORADO_STYLE, one_more, 0.99) == "differ"
    # a pointer's quotation of its source is not its list
    quoting = "provided in Section 9 of the Example Act, which states that " + COLORADO_STYLE
    assert not lists_apart(quoting, one_more)


@pytest.mark.parametrize(
    ("wording", "whole"),
    [
        ("content that would otherwise be produced by human means", True),
        ("a transfer by any electronic means", True),
        ("Artificial intelligence means", False),
        ("a model that means", False),
    ],
)
def test_a_wording_ending_in_means_as_a_noun_is_whole(wording: str, whole: bool) -> None:
    assert cut_off(wording) is not whole
