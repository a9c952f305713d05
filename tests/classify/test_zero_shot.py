"""Zero-shot labels on the FLI building blocks, with evidence, replacing unreviewed ones."""

from __future__ import annotations

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from govatlas.classify.concept_match import ConceptMatcher, concepts_of
from govatlas.classify.zero_shot import MODEL_ID, label_zero_shot
from govatlas.store.models import Label
from govatlas.store.session import transaction
from govatlas.taxonomy import load_taxonomies


def test_zero_shot_labels_keep_evidence_and_are_replaced(ingested: Engine) -> None:
    matcher = ConceptMatcher(concepts_of(load_taxonomies(), ["fli-blocks"]))
    with transaction(ingested) as session:
        first = label_zero_shot(session, matcher, "eu-ai-act")
    with transaction(ingested) as session:
        again = label_zero_shot(session, matcher, "eu-ai-act")
    assert first == again
    with Session(ingested) as session:
        labels = list(session.scalars(select(Label).where(Label.model_id == MODEL_ID)))
        assert len(labels) == again
        for label in labels:
            assert label.concept_id.startswith("fli-blocks:")
            assert label.evidence and label.provenance.startswith("zero-shot:")  # type: ignore[union-attr]
            assert label.review_status.value == "unreviewed"
