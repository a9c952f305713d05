"""A server worker runs at most ``GOVATLAS_WORKER_THREADS`` requests at once (the rest
wait their turn) and ``govatlas serve`` sets two, with templates kept compiled."""

from __future__ import annotations

import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import anyio.to_thread
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from typer.testing import CliRunner

from govatlas.cli import app as cli
from govatlas.commands import serve
from govatlas.web.app import create_app
from govatlas.web.rendering import templates


async def _tokens() -> float:
    return anyio.to_thread.current_default_thread_limiter().total_tokens


def _most_at_once(engine: Engine, requests: int) -> int:
    """How many requests of a slow page the app ran at the same time."""
    app = create_app(engine)
    running, most = 0, 0
    lock = threading.Lock()

    @app.get("/slow-page-for-test")
    def slow() -> dict[str, bool]:
        nonlocal running, most
        with lock:
            running += 1
            most = max(most, running)
        time.sleep(0.05)
        with lock:
            running -= 1
        return {"ok": True}

    with TestClient(app) as client, ThreadPoolExecutor(requests) as pool:
        # distinct URLs: identical requests at the same time wait for one answer (cache.py)
        answers = list(
            pool.map(lambda n: client.get(f"/slow-page-for-test?n={n}"), range(requests))
        )
    assert all(a.status_code == 200 for a in answers)
    return most


def test_a_worker_runs_at_most_its_threads_at_once(
    migrated: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GOVATLAS_WORKER_THREADS", "1")
    with TestClient(create_app(migrated)) as client:
        assert client.portal is not None
        assert client.portal.call(_tokens) == 1
    assert _most_at_once(migrated, 4) == 1
    monkeypatch.setenv("GOVATLAS_WORKER_THREADS", "0")  # the framework's default
    with TestClient(create_app(migrated)) as client:
        assert client.portal is not None
        assert client.portal.call(_tokens) == 40
    assert _most_at_once(migrated, 4) > 1


def test_a_bad_thread_count_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVATLAS_WORKER_THREADS", "-1")
    with pytest.raises(Exception, match="GOVATLAS_WORKER_THREADS"):
        create_app()


def test_serve_gives_its_workers_two_threads_and_compiled_templates(
    migrated: Engine, env_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: dict[str, Any] = {}

    def run(*_args: Any) -> None:  # instead of starting uvicorn
        seen.update(
            threads=os.environ.get("GOVATLAS_WORKER_THREADS"),
            reload=os.environ.get("GOVATLAS_TEMPLATE_RELOAD"),
        )

    for name in ("GOVATLAS_WORKER_THREADS", "GOVATLAS_TEMPLATE_RELOAD"):
        monkeypatch.setenv(name, "")  # so that what serve sets is undone after the test
        monkeypatch.delenv(name)
    monkeypatch.setattr(serve, "_run", run)
    result = CliRunner().invoke(cli, ["serve", "--no-pages"])
    assert result.exit_code == 0, result.output
    assert seen == {"threads": "2", "reload": "0"}
    monkeypatch.setenv("GOVATLAS_WORKER_THREADS", "6")  # what the operator chose stays
    assert CliRunner().invoke(cli, ["serve", "--no-pages"]).exit_code == 0
    assert seen["threads"] == "6"


def test_templates_reload_unless_told_not_to(
    migrated: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GOVATLAS_TEMPLATE_RELOAD", "false")
    create_app(migrated)
    assert templates.env.auto_reload is False
    monkeypatch.delenv("GOVATLAS_TEMPLATE_RELOAD")
    create_app(migrated)
    assert templates.env.auto_reload is True
