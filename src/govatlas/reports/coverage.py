"""Coverage of a taxonomy's concepts by place (country or body), binding and non-binding apart.

Built on ``analytics.coverage``: an instrument covers a concept when it carries
a label on the concept, on one of its descendants, or on a concept mapped to it
(an AGORA tag mapped to an FLI risk, say). Each covering instrument brings the
provisions its labels name as evidence, so a cell of the table cites them.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from govatlas.analytics.coverage import evidence_concepts, instrument_concepts
from govatlas.reports.landscape import InstrumentRow
from govatlas.store.models import Concept, InstrumentVersion, Label, LabelEvidence, Provision
from govatlas.vocabulary import ReviewStatus

MAX_EVIDENCE = 200  # provisions cited per cell or column


@dataclass
class Cell:
    binding: list[str] = field(default_factory=list)
    non_binding: list[str] = field(default_factory=list)


@dataclass
class CoverageTable:
    taxonomy: str
    concepts: list[tuple[str, str]]  # (id, label)
    places: list[str]  # every place with instruments, most instruments first
    place_names: dict[str, str]
    cells: dict[tuple[str, str], Cell]
    evidence: dict[tuple[str, str], list[int]]  # (instrument, concept) -> provision ids

    def cell(self, place: str, concept: str) -> Cell:
        return self.cells.get((place, concept), Cell())

    def with_binding(self, concept: str) -> list[str]:
        return [p for p in self.places if self.cell(p, concept).binding]

    def provisions(self, instruments: Sequence[str], concept: str) -> list[int]:
        found: set[int] = set()
        for instrument in instruments:
            found.update(self.evidence.get((instrument, concept), ()))
        return sorted(found)[:MAX_EVIDENCE]


def label_evidence(session: Session) -> dict[tuple[str, str], set[int]]:
    """(instrument, labelled concept) -> the provisions its labels cite as evidence."""
    found: dict[tuple[str, str], set[int]] = defaultdict(set)
    instrument_level = (
        select(Label.instrument_id, Label.concept_id, LabelEvidence.provision_id)
        .join(LabelEvidence, LabelEvidence.label_id == Label.id)
        .where(Label.instrument_id.is_not(None), Label.review_status != ReviewStatus.REJECTED)
    )
    provision_level = (
        select(InstrumentVersion.instrument_id, Label.concept_id, Label.provision_id)
        .join(Provision, Provision.id == Label.provision_id)
        .join(InstrumentVersion, InstrumentVersion.id == Provision.version_id)
        .where(Label.review_status != ReviewStatus.REJECTED)
    )
    for statement in (instrument_level, provision_level):
        for instrument, concept, provision in session.execute(statement):
            if instrument and provision:
                found[(instrument, concept)].add(provision)
    return found


def place_coverage(
    session: Session,
    taxonomy: str,
    rows: Sequence[InstrumentRow],
    evidence_map: dict[tuple[str, str], set[int]],
) -> CoverageTable:
    families = evidence_concepts(session, taxonomy)
    labelled = instrument_concepts(session)
    concepts = [
        (c.id, c.pref_label)
        for c in session.scalars(
            select(Concept).where(Concept.taxonomy_id == taxonomy).order_by(Concept.id)
        )
        if c.id in families
    ]
    cells: dict[tuple[str, str], Cell] = defaultdict(Cell)
    evidence: dict[tuple[str, str], list[int]] = {}
    for row in rows:
        covered = labelled.get(row.id, set())
        for concept, family in families.items():
            hits = covered & family
            if not hits:
                continue
            cell = cells[(row.place, concept)]
            (cell.binding if row.binding else cell.non_binding).append(row.id)
            provisions = {p for c in hits for p in evidence_map.get((row.id, c), ())}
            evidence[(row.id, concept)] = sorted(provisions)
    size = Counter(row.place for row in rows)
    places = sorted(size, key=lambda p: (-size[p], p))
    names = {row.place: row.place_name for row in rows}
    return CoverageTable(taxonomy, concepts, places, names, dict(cells), evidence)
