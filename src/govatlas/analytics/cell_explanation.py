"""Why one coverage cell of an instrument says what it says (``govatlas explain``).

For an instrument and a concept: the verdict coverage reaches (covers, assessed and not
found, not assessed, or not counted at all) with what it rests on, and every label
that could bear on it, on the instrument itself or on one of its provisions, on the
concept or on a concept whose labels are evidence of it (a narrower concept, or one of
another taxonomy mapped to it as exact or narrower). Each label says whether coverage
counts it and why not when it does not: rejected by a reviewer, a classifier below the
precision floor, or a kind of label coverage never counts. The rules are coverage's own
(``analytics.coverage``), read from the same functions, so the two cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from govatlas.analytics.coverage import evidence_concepts, evidence_of, instrument_facts
from govatlas.classify.labels.instrument_labels import EvidenceView
from govatlas.classify.measured.shipped import PROVISION_MODEL, MeasuredConcept, shipped_quality
from govatlas.store.instruments import unknown_instrument
from govatlas.store.label_rows import labels_on_instrument
from govatlas.store.models import Concept, Instrument, Label, Provision
from govatlas.store.taxonomies import unknown_concept
from govatlas.vocabulary import LabelMethod, ReviewStatus

COVERS = "covers"
NOT_FOUND = "assessed, not found"
NOT_ASSESSED = "not assessed"
NOT_COUNTED = "not counted"


@dataclass(frozen=True)
class TracedLabel:
    """One label that could bear on the cell, and whether coverage counts it."""

    id: int
    concept: str  # the label's own concept id
    via: bool  # on another concept whose labels are evidence of the cell's
    provision: str | None  # the provision's path for a provision-level label
    method: str
    model: str | None
    score: float | None
    review_status: str
    counts: bool
    reason: str
    evidence: list[EvidenceView]


@dataclass(frozen=True)
class CellExplanation:
    instrument: str
    concept: str
    verdict: str
    basis: str
    labels: list[TracedLabel]


def _reason(label: Label, measured: bool) -> tuple[bool, str]:
    """Whether coverage counts the label, and why (``coverage._evidence``'s rule)."""
    if label.review_status is ReviewStatus.REJECTED:
        return False, "rejected by a reviewer"
    if label.method is LabelMethod.HUMAN:
        return True, "a person gave it"
    if label.review_status is ReviewStatus.ACCEPTED:
        return True, "a person accepted it"
    if label.model_id == PROVISION_MODEL:
        if measured:
            return True, "a provision classifier measured to the precision floor, unreviewed"
        return False, "its provision classifier is experimental (below the precision floor)"
    return False, (
        f"an unreviewed {label.model_id or label.method.value} label: coverage counts only "
        "labels people gave or accepted and measured provision classifiers"
    )


def _evidence(session: Session, label: Label) -> list[EvidenceView]:
    found = []
    if label.provision_id is not None:
        provision = session.get_one(Provision, label.provision_id)
        found.append(EvidenceView(provision.path, label.score, provision.text))
    for item in sorted(label.evidence, key=lambda e: -(e.score or 0)):
        if item.provision_id == label.provision_id:
            continue
        provision = session.get_one(Provision, item.provision_id)
        text = provision.text[item.start_offset : item.end_offset]
        found.append(EvidenceView(provision.path, item.score, text))
    return found


def explain_cell(session: Session, instrument_id: str, concept_id: str) -> CellExplanation:
    """The cell's verdict and every label behind it (see the module's docstring)."""
    if session.get(Instrument, instrument_id) is None:
        raise unknown_instrument(session, instrument_id)
    concept = session.get(Concept, concept_id)
    if concept is None:
        raise unknown_concept(session, concept_id)
    taxonomy, notation = concept.taxonomy_id, concept.notation
    positive, _ = evidence_concepts(session, taxonomy)
    family = positive.get(notation, {concept_id})
    quality = shipped_quality(taxonomy)
    measured_here = {c for c, m in quality.items() if m.assessable}
    own_taxonomy = {c.id: c.notation for c in concept.taxonomy.concepts}
    labels = []
    for label in labels_on_instrument(session, instrument_id, family):
        counts, reason = _reason(label, own_taxonomy.get(label.concept_id) in measured_here)
        labels.append(
            TracedLabel(
                label.id,
                label.concept_id,
                label.concept_id != concept_id,
                session.get_one(Provision, label.provision_id).path
                if label.provision_id is not None
                else None,
                label.method.value,
                f"{label.model_id} {label.model_version or ''}".strip() if label.model_id else None,
                label.score,
                label.review_status.value,
                counts,
                reason,
                _evidence(session, label),
            )
        )
    verdict, basis = _verdict(session, instrument_id, taxonomy, notation, quality)
    return CellExplanation(instrument_id, concept_id, verdict, basis, labels)


def _verdict(
    session: Session,
    instrument_id: str,
    taxonomy: str,
    notation: str,
    quality: dict[str, MeasuredConcept],
) -> tuple[str, str]:
    facts = instrument_facts(session).get(instrument_id)
    if facts is None:
        return NOT_COUNTED, (
            "coverage counts only instruments of public authorities still in effect; this "
            "one is a private framework, or failed, repealed, superseded or suspended by a court"
        )
    evidence = evidence_of(session, taxonomy, {instrument_id})
    key = (instrument_id, notation)
    if key in evidence.covered:
        basis = (
            "a label people gave or accepted"
            if key in evidence.certain
            else "labels of a provision classifier measured to the precision floor, unreviewed"
        )
        return COVERS, basis
    if key in evidence.read:
        return NOT_FOUND, (
            "a measured provision classifier read every provision of its text and labelled "
            "none above its threshold; its recall is below 1, so this is not proof of absence"
        )
    if key in evidence.coded:
        return NOT_FOUND, "people coded it against a taxonomy mapped exactly and did not tag it"
    if not facts.has_text:
        return NOT_ASSESSED, "no text of it is stored, so nothing could read it"
    measured = quality.get(notation)
    if measured is None:
        return NOT_ASSESSED, "no provision classifier ships for this concept"
    if not measured.assessable:
        return NOT_ASSESSED, f"the concept's classifier is not measured ({measured.note})"
    return NOT_ASSESSED, (
        "its text was not read by the measured classifier (not labelled yet, or in a "
        "language the classifier was not measured on)"
    )
