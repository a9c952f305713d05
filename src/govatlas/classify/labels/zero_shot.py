"""Labels from an instrument's units, for taxonomies without document-level training
data (FLI, OECD, UN, MIT).

Each unit of an instrument (``store.units``: its articles, sections...) is
given concepts by a unit labeller: the zero-shot ``concept_match.ConceptMatcher``,
or for the MIT risk domains ``risk_model.RiskLabeller`` (the matcher finds the
units about a risk, a model trained on coded texts names the risk). A concept
that at least one unit speaks to (or to one of its subconcepts) becomes a
machine label on the instrument, scored by its best unit, with the best units as
evidence. Labels start unreviewed; re-labelling replaces the machine labels on
the labeller's concepts that nobody decided on, and keeps (and does not propose
again) those a person accepted or rejected.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Protocol

from sqlalchemy.orm import Session

from govatlas.classify.concepts.matching import ConceptMatch
from govatlas.classify.labels.instrument_labels import clear_undecided
from govatlas.store.models import Label, LabelEvidence
from govatlas.store.units import unit_provisions
from govatlas.vocabulary import LabelMethod, ReviewStatus

EVIDENCE_PER_LABEL = 3


class UnitLabeller(Protocol):
    """What labels units: its concepts, identity, matches and concept hierarchy."""

    ids: list[str]
    model_id: str
    model_version: str
    provenance: str  # how the labels came about: "zero-shot" or "model"

    def match(self, texts: Sequence[str]) -> list[list[ConceptMatch]]: ...

    def with_ancestors(self, concept: str) -> list[str]: ...


def label_zero_shot(session: Session, labeller: UnitLabeller, instrument_id: str) -> int:
    """Replace the unreviewed machine labels on the labeller's concepts for this
    instrument with the labeller's; returns how many now."""
    units = unit_provisions(session, instrument_id)
    decided = clear_undecided(session, instrument_id, Label.concept_id.in_(labeller.ids))
    found: dict[str, list[tuple[float, int, int, str]]] = defaultdict(list)
    for unit, matches in zip(units, labeller.match([u.text for u in units]), strict=True):
        for match in matches:
            for concept in labeller.with_ancestors(match.concept):
                if concept not in decided:  # a person's decision stands
                    found[concept].append((match.score, unit.id, len(unit.text), match.reason))
    for concept, hits in found.items():
        hits.sort(reverse=True)
        reasons = sorted({reason for *_, reason in hits})
        label = Label(
            concept_id=concept,
            instrument_id=instrument_id,
            score=round(hits[0][0], 4),
            method=LabelMethod.MODEL,
            model_id=labeller.model_id,
            model_version=labeller.model_version,
            review_status=ReviewStatus.UNREVIEWED,
            provenance=f"{labeller.provenance}:{labeller.model_id}: {len(hits)} units "
            f"matched by {', '.join(reasons)}",
        )
        for score, provision_id, length, _ in hits[:EVIDENCE_PER_LABEL]:
            label.evidence.append(
                LabelEvidence(
                    provision_id=provision_id, start_offset=0, end_offset=length, score=score
                )
            )
        session.add(label)
    session.flush()
    return len(found)
