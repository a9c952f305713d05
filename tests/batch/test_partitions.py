"""Partitioned runs on a two-worker local cluster: every partition written once, a
killed worker costs a retried partition, a failing one stops the run with what was
finished kept."""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import cloudpickle
import pytest

from govatlas.batch import Partition, make_partitions, run_partitions
from govatlas.errors import GovatlasError
from tests.batch.conftest import worker_pids

if TYPE_CHECKING:
    from distributed import Client

# the tasks below are sent to the workers by value: the worker processes need not
# import the tests
cloudpickle.register_pickle_by_value(sys.modules[__name__])


def squares(items: tuple[int, ...]) -> list[int]:
    return [i * i for i in items]


def die_once(marker: str, items: tuple[int, ...]) -> list[int]:
    """The first task to run kills its own worker process, as a crash would."""
    if 3 in items and not Path(marker).exists():
        Path(marker).write_text(str(os.getpid()))
        os.kill(os.getpid(), signal.SIGKILL)
    return [i * i for i in items]


def fail_on_seven(items: tuple[int, ...]) -> list[int]:
    if 7 in items:
        raise ValueError("seven is not allowed")
    return [i * i for i in items]


def test_partitions_cut_in_order_with_keys_from_their_items() -> None:
    parts = make_partitions(list(range(10)), 4, "job")
    assert [p.items for p in parts] == [(0, 1, 2, 3), (4, 5, 6, 7), (8, 9)]
    assert parts[0].key.startswith("job-0-") and parts[2].key.startswith("job-2-")
    assert make_partitions(list(range(10)), 4, "job") == parts  # same work, same keys
    assert make_partitions([0, 1, 2, 9], 4, "job")[0].key != parts[0].key
    assert make_partitions([], 4, "job") == []
    with pytest.raises(GovatlasError, match="at least one item"):
        make_partitions([1], 0, "job")


def test_every_partition_is_computed_and_written_once(cluster: Client) -> None:
    written: dict[str, list[int]] = {}
    seen: list[tuple[int, int]] = []

    def write(partition: Partition[int], result: list[int]) -> int:
        assert partition.key not in written
        written[partition.key] = result
        return len(result)

    parts = make_partitions(list(range(50)), 3, "squares")
    report = run_partitions(cluster, parts, squares, write, lambda *a: seen.append(a), window=2)
    assert report.partitions == len(parts) == 17 and report.items == 50 and report.written == 50
    assert sorted(v for values in written.values() for v in values) == [i * i for i in range(50)]
    assert seen[0] == (0, 50) and seen[-1] == (50, 50) and len(seen) == 18


def test_a_killed_worker_costs_only_a_retried_partition(cluster: Client, tmp_path: Path) -> None:
    from functools import partial

    marker = tmp_path / "killed"
    before = worker_pids(cluster)
    written: dict[str, list[int]] = {}

    def write(partition: Partition[int], result: list[int]) -> int:
        assert partition.key not in written  # nothing written twice
        written[partition.key] = result
        return len(result)

    parts = make_partitions(list(range(20)), 2, "die")
    report = run_partitions(cluster, parts, partial(die_once, str(marker)), write)
    assert marker.exists()  # a worker did die mid-job
    assert int(marker.read_text()) in before
    assert report.partitions == 10 and report.written == 20
    assert sorted(v for values in written.values() for v in values) == [i * i for i in range(20)]
    cluster.wait_for_workers(2, timeout=60)  # the nanny started a new worker
    assert int(marker.read_text()) not in worker_pids(cluster)


def test_a_failing_partition_stops_the_run_and_keeps_what_was_written(cluster: Client) -> None:
    written: list[str] = []

    def write(partition: Partition[int], result: list[int]) -> int:
        written.append(partition.key)
        return len(result)

    parts = make_partitions(list(range(12)), 2, "fail")
    with pytest.raises(GovatlasError, match=r"partition fail-3-\w+ failed: ValueError: seven"):
        run_partitions(cluster, parts, fail_on_seven, write, window=1)
    assert written == [p.key for p in parts[:3]]  # one at a time: those before it, in order
