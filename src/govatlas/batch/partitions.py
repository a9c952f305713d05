"""Partitioned batch work: cut, send to Dask workers, write back one partition at a time.

``make_partitions`` cuts a job's items into partitions whose keys derive from their
contents, so the same work always has the same key. ``run_partitions`` submits them to a
Dask client (at most ``window`` at a time, so a million items never sit in the
scheduler's memory at once) and, as each finishes, hands its result to the job's
``write``, which stores it in one transaction of its own and must be idempotent: storing
a partition's result twice leaves the store as storing it once.

What this buys:

- a worker lost mid-task (killed, out of memory, its machine gone) costs only its
  partition: the scheduler reruns it on another worker (Dask's ``allowed-failures``,
  three by default) and nothing of it was written;
- a job that stops (an error, Ctrl-C, the scheduler gone) keeps every partition written
  before it; a job derives its items from what the store lacks, so running it again
  does only the rest;
- nothing half-written: a partition is written whole or not at all.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from govatlas.errors import GovatlasError
from govatlas.interrupts import Stop

if TYPE_CHECKING:
    from distributed import Client

Item = TypeVar("Item")
Payload = TypeVar("Payload")
Result = TypeVar("Result")

TASK_RETRIES = (
    2  # a task that raised is tried this many more times (lost workers: allowed-failures)
)


@dataclass(frozen=True)
class Partition(Generic[Item]):
    """A slice of a job's items, named by a key that derives from them."""

    key: str
    items: tuple[Item, ...]


@dataclass(frozen=True)
class BatchReport:
    """What a batch run did: partitions and items done, rows its writes reported, and
    how long it took."""

    partitions: int
    items: int
    written: int
    seconds: float


def make_partitions(
    items: Sequence[Item],
    size: int,
    job: str,
    identity: Callable[[Item], Hashable] = repr,
) -> list[Partition[Item]]:
    """``items`` in order, ``size`` per partition; each key is ``job``, the partition's
    place and a digest of its items' identities (their ``repr`` unless told otherwise)."""
    if size < 1:
        raise GovatlasError(f"a partition needs at least one item, not {size}")
    partitions = []
    for index, start in enumerate(range(0, len(items), size)):
        chunk = tuple(items[start : start + size])
        digest = hashlib.sha256()
        for item in chunk:
            digest.update(repr(identity(item)).encode("utf-8"))
            digest.update(b"\x00")
        partitions.append(Partition(f"{job}-{index}-{digest.hexdigest()[:16]}", chunk))
    return partitions


def run_partitions(
    client: Client,
    partitions: Sequence[Partition[Item]],
    compute: Callable[[Any], Result],
    write: Callable[[Partition[Item], Result], int],
    progress: Callable[[int, int], None] = lambda _done, _total: None,
    window: int | None = None,
    stop: Stop | None = None,
    load: Callable[[Partition[Item]], Any] | None = None,
) -> BatchReport:
    """Run ``compute`` on every partition on the cluster and ``write`` each result on
    this process as it arrives (``progress`` gets the items done and the items in all,
    first (0, total), then after each partition).

    ``compute`` gets the partition's items, or what ``load`` makes of the partition on
    this process just before it is sent (texts read from the store, say), so that only
    the partitions in flight are held in memory.

    A partition whose task fails for good (its error raised again after
    ``TASK_RETRIES``, or its workers lost too often) ends the run with that error; the
    partitions written before it stay written."""
    from distributed import as_completed

    started = time.perf_counter()
    width = window or max(2, 2 * _worker_threads(client))
    pending = list(reversed(partitions))
    by_key: dict[str, Partition[Item]] = {}
    written = items = done = 0
    total = sum(len(p.items) for p in partitions)
    progress(0, total)

    def submit_next() -> Any:
        partition = pending.pop()
        by_key[partition.key] = partition
        payload = load(partition) if load is not None else partition.items
        return client.submit(compute, payload, key=partition.key, retries=TASK_RETRIES, pure=False)

    running = as_completed([submit_next() for _ in range(min(width, len(pending)))])
    try:
        for future in running:
            partition = by_key.pop(future.key)
            try:
                result = future.result()
            except Exception as exc:
                raise GovatlasError(
                    f"partition {partition.key} failed: {_reason(exc)}; the {done} partition(s) "
                    "finished before it are stored",
                    "run the same command again to do the rest",
                ) from exc
            finally:
                future.release()
            written += write(partition, result)
            done += 1
            items += len(partition.items)
            progress(items, total)
            if stop is not None:
                stop.check("during a batch job")
            if pending:
                running.add(submit_next())
    finally:
        for future in list(running.futures):
            future.cancel()
    return BatchReport(done, items, written, time.perf_counter() - started)


def _worker_threads(client: Client) -> int:
    info = client.scheduler_info()
    workers = info.get("workers", {}) if isinstance(info, dict) else {}
    return sum(int(w.get("nthreads", 1)) for w in workers.values()) or 1


def _reason(exc: BaseException) -> str:
    text = str(exc).splitlines()[0] if str(exc) else ""
    return f"{exc.__class__.__name__}: {text}" if text else exc.__class__.__name__
