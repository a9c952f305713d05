"""Horizon scanning from the command line and in the web atlas (What's new, feeds, API)."""

from __future__ import annotations

import json
from pathlib import Path

import feedparser
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from typer.testing import CliRunner

from govatlas.cli import app
from govatlas.errors import ExitCode
from govatlas.horizon.lock import store_lock
from govatlas.web import create_app

runner = CliRunner()


def invoke(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


def test_cli_round_trip(scanned: tuple[Engine, str], tmp_path: Path) -> None:
    code, out = invoke("watch", "list", "-f", "json")
    assert code == 0
    [watch] = json.loads(out)
    assert watch["outcome"] == "changed" and watch["instrument"] == "alpha-act"
    code, out = invoke("watch", "log", "-f", "json")
    assert [row["outcome"] for row in json.loads(out)] == ["changed", "changed"]
    code, out = invoke("changes", "-f", "json")
    kinds = sorted(row["kind"] for row in json.loads(out))
    assert kinds == ["new_instrument", "new_version"]
    code, out = invoke("alerts", "feed", "1", "--as", "json")
    assert next(item["title"] for item in json.loads(out)["items"]).startswith("New version")
    feed = tmp_path / "feed.atom"
    code, out = invoke("alerts", "feed", scanned[1], "--out", str(feed))
    assert code == 0 and feedparser.parse(feed.read_bytes()).version == "atom10"
    code, out = invoke("alerts", "list", "-f", "json")
    assert json.loads(out)[0]["alerts"] == 2
    digest = tmp_path / "digest.html"
    code, out = invoke(
        "digest", "--out", str(digest), "--base-url", "https://atlas.example.org", "--pdf"
    )
    assert code == 0 and "1 new version(s)" in out
    assert digest.with_suffix(".pdf").read_bytes().startswith(b"%PDF")
    html = digest.read_text()
    assert "What changed in AI governance" in html
    assert "https://atlas.example.org/instruments/alpha-act/changes?from=" in html
    code, out = invoke("watch", "remove", "1")
    assert code == 0
    code, out = invoke("changes", "-f", "json")
    assert len(json.loads(out)) == 2  # changes outlive their watch


def test_cli_errors(built: Engine, env_db: str) -> None:
    code, out = invoke("watch", "add", "not a url")
    assert code == ExitCode.INVALID_INPUT and "not an http(s) URL" in out
    code, out = invoke("watch", "add")
    assert code == ExitCode.INVALID_INPUT and "give a LOCATION, --instrument ID or --catalog" in out
    code, out = invoke("watch", "remove", "99")
    assert code == ExitCode.NOT_FOUND and "no watch 99" in out
    code, out = invoke("alerts", "subscribe", "x", "--jurisdiction", "NOWHERE")
    assert code == ExitCode.NOT_FOUND
    code, out = invoke("alerts", "feed", "nope")
    assert code == ExitCode.NOT_FOUND
    code, out = invoke("digest", "--week", "last week")
    assert code == ExitCode.INVALID_INPUT and "ISO week" in out
    code, out = invoke("watch", "add", "--catalog")
    assert code == 0 and "https://example.org/alpha" in out
    with store_lock(built, "scan"):
        code, out = invoke("scan", "--all")
    assert code == ExitCode.BUSY and "another scan is running" in out


def test_whats_new_page_feeds_and_api(scanned: tuple[Engine, str]) -> None:
    engine, token = scanned
    with TestClient(create_app(engine), raise_server_exceptions=False) as client:
        page = client.get("/whats-new")
        assert page.status_code == 200
        assert "New versions (1)" in page.text and "New instruments (1)" in page.text
        link = page.text.split('href="/instruments/alpha-act/changes?', 1)[1].split('"', 1)[0]
        diff = client.get("/instruments/alpha-act/changes?" + link.replace("&amp;", "&"))
        assert diff.status_code == 200 and "fifteen" in diff.text
        assert "Emergency response" in page.text  # a concept the change touches
        atom = client.get(f"/feeds/{token}.atom")
        assert atom.headers["content-type"].startswith("application/atom+xml")
        assert len(feedparser.parse(atom.content).entries) == 2
        as_json = client.get(f"/feeds/{token}.json")
        assert as_json.headers["content-type"].startswith("application/feed+json")
        assert client.get("/feeds/1.atom").status_code == 404  # ids do not open feeds
        assert client.get("/feeds/unknown.json").status_code == 404
        api = client.get("/api/v1/changes?days=7").json()
        assert [c["kind"] for c in api["new_versions"]] == ["new_version"]
        assert client.get("/api/v1/changes?days=0").status_code == 422
        assert client.get("/whats-new?days=abc").status_code == 422


def test_a_forged_host_header_never_reaches_the_cached_feeds(
    scanned: tuple[Engine, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 26, finding 10: feed links were built from the Host header and cached."""
    engine, token = scanned
    monkeypatch.setenv("GOVATLAS_BASE_URL", "https://atlas.example.org/")
    with TestClient(create_app(engine)) as client:
        for path in (f"/feeds/{token}.atom", f"/feeds/{token}.json"):
            forged = client.get(path, headers={"Host": "evil.example"})
            honest = client.get(path)
            for answer in (forged, honest):
                assert answer.status_code == 200
                assert "evil.example" not in answer.text
                assert "https://atlas.example.org/" in answer.text
