"""The embedding and labelling jobs on a two-worker local cluster store what the
single-process commands store, survive a worker killed mid-job, keep people's
decisions, and do nothing when run again."""

from __future__ import annotations

import os
import signal
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import Engine, delete, func, select

from govatlas.batch.embedding import embed_on_cluster
from govatlas.batch.labelling import label_on_cluster
from govatlas.classify.encoders.embeddings import get_embedder
from govatlas.classify.encoders.vectors import embed_provisions
from govatlas.classify.labelling_runs import label_with_provision_classifiers
from govatlas.classify.labels.instrument_labels import review
from govatlas.errors import GovatlasError
from govatlas.store.models import (
    Embedding,
    InstrumentVersion,
    Label,
    LabellingRun,
    Provision,
)
from govatlas.store.session import transaction
from govatlas.vocabulary import LabelMethod, ReviewStatus
from tests.batch.conftest import worker_pids

if TYPE_CHECKING:
    from distributed import Client

MINILM = get_embedder("minilm").model_id


def _vectors(engine: Engine, model_id: str) -> dict[str, bytes]:
    with transaction(engine) as session:
        rows = session.execute(
            select(Embedding.text_hash, Embedding.vector).where(Embedding.model_id == model_id)
        )
        return {digest: vector for digest, vector in rows}


def _machine_labels(engine: Engine) -> set[tuple[str, int | None, float | None]]:
    with transaction(engine) as session:
        rows = session.execute(
            select(Label.concept_id, Label.provision_id, Label.score).where(
                Label.method == LabelMethod.MODEL, Label.provision_id.is_not(None)
            )
        )
        return {(c, p, round(s, 6) if s is not None else None) for c, p, s in rows}


def test_embedding_on_the_cluster_stores_what_embed_stores(
    ingested: Engine, cluster: Client
) -> None:
    progress: list[tuple[int, int]] = []
    report = embed_on_cluster(
        ingested, cluster, partition_size=7, progress=lambda *a: progress.append(a)
    )
    assert report.items > 20 and report.written == report.items
    assert report.partitions == -(-report.items // 7)
    assert progress[0] == (0, report.items) and progress[-1] == (report.items, report.items)
    on_cluster = _vectors(ingested, MINILM)
    with transaction(ingested) as session:
        session.execute(delete(Embedding))
    with transaction(ingested) as session:
        embed_provisions(session, get_embedder())
    assert _vectors(ingested, MINILM) == on_cluster  # byte for byte
    # nothing left to do: a second run embeds nothing
    assert embed_on_cluster(ingested, cluster).items == 0


def test_a_worker_killed_mid_job_loses_nothing(ingested: Engine, cluster: Client) -> None:
    pids = worker_pids(cluster)
    killed: list[int] = []

    def kill_one_after_the_first(done: int, _total: int) -> None:
        if done and not killed:
            killed.append(pids[0])
            os.kill(pids[0], signal.SIGKILL)

    report = embed_on_cluster(
        ingested, cluster, partition_size=3, progress=kill_one_after_the_first
    )
    assert killed and report.written == report.items > 20
    with transaction(ingested) as session:  # every text once (the key refuses a second row)
        assert session.scalar(select(func.count()).select_from(Embedding)) == report.items
    cluster.wait_for_workers(2, timeout=60)


def test_labelling_on_the_cluster_stores_what_label_stores(
    ingested: Engine, cluster: Client
) -> None:
    report = label_on_cluster(ingested, cluster, ["fli-blocks", "fli-risks"], partition_size=2)
    assert report.items > 3 and report.written > 0
    on_cluster = _machine_labels(ingested)
    with transaction(ingested) as session:
        runs = session.scalar(select(func.count()).select_from(LabellingRun))
        assert runs == 2 * report.items
    # the single-process labelling of the same instruments stores the same labels
    label_with_provision_classifiers(
        ingested, taxonomies=["fli-blocks", "fli-risks"], instruments=None
    )
    assert _machine_labels(ingested) == on_cluster
    # every version read: a second run has nothing to do
    assert label_on_cluster(ingested, cluster, ["fli-blocks", "fli-risks"]).items == 0


def test_relabelling_on_the_cluster_keeps_peoples_decisions(
    ingested: Engine, cluster: Client
) -> None:
    label_on_cluster(ingested, cluster, ["fli-blocks"])
    with transaction(ingested) as session:
        first = session.scalars(
            select(Label)
            .where(Label.method == LabelMethod.MODEL, Label.provision_id.is_not(None))
            .where(Label.concept_id.startswith("fli-blocks:"))
            .order_by(Label.id)
        ).first()
        assert first is not None and first.provision_id is not None
        review(session, first.id, accept=False, reviewer="A. Analyst")
        decided = (first.id, first.concept_id, first.provision_id)
        owner = session.scalar(
            select(InstrumentVersion.instrument_id)
            .join(Provision, Provision.version_id == InstrumentVersion.id)
            .where(Provision.id == first.provision_id)
        )
    assert owner is not None
    again = label_on_cluster(ingested, cluster, ["fli-blocks"], [owner, owner])
    assert again.items == 1
    with transaction(ingested) as session:
        kept = session.get_one(Label, decided[0])
        assert kept.review_status is ReviewStatus.REJECTED
        duplicates = session.scalar(
            select(func.count())
            .select_from(Label)
            .where(Label.concept_id == decided[1], Label.provision_id == decided[2])
        )
        assert duplicates == 1  # the rejected concept is not proposed again


def test_labelling_without_shipped_classifiers_says_so(ingested: Engine, cluster: Client) -> None:
    with pytest.raises(GovatlasError, match="no provision classifier for 'agora'"):
        label_on_cluster(ingested, cluster, ["agora"])
