"""Zero-shot labels for taxonomies without training data (FLI, OECD, UN, MIT).

Each unit of an instrument (``crosswalk.units``: its articles, sections...) is
matched against the taxonomy's concepts by ``concept_match.ConceptMatcher``; a
concept that at least one unit speaks to (or to one of its subconcepts) becomes
a machine label on the instrument, scored by its best unit, with the best units
as evidence. Labels
start unreviewed; re-labelling replaces the unreviewed ones of this matcher.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import delete
from sqlalchemy.orm import Session

from govatlas.classify.concept_match import ConceptMatcher
from govatlas.classify.quality import ZERO_SHOT_MODEL
from govatlas.crosswalk.units import unit_provisions
from govatlas.store.models import Label, LabelEvidence
from govatlas.vocabulary import LabelMethod, ReviewStatus

MODEL_ID = ZERO_SHOT_MODEL
MODEL_VERSION = "2"  # 2: one match per text for one-per-text taxonomies (MIT)
EVIDENCE_PER_LABEL = 3


def label_zero_shot(session: Session, matcher: ConceptMatcher, instrument_id: str) -> int:
    """Replace this matcher's unreviewed labels on the instrument; returns how many now."""
    units = unit_provisions(session, instrument_id)
    session.execute(
        delete(Label).where(
            Label.instrument_id == instrument_id,
            Label.model_id == MODEL_ID,
            Label.concept_id.in_(matcher.ids),
            Label.review_status == ReviewStatus.UNREVIEWED,
        )
    )
    found: dict[str, list[tuple[float, int, int, str]]] = defaultdict(list)
    for unit, matches in zip(units, matcher.match([u.text for u in units]), strict=True):
        for match in matches:
            for concept in matcher.with_ancestors(match.concept):
                found[concept].append((match.score, unit.id, len(unit.text), match.reason))
    for concept, hits in found.items():
        hits.sort(reverse=True)
        reasons = sorted({reason for *_, reason in hits})
        label = Label(
            concept_id=concept,
            instrument_id=instrument_id,
            score=round(hits[0][0], 4),
            method=LabelMethod.MODEL,
            model_id=MODEL_ID,
            model_version=MODEL_VERSION,
            review_status=ReviewStatus.UNREVIEWED,
            provenance=f"zero-shot:{MODEL_ID}: {len(hits)} units matched by {', '.join(reasons)}",
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
