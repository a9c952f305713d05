"""Definition divergence: the same term as different instruments define it.

Definitions are found in the text of each instrument's reading version by their
form - a quoted term followed by "means", "refers to", "shall mean" or "is
defined as" (the drafting convention of the EU, the US, the UK and most
English-language law), an unquoted term opening a numbered line, or, in a list of
definitions, "I - artificial intelligence system: computational system, ..." (Brazil's
form) - and terms are normalised: case-folded, "artificial intelligence" = "AI", so
"DEPLOYER" is "deployer" and Brazil's "artificial intelligence system" is the EU's
"AI system". A definition is read to its end: its list, the next items of its list
after a semicolon ("; and (B) includes ..."), the lines of a text set in capitals, and
a sentence that adds to it or takes from it ('"Algorithmic discrimination" does not
include ...'), never into the next definition or past its provision. Terms that
different laws use for the same role ("AI model" and "AI system", "foundation model"
and "general-purpose AI model", "critical safety incident" and "serious incident":
``TERM_KINDS``) are compared as one concept, the
same grouping the divergence rows use (``analytics.parameters``), so every definition
row those rows send to "the definitions table" is in it. For each concept defined by
two or more instruments, every pair of definitions is compared: cosine similarity of
their MiniLM embeddings, the verdict it gives (``analytics.definition_verdicts``: agree,
differ in part or in whole, or not comparable) and the content words only one side
uses, so a reader sees *how* they differ.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from govatlas.analytics.definition_pointers import RESOLVE_POINTERS, resolve_pointers
from govatlas.analytics.definition_verdicts import (
    AGREE,
    statute_against_words,
    statute_keys,
    statute_term,
    statute_words,
    verdict,
)
from govatlas.classify.encoders.embeddings import Embedder, get_embedder
from govatlas.i18n import N_, gettext
from govatlas.store.instruments import get_instrument, reading_version
from govatlas.store.models import Provision
from govatlas.text_similarity import readable_terms

# A full stop ends a definition, except the one of an initial or a citation's abbreviation:
# "section 238(g) of the John S. McCain National Defense Authorization Act ... (10 U.S.C.
# note prec. 4061)", "Pub. L. 115-232", "No. 5"; cut there, two texts that cite
# different statutes read alike ("given the term in section 238(g) of the John S")
SENTENCE_END = (
    r"(?<!\b(?-i:[A-Z]))(?<!\bNo)(?<!\bSec)(?<!\bPub)(?<!\bStat)(?<!\bSubsec)(?<!\bprec)"
    r"\.[”\"’']?(?:\s|$)"
)
# A line break that ends a definition's first reading: not one whose next line goes on in
# lower case, nor one after a space, where the printed bills of the US Congress (GPO's
# plain text) wrap their lines ("... section 5002 of the National Artificial Intelligence
# \nInitiative Act of 2020 (15 U.S.C. 9401) and includes ..."; a paragraph there ends
# without one), nor one after a section sign, whose number is on the next line ("... the
# meaning set forth in 15 U.S.C. §\n9401(3): a machine-based system ...")
LINE_BREAK = r"(?<! )(?<!§)\n(?![ \t]*(?-i:[a-z]))"
DEFINITION = re.compile(
    # "'AI system' means", "“Artificial intelligence” (AI) means", "“System” or “Systems”
    # shall mean", "“Deployer” means, with respect to a System, ..."
    # (of two names, the one nearest "means", as before names were read in pairs)
    r"(?:[‘'\"“][^’'\"”\n]{2,80}[’'\"”]\s+or\s+)?"
    # US Code quotes: ``artificial intelligence chatbot''
    r"(?:[‘'\"“]|``?)([^‘“’'\"”`\n]{2,80})(?:[’'\"”]|'')\s*(?:\([^()\n]{1,40}\)\s*)?(?:,\s*)?"
    # "The term ‘artificial intelligence’—\n“(A) has the meaning given ..."
    r"(?:(?:--|[—–])\s*[“\"‘'`]*\s*(?:\(\w{1,3}\)\s*)?)?"
    r"(?:means|refers to|shall mean|is defined as"
    r"|ha(?:s|ve) the (?:same )?(?:meaning|definition)),?\s+"
    # a line break ends the wording unless the next line goes on in lower case (texts
    # laid out from PDFs: "a person that has trained at least one\nfrontier model") or the
    # line ends in a space (``LINE_BREAK``)
    r"(.{10,1200}?)(?:;|" + SENTENCE_END + r"|" + LINE_BREAK + r"|$)",
    re.IGNORECASE | re.DOTALL,
)
# Unquoted, at the start of a (numbered) line: "(1) Generative AI technology refers to ..."
LISTED_DEFINITION = re.compile(
    r"^[ \t]*(?:\(?\w{1,4}[).][ \t]+)?([A-Z][A-Za-z\- ]{1,60}?)[ \t]+"
    # "AI model means an ..." or "Dual-use foundation model means:" and a list
    # "Artificial intelligence or AI has the meaning set forth in 15 U.S.C. 9401(3)."
    r"(?:means|refers? to|shall mean|ha(?:s|ve) the (?:same )?(?:meaning|definition))"
    r"(?:\s+|(?=:[ \t]*$))(:(?=[ \t]*$)|.{10,1200}?)"
    r"(?:;|" + SENTENCE_END + r"|\n|$)",
    re.MULTILINE,
)
# "I - artificial intelligence system: computational system, ..." in a list of definitions
COLON_DEFINITION = re.compile(
    r"^[ \t]*(?:[IVXLC]{1,6}|\d{1,3}|[a-z])[ \t]*[-–—.)][ \t]+([a-z][a-z\- ]{2,60}):[ \t]+"
    r"(.{10,1200}?)(?:;|" + SENTENCE_END + r"|\n)",
    re.MULTILINE,
)
# a definition that opens a list: "means any of the following:", "a model that—"
LIST_LEAD_IN = re.compile(r"(?:[:—–]|--)\s*$")
# where such a list ends before the next definition: a full stop (and the quotation it
# closes), then a blank line and a glossary's next entry ("... map navigation system.”" /
# "" / "Acquisition: The term ...", OMB memoranda), or the next item's heading in capitals
# ("... technology system. “(E) FEDERAL ARTIFICIAL INTELLIGENCE SYSTEM.—The term ...",
# the US Code's form)
LIST_END = re.compile(
    r"\.[”\"’']?(?:[ \t]*\n\s*\n[ \t]*(?-i:[A-Z])[\w ()/-]{0,60}:[ \t]"
    r"|\s+[“\"‘'`]*\(\w{1,4}\)\s*(?-i:[A-Z][A-Z ,'’-]+)\.\s*(?:—|--|–))"
)
# the label of the next definition's item, read where a definition runs up to the next
# one ("... pursuant to federal law; B.", "... options for information or action. (2)")
NEXT_LABEL = re.compile(
    r"(?<=[.;:,\n])\s*(?:\((?:[a-z]{1,4}|[A-Z]{1,4}|\d{1,3})\)|(?:[a-z]{1,4}|[A-Z]{1,4}|\d{1,3})"
    r"[.)])\s*$"
)
LIST_CHARS = 1500
# Where a definition's first reading stops, and when it goes on (``_wording``):
# - past a semicolon that opens the next item of its own list ("(A) has the meaning given
#   in section 5002 ...; and (B) includes ...", "(i) parole ...; (ii) education ..."), or
#   one inside parentheses ("(10 U.S.C. note prec. 4061; Public Law 115-232)");
# - past a line break in a text set in capitals, whose next line is in capitals too
#   ("A DECISION OR JUDGMENT THAT HAS A" / "MATERIAL, LEGAL OR ..."): a blank line ends it;
# - by a sentence of its own that adds to it or takes from it ('"Algorithmic
#   discrimination" does not include: ...', 'The term "AI" includes ...').
STOP = re.compile(r";|" + SENTENCE_END + r"|" + LINE_BREAK, re.IGNORECASE)
CAPITALS_STOP = re.compile(r";|" + SENTENCE_END + r"|\n(?=[ \t]*\n)", re.IGNORECASE)
NEXT_ITEM = re.compile(r"\s*(?:(?i:and|or))?\s*[“\"‘'`]*\((?:[a-z]{1,4}|[A-Z]{1,4}|\d{1,3})\)\s")
# the next item of a list run on within its sentence: "an AI model that is trained on broad
# data; generally uses self-supervision; contains at least tens of billions of parameters;
# ... and that exhibits ..." (Executive Order 14110's "dual-use foundation model")
NEXT_CLAUSE = re.compile(r"[ \t]+(?!(?:and|or)[ \t]*(?:\n|$))(?:(?:and|or)[ \t]+)?(?-i:[a-z])")
NEXT_LINE_IN_CAPITALS = re.compile(r"\n[ \t]*[^a-z\s][^a-z\n]*(?:\n|$)")
INCLUSION = r"\s*(?:(?:and\s+)?(?:does|do|shall)\s+not\s+include|includes|excludes)\b"
DEFINITIONS_HEAD = re.compile(r"\bdefinitions?\b", re.IGNORECASE)
# Normalised term (``normalise_term``) -> the concept it names. A term maps to a concept
# only when the instruments use it for the same role; the term as written is kept.
TERM_KINDS = {
    "ai system": "ai-system",
    "ai model": "ai-system",
    "ai": "ai-system",  # "artificial intelligence" defined as the systems governed
    "general-purpose ai model": "general-purpose-model",
    "general purpose ai model": "general-purpose-model",
    "foundation model": "general-purpose-model",
    "foundational ai model": "general-purpose-model",
    "advanced ai system": "frontier-model",
    "general purpose ai": "general-purpose-model",
    "general-purpose ai": "general-purpose-model",
    "dual-use foundation model": "general-purpose-model",
    "frontier model": "frontier-model",
    "frontier ai model": "frontier-model",
    "frontier ai": "frontier-model",
    "general-purpose ai model with systemic risk": "frontier-model",
    "systemic risk": "severe-risk",
    "catastrophic risk": "severe-risk",
    "critical harm": "severe-risk",
    "critical risk": "severe-risk",
    "high-risk ai system": "high-risk-ai-system",
    "generative ai": "generative-ai",
    "generative ai system": "generative-ai",
    "generative ai model": "generative-ai",
    "serious incident": "incident",
    "incident": "incident",
    "critical safety incident": "incident",
    "ai incident": "incident",
    "safety incident": "incident",
    "ai safety incident": "incident",
    "substantial modification": "substantial-modification",
    "significant modification": "substantial-modification",
    "substantially modify": "substantial-modification",
    "intentional and substantial modification": "substantial-modification",
    "consequential decision": "consequential-decision",
    "algorithmic discrimination": "algorithmic-discrimination",
    "provider": "developer",
    "developer": "developer",
    "frontier developer": "developer",
    "frontier ai model developer": "developer",
    "generative ai service providers": "developer",
    "ai system provider": "developer",
    "ai developers": "developer",
    "ai developer": "developer",
    "ai providers": "developer",
    "ai provider": "developer",
    "large developer": "large-developer",
    "large frontier developer": "large-developer",
    "deployer": "deployer",
    "ai deployer": "deployer",
    "ai system operator": "deployer",
}
# Every concept the divergence rows name (one term each): a definition row set by both
# sides says it is "compared by meaning in the definitions table", so that table, by
# default, compares every one of them.
KEY_TERMS = tuple(
    next(term for term, named in TERM_KINDS.items() if named == concept)
    for concept in dict.fromkeys(TERM_KINDS.values())
)
# how a verdict is read from the definitions' words (``analytics.definition_verdicts``),
# as reports state it
VERDICT_RULE_MESSAGE = N_(
    "MiniLM cosine of the definitions: %(agree)s or more agree, below it they differ in "
    "part or in whole; they differ too where only one takes something out or adds to it at "
    "length, where the items of their lists differ, or where one follows the OECD's "
    "definition before its 2023 revision and the other the revised one; a definition that "
    "only points to a text the atlas holds is read as that text's, and one that points to "
    "US statutes whose words are known (sections 5002 and 238(g), section 7223 of the "
    "Advancing American AI Act) by those words; not comparable where a definition is cut "
    "off or only points to another text"
)
# the rule in English; ``verdict_rule()`` gives it in the language being rendered
VERDICT_RULE = VERDICT_RULE_MESSAGE % {"agree": AGREE}


def verdict_rule() -> str:
    """``VERDICT_RULE`` in the language of the page or report being rendered."""
    return gettext(VERDICT_RULE_MESSAGE, agree=AGREE)


@dataclass(frozen=True)
class Definition:
    term: str
    instrument: str
    wording: str
    provision_id: int | None
    provision_path: str | None
    # a definition that only pointed to another stored text is read as that text's
    # (``definition_pointers``): the instrument pointed to, and the words that pointed
    points_to: str | None = None
    pointer: str | None = None


@dataclass(frozen=True)
class DefinitionPair:
    term: str
    a: Definition
    b: Definition
    similarity: float
    verdict: str
    only_a: tuple[str, ...]
    only_b: tuple[str, ...]
    # where one side cites a known statute and the other defines in words: the cosine of
    # those words with the statute's (``definition_verdicts.STATUTE_DEFINITIONS``)
    restated: float | None = None


def normalise_term(term: str) -> str:
    text = term.lower().strip()
    text = re.sub(r"\bartificial intelligence\b", "ai", text)
    text = re.sub(r"^(the|an|a)\s+", "", text)
    return " ".join(text.replace("‐", "-").split())


def concept_of(term: str) -> str:
    """The concept a term names: its ``TERM_KINDS`` entry, else the normalised term."""
    normalised = normalise_term(term)
    return TERM_KINDS.get(normalised, normalised)


def concept_term(term: str) -> str:
    """How a concept is named in tables: the first term in ``TERM_KINDS`` that names it
    ("ai system" for "ai model"), else the normalised term."""
    concept = concept_of(term)
    return next((t for t, k in TERM_KINDS.items() if k == concept), normalise_term(term))


def _provision_at(provisions: Sequence[Provision], offset: int) -> Provision | None:
    """The innermost provision whose span holds ``offset``."""
    best = None
    for p in provisions:
        if p.start_offset <= offset < p.end_offset and (
            best is None or p.end_offset - p.start_offset < best.end_offset - best.start_offset
        ):
            best = p
    return best


def _in_definitions(
    by_id: dict[int, Provision], provision: Provision | None, text: str, offset: int
) -> bool:
    """Whether ``offset`` sits in a provision (or one inside a provision) that announces
    definitions: "the following definitions are adopted:". A colon after a term is read
    as a definition only there; elsewhere it opens a list of anything."""
    node = provision
    while node is not None:
        opening = text[node.start_offset : min(offset, node.start_offset + 400)]
        if DEFINITIONS_HEAD.search(f"{node.heading or ''} {opening}"):
            return True
        node = by_id.get(node.parent_id) if node.parent_id is not None else None
    return False


def extract_definitions(
    session: Session, instrument_id: str, resolve: bool = RESOLVE_POINTERS
) -> list[Definition]:
    """Every definition in the instrument's reading version, first one per term; with
    ``resolve``, one that only points to another stored text defining the term is read
    as that text's (``definition_pointers``)."""
    own = own_definitions(session, instrument_id)
    return resolve_pointers(session, own, own_definitions) if resolve else own


