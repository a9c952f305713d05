"""Whether two definitions of a key term can be compared from their words, and the verdict.

People judged 143 pairs of definitions the store holds (``docs/guidelines/
definition-pairs.md``; ``benchmarks/definition_pairs.py``). Against them the earlier
three verdicts by MiniLM cosine (agree 0.85, partly 0.65) were right in 71 of 143:
people call almost every pair the cosine put below 0.65 "partly" the same (31 of 49;
"different" 6), so "differ" was people's verdict in 6 of 49. The cosine tells a pair
that shares its wording from one that does not, not a partial difference from a whole
one. So there are two verdicts, set on the dev half of those pairs (the test half
measures them):

- ``agree``: cosine at least ``AGREE``;
- ``differ``: below it, the definitions differ **in part or in whole** (people: partly
  or different).

and no verdict, ``not comparable``, where the words compared cannot say: a definition
cut off where a list begins ("a decision that has a:"), or one that only points to
another text ("has the meaning given in section 238(g) of the John S. McCain National
Defense Authorization Act ...") unless both point to the same provision, or both to
statutes of ``KNOWN_SOURCES``: the statutes cited decide (the same: agree; different,
or one adding the other's systems: differ). People could not judge 16 of the 143 pairs
from the texts shown, nearly all of these forms. A definition in words set against one
pointing to a single statute of ``KNOWN_SOURCES`` is compared with what the statute says
(``STATUTE_DEFINITIONS``; a pointer to two of them by what both say, ``statute_words``):
agree where the words restate it (``RESTATES``) and share its exclusions, differ
otherwise; people judged 22 of the 23 such pairs of rounds 1, 3 and 6 partly the same
and one different, where the rule had said "not comparable". Two wordings that would
agree differ where only one of them takes something out of its definition ("does not
include ...") or adds to it at length ("; and (B) includes— (i) ..."): people judged all
5 such pairs of the development rounds (1 dev, 3 and 6) partly the same
(``one_side_amends``). So do a wording that follows the OECD's definition before its 2023
revision ("human-defined objectives") and one that follows the revised definition
("explicit or implicit objectives"): all 4 such pairs of the development rounds
(``oecd_revisions_apart``).
"""

from __future__ import annotations

import itertools
import re

from govatlas.i18n import N_

# Set at 0.85 on round 1's dev half; raised to 0.87 on the development rounds (1 dev, 3, 6,
# 9) once the other rules stood: agree 81 of 88 to 81 of 85, differ 97 of 99 to 100 of
# 102 (0.89 would lose 5 pairs people call the same); measured on round 12
AGREE = 0.87
# A definition in words restates a statute of ``KNOWN_SOURCES`` when its MiniLM cosine with
# the statute's words reaches this: texts that quote section 5002 score 0.89 to 0.91 in
# the store, the OECD's 2024 wording ("infers, from the input it receives ...") 0.86 and
# other near kin 0.88 at most (set on the store's 86 "AI" definitions in words, before
# round 7 was drawn; people call none of those kin the same on rounds 1, 3 and 6)
RESTATES = 0.89
AGREE_VERDICT = N_("agree")
DIFFER_VERDICT = N_("differ")
NOT_COMPARABLE = N_("not comparable")
VERDICTS = (AGREE_VERDICT, DIFFER_VERDICT, NOT_COMPARABLE)

