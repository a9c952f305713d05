"""The release as files: every format holds the same rows, the dictionary every column,
the SQLite file opens, CSV cells cannot run as formulas, and a changed store is refused."""

from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from sqlalchemy import Engine, select, update
from typer.testing import CliRunner

from govatlas.cli import app
from govatlas.errors import GovatlasError, InvalidInputError
from govatlas.reports.bulk import TABLES, chosen_formats, write_dump
from govatlas.store.models import Instrument, Label
from govatlas.store.releases import create_release
from govatlas.store.session import transaction
from govatlas.vocabulary import LabelMethod, ReviewStatus

runner = CliRunner(env={"COLUMNS": "200"})


@pytest.fixture
def released(crosswalked: Engine) -> Engine:
    with transaction(crosswalked) as session:
        session.execute(
            update(Instrument).where(Instrument.id == "alpha-act").values(title="=1+1 Alpha")
        )
        create_release(session, "test-release")
    return crosswalked


def test_every_format_holds_the_same_rows(released: Engine, tmp_path: Path) -> None:
    with transaction(released) as session:
        summary = write_dump(session, tmp_path, ["csv", "json", "parquet", "sqlite"])
        instruments = len(session.scalars(select(Instrument.id)).all())
    assert summary.release == "test-release" and summary.rows["instruments"] == instruments
    assert summary.rows["provisions"] > 0 and summary.rows["relationships"] > 0
    db = sqlite3.connect(tmp_path / "govatlas.sqlite")
    for table in TABLES:
        rows = summary.rows[table.name]
        with (tmp_path / f"{table.name}.csv").open(encoding="utf-8") as handle:
            assert sum(1 for _ in csv.reader(handle)) - 1 >= rows  # texts may hold newlines
        lines = (tmp_path / f"{table.name}.jsonl").read_text(encoding="utf-8").splitlines()
        assert len(lines) == rows
        assert pq.read_table(tmp_path / f"{table.name}.parquet").num_rows == rows
        assert db.execute(f'SELECT count(*) FROM "{table.name}"').fetchone()[0] == rows
        assert [c[1] for c in db.execute(f'PRAGMA table_info("{table.name}")')] == [
            c.name for c in table.columns
        ]
    manifest = json.loads((tmp_path / "release.json").read_text(encoding="utf-8"))
    assert manifest["release"] == "test-release" and manifest["rows"] == summary.rows


def test_dictionary_and_datasette_metadata_describe_every_column(
    released: Engine, tmp_path: Path
) -> None:
    with transaction(released) as session:
        write_dump(session, tmp_path, ["json"])
    with (tmp_path / "dictionary.csv").open(encoding="utf-8") as handle:
        described = {(r["table"], r["column"]) for r in csv.DictReader(handle) if r["description"]}
    assert described == {(t.name, c.name) for t in TABLES for c in t.columns}
    metadata = json.loads((tmp_path / "metadata.json").read_text(encoding="utf-8"))
    tables = metadata["databases"]["govatlas"]["tables"]
    assert set(tables) == {t.name for t in TABLES} and tables["labels"]["columns"]["experimental"]


def test_csv_cells_never_start_a_formula_but_other_formats_keep_the_text(
    released: Engine, tmp_path: Path
) -> None:
    with transaction(released) as session:
        write_dump(session, tmp_path, ["csv", "json"])
    with (tmp_path / "instruments.csv").open(encoding="utf-8") as handle:
        titles = {r["id"]: r["title"] for r in csv.DictReader(handle)}
    assert titles["alpha-act"] == "'=1+1 Alpha"
    rows = [json.loads(x) for x in (tmp_path / "instruments.jsonl").read_text().splitlines()]
    assert next(r for r in rows if r["id"] == "alpha-act")["title"] == "=1+1 Alpha"


def test_a_store_changed_since_its_release_is_refused(released: Engine, tmp_path: Path) -> None:
    with transaction(released) as session:
        session.add(
            Label(
                concept_id="fli-blocks:red-lines",
                instrument_id="alpha-act",
                method=LabelMethod.HUMAN,
                review_status=ReviewStatus.ACCEPTED,
            )
        )
    with transaction(released) as session, pytest.raises(GovatlasError, match="changed since"):
        write_dump(session, tmp_path, ["csv"])
    with pytest.raises(InvalidInputError, match="unknown dump format xls"):
        chosen_formats("csv,xls")


def test_cli_dump(released: Engine, env_db: str, tmp_path: Path) -> None:
    result = runner.invoke(app, ["release", "dump", "--out", str(tmp_path), "--formats", "sqlite"])
    assert result.exit_code == 0, result.output
    assert "Dumped release test-release" in result.output and "datasette" in result.output
    bad = runner.invoke(app, ["release", "dump", "--out", str(tmp_path), "--formats", "xls"])
    assert bad.exit_code == 3 and "unknown dump format xls" in bad.output
