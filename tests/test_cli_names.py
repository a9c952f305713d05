"""CSV from the command line names instruments and places beside their ids (issue 22:
names for the people who read a spreadsheet, ids for machines); JSON keeps its shape."""

from __future__ import annotations

import csv
import io
import json

from sqlalchemy import Engine
from typer.testing import CliRunner

from govatlas.cli import app

runner = CliRunner(env={"COLUMNS": "240"})


def _csv(args: list[str]) -> list[dict[str, str]]:
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(result.output)))


def _json(args: list[str]) -> list[dict[str, object]]:
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    rows: list[dict[str, object]] = json.loads(result.output)
    return rows


def test_search_csv_names_the_place(crosswalked: Engine, env_db: str) -> None:
    rows = _csv(["search", "legal requirements", "--format", "csv"])
    nist = next(r for r in rows if r["instrument_id"] == "nist-ai-rmf-1-0")
    assert (nist["instrument"], nist["jurisdiction"], nist["jurisdiction_name"]) == (
        "NIST AI RMF 1.0",
        "USA",
        "United States",
    )
    [hit, *_] = _json(["search", "legal requirements", "--format", "json"])
    assert "jurisdiction_name" not in hit and hit["jurisdiction"] == "USA"


def test_search_table_names_the_place(crosswalked: Engine, env_db: str) -> None:
    result = runner.invoke(app, ["search", "legal requirements"])
    assert result.exit_code == 0, result.output
    assert "United States" in result.output and " USA " not in result.output


def test_compare_csv_names_both_instruments(crosswalked: Engine, env_db: str) -> None:
    args = ["compare", "nist-ai-rmf-1-0", "iso-iec-42001"]
    rows = _csv([*args, "--format", "csv"])
    overlap = next(r for r in rows if r["section"] == "overlap")
    assert (overlap["a_instrument"], overlap["a_instrument_name"]) == (
        "nist-ai-rmf-1-0",
        "NIST AI RMF 1.0",
    )
    assert (overlap["b_instrument"], overlap["b_instrument_name"]) == (
        "iso-iec-42001",
        "ISO/IEC 42001",
    )
    only = [r for r in rows if r["section"].startswith("only_")]
    assert all(r["a_instrument_name"] or r["b_instrument_name"] for r in only)
    [first, *_] = _json([*args, "--format", "json"])
    assert "a_instrument_name" not in first and first["a_instrument"] == "nist-ai-rmf-1-0"
    table = runner.invoke(app, args).output
    assert "NIST AI RMF 1.0 (3 units" in table and "nist-ai-rmf-1-0 (" not in table


def test_coverage_and_jurisdictions_csv_carry_names(crosswalked: Engine, env_db: str) -> None:
    rows = _csv(["coverage", "--by", "instrument", "--format", "csv"])
    assert {"instrument", "name", "instruments", "instrument_names", "via", "via_names"} <= set(
        rows[0]
    )
    named = next(r for r in rows if r["instrument"] == "nist-ai-rmf-1-0")
    assert named["name"] == "NIST AI RMF 1.0"
    places = _csv(["jurisdictions", "--format", "csv"])
    assert {"id", "name", "adheres_to", "adheres_to_names"} <= set(places[0])
    for row in _json(["coverage", "--format", "json"])[:3]:
        assert set(row) == {"jurisdiction", "concept", "state", "instruments", "via"}
    keys = {"id", "name", "kind", "un_member", "instruments", "with_text", "adheres_to"}
    assert all(set(r) == keys for r in _json(["jurisdictions", "--format", "json"]))