def own_definitions(session: Session, instrument_id: str) -> list[Definition]:
    """Every definition in the instrument's reading version, first one per term, in its
    own words (a pointer as it is written)."""
    get_instrument(session, instrument_id)
    version = reading_version(session, instrument_id)
    if version is None:
        return []
    provisions = list(version.provisions)
    by_id = {p.id: p for p in provisions}
    found: dict[str, Definition] = {}
    listed = [
        m
        for m in COLON_DEFINITION.finditer(version.text)
        if _in_definitions(by_id, _provision_at(provisions, m.start()), version.text, m.start())
    ]
    matches = [
        *DEFINITION.finditer(version.text),
        *LISTED_DEFINITION.finditer(version.text),
        *listed,
    ]
    ordered = sorted(matches, key=lambda m: m.start())
    for index, match in enumerate(ordered):
        term = normalise_term(match.group(1))
        if term in found or not re.search(r"[a-z]", term) or len(term.split()) > 6:
            continue
        where = _provision_at(provisions, match.start())
        following = next(
            (m.start() for m in ordered[index + 1 :] if m.start() > match.end(2)), None
        )
        found[term] = Definition(
            term,
            instrument_id,
            _wording(version.text, match, where, following),
            where.id if where else None,
            where.path if where else None,
        )
    return list(found.values())


