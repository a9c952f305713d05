"""A web app over the fixture store: catalog, mirror, crosswalks, a labelled provision;
for the browser tests, that app served on a free port and a chromium tab that fails its
test on a script error or a content security policy violation."""

from __future__ import annotations

import os
import re
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import Engine, select

from govatlas.store.models import InstrumentVersion, NearMiss, Provision
from govatlas.store.session import transaction
from govatlas.web import create_app, label_views
from tests.conftest import PASSWORD, REVIEWER

TOKEN = "test-token-123"
__all__ = ["PASSWORD", "REVIEWER", "TOKEN"]


def sign_in(client: TestClient, name: str = REVIEWER, password: str = PASSWORD) -> Response:
    """Sign in through the form, as a browser does (its CSRF cookie and value first)."""
    page = client.get("/login")
    found = re.search(r'action="/login".*?name="csrf" value="([0-9a-f]+)"', page.text, re.S)
    assert found is not None, page.text
    return client.post(
        "/login",
        data={"name": name, "password": password, "csrf": found.group(1)},
        follow_redirects=False,
    )


@pytest.fixture
def client(web_store: Engine, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    monkeypatch.setenv("GOVATLAS_API_TOKEN", TOKEN)
    monkeypatch.setattr(label_views, "label_qualities", dict)  # not the machine's saved figures
    with TestClient(create_app(web_store), raise_server_exceptions=False) as test_client:
        yield test_client


def plant_near_misses(engine: Engine) -> list[int]:
    """Three near misses on NIST AI RMF provisions, 1.2x, 2x and 2.9x below 0.5 in odds."""
    with transaction(engine) as session:
        provisions = session.scalars(
            select(Provision)
            .join(InstrumentVersion, InstrumentVersion.id == Provision.version_id)
            .where(InstrumentVersion.instrument_id == "nist-ai-rmf-1-0")
            .order_by(Provision.id)
            .limit(3)
        ).all()
        misses = [
            NearMiss(
                concept_id="fli-blocks:red-lines",
                provision_id=provision.id,
                score=1 / (1 + times),
                threshold=0.5,
                model_id="provision-classifier",
                model_version="test",
            )
            for provision, times in zip(provisions, (2.0, 1.2, 2.9), strict=True)
        ]
        session.add_all(misses)
        session.flush()
        return [m.id for m in misses]


CHROMIUM = Path("/usr/bin/chromium")
SHOTS = Path(tempfile.gettempdir()) / "govatlas-screenshots"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def base_url(web_store: Engine, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("GOVATLAS_API_TOKEN", TOKEN)  # reviewers can sign in
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(web_store), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(100):
        if server.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=5)


@pytest.fixture
def page(base_url: str) -> Iterator[object]:
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail("chromium is missing; .ci/run installs it")
        pytest.skip("Debian's chromium is not installed (apt install chromium)")
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        tab = browser.new_page(viewport={"width": 1280, "height": 900})
        errors: list[str] = []
        tab.on("pageerror", lambda exc: errors.append(str(exc)))
        # the content security policy allows no inline script or style: nothing may need one
        tab.on(
            "console",
            lambda message: (
                errors.append(message.text) if "Content Security Policy" in message.text else None
            ),
        )
        tab.base_url = base_url  # type: ignore[attr-defined]
        yield tab
        browser.close()
        assert errors == []