# "given such term in section 5002 of ...", "provided in Section 3(c) of Executive Order
# 14110", "a provider as defined in Article 3(2) of the AI Act"
BY_REFERENCE = re.compile(
    r"^(?:(?:given|provided|assigned|set (?:forth|out)|specified|defined)\b"
    r"|(?:such|the|that) term\b"
    # "a provider as defined in Article 3(2)": the term itself, then where it is defined
    r"|(?:an?|the)\s+[\w-]+(?:\s+[\w-]+)?\s+as defined (?:in|under|by)\b)",
    re.IGNORECASE,
)
# a wording that stops where its list or its next words should begin
CUT_OFF = re.compile(
    r"(?:[:—–-]|\b(?:a|an|the|of|to|that|which|who|whose|and|or|in|by|for|with|has|have|"
    r"is|are|any|following|means|includes?|including))\s*$",
    re.IGNORECASE,
)
# an item of an enumerated list: "(1)", "(A)", "(iv)", "a.", "3."
LIST_ITEM = re.compile(r"(?:^|[\s;:,—–])(?:\((?:\d{1,2}|[A-Za-z]{1,4})\)|(?:\d{1,2}|[a-z])\.)\s")
MIN_LIST_ITEMS = 3
# two items are the same item when they share this share of their content words
ITEM_MATCH = 0.5
_LIST_FILLER = frozenset(
    ("or", "and", "a", "an", "the", "of", "to", "any", "for", "in", "including")
)
MEANS_AS_NOUN = re.compile(r"\bby(?:\s+[\w-]+){0,2}\s+means\s*$", re.IGNORECASE)
CITED = re.compile(
    r"\b(?:section|sec\.|article|art\.|§)\s*(\d+[a-z]?(?:\s*\(\s*\w{1,4}\s*\))*)",
    re.IGNORECASE,
)
# The statutes US texts cite most for "artificial intelligence", each however it is cited,
# and different definitions of it (docs/guidelines/definition-pairs.md, rule 5): two
# definitions pointing to the same one(s) agree; to different ones, they differ (in part:
# people judge 238(g) against 5002 partly the same)
KNOWN_SOURCES = (
    # National Artificial Intelligence Initiative Act of 2020, section 5002(3), codified at
    # 15 U.S.C. 9401(3) (division E of the FY2021 NDAA)
    ("naiia-5002", re.compile(r"\bsection 5002\b|\b15 U\.?S\.?C\.? (?:§\s*)?9401\b", re.I)),
    # John S. McCain NDAA for Fiscal Year 2019, section 238(g) (10 U.S.C. 2358 note, now
    # note prec. 4061)
    (
        "ndaa-2019-238g",
        re.compile(
            r"\bsection 238\s*\(g\)|\b238\s*\(g\) of the John S|\b10 U\.?S\.?C\.? 2358 note"
            r"|\bnote prec\.? 4061\b|\b4061 note\b",
            re.I,
        ),
    ),
    # Advancing American AI Act (subtitle B of title LXXII of division G of the FY2023
    # NDAA, Public Law 117-263; 40 U.S.C. 11301 note), section 7223(4): what it says of an
    # "artificial intelligence system" (of "artificial intelligence" it gives 238(g)'s
    # meaning; every pointer to it in the store defines an AI system, and OMB memoranda
    # M-24-18 and M-25-21 quote these words)
    (
        "aaaia-7223",
        re.compile(
            r"\bsection 7223 of the Advancing American (?:AI|Artificial Intelligence) Act\b",
            re.I,
        ),
    ),
)
# What each of ``KNOWN_SOURCES`` says (US federal law, in the public domain; the
# guideline's rule 5 describes each): a definition in words is compared with the statute a
# definition by reference cites (``restated``).
STATUTE_DEFINITIONS = {
    "naiia-5002": (
        "a machine-based system that can, for a given set of human-defined objectives, make "
        "predictions, recommendations or decisions influencing real or virtual environments. "
        "Artificial intelligence systems use machine and human-based inputs to perceive real "
        "and virtual environments; abstract such perceptions into models through analysis in "
        "an automated manner; and use model inference to formulate options for information "
        "or action."
    ),
    "ndaa-2019-238g": (
        "includes the following: (1) Any artificial system that performs tasks under varying "
        "and unpredictable circumstances without significant human oversight, or that can "
        "learn from experience and improve performance when exposed to data sets. (2) An "
        "artificial system developed in computer software, physical hardware, or other "
        "context that solves tasks requiring human-like perception, cognition, planning, "
        "learning, communication, or physical action. (3) An artificial system designed to "
        "think or act like a human, including cognitive architectures and neural networks. "
        "(4) A set of techniques, including machine learning, that is designed to "
        "approximate a cognitive task. (5) An artificial system designed to act rationally, "
        "including an intelligent software agent or embodied robot that achieves goals "
        "using perception, planning, reasoning, learning, communicating, decision making, "
        "and acting."
    ),
    "aaaia-7223": (
        "(A) means any data system, software, application, tool, or utility that operates in "
        "whole or in part using dynamic or static machine learning algorithms or other forms "
        "of artificial intelligence, whether (i) the data system, software, application, "
        "tool, or utility is established primarily for the purpose of researching, "
        "developing, or implementing artificial intelligence technology; or (ii) artificial "
        "intelligence capability is integrated into another system or agency business "
        "process, operational activity, or technology system; and (B) does not include any "
        "common commercial product within which artificial intelligence is embedded, such "
        "as a word processor or map navigation system."
    ),
}
# The term each of ``STATUTE_DEFINITIONS`` defines, where it is not "artificial intelligence"
STATUTE_TERMS = {"aaaia-7223": "artificial intelligence system"}
_WORDS = re.compile(r"[a-z0-9]+")
# What one side takes out of its definition ('"Artificial intelligence system" does not
# include any ... used for research', '(B) does not include an entity that is solely a
# deployer'), or adds to it at length ('... section 238(g) ...; and (B) includes— (i) an
# artificial or automated system— (I) that performs tasks ...'). A short list of examples
# ('includes generative artificial intelligence', 'includes machine learning, neural
# networks, and natural language processing') adds nothing people count as a difference.
EXCLUSION = re.compile(r"\b(?:does|do|shall)\s+not\s+(?:include|mean)\b|\bexcludes\b", re.I)
INCLUSION = re.compile(r"\bincludes\b", re.IGNORECASE)
# where a pointer starts quoting the text it points to
QUOTES_ITS_SOURCE = re.compile(r",?\s*\bwhich (?:states|provides|reads)\b", re.IGNORECASE)
LONG_ADDITION = 25  # words after "includes"
# The OECD's definition of an AI system before its 2023 revision ("for a given set of
# human-defined objectives, make predictions ...", also section 5002's first sentence) and
# after it ("for explicit or implicit objectives, infers, from the input it receives, how
# to generate outputs ...", the EU AI Act's and most later texts'): the revision widened
# whose objectives count and added content and inference, so people judge a text of one
# against a text of the other partly the same (all 4 such pairs of the development rounds)
OBJECTIVES_BEFORE_2023 = re.compile(r"\bhuman-defined objectives\b", re.IGNORECASE)
OBJECTIVES_SINCE_2023 = re.compile(r"\bexplicit (?:or|and) implicit objectives?\b", re.IGNORECASE)
_NOT_NAME = frozenset(
    (
        *("of", "the", "a", "an", "in", "to", "and", "or", "for", "such", "term", "given"),
        *("that", "under", "by", "as", "defined", "provided", "section", "sec", "article"),
        *("art", "u", "s", "c"),
    )
)


