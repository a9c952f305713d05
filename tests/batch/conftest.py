"""A Dask cluster of two worker processes on loopback, shared by the batch tests."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from govatlas.batch import dask_client

if TYPE_CHECKING:
    from distributed import Client


@pytest.fixture(scope="module")
def cluster() -> Iterator[Client]:
    with dask_client(workers=2) as client:
        client.wait_for_workers(2, timeout=60)
        yield client


def worker_pids(client: Client) -> list[int]:
    import os

    return sorted(client.run(os.getpid).values())
