"""Reviewed provision labels as training passages for the provision classifiers.

A person who accepts a provision classifier's label says the provision is about
the concept; one who rejects it says it is not. Nothing is said about the
taxonomy's other concepts, so a reviewed provision is a training example only
for the concepts decided on it: positive for an accepted label, negative for a
rejected one, and absent from every other concept's fit (``join_reviewed``).
The passage is the provision as the classifiers read it (heading, then its own
words), so its features are those labelling computed. ``govatlas gold train
--reviewed`` adds these passages to the gold's train and dev splits; provisions
of instruments in the gold's test split are left out, so the test split still
measures the model on instruments no fit saw. ``provisions.review_value`` measures on the
gold what such reviews buy.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from sqlalchemy.orm import Session

from govatlas.classify.gold.project_gold import GoldPassage
from govatlas.classify.provisions.labelling import MIN_CHARS
from govatlas.store.provision_labelling import reviewed_provision_labels
from govatlas.store.taxonomies import concept_id
from govatlas.taxonomy.schema import TaxonomyFile
from govatlas.vocabulary import ReviewStatus

Rows = Any  # a dense array or a scipy sparse matrix (tf-idf rows)

REVIEWED_SPLIT = "reviewed"


@dataclass(frozen=True)
class ReviewedPassage:
    """A passage whose labels people decided one concept at a time."""

    passage: GoldPassage  # labels: the accepted concepts only
    decided: Mapping[str, bool]  # "taxonomy:concept" (the gold's form) -> accepted?


def reviewed_passages(
    session: Session, taxonomies: Sequence[TaxonomyFile], leave_out: Collection[str] = ()
) -> list[ReviewedPassage]:
    """Provisions with an accepted or rejected label on a concept of ``taxonomies``,
    one passage each, in provision order; the latest decision on a (provision, concept)
    counts. ``leave_out``: instrument ids whose provisions never join training."""
    keys = {
        concept_id(taxonomy.id, concept.id): f"{taxonomy.id}:{concept.id}"
        for taxonomy in taxonomies
        for concept in taxonomy.concepts
    }
    if not keys:
        return []
    rows = reviewed_provision_labels(session, sorted(keys))
    decided: dict[int, dict[str, bool]] = {}
    readings: dict[int, tuple[str, str, str]] = {}
    for provision, concept, status, instrument, heading, text in rows:
        body = (text or "").strip()
        if provision is None or instrument in leave_out or len(body) < MIN_CHARS:
            continue
        decided.setdefault(provision, {})[keys[concept]] = status is ReviewStatus.ACCEPTED
        readings[provision] = (instrument, heading or "", body)
    passages = []
    for provision, decisions in decided.items():
        instrument, heading, body = readings[provision]
        accepted = frozenset(key for key, yes in decisions.items() if yes)
        passage = GoldPassage(
            id=f"provision:{provision}",
            text=body,
            heading=heading,
            instrument=instrument,
            jurisdiction="",
            type="",
            split=REVIEWED_SPLIT,
            kind="operative",  # never read: the operative gate learns from the gold only
            labels=accepted,
        )
        passages.append(ReviewedPassage(passage, decisions))
    return passages


def join_reviewed(
    concept: str,
    features: Rows,
    labels: np.ndarray,
    groups: Sequence[str],
    reviewed: Sequence[ReviewedPassage],
    reviewed_features: Rows | None,
) -> tuple[Rows, np.ndarray, list[str]]:
    """One concept's training rows with the reviewed passages decided on it added:
    1 where the label was accepted, 0 where rejected; grouped by their instrument,
    so that no cross-validation fold sees an instrument it is scored on.

    ``concept`` is in the gold's form, ``taxonomy:concept``; ``reviewed_features`` has
    one row per reviewed passage, in order. Features may be dense or sparse (the
    tf-idf rows); the joined rows are of the same kind."""
    from scipy import sparse

    rows: list[int] = [i for i, item in enumerate(reviewed) if concept in item.decided]
    if not rows or reviewed_features is None:
        return features, labels, list(groups)
    extra = np.array([int(reviewed[i].decided[concept]) for i in rows], dtype=labels.dtype)
    joined = (
        sparse.vstack([features, reviewed_features[rows]], format="csr")
        if sparse.issparse(features)
        else np.vstack([features, reviewed_features[rows]])
    )
    return (
        joined,
        np.concatenate([labels, extra]),
        [*groups, *(reviewed[i].passage.instrument for i in rows)],
    )


def decisions_on(reviewed: Sequence[ReviewedPassage], taxonomy: str) -> int:
    """How many review decisions on the taxonomy's concepts the passages carry."""
    prefix = f"{taxonomy}:"
    return sum(1 for item in reviewed for key in item.decided if key.startswith(prefix))
