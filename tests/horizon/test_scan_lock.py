"""A killed scan does not block scanning (issue 26, finding 10: the lock holder was not
checked, so a scan killed with SIGKILL held the lock for six hours)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import timedelta

from sqlalchemy import Engine, select
from typer.testing import CliRunner

from govatlas.cli import app
from govatlas.errors import ExitCode
from govatlas.store.models import HorizonLock, utcnow
from govatlas.store.session import transaction
from tests.horizon.conftest import Site
from tests.horizon.test_scan import V1

runner = CliRunner(env={"COLUMNS": "400"})
KILLED_SCAN = """
import os, signal, sys
from govatlas.horizon.lock import store_lock
from govatlas.store.engine import make_engine
held = store_lock(make_engine(sys.argv[1]), "scan")
held.__enter__()
os.kill(os.getpid(), signal.SIGKILL)
"""


def _flat(output: str) -> str:
    return " ".join(output.split())


def _watch(site: Site) -> None:
    url = site.serve("/alpha", V1)
    assert runner.invoke(app, ["watch", "add", url, "--instrument", "alpha-act"]).exit_code == 0


def test_a_scan_killed_while_holding_the_lock_does_not_block_the_next(
    built: Engine, env_db: str, site: Site
) -> None:
    _watch(site)
    killed = subprocess.run(
        [sys.executable, "-c", KILLED_SCAN, env_db], env=os.environ.copy(), check=False
    )
    assert killed.returncode == -9  # SIGKILL: no clean-up ran
    with transaction(built) as session:
        assert len(session.scalars(select(HorizonLock)).all()) == 1  # left behind
    doctor = runner.invoke(app, ["doctor"])
    assert "stale" in _flat(doctor.output) and "no longer running" in _flat(doctor.output)
    result = runner.invoke(app, ["scan", "--host-interval", "0"])
    assert result.exit_code == 0, result.output
    assert "watch 1: changed" in _flat(result.output)
    with transaction(built) as session:
        assert session.scalars(select(HorizonLock)).all() == []  # released after the scan


def test_a_lock_from_another_host_is_taken_over_once_its_heartbeat_stops(
    built: Engine, env_db: str, site: Site
) -> None:
    _watch(site)
    now = utcnow()
    with transaction(built) as session:
        session.add(
            HorizonLock(
                name="scan",
                holder="elsewhere pid 4242",
                host="elsewhere",
                pid=4242,
                heartbeat_at=now,
                expires_at=now + timedelta(minutes=10),
            )
        )
    result = runner.invoke(app, ["scan", "--host-interval", "0"])
    assert result.exit_code == ExitCode.BUSY  # alive: its heartbeat is recent
    assert "elsewhere pid 4242, last heartbeat" in _flat(result.output)
    with transaction(built) as session:
        lock = session.get_one(HorizonLock, "scan")
        lock.heartbeat_at = now - timedelta(minutes=30)
        lock.expires_at = now - timedelta(minutes=20)
    doctor = _flat(runner.invoke(app, ["doctor"]).output)
    assert "stale: held by elsewhere pid 4242, but no heartbeat since" in doctor
    result = runner.invoke(app, ["scan", "--host-interval", "0"])
    assert result.exit_code == 0, result.output


def test_the_heartbeat_keeps_a_long_scan_alive(built: Engine) -> None:
    from govatlas.horizon.lock import store_lock

    with store_lock(built, "scan", heartbeat=timedelta(milliseconds=50)):
        with transaction(built) as session:
            first = session.get_one(HorizonLock, "scan").heartbeat_at
        time.sleep(0.4)
        with transaction(built) as session:
            lock = session.get_one(HorizonLock, "scan")
            assert lock.heartbeat_at is not None and first is not None
            assert lock.heartbeat_at > first
            assert lock.host and lock.pid == os.getpid()
