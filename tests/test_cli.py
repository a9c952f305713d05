"""The command line, run in-process: help, formats, exit codes and error messages."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from govatlas.cli import app
from govatlas.errors import ExitCode
from tests.conftest import FIXTURE_CATALOG

runner = CliRunner(env={"COLUMNS": "240"})

COMMANDS = [
    ["build"],
    ["landscape"],
    ["doctor"],
    ["db", "upgrade"],
    ["db", "current"],
    ["catalog", "list"],
    ["catalog", "show"],
    ["catalog", "validate"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_help_teaches_with_an_example(command: list[str]) -> None:
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0
    assert "Example: govatlas" in " ".join(result.output.split())


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.output.startswith("govatlas ")


def test_catalog_list_as_json_and_csv() -> None:
    result = runner.invoke(app, ["catalog", "list", "--jurisdiction", "EU", "--format", "json"])
    assert result.exit_code == 0
    rows = json.loads(result.output)
    assert "eu-ai-act" in {r["id"] for r in rows}
    assert all(r["jurisdiction"] == "EU" for r in rows)

    result = runner.invoke(app, ["catalog", "list", "--type", "treaty", "-f", "csv"])
    parsed = list(csv.DictReader(io.StringIO(result.output)))
    assert [r["id"] for r in parsed] == ["coe-framework-convention-ai"]


def test_catalog_list_bad_year_is_explained() -> None:
    result = runner.invoke(app, ["catalog", "list", "--year", "soon"])
    assert result.exit_code == ExitCode.INVALID_INPUT
    assert "year must be YYYY or YYYY-YYYY" in result.output


def test_catalog_list_bad_choice_is_a_usage_error() -> None:
    result = runner.invoke(app, ["catalog", "list", "--binding", "maybe"])
    assert result.exit_code == ExitCode.USAGE


def test_catalog_show_and_unknown_id() -> None:
    result = runner.invoke(app, ["catalog", "show", "eu-ai-act", "-f", "json"])
    assert result.exit_code == 0
    [shown] = json.loads(result.output)
    assert shown["ids"]["celex"] == ["32024R1689"]
    result = runner.invoke(app, ["catalog", "show", "eu-ai-ac"])
    assert result.exit_code == ExitCode.NOT_FOUND
    assert "did you mean eu-ai-act?" in result.output
    assert "Traceback" not in result.output


def test_catalog_validate_packaged_and_broken(tmp_path: Path) -> None:
    result = runner.invoke(app, ["catalog", "validate"])
    assert result.exit_code == 0 and "are valid" in result.output
    (tmp_path / "instruments-bad.yaml").write_text("- id: Bad Id\n")
    result = runner.invoke(app, ["catalog", "validate", str(tmp_path)])
    assert result.exit_code == ExitCode.INVALID_INPUT
    assert "instruments-bad.yaml: entry #1 (Bad Id), field 'id'" in " ".join(result.output.split())


def test_build_then_landscape(env_db: str) -> None:
    result = runner.invoke(app, ["build", "--catalog", str(FIXTURE_CATALOG)])
    assert result.exit_code == 0, result.output
    assert "instruments +4" in result.output
    assert "AI-governance landscape" in result.output
    result = runner.invoke(app, ["landscape", "-f", "json"])
    rows = json.loads(result.output)
    assert {"dimension": "total", "value": "instruments", "instruments": 4} in rows


def test_build_with_invalid_catalog_names_the_problem(env_db: str, tmp_path: Path) -> None:
    (tmp_path / "instruments-bad.yaml").write_text("- {id: x-act, title: X}\n")
    result = runner.invoke(app, ["build", "--catalog", str(tmp_path)])
    assert result.exit_code == ExitCode.INVALID_INPUT
    assert "instruments-bad.yaml: entry #1 (x-act), field 'short_name'" in " ".join(
        result.output.split()
    )


def test_landscape_on_an_empty_database_says_how_to_fix(env_db: str) -> None:
    result = runner.invoke(app, ["landscape"])
    assert result.exit_code == ExitCode.STORE_OUTDATED
    assert "run `govatlas db upgrade`" in result.output


def test_db_upgrade_and_current(env_db: str) -> None:
    result = runner.invoke(app, ["db", "current"])
    assert "none (empty)" in result.output
    result = runner.invoke(app, ["db", "upgrade"])
    assert result.exit_code == 0 and "upgraded from empty to revision" in result.output
    result = runner.invoke(app, ["db", "upgrade"])
    assert "already at revision" in result.output
    result = runner.invoke(app, ["db", "current"])
    assert "up to date" in result.output


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("bogus::/", "invalid database URL"),
        ("mysql://u@h/db", "unsupported database 'mysql'"),
        ("postgresql://u:secret@127.0.0.1:1/db", "cannot reach the database"),
    ],
)
def test_bad_database_urls_exit_cleanly(
    url: str, message: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GOVATLAS_DB", url)
    result = runner.invoke(app, ["db", "current"])
    assert result.exit_code == ExitCode.STORE_UNAVAILABLE
    assert message in result.output
    assert "secret" not in result.output
    assert "Traceback" not in result.output


def test_doctor_passes_on_a_built_store_and_fails_on_a_bad_one(
    env_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = runner.invoke(app, ["doctor"])
    assert result.exit_code == ExitCode.FAILURE
    assert "govatlas db upgrade" in result.output
    runner.invoke(app, ["db", "upgrade"])
    result = runner.invoke(app, ["doctor"])
    assert result.exit_code == 0, result.output
    assert "FAIL" not in result.output
    monkeypatch.setenv("GOVATLAS_MIRROR", "/nonexistent/mirror")
    result = runner.invoke(app, ["doctor"])
    assert result.exit_code == ExitCode.FAILURE
    assert "is not a folder" in result.output
