"""The build's machine crosswalks on a Dask cluster: the same suggestions as the
single process makes, a pair per partition, nothing done twice, reviews kept."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from sqlalchemy import Engine, delete

from govatlas.batch import crosswalks
from govatlas.batch.crosswalks import crosswalks_on_cluster
from govatlas.crosswalk import machine
from govatlas.crosswalk.machine import AUTHOR, build_machine_crosswalks, pairs_to_align
from govatlas.store.crosswalk_rows import links_by_author
from govatlas.store.models import Relationship
from govatlas.store.session import transaction

if TYPE_CHECKING:
    from distributed import Client


def _machine_links(engine: Engine) -> set[tuple[int, int, str, float]]:
    with transaction(engine) as session:
        return links_by_author(session, AUTHOR)


def _forget_machine_links(engine: Engine) -> None:
    with transaction(engine) as session:
        session.execute(delete(Relationship).where(Relationship.author == AUTHOR))


def test_the_cluster_stores_what_the_build_stores(
    ingested: Engine, cluster: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the fixture's short texts are rarely linked with the build's confidence: keep more
    for module in (crosswalks, machine):
        monkeypatch.setattr(module, "MIN_PROBABILITY", 0.01)
    _forget_machine_links(ingested)
    todo, _skipped = pairs_to_align(ingested)
    assert ("eu-ai-act", "nist-ai-rmf-1-0") in todo
    progress: list[tuple[int, int]] = []
    report = crosswalks_on_cluster(ingested, cluster, lambda *a: progress.append(a))
    assert report.batch.partitions == report.batch.items == len(todo)
    assert progress[0] == (0, len(todo)) and progress[-1] == (len(todo), len(todo))
    on_cluster = _machine_links(ingested)
    assert report.batch.written == len(on_cluster) > 0
    # nothing left to do: a second run aligns no pair
    assert crosswalks_on_cluster(ingested, cluster).batch.items == 0
    _forget_machine_links(ingested)
    build_machine_crosswalks(ingested)
    assert _machine_links(ingested) == on_cluster
