"""The build's machine crosswalks (``crosswalk.machine``) on a Dask cluster: candidate
generation between every pair of stored major frameworks, a pair per partition.

This process reads each pair's units, its ranker (the full-text calibration between two
stored texts) and people's decisions between them (``load``, just before the pair is
sent); a worker computes the alignment from those plain passages (embedding both texts,
BM25, the shipped ranker, ``align.align``; each worker embeds a framework once for all
the pairs it gets) and sends back the candidates; this process
stores them in one transaction (``suggest.store_alignment``), which replaces the pair's
waiting suggestions and leaves out pairs decided meanwhile. A lost worker means the pair
is aligned again; a job run again aligns only the pairs not aligned with their current
units and this ranker (``machine.pairs_to_align``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from govatlas.batch.partitions import BatchReport, Partition, make_partitions, run_partitions
from govatlas.crosswalk.align import SHIPPED_RANKER, Candidate, Ranker, VectorCache, align
from govatlas.crosswalk.machine import AUTHOR, MIN_PROBABILITY, TOP, pairs_to_align
from govatlas.crosswalk.neighbour_votes import Reviewed
from govatlas.crosswalk.reviewed_tasks import decisions_between
from govatlas.crosswalk.suggest import SuggestOptions, ranker_for, store_alignment
from govatlas.interrupts import Stop
from govatlas.records import Passage
from govatlas.store.units import unit_passage, unit_provisions

if TYPE_CHECKING:
    from distributed import Client

Pair = tuple[str, str]  # (source framework, target framework)


@dataclass(frozen=True)
class PairWork:
    """What a worker needs to align one pair, and what storing its answer needs."""

    sources: list[Passage]
    targets: list[Passage]
    ranker: Ranker
    reviewed: Reviewed

    @property
    def units(self) -> tuple[list[int], list[int]]:
        return [int(p.id) for p in self.sources], [int(p.id) for p in self.targets]


# A worker process's embeddings, kept between its tasks: a framework is in several pairs,
# and embedding it again for each made the job three times slower than one process
# (benchmarks/crosswalk_batch.py).
_WORKER_VECTORS = VectorCache()


def align_pair(work: PairWork) -> list[Candidate]:
    """On a worker: the pair's candidates, ``TOP`` per source unit."""
    return align(work.sources, work.targets, TOP, None, work.ranker, work.reviewed, _WORKER_VECTORS)


def read_pair(engine: Engine, pair: Pair) -> PairWork:
    """The pair's units as passages, its ranker and people's decisions between them."""
    source, target = pair
    with Session(engine) as session:
        sources = unit_provisions(session, source)
        targets = unit_provisions(session, target)
        ranker = ranker_for(session, pair, SHIPPED_RANKER)
        reviewed = decisions_between(session, [p.id for p in sources], [p.id for p in targets])
        return PairWork(
            [unit_passage(p) for p in sources], [unit_passage(p) for p in targets], ranker, reviewed
        )


@dataclass(frozen=True)
class CrosswalkReport:
    batch: BatchReport  # items: pairs aligned; written: suggestions stored
    skipped: list[tuple[str, str]]  # framework, why it was left out


def crosswalks_on_cluster(
    engine: Engine,
    client: Client,
    progress: Callable[[int, int], None] = lambda _done, _total: None,
    stop: Stop | None = None,
) -> CrosswalkReport:
    """Align, on the cluster ``client`` reaches, every pair of stored major frameworks
    not aligned yet; ``progress`` gets (pairs done, pairs to do)."""
    todo, skipped = pairs_to_align(engine)
    partitions = make_partitions(todo, 1, "crosswalk", lambda pair: f"{pair[0]}->{pair[1]}")
    read: dict[str, PairWork] = {}  # the pairs in flight, kept for storing their answer
    options = SuggestOptions(AUTHOR, MIN_PROBABILITY)

    def load(partition: Partition[Pair]) -> PairWork:
        read[partition.key] = work = read_pair(engine, partition.items[0])
        return work

    def write(partition: Partition[Pair], candidates: list[Candidate]) -> int:
        work = read.pop(partition.key)
        result = store_alignment(
            engine, work.units, candidates, work.reviewed, work.ranker, options
        )
        return result.suggestions

    report = run_partitions(client, partitions, align_pair, write, progress, stop=stop, load=load)
    return CrosswalkReport(report, skipped)
