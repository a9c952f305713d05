"""CSV from the command line names instruments and places beside their ids (issue 22:
names for the people who read a spreadsheet, ids for machines); JSON keeps its shape."""

from __future__ import annotations

import csv
import io
import json

from sqlalchemy import Engine
from typer.testing import CliRunner

from govatlas.cli import app
from govatlas.store.models import Label
from govatlas.store.session import transaction
from govatlas.vocabulary import LabelMethod

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
        assert set(row) == {
            "jurisdiction",
            "concept",
            "state",
            "instruments",
            "via",
            "unread_binding_law",
        }
    keys = {"id", "name", "kind", "un_member", "instruments", "with_text", "adheres_to"}
    assert all(set(r) == keys for r in _json(["jurisdictions", "--format", "json"]))


def test_label_review_queue_names_instrument_and_concept(crosswalked: Engine, env_db: str) -> None:
    with transaction(crosswalked) as session:
        session.add(
            Label(
                concept_id="fli-blocks:emergency-response",
                instrument_id="nist-ai-rmf-1-0",
                method=LabelMethod.MODEL,
                score=0.9,
            )
        )
    args = ["review", "--instrument", "nist-ai-rmf-1-0"]
    [row] = _csv([*args, "--format", "csv"])
    assert (row["instrument"], row["instrument_name"]) == ("nist-ai-rmf-1-0", "NIST AI RMF 1.0")
    assert row["concept"] == "fli-blocks:emergency-response" and row["concept_name"]
    [listed] = _json([*args, "--format", "json"])
    assert set(listed) == {"id", "instrument", "concept", "score", "threshold", "evidence"}
    table = runner.invoke(app, args).output
    assert "NIST AI RMF 1.0" in table and "nist-ai-rmf-1-0" not in table
    assert row["concept_name"] in table and "fli-blocks:emergency" not in table


def test_quality_names_the_instruments(crosswalked: Engine, env_db: str) -> None:
    rows = _csv(["quality", "--format", "csv"])
    assert list(rows[0]) == ["problem", "instrument", "instrument_name", "detail", "detail_name"]
    named = {r["instrument"]: r["instrument_name"] for r in rows}
    assert named.get("nist-ai-rmf-1-0", "NIST AI RMF 1.0") == "NIST AI RMF 1.0"
    assert all(r["instrument_name"] for r in rows)
    for row in _json(["quality", "--format", "json"]):
        assert set(row) == {"problem", "instrument", "detail"}
    table = runner.invoke(app, ["quality", "--limit", "1000"]).output
    some = next(r for r in rows if r["problem"] == "low text coverage")
    assert f"{some['instrument_name'][:80]} ({some['instrument']})" in " ".join(table.split())


def test_catalog_names_the_place() -> None:
    rows = _csv(["catalog", "list", "--jurisdiction", "EU", "--format", "csv"])
    act = next(r for r in rows if r["id"] == "eu-ai-act")
    assert (act["jurisdiction"], act["jurisdiction_name"]) == ("EU", "European Union")
    assert all("jurisdiction_name" not in r for r in _json(["catalog", "list", "-f", "json"]))
    table = runner.invoke(app, ["catalog", "list", "--jurisdiction", "EU"]).output
    line = next(x for x in table.splitlines() if x.strip().startswith("eu-ai-act "))
    assert "European Union" in line and " EU " not in line.replace("EU AI Act", "")
    [shown] = _csv(["catalog", "show", "nist-ai-rmf-1-0", "--format", "csv"])
    assert (shown["jurisdiction"], shown["jurisdiction_name"]) == ("USA", "United States")
    [data] = _json(["catalog", "show", "nist-ai-rmf-1-0", "--format", "json"])
    assert data["jurisdiction"] == "USA" and "jurisdiction_name" not in data
    assert "United States" in runner.invoke(app, ["catalog", "show", "nist-ai-rmf-1-0"]).output
