"""Batch work across processes and machines on Dask distributed.

A batch job cuts its work into partitions (``partitions``), sends them to the workers of
a Dask cluster (``cluster``: the scheduler ``GOVATLAS_DASK_SCHEDULER`` names, else a
local cluster on this machine), and writes each finished partition back to the store
in one transaction of its own, in an idempotent way: a partition retried after a lost
worker, or a job run again after an interrupted one, leaves the store as one clean run
would. The jobs themselves are in ``embedding`` and ``labelling``.
"""

from govatlas.batch.cluster import dask_client
from govatlas.batch.partitions import BatchReport, Partition, make_partitions, run_partitions

__all__ = ["BatchReport", "Partition", "dask_client", "make_partitions", "run_partitions"]
