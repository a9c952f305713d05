"""Where a batch job runs: the Dask scheduler ``GOVATLAS_DASK_SCHEDULER`` names (one or
more machines, ``docs/scale-out.md``), else a ``LocalCluster`` started for the job.

A local cluster runs one single-threaded worker process per core asked for
(``GOVATLAS_DASK_WORKERS``, default 2), each with ``GOVATLAS_THREADS=1`` so that its
models do not fight the other workers for the cores. It listens on loopback only (its
scheduler's metrics page too, on a free port). Dask is imported here, when a job
starts, never at the command line's start.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from govatlas.config import load_settings
from govatlas.errors import GovatlasError, InvalidInputError

if TYPE_CHECKING:
    from distributed import Client

CONNECT_TIMEOUT = "10s"
WORKER_WAIT_SECONDS = 60  # how long a job waits for a scheduler's first worker
WORKER_ENVIRONMENT = {
    "GOVATLAS_THREADS": "1",
    "OMP_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
}


def _distributed() -> None:
    try:
        import distributed  # noqa: F401
    except ImportError as exc:  # pragma: no cover - dask is a dependency
        raise GovatlasError(
            "Dask distributed is not installed", "pip install 'dask[distributed]'"
        ) from exc


@contextmanager
def dask_client(scheduler: str | None = None, workers: int | None = None) -> Iterator[Client]:
    """A client of the scheduler at ``scheduler`` (else ``GOVATLAS_DASK_SCHEDULER``), or
    of a local cluster of ``workers`` processes (else ``GOVATLAS_DASK_WORKERS``) that
    lives as long as the block."""
    _distributed()
    from distributed import Client, LocalCluster

    settings = load_settings()
    address = scheduler if scheduler is not None else settings.dask_scheduler
    if address:
        try:
            client = Client(address, timeout=CONNECT_TIMEOUT)
        except (OSError, TimeoutError) as exc:
            raise InvalidInputError(
                f"no Dask scheduler answers at {address} ({exc.__class__.__name__})",
                "start one (dask scheduler) or unset GOVATLAS_DASK_SCHEDULER to run locally",
            ) from None
        try:
            _check_workers(client, address)
            yield client
        finally:
            client.close()
        return
    cluster = LocalCluster(
        n_workers=workers or settings.dask_workers,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address="127.0.0.1:0",  # its metrics page: loopback, a free port
        silence_logs=logging.ERROR,
        env=WORKER_ENVIRONMENT,
    )
    client = Client(cluster)
    try:
        yield client
    finally:
        client.close()
        cluster.close()


def govatlas_version() -> str:
    """On a worker: the govatlas it imports."""
    from govatlas import __version__

    return __version__


def _check_workers(client: Client, address: str) -> None:
    """A scheduler's workers are there and run the same govatlas as this process, or a
    clear error (a job would otherwise wait for ever, or mix two versions' models)."""
    from govatlas import __version__

    try:
        client.wait_for_workers(1, timeout=WORKER_WAIT_SECONDS)
    except TimeoutError:
        raise InvalidInputError(
            f"the Dask scheduler at {address} has no worker after {WORKER_WAIT_SECONDS} s",
            "start workers: dask worker " + address + " --nthreads 1",
        ) from None
    try:
        versions = client.run(govatlas_version)
    except Exception as exc:  # the worker could not import govatlas or run the check
        raise InvalidInputError(
            f"a worker of {address} cannot run govatlas ({exc.__class__.__name__}: {exc})",
            f"install govatlas {__version__} in every worker's environment",
        ) from exc
    other = sorted(
        {
            f"{worker} has {version}"
            for worker, version in versions.items()
            if version != __version__
        }
    )
    if other:
        raise InvalidInputError(
            f"workers run another govatlas than this process ({__version__}): {'; '.join(other)}",
            f"install govatlas {__version__} on every worker",
        )
