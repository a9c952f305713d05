"""Watches, subscriptions, deliveries and changes name their instrument and place for
people (issue 22): tables show names, CSV adds them beside the ids, JSON is unchanged."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from sqlalchemy import Engine
from typer.testing import CliRunner

from govatlas.cli import app

runner = CliRunner(env={"COLUMNS": "240"})


def _out(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def _csv(*args: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(_out(*args, "--format", "csv"))))


def test_horizon_lists_name_the_instrument(scanned: tuple[Engine, str]) -> None:
    for command in (("watch", "list"), ("changes",), ("alerts", "deliveries")):
        rows = _csv(*command)
        assert rows and all(
            (r["instrument"], r["instrument_name"]) == ("alpha-act", "Alpha Act") for r in rows
        ), command
        keys = list(rows[0])
        assert keys.index("instrument_name") == keys.index("instrument") + 1
        assert all(
            r["instrument"] == "alpha-act" and "instrument_name" not in r
            for r in json.loads(_out(*command, "--format", "json"))
        )
        table = _out(*command)
        assert "Alpha Act" in table and "alpha-act" not in table, command


def test_subscriptions_name_their_filters(scanned: tuple[Engine, str]) -> None:
    [row] = _csv("alerts", "list")
    assert (row["filters"], row["filters_names"]) == ("jurisdiction=FRA", "jurisdiction=France")
    [listed] = json.loads(_out("alerts", "list", "--format", "json"))
    assert listed["filters"] == "jurisdiction=FRA" and "filters_names" not in listed
    table = _out("alerts", "list")
    assert "jurisdiction=France" in table and "FRA" not in table


def test_digest_and_diff_pages_name_place_and_instrument(
    scanned: tuple[Engine, str], tmp_path: Path
) -> None:
    digest = tmp_path / "digest.html"
    _out("digest", "--out", str(digest))
    html = digest.read_text()
    assert "<small>France · detected" in html and "FRA ·" not in html
    page = tmp_path / "diff.html"
    _out("diff", "alpha-act", "--html", str(page))
    html = page.read_text()
    assert "<title>Changes in Alpha Act</title>" in html and "What changed in Alpha Act" in html