def _wording(
    text: str, match: re.Match[str], where: Provision | None, following: int | None
) -> str:
    """A definition's words, on one line, read to its end (``STOP`` says where the
    first reading may go on). One that opens a list ("means any of the following:", "a
    model that—") takes the list too. Neither goes past the end of the provision that
    holds it, the next definition or ``LIST_CHARS`` after the first reading."""
    text_end = min(len(text), where.end_offset if where is not None else len(text))
    ends = [match.end(2) + LIST_CHARS, text_end]
    ends += [following] if following is not None else []
    limit = min(ends)
    end = match.end(2)
    if not LIST_LEAD_IN.search(match.group(2)):
        end = _read_on(text, match, end, limit, text_end)
    wording = text[match.start(2) : end]
    if LIST_LEAD_IN.search(wording) and not text[end:text_end].strip():
        # the list opens at the end of its provision: its items are the provisions that
        # follow ("... whether—" / "“(i) the data system ..." / "“(ii) ...")
        limit = min([match.end(2) + LIST_CHARS, len(text)] + ([following] if following else []))
    if LIST_LEAD_IN.search(wording):
        last = LIST_END.search(text, end, limit)
        list_end = last.start() + 1 if last is not None else limit
        wording, end = f"{wording} {text[end:list_end]}", list_end
    if following is not None and end >= following:
        wording = NEXT_LABEL.sub("", wording)
    # "Dual-use foundation model means:" then its list: the words start at the list
    return " ".join(wording.split()).lstrip(":— ")


