"""Zero-shot labels on the FLI building blocks, with evidence, replacing unreviewed ones."""

from __future__ import annotations

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from govatlas.classify.concepts.matching import ConceptMatcher, concepts_of, taxonomy_matcher
from govatlas.classify.labels.zero_shot import label_zero_shot
from govatlas.classify.measured.experimental import ZERO_SHOT_MODEL as MODEL_ID
from govatlas.store.models import Label
from govatlas.store.session import transaction
from govatlas.taxonomy import load_taxonomies


def test_zero_shot_labels_keep_evidence_and_are_replaced(ingested: Engine) -> None:
    matcher = ConceptMatcher(concepts_of(load_taxonomies(), ["fli-blocks"]))
    with transaction(ingested) as session:
        first = label_zero_shot(session, matcher, "agora-1")
    with transaction(ingested) as session:
        again = label_zero_shot(session, matcher, "agora-1")
    assert first == again > 0
    with Session(ingested) as session:
        labels = list(session.scalars(select(Label).where(Label.model_id == MODEL_ID)))
        assert len(labels) == again
        for label in labels:
            assert label.concept_id.startswith("fli-blocks:")
            assert label.evidence and label.provenance.startswith("zero-shot:")  # type: ignore[union-attr]
            assert label.review_status.value == "unreviewed"


def test_a_subconcepts_label_implies_its_parent(ingested: Engine) -> None:
    matcher = taxonomy_matcher(load_taxonomies(), ["mit-risk"])
    assert matcher.with_ancestors("mit-risk:6-4") == ["mit-risk:6-4", "mit-risk:6"]
    with transaction(ingested) as session:
        label_zero_shot(session, matcher, "agora-1")
    with Session(ingested) as session:
        labels = {
            label.concept_id: sorted(e.provision_id for e in label.evidence)
            for label in session.scalars(select(Label).where(Label.model_id == MODEL_ID))
        }
    subdomains = [c for c in labels if "-" in c.split(":", 1)[1]]
    assert subdomains
    for concept in subdomains:
        parent = concept.rsplit("-", 1)[0]
        assert set(labels[concept]) <= set(labels[parent])  # the same units as evidence
