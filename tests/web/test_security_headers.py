"""Security headers on every answer (issue 26, finding 10): every route of the app,
static files and every kind of error carry a content security policy without
'unsafe-inline', X-Frame-Options, X-Content-Type-Options and Referrer-Policy; and the
pages hold nothing that such a policy would block (inline scripts, styles, handlers)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from starlette.routing import Route

from govatlas.web import create_app
from tests.web.conftest import TOKEN

SAMPLES = {
    "instrument_id": "nist-ai-rmf-1-0",
    "jurisdiction_id": "USA",
    "taxonomy_id": "fli-blocks",
    "concept_id": "fli-risks:bias",
    "queue": "label",
    "token": "0" * 48,
    "organisation": "openai",
}
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)
INLINE_STYLE = re.compile(r"<style[\s>]|\sstyle\s*=", re.I)
HANDLER = re.compile(r"\son[a-z]+\s*=", re.I)


def every_route(app: FastAPI) -> Iterator[tuple[str, str]]:
    """(method, path with sample parameters) for every route, included routers too."""
    for entry in app.routes:
        inner = getattr(entry, "original_router", None)
        for route in inner.routes if inner is not None else [entry]:
            if not isinstance(route, APIRoute | Route):
                continue
            path = re.sub(r"\{(\w+)(:\w+)?\}", lambda m: SAMPLES.get(m.group(1), "1"), route.path)
            for method in sorted(route.methods or ()):
                if method != "HEAD":
                    yield method, path


def assert_secured(response: object, where: str) -> None:
    headers = response.headers  # type: ignore[attr-defined]
    policy = headers.get("content-security-policy", "")
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy, where
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy, where
    assert "script-src 'self'" in policy and "object-src 'none'" in policy, where
    assert headers.get("x-frame-options") == "DENY", where
    assert headers.get("x-content-type-options") == "nosniff", where
    assert headers.get("referrer-policy") == "same-origin", where
    assert "access-control-allow-origin" not in headers, where  # no cross-origin reads


@pytest.fixture
def app(web_store: Engine, monkeypatch: pytest.MonkeyPatch) -> FastAPI:
    monkeypatch.setenv("GOVATLAS_API_TOKEN", TOKEN)
    made = create_app(web_store)

    @made.get("/boom-for-the-test")
    def boom() -> None:
        raise RuntimeError("an unexpected failure")

    return made


@pytest.mark.parametrize("signed_in", [False, True])
def test_every_route_answers_with_security_headers(app: FastAPI, signed_in: bool) -> None:
    routes = sorted(set(every_route(app)))
    assert len(routes) >= 35, routes
    with TestClient(app, raise_server_exceptions=False) as client:
        if signed_in:
            client.post("/login", data={"token": TOKEN}, follow_redirects=False)
        statuses = set()
        for method, path in routes:
            response = client.request(method, path, follow_redirects=False)
            statuses.add(response.status_code)
            assert_secured(response, f"{method} {path} -> {response.status_code}")
            if "text/html" in response.headers.get("content-type", ""):
                page = response.text
                assert not INLINE_SCRIPT.search(page), f"inline script in {path}"
                assert not INLINE_STYLE.search(page), f"inline style in {path}"
                assert not HANDLER.search(page), f"event handler attribute in {path}"
        assert {200, 404, 500} <= statuses and statuses & {400, 403, 405, 422}


def test_static_files_and_every_kind_of_error_carry_them(app: FastAPI) -> None:
    with TestClient(app, raise_server_exceptions=False) as client:
        answers = {
            "static": client.get("/static/style.css"),
            "404": client.get("/no/such/page"),
            "405": client.delete("/search", headers={"Authorization": f"Bearer {TOKEN}"}),
            "400": client.get("/search?q=" + "x" * 5000),
            "413": client.post("/login", content=b"x" * (2 * 1024 * 1024)),
            "403": client.post("/reviews/label-sheet", content=b"x"),
            "422": client.get("/api/v1/labels?limit=100000"),
            "500": client.get("/boom-for-the-test"),
        }
    for name, response in answers.items():
        assert str(response.status_code) == name or name == "static", (name, response.status_code)
        assert_secured(response, name)


def test_hsts_only_behind_tls(app: FastAPI) -> None:
    with TestClient(app, base_url="https://atlas.example.org") as client:
        assert client.get("/data").headers["strict-transport-security"].startswith("max-age=")
    with TestClient(app) as client:
        assert "strict-transport-security" not in client.get("/data").headers
