"""Text from users and documents is shown as text (issue 26, finding 10): Rich markup in
a path or a title never crashes a message, and « and » in a document never turn into
search highlights."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from typer.testing import CliRunner

from govatlas.cli import app
from govatlas.errors import ExitCode
from govatlas.web import create_app

pytestmark = pytest.mark.engine_neutral  # the same on every database engine

runner = CliRunner(env={"COLUMNS": "400"})
GUILLEMETS = (
    "Article premier\n\nLa loi « protège » les données. Le système doit rester sûr et "
    "les « opérateurs » tiennent un registre.\n"
)


def _flat(output: str) -> str:
    return " ".join(output.split())


def test_rich_markup_in_paths_and_titles_is_printed_as_text(
    command_built: Engine, env_db: str, tmp_path: Path
) -> None:
    missing = "/tmp/x[/]y.txt"
    result = runner.invoke(app, ["ingest", missing])
    assert result.exit_code == ExitCode.INVALID_INPUT, result.output
    assert "x[/]y.txt" in _flat(result.output) and "Traceback" not in result.output

    folder = tmp_path / "x["
    folder.mkdir()
    (folder / "]y.txt").write_text("Article 1\n\nOperators shall keep logs.\n", encoding="utf-8")
    title = "[bold red]Logs[/] act [/]"
    path = f"{tmp_path}/x[/]y.txt"
    result = runner.invoke(app, ["ingest", path, "--title", title, "--jurisdiction", "FRA"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["search", "logs"])
    assert result.exit_code == 0 and title in result.output, result.output
    result = runner.invoke(app, ["search", "[/]"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["alerts", "subscribe", "[/]watchers[/]"])
    assert result.exit_code == 0 and "[/]watchers[/]" in result.output
    out = f"{tmp_path}/x[/]fli.ttl"
    result = runner.invoke(app, ["taxonomy", "export", "fli-blocks", "--out", out])
    assert result.exit_code == 0 and "x[/]fli.ttl" in _flat(result.output), result.output
    result = runner.invoke(app, ["review", "--instrument", "nope[/]"])
    assert result.exit_code == ExitCode.NOT_FOUND and "nope[/]" in result.output


def test_guillemets_in_a_text_are_not_highlights(
    command_built: Engine, env_db: str, tmp_path: Path
) -> None:
    engine = command_built
    law = tmp_path / "loi.txt"
    law.write_text(GUILLEMETS, encoding="utf-8")
    assert runner.invoke(app, ["ingest", str(law), "--jurisdiction", "FRA"]).exit_code == 0
    with TestClient(create_app(engine)) as client:
        page = client.get("/search", params={"q": "registre"}).text
        assert page.count("<mark>") == 1 and "<mark>registre</mark>" in page
        assert "« protège »" in page and "« opérateurs »" in page
        hit = client.get("/api/v1/search", params={"q": "registre"}).json()["items"][0]
        assert [hit["snippet"][a:b] for a, b in hit["highlights"]] == ["registre"]
        assert "« protège »" in hit["snippet"]
    result = runner.invoke(app, ["search", "registre", "--format", "json"])
    assert "« protège »" in result.output
