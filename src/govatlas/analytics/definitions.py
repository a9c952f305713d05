"""Definition divergence: the same term as different instruments define it.

Definitions are found in the text of each instrument's reading version by their
form - a quoted term followed by "means", "refers to", "shall mean" or "is
defined as" (the drafting convention of the EU, the US, the UK and most
English-language law), or an unquoted term opening a numbered line - and terms
are normalised ("artificial intelligence system" = "AI system"). For each term
defined by two or more instruments, every pair of definitions is compared:
cosine similarity of their MiniLM embeddings and the content words only one side
uses, so a reader sees *how* they differ.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from govatlas.classify.encoders.embeddings import Embedder, get_embedder
from govatlas.i18n import N_, gettext
from govatlas.store.instruments import get_instrument, reading_version
from govatlas.store.models import Provision
from govatlas.text_similarity import readable_terms

KEY_TERMS = (
    "ai system",
    "provider",
    "deployer",
    "high-risk ai system",
    "general-purpose ai model",
    "frontier model",
    "serious incident",
)
DEFINITION = re.compile(
    r"[‘'\"“]([^’'\"”\n]{2,80})[’'\"”]\s*(?:,\s*)?"
    r"(?:means|refers to|shall mean|is defined as|has the meaning)\s+"
    r"(.{10,1200}?)(?:;|\.(?:\s|$)|\n)",
    re.IGNORECASE | re.DOTALL,
)
# Unquoted, at the start of a (numbered) line: "(1) Generative AI technology refers to ..."
LISTED_DEFINITION = re.compile(
    r"^[ \t]*(?:\(?\w{1,4}[).][ \t]+)?([A-Z][A-Za-z\- ]{1,60}?)[ \t]+"
    r"(?:means|refers? to|shall mean)\s+(.{10,1200}?)(?:;|\.(?:\s|$)|\n)",
    re.MULTILINE,
)
AGREE = 0.85
PARTLY = 0.65
# how a verdict is read from the definitions' similarity, as reports state it
VERDICT_RULE_MESSAGE = N_(
    "MiniLM cosine of the definitions: %(agree)s or more agree, %(partly)s to %(agree)s "
    "partly agree, below %(partly)s differ"
)
# the rule in English; ``verdict_rule()`` gives it in the language being rendered
VERDICT_RULE = VERDICT_RULE_MESSAGE % {"agree": AGREE, "partly": PARTLY}


def verdict_rule() -> str:
    """``VERDICT_RULE`` in the language of the page or report being rendered."""
    return gettext(VERDICT_RULE_MESSAGE, agree=AGREE, partly=PARTLY)


@dataclass(frozen=True)
class Definition:
    term: str
    instrument: str
    wording: str
    provision_id: int | None
    provision_path: str | None


@dataclass(frozen=True)
class DefinitionPair:
    term: str
    a: Definition
    b: Definition
    similarity: float
    verdict: str
    only_a: tuple[str, ...]
    only_b: tuple[str, ...]


def normalise_term(term: str) -> str:
    text = term.lower().strip()
    text = re.sub(r"\bartificial intelligence\b", "ai", text)
    text = re.sub(r"^(the|an|a)\s+", "", text)
    return " ".join(text.replace("‐", "-").split())


def _provision_at(provisions: Sequence[Provision], offset: int) -> Provision | None:
    """The innermost provision whose span holds ``offset``."""
    best = None
    for p in provisions:
        if p.start_offset <= offset < p.end_offset and (
            best is None or p.end_offset - p.start_offset < best.end_offset - best.start_offset
        ):
            best = p
    return best


def extract_definitions(session: Session, instrument_id: str) -> list[Definition]:
    """Every definition in the instrument's reading version, first one per term."""
    get_instrument(session, instrument_id)
    version = reading_version(session, instrument_id)
    if version is None:
        return []
    provisions = list(version.provisions)
    found: dict[str, Definition] = {}
    matches = [*DEFINITION.finditer(version.text), *LISTED_DEFINITION.finditer(version.text)]
    for match in sorted(matches, key=lambda m: m.start()):
        term = normalise_term(match.group(1))
        if term in found or not re.search(r"[a-z]", term) or len(term.split()) > 6:
            continue
        where = _provision_at(provisions, match.start())
        found[term] = Definition(
            term,
            instrument_id,
            " ".join(match.group(2).split()),
            where.id if where else None,
            where.path if where else None,
        )
    return list(found.values())


def _verdict(similarity: float) -> str:
    if similarity >= AGREE:
        return "agree"
    if similarity >= PARTLY:
        return "partly agree"
    return "differ"


def compare_definitions(
    definitions: Sequence[Definition],
    only_terms: Sequence[str] | None = None,
    embedder: Embedder | None = None,
) -> list[DefinitionPair]:
    """Pairwise comparison of each term defined by two or more instruments."""
    by_term: dict[str, list[Definition]] = defaultdict(list)
    wanted = {normalise_term(t) for t in only_terms} if only_terms else None
    for definition in definitions:
        if wanted is None or definition.term in wanted:
            by_term[definition.term].append(definition)
    shared = {t: ds for t, ds in by_term.items() if len({d.instrument for d in ds}) > 1}
    if not shared:
        return []
    flat = [d for ds in shared.values() for d in ds]
    vectors = (embedder or get_embedder()).embed([f"{d.term}: {d.wording}" for d in flat])
    index = {id(d): i for i, d in enumerate(flat)}
    pairs = []
    for term, ds in sorted(shared.items()):
        for a, b in itertools.combinations(ds, 2):
            if a.instrument == b.instrument:
                continue
            similarity = float(vectors[index[id(a)]] @ vectors[index[id(b)]])
            # compared on stems, shown in the words of the texts
            words_a, words_b = readable_terms(a.wording), readable_terms(b.wording)
            pairs.append(
                DefinitionPair(
                    term,
                    a,
                    b,
                    round(similarity, 3),
                    _verdict(similarity),
                    tuple(sorted(words_a[t] for t in words_a.keys() - words_b.keys()))[:12],
                    tuple(sorted(words_b[t] for t in words_b.keys() - words_a.keys()))[:12],
                )
            )
    return pairs