def _read_on(text: str, match: re.Match[str], end: int, limit: int, text_end: int) -> int:
    """Where a definition whose first reading stops at ``end`` really ends: it goes on
    only to a stop of its own (or the end of its provision, ``text_end``), never into the
    next definition (``limit``)."""
    capitals = not re.search(r"[a-z]", text[match.start(2) : end])
    restates = re.compile(
        r"\s*(?:the\s+term\s+)?[‘'\"“`]*"
        + re.escape(match.group(1).strip())
        + r"[’'\"”]*"
        + INCLUSION,
        re.IGNORECASE,
    )
    while end < limit:
        item = (
            NEXT_ITEM.match(text, end + 1, limit) or NEXT_CLAUSE.match(text, end + 1, limit)
            if text[end] == ";"
            else None
        )
        line = NEXT_LINE_IN_CAPITALS.match(text, end, limit) if capitals else None
        restated = restates.match(text, end + 1, limit) if text[end] == "." else None
        goes_on = item or line or restated
        read = text[match.start(2) : end]
        if goes_on is None and not (text[end] == ";" and read.count("(") > read.count(")")):
            break
        resume = goes_on.end() if goes_on is not None and goes_on is not line else end + 1
        stop = (CAPITALS_STOP if capitals else STOP).search(text, resume, limit)
        if stop is None and (limit < text_end or not re.search(r"\w", text[end + 1 : limit])):
            break
        end = stop.start() if stop is not None else limit
    return end


