"""How many CPU threads one govatlas process lets its numerical libraries use.

``GOVATLAS_THREADS`` (see ``config``) caps every thread pool a command may start:
onnxruntime reads it when a model session is made (``classify.encoders.embeddings``); here the
command line applies it to the BLAS already loaded (numpy's OpenBLAS) and, through
the environment, to the OpenMP and BLAS libraries loaded later (multilingual-e5,
scikit-learn). Unset, the libraries keep their own defaults (every core).
"""

from __future__ import annotations

import os
import sys

from govatlas.config import Settings
from govatlas.errors import InvalidInputError

THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def limit_threads() -> int | None:
    """Apply ``GOVATLAS_THREADS`` to this process; the cap applied, or None when unset.

    A variable already set by the user (``OMP_NUM_THREADS`` …) is left as it is. A
    ``GOVATLAS_*`` variable that does not parse ends the command with its one-line
    error (exit code 3) before anything runs."""
    try:
        threads = Settings().threads
    except InvalidInputError as exc:
        print(f"error: {exc.message}\nhint: {exc.hint}", file=sys.stderr)
        raise SystemExit(int(exc.exit_code)) from None
    if not threads:
        return None
    for variable in THREAD_VARIABLES:
        os.environ.setdefault(variable, str(threads))
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=threads)
    return threads
