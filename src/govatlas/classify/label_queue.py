"""The machine labels waiting for a person: instrument-level labels from a model,
unreviewed, most confident first, each with its strongest evidence provision.

Deciding on one is ``labelling.review``, one at a time or as a filled-in review
sheet (``sheet_rows``, ``apply_sheet``; see ``review_sheets``); a reviewed
AGORA-tag label is training data for the next model (``agora_data``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from govatlas.classify.labelling import get_label, review
from govatlas.errors import ConflictError
from govatlas.excerpts import excerpt
from govatlas.review_sheets import SheetRow, Who, by_name, check_rows
from govatlas.store.models import Concept, Instrument, Label, LabelEvidence, Provision
from govatlas.vocabulary import LabelMethod, ReviewStatus

EXCERPT_CHARS = 300


@dataclass(frozen=True)
class WaitingLabel:
    label: Label
    instrument_name: str
    concept_label: str
    evidence_provision: int | None = None
    evidence_path: str | None = None
    evidence_excerpt: str = ""


def _waiting(columns: list[Any], taxonomy: str | None, instrument: str | None) -> Select[Any]:
    query: Select[Any] = (
        select(*columns)
        .select_from(Label)
        .join(Concept, Concept.id == Label.concept_id)
        .join(Instrument, Instrument.id == Label.instrument_id)
        .where(Label.method == LabelMethod.MODEL, Label.review_status == ReviewStatus.UNREVIEWED)
    )
    if taxonomy is not None:
        query = query.where(Concept.taxonomy_id == taxonomy)
    if instrument is not None:
        query = query.where(Label.instrument_id == instrument)
    return query


def _best_evidence(session: Session, label_ids: list[int]) -> dict[int, tuple[Provision, str]]:
    """Label id -> its highest-scored evidence provision and the span's text."""
    best: dict[int, tuple[Provision, str]] = {}
    rows = session.execute(
        select(LabelEvidence, Provision)
        .join(Provision, Provision.id == LabelEvidence.provision_id)
        .where(LabelEvidence.label_id.in_(label_ids))
        .order_by(LabelEvidence.label_id, LabelEvidence.score.desc(), LabelEvidence.id)
    )
    for evidence, provision in rows:
        if evidence.label_id not in best:
            span = provision.text[evidence.start_offset : evidence.end_offset]
            best[evidence.label_id] = (provision, span)
    return best


def label_queue(
    session: Session,
    taxonomy: str | None = None,
    instrument: str | None = None,
    limit: int = 25,
    offset: int = 0,
    excerpt_chars: int = EXCERPT_CHARS,
) -> list[WaitingLabel]:
    """Unreviewed model labels on instruments, highest score first."""
    query = _waiting([Label, Instrument.short_name, Concept.pref_label], taxonomy, instrument)
    rows = session.execute(
        query.order_by(Label.score.desc().nulls_last(), Label.id).offset(offset).limit(limit)
    ).all()
    evidence = _best_evidence(session, [label.id for label, _, _ in rows])
    waiting = []
    for label, name, concept in rows:
        provision, span = evidence.get(label.id, (None, ""))
        waiting.append(
            WaitingLabel(
                label,
                name,
                concept,
                provision.id if provision else None,
                provision.path if provision else None,
                excerpt(span, excerpt_chars),
            )
        )
    return waiting


def label_queue_size(
    session: Session, taxonomy: str | None = None, instrument: str | None = None
) -> int:
    return int(session.scalar(_waiting([func.count()], taxonomy, instrument)) or 0)


def label_queue_taxonomies(session: Session) -> list[tuple[str, int]]:
    """Taxonomies with labels waiting, and how many, most first."""
    query = _waiting([Concept.taxonomy_id, func.count()], None, None)
    counts = [(str(t), int(n)) for t, n in session.execute(query.group_by(Concept.taxonomy_id))]
    return sorted(counts, key=lambda item: (-item[1], item[0]))


def sheet_rows(waiting: Sequence[WaitingLabel]) -> list[dict[str, object]]:
    """Labels as rows of a review sheet (``review_sheets.write_sheet``)."""
    return [
        {
            "id": w.label.id,
            "instrument": w.label.instrument_id,
            "instrument name": w.instrument_name,
            "concept": w.label.concept_id,
            "concept label": w.concept_label,
            "score": round(w.label.score, 3) if w.label.score is not None else None,
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
