"""GOVATLAS_THREADS caps the threads of a process's models and linear algebra, and a
GOVATLAS_* variable that does not parse is one line naming it, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator

import numpy as np
import pytest
from threadpoolctl import ThreadpoolController

from govatlas.classify.encoders import embeddings
from govatlas.config import Settings
from govatlas.errors import ExitCode, InvalidInputError
from govatlas.threads import THREAD_VARIABLES, limit_threads


@pytest.fixture
def restored_pools() -> Iterator[ThreadpoolController]:
    """The thread pools as they were before the test, whatever it limits."""
    assert np.ones(1).sum() == 1  # numpy (and its BLAS) is loaded
    controller = ThreadpoolController()
    before = [info["num_threads"] for info in controller.info()]
    yield controller
    for pool, threads in zip(controller.lib_controllers, before, strict=True):
        pool.set_num_threads(threads)


def test_unset_changes_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GOVATLAS_THREADS", raising=False)
    for variable in THREAD_VARIABLES:
        monkeypatch.delenv(variable, raising=False)
    assert limit_threads() is None
    assert not any(variable in os.environ for variable in THREAD_VARIABLES)


def test_a_cap_reaches_blas_openmp_and_the_models(
    monkeypatch: pytest.MonkeyPatch, restored_pools: ThreadpoolController
) -> None:
    monkeypatch.setenv("GOVATLAS_THREADS", "1")
    monkeypatch.setenv("MKL_NUM_THREADS", "3")  # the user's own choice stays
    for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        monkeypatch.delenv(variable, raising=False)
    assert limit_threads() == 1
    assert os.environ["OMP_NUM_THREADS"] == "1"
    assert os.environ["OPENBLAS_NUM_THREADS"] == "1"
    assert os.environ["MKL_NUM_THREADS"] == "3"
    assert all(info["num_threads"] == 1 for info in ThreadpoolController().info())
    assert embeddings._threads() == 1


def test_the_default_is_every_core_up_to_eight(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GOVATLAS_THREADS", raising=False)
    monkeypatch.setattr("os.cpu_count", lambda: 64)
    assert Settings().cpu_threads == 8
    monkeypatch.setattr("os.cpu_count", lambda: 2)
    assert Settings().cpu_threads == 2


@pytest.mark.parametrize(
    ("variable", "value"), [("GOVATLAS_THREADS", "-1"), ("GOVATLAS_PORT", "abc")]
)
def test_a_bad_setting_is_named(monkeypatch: pytest.MonkeyPatch, variable: str, value: str) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(InvalidInputError, match=f"^{variable}='{value}': "):
        Settings()


def test_the_command_line_reports_a_bad_setting_in_one_line() -> None:
    run = subprocess.run(
        [sys.executable, "-c", "from govatlas.cli import main; main()", "doctor"],
        env={"GOVATLAS_PORT": "abc", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == ExitCode.INVALID_INPUT
    assert run.stderr.splitlines()[0] == (
        "error: GOVATLAS_PORT='abc': Input should be a valid integer, "
        "unable to parse string as an integer"
    )
    assert "Traceback" not in run.stderr
