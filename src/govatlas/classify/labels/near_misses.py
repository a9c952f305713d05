"""Near misses: the provision classifiers' decisions just below a concept's threshold.

Reviewing the labels the classifiers give (above each threshold) buys nothing
measurable: they give too few. Reviewing the pairs nearest each threshold, below it
too, does: with the shipped kind of classifier on the gold, 100 such reviews raise
fli-risks' dev macro-F1 by 0.017 ± 0.022 and 200 by 0.036 ± 0.030 (20 seeds;
``eval/reports/review-value.md``). So labelling keeps, beside its labels, every
operative provision whose probability is below a concept's threshold by at most
``uncertainty.NEAR_MISS_ODDS`` in odds (``uncertainty.is_near_miss``), as a
``store.models.NearMiss``: not a label, never counted, shown only to reviewers,
closest to its threshold first.

A person's decision turns one into a reviewed label (``decide_near_miss``): accepted,
it counts like any accepted label (with the person as the reason); rejected, it is a
reviewed absence. Either way it is recorded in the decision log and joins the
classifiers' training (``govatlas gold train --reviewed``).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete
from sqlalchemy.orm import Session

from govatlas.classify.labels.instrument_labels import review
from govatlas.classify.labels.uncertainty import EPS
from govatlas.errors import NotFoundError
from govatlas.excerpts import excerpt
from govatlas.store.decisions import Reviewer
from govatlas.store.models import (
    Label,
    LabelEvidence,
    NearMiss,
    Provision,
)
from govatlas.store.review_queues import (
    near_miss_count,
    near_misses_by_taxonomy,
    waiting_near_misses,
)
from govatlas.vocabulary import LabelMethod

EXCERPT_CHARS = 300


@dataclass(frozen=True)
class WaitingNearMiss:
    near_miss: NearMiss
    instrument_id: str
    concept_label: str
    provision_path: str
    excerpt: str

    @property
    def odds_gap(self) -> float:
        """How many times the threshold's odds exceed the probability's (1 on the threshold)."""
        p = min(max(self.near_miss.score, EPS), 1.0 - EPS)
        t = self.near_miss.threshold
        return (t / (1.0 - t)) / (p / (1.0 - p))


def near_miss_queue(
    session: Session,
    taxonomy: str | None = None,
    instrument: str | None = None,
    limit: int = 50,
    excerpt_chars: int = EXCERPT_CHARS,
    offset: int = 0,
) -> list[WaitingNearMiss]:
    """The near misses waiting for a person, closest to their threshold first."""
    rows = waiting_near_misses(session, taxonomy, instrument, offset, limit, EPS)
    return [
        WaitingNearMiss(miss, owner, label, path, excerpt(text, excerpt_chars))
        for miss, owner, label, path, text in rows
    ]


def near_miss_taxonomies(session: Session) -> list[tuple[str, int]]:
    """(taxonomy, near misses waiting), for a filter."""
    return near_misses_by_taxonomy(session)


def count_near_misses(
    session: Session, taxonomy: str | None = None, instrument: str | None = None
) -> int:
    return near_miss_count(session, taxonomy, instrument)


def decide_near_miss(
    session: Session,
    near_miss_id: int,
    accept: bool,
    reviewer: Reviewer | str,
    note: str | None = None,
) -> Label:
    """A person's decision on a near miss: it becomes a reviewed label (accepted or
    rejected) with the classifier's probability and the provision as evidence, recorded
    in the decision log; the near miss is gone."""
    miss = session.get(NearMiss, near_miss_id)
    if miss is None:
        raise NotFoundError(
            f"no near miss {near_miss_id}",
            "list them with `govatlas near-misses` (it may have been decided already)",
        )
    provision = session.get(Provision, miss.provision_id)
    assert provision is not None  # a foreign key
    label = Label(
        concept_id=miss.concept_id,
        provision_id=miss.provision_id,
        score=miss.score,
        method=LabelMethod.MODEL,
        model_id=miss.model_id,
        model_version=miss.model_version,
        provenance=(
            f"{miss.provenance or miss.model_id}; below the concept's threshold "
            f"({miss.score:.3f} < {miss.threshold:.3f}), offered for review as a near miss"
        ),
    )
    label.evidence.append(
        LabelEvidence(
            provision_id=miss.provision_id,
            start_offset=0,
            end_offset=len(provision.text),
            score=miss.score,
        )
    )
    session.add(label)
    session.flush()
    decided = review(session, label.id, accept, reviewer, note)
    session.execute(delete(NearMiss).where(NearMiss.id == near_miss_id))
    return decided
