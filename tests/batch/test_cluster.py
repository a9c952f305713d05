"""Reaching a cluster: a running scheduler by its address (``GOVATLAS_DASK_SCHEDULER``),
with clear errors when nothing answers there or no worker is connected."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from govatlas.batch import cluster as cluster_module
from govatlas.batch import dask_client
from govatlas.errors import InvalidInputError

if TYPE_CHECKING:
    from distributed import Scheduler


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def lone_scheduler() -> Iterator[str]:
    """A scheduler with no workers, in this process."""
    from distributed import LocalCluster

    with LocalCluster(
        n_workers=0,
        host="127.0.0.1",
        protocol="tcp",
        dashboard_address="127.0.0.1:0",
        processes=False,
    ) as empty:
        scheduler: Scheduler = empty.scheduler
        yield str(scheduler.address)


def test_a_scheduler_named_by_the_environment_is_used(
    cluster: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    from distributed import Client

    assert isinstance(cluster, Client)
    monkeypatch.setenv("GOVATLAS_DASK_SCHEDULER", str(cluster.scheduler.address))
    with dask_client() as client:
        assert client.scheduler.address == cluster.scheduler.address
        assert client.submit(sum, [1, 2, 3]).result() == 6


def test_no_scheduler_at_the_address_is_one_clear_error() -> None:
    address = f"tcp://127.0.0.1:{_free_port()}"
    with (
        pytest.raises(InvalidInputError, match=f"no Dask scheduler answers at {address}"),
        dask_client(address),
    ):
        pass


def test_a_scheduler_without_workers_is_one_clear_error(
    lone_scheduler: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cluster_module, "WORKER_WAIT_SECONDS", 1)
    with (
        pytest.raises(InvalidInputError, match="has no worker after 1 s"),
        dask_client(lone_scheduler),
    ):
        pass