def by_reference(wording: str) -> bool:
    return bool(BY_REFERENCE.match(wording.strip()))


def cut_off(wording: str) -> bool:
    """Whether a wording stops where its list or its next words should begin; a wording
    that ends with "means" as a noun ("content ... produced by human means", "by any
    means") is whole."""
    stripped = wording.strip()
    return bool(CUT_OFF.search(stripped)) and not MEANS_AS_NOUN.search(stripped)


def citation(wording: str) -> tuple[str, frozenset[str]] | None:
    """The provision a definition by reference points to: its number and the words of the
    text named after it ("5002", {"national", "artificial", "intelligence", ...})."""
    match = CITED.search(wording)
    if match is None:
        return None
    number = re.sub(r"\s+", "", match.group(1).lower())
    named = wording[match.end() :].split("(", 1)[0].lower()
    return number, frozenset(w for w in _WORDS.findall(named) if w not in _NOT_NAME)


def same_citation(a: str, b: str) -> bool:
    """Both point to the same provision: the same number in texts named alike (half or
    more of the naming words shared)."""
    first, second = citation(a), citation(b)
    if first is None or second is None or first[0] != second[0]:
        return False
    names = first[1] | second[1]
    return not names or len(first[1] & second[1]) / len(names) >= 0.5


def known_sources(wording: str) -> frozenset[str]:
    """The statutes of ``KNOWN_SOURCES`` a definition by reference points to, however
    cited: one, or two where it gives one's meaning and adds the other's ("has the meaning
    given in section 5002 ..., and includes the systems described in section 238(g)")."""
    return frozenset(source for source, cited in KNOWN_SOURCES if cited.search(wording))


