"""A reviewer deciding while a batch job relabels the same text: the decision is never
lost. Either it lands first and the job leaves the label (with its evidence) alone, or
the job replaced the label first and the reviewer is told it no longer exists; never a
decision recorded on a label the job then deletes. Runs on SQLite and, in CI, on
PostgreSQL, where the job locks the labels it replaces."""

from __future__ import annotations

import threading
import time
from typing import TYPE_CHECKING, Any

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.exc import SQLAlchemyError

from govatlas.batch.labelling import label_on_cluster
from govatlas.classify.labels.instrument_labels import review
from govatlas.classify.provisions import labelling
from govatlas.errors import ConflictError, GovatlasError, NotFoundError
from govatlas.store.models import (
    InstrumentVersion,
    Label,
    LabelEvidence,
    Provision,
    ReviewDecision,
)
from govatlas.store.session import transaction
from govatlas.vocabulary import LabelMethod, ReviewStatus, ReviewSubject

if TYPE_CHECKING:
    from distributed import Client


def _a_machine_label(engine: Engine) -> tuple[int, str]:
    with transaction(engine) as session:
        label_id, instrument = session.execute(
            select(Label.id, InstrumentVersion.instrument_id)
            .join(Provision, Provision.id == Label.provision_id)
            .join(InstrumentVersion, InstrumentVersion.id == Provision.version_id)
            .where(
                Label.method == LabelMethod.MODEL,
                Label.concept_id.startswith("fli-blocks:"),
                Label.review_status == ReviewStatus.UNREVIEWED,
            )
            .order_by(Label.id)
        ).first() or (None, None)
    assert label_id is not None and instrument is not None
    return label_id, instrument


def _decisions_hold(engine: Engine) -> None:
    """Every decision on a label names a label that exists, in the state decided."""
    with transaction(engine) as session:
        for subject_id, decision in session.execute(
            select(ReviewDecision.subject_id, ReviewDecision.decision).where(
                ReviewDecision.subject == ReviewSubject.LABEL
            )
        ):
            label = session.get(Label, subject_id)
            assert label is not None, f"a decision ({decision}) on label {subject_id}, gone"
            assert label.review_status is not ReviewStatus.UNREVIEWED


@pytest.mark.parametrize("reviewer_waits", [0.0, 0.4])
def test_a_decision_made_while_the_job_relabels_is_never_lost(
    ingested: Engine, cluster: Client, monkeypatch: pytest.MonkeyPatch, reviewer_waits: float
) -> None:
    label_on_cluster(ingested, cluster, ["fli-blocks"])
    label_id, instrument = _a_machine_label(ingested)
    outcome: dict[str, Any] = {}

    def reviewer() -> None:
        time.sleep(reviewer_waits)
        try:
            with transaction(ingested) as session:
                review(session, label_id, accept=True, reviewer="A. Analyst")
            outcome["result"] = "accepted"
        except (ConflictError, NotFoundError) as exc:  # replaced before or while deciding
            outcome["result"] = str(exc)

    real = labelling.stale_machine_labels
    threads: list[threading.Thread] = []

    def racing(session: Any, version_id: int, models: Any, concepts: Any) -> list[int]:
        found = real(session, version_id, models, concepts)
        if label_id in found and not threads:  # the job has read the label as replaceable
            threads.append(threading.Thread(target=reviewer))
            threads[0].start()
            time.sleep(0.2)  # the reviewer decides now, while the job goes on
        return found

    monkeypatch.setattr(labelling, "stale_machine_labels", racing)
    try:
        label_on_cluster(ingested, cluster, ["fli-blocks"], [instrument])
        job = "stored"
    except (GovatlasError, SQLAlchemyError) as exc:  # a write refused: the job stops
        job = f"stopped: {exc}"
    for thread in threads:
        thread.join(timeout=60)
    assert threads and "result" in outcome, (job, outcome)
    _decisions_hold(ingested)
    with transaction(ingested) as session:
        kept = session.get(Label, label_id)
        if outcome["result"] == "accepted":  # the decision landed: the label stays whole
            assert kept is not None and kept.review_status is ReviewStatus.ACCEPTED
            evidence = session.scalar(
                select(func.count())
                .select_from(LabelEvidence)
                .where(LabelEvidence.label_id == label_id)
            )
            assert evidence, "the accepted label lost its evidence"
        else:  # the job replaced it first, and the reviewer was told
            assert kept is None
            assert "no longer exists" in outcome["result"] or "no label" in outcome["result"]