def compare_definitions(
    definitions: Sequence[Definition],
    only_terms: Sequence[str] | None = None,
    embedder: Embedder | None = None,
) -> list[DefinitionPair]:
    """Pairwise comparison of each concept defined by two or more instruments, named by
    ``concept_term`` (each side's ``Definition.term`` keeps its own term)."""
    by_term: dict[str, list[Definition]] = defaultdict(list)
    wanted = {concept_of(t) for t in only_terms} if only_terms else None
    for definition in definitions:
        if wanted is None or concept_of(definition.term) in wanted:
            by_term[concept_term(definition.term)].append(definition)
    shared = {t: ds for t, ds in by_term.items() if len({d.instrument for d in ds}) > 1}
    if not shared:
        return []
    flat = [d for ds in shared.values() for d in ds]
    statutes = statute_keys()
    vectors = (embedder or get_embedder()).embed(
        [f"{d.term}: {d.wording}" for d in flat]
        + [f"{statute_term(s)}: {statute_words(s)}" for s in statutes]
    )
    index = {id(d): i for i, d in enumerate(flat)}
    statute_vectors = dict(zip(statutes, vectors[len(flat) :], strict=True))
    pairs = []
    for term, ds in sorted(shared.items()):
        for a, b in itertools.combinations(ds, 2):
            if a.instrument == b.instrument:
                continue
            similarity = float(vectors[index[id(a)]] @ vectors[index[id(b)]])
            restated = None
            # what each side says: a pointer to a known statute says what the statute says
            said_a, said_b = a.wording, b.wording
            cited = statute_against_words(a.wording, b.wording)
            if cited is not None:
                words = a if cited[1] == a.wording else b
                restated = round(float(vectors[index[id(words)]] @ statute_vectors[cited[0]]), 3)
                if words is a:
                    said_b = statute_words(cited[0])
                else:
                    said_a = statute_words(cited[0])
            # compared on stems, shown in the words of the texts (or of the statute cited)
            words_a, words_b = readable_terms(said_a), readable_terms(said_b)
            pairs.append(
                DefinitionPair(
                    term,
                    a,
                    b,
                    round(similarity, 3),
                    verdict(a.wording, b.wording, similarity, restated=restated),
                    tuple(sorted(words_a[t] for t in words_a.keys() - words_b.keys()))[:12],
                    tuple(sorted(words_b[t] for t in words_b.keys() - words_a.keys()))[:12],
                    restated,
                )
            )
    return pairs