def _both_cite_known(a: str, b: str) -> bool:
    """Both point to statutes of ``KNOWN_SOURCES``: the statutes decide, even where the
    wording stops at the list it quotes from one ("... section 238(g) ..., which states
    that the term includes the following:")."""
    return by_reference(a) and by_reference(b) and bool(known_sources(a) and known_sources(b))


def cited_statute(wording: str) -> str | None:
    """The statutes of ``KNOWN_SOURCES`` a definition by reference points to, as one key:
    the statute's, or where it points to two (it gives one's meaning and adds the
    other's) their keys joined by "+" ("naiia-5002+ndaa-2019-238g"); ``statute_words``
    says what they say together."""
    if not by_reference(wording):
        return None
    sources = known_sources(wording)
    return "+".join(sorted(sources)) if sources else None


def statute_keys() -> list[str]:
    """Every key ``cited_statute`` can give: each statute, and each set of them."""
    names = sorted(STATUTE_DEFINITIONS)
    return [
        "+".join(chosen)
        for size in range(1, len(names) + 1)
        for chosen in itertools.combinations(names, size)
    ]


def statute_words(key: str) -> str:
    """What the statutes of a ``cited_statute`` key say, one after the other."""
    return " ".join(STATUTE_DEFINITIONS[name] for name in key.split("+"))


def statute_term(key: str) -> str:
    """The term the statutes of a key define ("artificial intelligence" unless one
    statute alone defines another, ``STATUTE_TERMS``)."""
    return STATUTE_TERMS.get(key, "artificial intelligence")


def statute_against_words(a: str, b: str) -> tuple[str, str] | None:
    """(the statutes one side cites, as a ``cited_statute`` key, and the other side's
    wording) when one side points to statutes of ``KNOWN_SOURCES`` and the other defines
    in words of its own."""
    for cites, words in ((a, b), (b, a)):
        statute = cited_statute(cites)
        if statute is not None and not by_reference(words) and not cut_off(words):
            return statute, words
    return None


def _excludes(wording: str) -> bool:
    return EXCLUSION.search(wording) is not None


def _adds_at_length(wording: str) -> bool:
    found = INCLUSION.search(wording)
    return found is not None and len(_WORDS.findall(wording[found.end() :].lower())) >= (
        LONG_ADDITION
    )


def list_items(wording: str) -> list[frozenset[str]]:
    """The content words of each item of the list a wording enumerates ("(1) education
    enrollment ...; (2) employment ..."), in order; none where it holds fewer than
    ``MIN_LIST_ITEMS`` items."""
    pieces = LIST_ITEM.split(wording)[1:]
    items = [
        frozenset(w for w in _WORDS.findall(piece.lower()) if w not in _LIST_FILLER)
        for piece in pieces
    ]
    items = [item for item in items if item]
    return items if len(items) >= MIN_LIST_ITEMS else []


