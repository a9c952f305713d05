"""The major frameworks side by side: interoperability indices, agreements, gaps,
conflicts, and how they define the same key terms.

Which frameworks and terms count as major is data (``data/white_paper.yaml``),
kept to those present in the store. A pair with no recorded relationship has no
index (not a zero): nobody has crosswalked it yet, which is itself a finding. A
pair linked only at concept level has an index without a value, and one whose
side is known only by cited reference items a one-sided value
(``analytics.interop``); the report says which.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy.orm import Session

from govatlas.analytics.compare import (
    AlignedPair,
    Comparison,
    ProvisionRef,
    compare_instruments,
)
from govatlas.analytics.definitions import (
    DefinitionPair,
    compare_definitions,
    extract_definitions,
    normalise_term,
)
from govatlas.analytics.interop import IndexValue, interoperability
from govatlas.i18n import gettext
from govatlas.reports.citations import Citations
from govatlas.store.instruments import instrument_names, instruments_with_versions

SETTINGS_FILE = Path(__file__).parent / "data" / "white_paper.yaml"
MAX_CITED = 300


@dataclass(frozen=True)
class WhitePaperSettings:
    major_frameworks: tuple[str, ...]
    definition_instruments: tuple[str, ...]
    key_terms: tuple[str, ...]
    heatmap_rows: int
    divergence_pairs: tuple[tuple[str, str], ...] = ()


def load_settings(path: Path = SETTINGS_FILE) -> WhitePaperSettings:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return WhitePaperSettings(
        tuple(data["major_frameworks"]),
        tuple(data["definition_instruments"]),
        tuple(normalise_term(t) for t in data["key_terms"]),
        int(data["heatmap_rows"]),
        tuple((str(a), str(b)) for a, b in data.get("divergence_pairs", [])),
    )


@dataclass
class PairResult:
    a: str
    b: str
    index: IndexValue | None  # None: no relationship recorded between them
    overlaps: int = 0  # listed pairs between units (concept-level ones in concept_links)
    only_a: int = 0
    only_b: int = 0
    a_units: int = 0
    b_units: int = 0
    conflicts: list[AlignedPair] = field(default_factory=list)
    examples: list[AlignedPair] = field(default_factory=list)
    citation: str | None = None
    # a side is known only by the clause references its crosswalks cite (text not
    # public): the index is one-sided and not comparable with the others
    reference: bool = False
    concept_links: int = 0  # links with an end that is no unit (not in the index)
    unlisted_suggestions: int = 0  # weak machine suggestions, counted by probability only
    # the first provisions of each side with no counterpart, named by policy options
    gaps_a: list[ProvisionRef] = field(default_factory=list)
    gaps_b: list[ProvisionRef] = field(default_factory=list)


def present(session: Session, ids: Sequence[str]) -> list[str]:
    """The instruments of ``ids`` that have a stored text or clause references, in order."""
    found = instruments_with_versions(session, set(ids))
    return [i for i in ids if i in found]


def framework_pairs(
    session: Session, frameworks: Sequence[str], citations: Citations
) -> list[PairResult]:
    names = instrument_names(session, frameworks)
    return [
        pair_result(compare_instruments(session, a, b), citations, names)
        for a, b in itertools.combinations(frameworks, 2)
    ]


def pair_result(
    comparison: Comparison, citations: Citations, names: Mapping[str, str] | None = None
) -> PairResult:
    """One pair's index, aligned provisions and gaps, from its comparison (made once by
    the caller, who may need it for more); ``names`` name the two in the citation."""
    a, b = comparison.a, comparison.b
    named = names or {}
    if not comparison.unit_links and not comparison.concept_links:
        return PairResult(a, b, None)
    index = interoperability(comparison).overall
    provisions = [
        p for pair in comparison.overlaps + comparison.conflicts for p in (pair.a.id, pair.b.id)
    ]
    key = citations.cite(
        gettext(
            "Interoperability of %(first_instrument)s and %(second_instrument)s: "
            "aligned provisions",
            first_instrument=named.get(a, a),
            second_instrument=named.get(b, b),
        ),
        [a, b],
        provisions[:MAX_CITED],
    )
    only_a, only_b = len(comparison.only_a), len(comparison.only_b)
    if index is not None and index.basis == "reference-only":
        # one side is known only by cited clauses: the other side's units without a
        # counterpart are those the index found unmatched, not compare's unit pairs
        only_a = max(index.a_units - round(index.a_matched), 0)
        only_b = max(index.b_units - round(index.b_matched), 0)
    return PairResult(
        a,
        b,
        index,
        sum(p.unit_level for p in comparison.overlaps),
        only_a,
        only_b,
        len(comparison.a_units),
        len(comparison.b_units),
        comparison.conflicts,
        [p for p in comparison.overlaps if p.unit_level][:3] or comparison.overlaps[:3],
        key,
        index is not None and index.basis == "reference-only",
        comparison.concept_links,
        comparison.unlisted_suggestions,
        _headed(comparison.only_a)[:GAPS_NAMED],
        _headed(comparison.only_b)[:GAPS_NAMED],
    )


GAPS_NAMED = 3


def _headed(units: Sequence[ProvisionRef]) -> list[ProvisionRef]:
    """Units with a heading first (they name what is missing), in text order."""
    return [u for u in units if u.heading] + [u for u in units if not u.heading]


def definition_pairs(
    session: Session, instruments: Sequence[str], key_terms: Sequence[str]
) -> list[DefinitionPair]:
    """Comparisons of the key terms that two or more instruments define: each
    instrument's definition against the anchor's, the first of ``instruments`` that
    defines the term (n - 1 rows for n definitions, not every pair: a reader compares
    each with one reference text)."""
    definitions = [d for i in instruments for d in extract_definitions(session, i)]
    pairs = compare_definitions(definitions, only_terms=key_terms)
    rank = {instrument: position for position, instrument in enumerate(instruments)}
    anchors: dict[str, str] = {}
    for pair in pairs:
        for instrument in (pair.a.instrument, pair.b.instrument):
            known = anchors.get(pair.term)
            if known is None or rank.get(instrument, len(rank)) < rank.get(known, len(rank)):
                anchors[pair.term] = instrument
    anchored = [p for p in pairs if anchors[p.term] in (p.a.instrument, p.b.instrument)]
    return sorted(anchored, key=lambda p: (p.term, p.similarity, p.a.instrument, p.b.instrument))


def cite_definitions(citations: Citations, pair: DefinitionPair) -> str:
    """The citation of two instruments' definitions of a term."""
    return citations.cite(
        gettext(
            "Definitions of '%(term)s' in %(first_instrument)s and %(second_instrument)s",
            term=pair.term,
            first_instrument=pair.a.instrument,
            second_instrument=pair.b.instrument,
        ),
        [pair.a.instrument, pair.b.instrument],
        [p for p in (pair.a.provision_id, pair.b.provision_id) if p is not None],
    )


def definition_view(
    pair: DefinitionPair, names: Mapping[str, str], citations: Citations
) -> dict[str, Any]:
    return {
        "term": pair.term,
        "a": names.get(pair.a.instrument, pair.a.instrument),
        "b": names.get(pair.b.instrument, pair.b.instrument),
        "a_path": pair.a.provision_path,
        "b_path": pair.b.provision_path,
        # a definition read as the stored text it points to (``definition_pointers``)
        "a_points_to": names.get(pair.a.points_to, pair.a.points_to) if pair.a.points_to else None,
        "b_points_to": names.get(pair.b.points_to, pair.b.points_to) if pair.b.points_to else None,
        "similarity": pair.similarity,
        "verdict": pair.verdict,
        "only_a": pair.only_a,
        "only_b": pair.only_b,
        "cite": cite_definitions(citations, pair),
    }
