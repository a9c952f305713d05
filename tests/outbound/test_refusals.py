"""The outbound guard end to end, through the command line (issue 26, finding 1): a
URL on loopback, a name that resolves to loopback and the cloud metadata address are
refused with a message naming GOVATLAS_ALLOW_PRIVATE_URLS, and nothing is fetched."""

from __future__ import annotations

import socket

import pytest
from typer.testing import CliRunner

from govatlas.cli import app
from govatlas.errors import ExitCode
from tests.outbound.conftest import Answer, Server

pytestmark = pytest.mark.engine_neutral  # the same on every database engine

runner = CliRunner(env={"COLUMNS": "400"})
SECRET = b"root password: hunter2"


def test_ingest_of_loopback_urls_is_refused_and_nothing_is_fetched(
    env_db: str, server: Server
) -> None:
    server.answers["/secret.txt"] = Answer(body=SECRET)
    for host in ("127.0.0.1", "localhost"):  # a literal, and a name that resolves to loopback
        result = runner.invoke(app, ["ingest", server.url("/secret.txt", host)])
        assert result.exit_code == ExitCode.INVALID_INPUT, result.output
        text = " ".join(result.output.split())
        assert "refused" in text and "loopback" in text, text
        assert "GOVATLAS_ALLOW_PRIVATE_URLS" in text
    assert server.hits["/secret.txt"] == 0


def test_the_metadata_address_is_never_even_connected_to(
    env_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    attempts: list[object] = []

    def record(address: object, *args: object, **kwargs: object) -> socket.socket:
        attempts.append(address)
        raise OSError("no network in this test")

    monkeypatch.setattr(socket, "create_connection", record)
    result = runner.invoke(app, ["ingest", "http://169.254.169.254/latest/meta-data/iam"])
    assert result.exit_code == ExitCode.INVALID_INPUT
    assert "link-local" in " ".join(result.output.split())
    assert attempts == []


def test_a_feed_watch_on_loopback_is_refused(env_db: str, server: Server) -> None:
    server.answers["/feed.atom"] = Answer(body=b"<feed/>")
    assert runner.invoke(app, ["build", "--no-ingest"]).exit_code == 0
    url = server.url("/feed.atom")
    assert runner.invoke(app, ["watch", "add", url, "--kind", "feed"]).exit_code == 0
    result = runner.invoke(app, ["scan", "--host-interval", "0"])
    text = " ".join(result.output.split())
    assert "failed" in text and "GOVATLAS_ALLOW_PRIVATE_URLS" in text, text
    assert server.hits["/feed.atom"] == 0 and server.hits["/robots.txt"] == 0