def lists_apart(a: str, b: str) -> bool:
    """Both wordings enumerate a list, and an item of one has no counterpart in the other
    (no item sharing ``ITEM_MATCH`` of its content words): the definitions then cover
    different cases ("... (4) an essential government service ..." on one side only)."""
    first, second = list_items(own_words(a)), list_items(own_words(b))
    if not first or not second:
        return False

    def matched(item: frozenset[str], others: list[frozenset[str]]) -> bool:
        return any(len(item & other) / len(item | other) >= ITEM_MATCH for other in others)

    return not all(matched(i, second) for i in first) or not all(matched(i, first) for i in second)


def oecd_revisions_apart(a: str, b: str) -> bool:
    """One wording follows the OECD's definition before its 2023 revision and the other
    the revised one (``OBJECTIVES_BEFORE_2023``, ``OBJECTIVES_SINCE_2023``)."""

    def era(wording: str) -> str | None:
        before = OBJECTIVES_BEFORE_2023.search(wording) is not None
        since = OBJECTIVES_SINCE_2023.search(wording) is not None
        return None if before == since else ("before" if before else "since")

    eras = {era(a), era(b)}
    return eras == {"before", "since"}


def own_words(wording: str) -> str:
    """A wording without the source it quotes: a pointer that quotes the text it points to
    ("has the definition provided in Section 7223 of the Advancing American AI Act, which
    states that '... (B) does not include ...'") takes nothing out of that text and adds
    nothing to it by quoting it."""
    if not by_reference(wording):
        return wording
    return QUOTES_ITS_SOURCE.split(wording, maxsplit=1)[0]


def one_side_amends(a: str, b: str) -> bool:
    """Only one of the two wordings takes something out of its definition, or only one
    adds to it at length (``EXCLUSION``, ``INCLUSION``), the words a pointer quotes from
    its source aside (``own_words``): the definitions then differ at least in part,
    however alike the rest."""
    a, b = own_words(a), own_words(b)
    return _excludes(a) != _excludes(b) or _adds_at_length(a) != _adds_at_length(b)


def comparable(a: str, b: str) -> bool:
    """Whether the two wordings say enough to be compared."""
    if _both_cite_known(a, b) or statute_against_words(a, b) is not None:
        return True
    if cut_off(a) or cut_off(b):
        return False
    if by_reference(a) or by_reference(b):
        return by_reference(a) and by_reference(b) and same_citation(a, b)
    return True


def verdict(
    a: str,
    b: str,
    similarity: float,
    agree: float = AGREE,
    restated: float | None = None,
    amendments: bool = True,
) -> str:
    """The verdict on two wordings whose MiniLM cosine is ``similarity``. Where one side
    cites a statute of ``KNOWN_SOURCES`` and the other defines in its own words,
    ``restated`` is the cosine of those words with the statute's (``STATUTE_DEFINITIONS``):
    they agree when the words restate it (``RESTATES``), and differ otherwise; without it
    the pair is not comparable. Otherwise two wordings that would agree differ where only
    one takes something out of its definition or adds to it at length
    (``one_side_amends``), or where they follow the OECD's definition before and since its
    2023 revision (``oecd_revisions_apart``); ``amendments=False`` gives the verdict
    without those two rules (for the gold rounds that measured them)."""
    amended = amendments and (
        one_side_amends(a, b) or oecd_revisions_apart(a, b) or lists_apart(a, b)
    )
    cited = statute_against_words(a, b)
    if cited is not None:
        if restated is None:
            return NOT_COMPARABLE
        # words that restate a statute but leave out its exclusion, or add one of their
        # own, differ in part (section 7223's "does not include any common commercial
        # product ...")
        excluded_apart = amendments and _excludes(statute_words(cited[0])) != _excludes(cited[1])
        return AGREE_VERDICT if restated >= RESTATES and not excluded_apart else DIFFER_VERDICT
    if not comparable(a, b):
        return NOT_COMPARABLE
    if _both_cite_known(a, b):
        # the statutes cited decide, not the words citing them (KNOWN_SOURCES)
        same = known_sources(a) == known_sources(b)
        return AGREE_VERDICT if same and not amended else DIFFER_VERDICT
    return AGREE_VERDICT if similarity >= agree and not amended else DIFFER_VERDICT
