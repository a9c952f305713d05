"""Jurisdictions as populations: who is a UN Member State, what is known about each.

Every "X of N" the atlas prints is over one stated population (the 193 UN
Member States, or the states actually assessed) and never mixes in bodies,
subnational places or "unspecified". This module gives each jurisdiction its
population kind (``catalog.jurisdictions.POPULATIONS``), its instruments issued
by public authorities, how many of them have a stored text, and the
international instruments it adheres to.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from sqlalchemy.orm import Session

from govatlas.catalog.jurisdictions import population_of, un_member_states
from govatlas.store.coverage_rows import adherence_acts
from govatlas.store.instruments import instruments_with_text
from govatlas.store.landscape_rows import (
    every_jurisdiction,
    member_state_findings,
    places_with_ai_strategy,
    public_authority_places,
    research_finding,
)
from govatlas.vocabulary import ResearchFinding

POPULATION_ORDER = (
    "un-member-state",
    "other-state-or-territory",
    "supranational",
    "intergovernmental-body",
    "international",
    "subnational",
    "region",
    "unspecified",
)


@dataclass(frozen=True)
class MemberStateKnowledge:
    """What the atlas knows of the UN Member States: the honest denominator."""

    members: int
    with_instrument: int  # at least one instrument of a public authority
    with_text: int  # at least one of them with a stored text
    metadata_only: int  # instruments, none with text
    checked_absence: int  # none listed; research found none
    not_researched: int  # none listed; nobody has looked yet
    with_strategy: int  # a national AI strategy or policy, adopted and in effect
    with_draft_strategy: int = 0  # only a draft (proposed) one


def _instrument_counts(session: Session) -> tuple[Counter[str], Counter[str]]:
    with_text_ids = set(instruments_with_text(session))
    counts: Counter[str] = Counter()
    texts: Counter[str] = Counter()
    for ident, jurisdiction in public_authority_places(session):
        counts[jurisdiction] += 1
        texts[jurisdiction] += ident in with_text_ids
    return counts, texts


def jurisdiction_rows(session: Session, everything: bool = False) -> list[dict[str, object]]:
    """One record per jurisdiction: UN Member States first, then other places with
    instruments (or every place with ``everything``)."""
    counts, texts = _instrument_counts(session)
    adheres: dict[str, set[str]] = defaultdict(set)
    for instrument, party, _ in adherence_acts(session):
        adheres[party].add(instrument)
    rows = []
    for j in every_jurisdiction(session):
        kind = population_of(j.kind, j.un_member, j.id)
        listed = j.un_member or counts[j.id] or adheres.get(j.id)
        if not (everything or listed or kind in ("supranational", "intergovernmental-body")):
            continue
        rows.append(
            {
                "id": j.id,
                "name": j.name,
                "kind": kind,
                "un_member": bool(j.un_member),
                "instruments": counts[j.id],
                "with_text": texts[j.id],
                "adheres_to": sorted(adheres.get(j.id, set())),
            }
        )
    rows.sort(key=lambda r: (POPULATION_ORDER.index(str(r["kind"])), str(r["name"])))
    return rows


def member_state_knowledge(session: Session) -> MemberStateKnowledge:
    """How many UN Member States the atlas has text, metadata only, or nothing for."""
    counts, texts = _instrument_counts(session)
    members = un_member_states()
    findings = member_state_findings(session)
    strategies = places_with_ai_strategy(session)
    without = [m for m in members if not counts[m]]
    return MemberStateKnowledge(
        members=len(members),
        with_instrument=sum(1 for m in members if counts[m]),
        with_text=sum(1 for m in members if texts[m]),
        metadata_only=sum(1 for m in members if counts[m] and not texts[m]),
        checked_absence=sum(
            1 for m in without if findings.get(m) is ResearchFinding.CHECKED_ABSENCE
        ),
        not_researched=sum(
            1 for m in without if findings.get(m) is not ResearchFinding.CHECKED_ABSENCE
        ),
        with_strategy=len(strategies & members),
        with_draft_strategy=len(places_with_ai_strategy(session, drafts=True) & members),
    )


KNOWLEDGE_LABELS = {
    "text": "at least one instrument with a stored text",
    "metadata-only": "instruments known by their metadata only (no stored text)",
    "checked-absence": "no instrument listed; research found none (a checked absence)",
    "not-researched": "no instrument listed, and not yet researched (unknown, not none)",
}


def knowledge_of(session: Session, jurisdiction: str) -> str:
    """What the atlas holds for one place: a key of ``KNOWLEDGE_LABELS``."""
    counts, texts = _instrument_counts(session)
    if texts[jurisdiction]:
        return "text"
    if counts[jurisdiction]:
        return "metadata-only"
    finding = research_finding(session, jurisdiction)
    return "checked-absence" if finding is ResearchFinding.CHECKED_ABSENCE else "not-researched"
