"""The machine labels waiting for a person: unreviewed model labels on instruments
and on provisions, each with its strongest evidence provision.

By default (``QueueOrder.UNCERTAINTY``) the provision classifiers' labels come
first, those whose calibrated probability is nearest the concept's operating
threshold (in the shipped model file) on the log-odds scale (``labels.uncertainty``)
first: the decisions the model is least sure of. Labels with no such probability
(instrument-level models, zero-shot matches) follow, highest score first;
``QueueOrder.SCORE`` sorts everything by score, as before.

Deciding on one is ``labelling.review``, one at a time or as a filled-in review
sheet (``sheet_rows``, ``apply_sheet``; see ``review_sheets``); a reviewed
AGORA-tag label is training data for the next model (``agora.documents``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from govatlas.classify.labels.instrument_labels import get_label, review
from govatlas.classify.labels.uncertainty import EPS, margin
from govatlas.classify.measured.shipped import (
    PROVISION_MODEL,
    shipped_quality,
    shipped_taxonomies,
)
from govatlas.errors import ConflictError
from govatlas.excerpts import excerpt
from govatlas.review_sheets import SheetRow, Who, by_name, check_rows
from govatlas.store.models import (
    Label,
)
from govatlas.store.review_queues import (
    best_evidence,
    uncertainty_key,
    waiting_label_count,
    waiting_labels,
    waiting_labels_by_taxonomy,
)
from govatlas.store.taxonomies import concept_id
from govatlas.vocabulary import QueueOrder, ReviewStatus

EXCERPT_CHARS = 300


@dataclass(frozen=True)
class WaitingLabel:
    label: Label
    instrument_name: str
    concept_label: str
    evidence_provision: int | None = None
    evidence_path: str | None = None
    evidence_excerpt: str = ""
    instrument_id: str = ""  # the label's instrument, or its provision's
    threshold: float | None = None  # the concept's operating threshold, for model probabilities

    @property
    def uncertainty(self) -> float | None:
        """|logit(score) - logit(threshold)|: 0 on the threshold (``labels.uncertainty``)."""
        if self.threshold is None or self.label.score is None:
            return None
        return float(margin(self.label.score, self.threshold))


def provision_thresholds(taxonomy: str | None = None) -> dict[str, float]:
    """Stored concept id -> the shipped provision classifier's operating threshold."""
    found: dict[str, float] = {}
    for name in shipped_taxonomies():
        if taxonomy is not None and name != taxonomy:
            continue  # a filter never names a file: only shipped models are read
        for concept, measured in shipped_quality(name).items():
            if 0.0 < measured.threshold < 1.0:
                found[concept_id(name, concept)] = measured.threshold
    return found


def label_queue(
    session: Session,
    taxonomy: str | None = None,
    instrument: str | None = None,
    limit: int = 25,
    offset: int = 0,
    excerpt_chars: int = EXCERPT_CHARS,
    order: QueueOrder = QueueOrder.UNCERTAINTY,
) -> list[WaitingLabel]:
    """Unreviewed model labels on instruments and provisions, in ``order`` (see above)."""
    thresholds = provision_thresholds(taxonomy)
    first = (
        uncertainty_key(thresholds, PROVISION_MODEL, EPS)
        if order is QueueOrder.UNCERTAINTY and thresholds
        else None
    )
    rows = waiting_labels(session, taxonomy, instrument, offset, limit, first)
    evidence = best_evidence(session, [label.id for label, *_ in rows])
    waiting = []
    for label, owner, name, concept in rows:
        provision, span = evidence.get(label.id, (None, ""))
        probability = label.model_id == PROVISION_MODEL and label.provision_id is not None
        waiting.append(
            WaitingLabel(
                label,
                name,
                concept,
                provision.id if provision else None,
                provision.path if provision else None,
                excerpt(span, excerpt_chars),
                owner,
                thresholds.get(label.concept_id) if probability else None,
            )
        )
    return waiting


def label_queue_size(
    session: Session, taxonomy: str | None = None, instrument: str | None = None
) -> int:
    return waiting_label_count(session, taxonomy, instrument)


def label_queue_taxonomies(session: Session) -> list[tuple[str, int]]:
    """Taxonomies with labels waiting, and how many, most first."""
    counts = waiting_labels_by_taxonomy(session)
    return sorted(counts, key=lambda item: (-item[1], item[0]))


def sheet_rows(waiting: Sequence[WaitingLabel]) -> list[dict[str, object]]:
    """Labels as rows of a review sheet (``review_sheets.write_sheet``)."""
    return [
        {
            "id": w.label.id,
            "instrument": w.instrument_id,
            "instrument name": w.instrument_name,
            "concept": w.label.concept_id,
            "concept label": w.concept_label,
            "score": round(w.label.score, 3) if w.label.score is not None else None,
            "threshold": round(w.threshold, 3) if w.threshold is not None else None,
            "evidence": w.evidence_path or "",
            "evidence text": w.evidence_excerpt,
            "version": w.label.review_version,
        }
        for w in waiting
    ]


def apply_sheet(
    session: Session, path: Path, rows: Sequence[SheetRow], who: Who | None = None
) -> Counter[str]:
    """Apply a sheet's accept and reject decisions, all or none; counts by outcome.

    A row that repeats a label's recorded decision leaves it as it is ("unchanged"),
    so applying a sheet twice is harmless. A label decided otherwise since the sheet
    was written (its review version is not the row's) is a conflict: the whole sheet
    is refused, nobody's decision is overwritten.
    """

    def wanted(row: SheetRow) -> ReviewStatus:
        return ReviewStatus.ACCEPTED if row.decision == "accept" else ReviewStatus.REJECTED

    def check(row: SheetRow) -> None:
        label = get_label(session, row.id)
        if label.review_status is not wanted(row) and label.review_version != (row.version or 0):
            raise ConflictError(
                f"label {row.id} was decided since the sheet was written "
                f"(now {label.review_status.value}, version {label.review_version})"
            )

    check_rows(path, rows, check)
    done: Counter[str] = Counter()
    for row in rows:
        if get_label(session, row.id).review_status is wanted(row):
            done["unchanged"] += 1
            continue
        review(
            session,
            row.id,
            row.decision == "accept",
            (who or by_name(session))(row),
            row.note,
            row.version,
        )
        done[wanted(row).value] += 1
    return done
