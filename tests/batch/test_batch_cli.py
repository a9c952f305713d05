"""``govatlas batch`` on the command line: progress, a summary with figures, a second
run that finds nothing left, and one-line errors."""

from __future__ import annotations

import re

from sqlalchemy import Engine
from typer.testing import CliRunner

from govatlas.cli import app

runner = CliRunner(env={"COLUMNS": "240"})


def test_batch_embed_then_nothing_left(ingested: Engine, env_db: str) -> None:
    result = runner.invoke(app, ["batch", "embed", "--workers", "2", "--partition", "16"])
    assert result.exit_code == 0, result.output
    found = re.search(r"Embedded with minilm: (\d+) texts in (\d+) partitions", result.output)
    assert found is not None and int(found[1]) > 20
    assert int(found[2]) == -(-int(found[1]) // 16)
    again = runner.invoke(app, ["batch", "embed", "--workers", "1"])
    assert again.exit_code == 0, again.output
    assert "Embedded with minilm: 0 texts in 0 partitions, 0 rows stored" in again.output


def test_batch_label_names_what_it_read(ingested: Engine, env_db: str) -> None:
    result = runner.invoke(
        app, ["batch", "label", "--taxonomy", "un", "--instrument", "agora-1", "--workers", "1"]
    )
    assert result.exit_code == 0, result.output
    assert "Labelled (un): 1 instrument in 1 partition," in result.output


def test_batch_errors_are_one_line(ingested: Engine, env_db: str) -> None:
    result = runner.invoke(app, ["batch", "label", "--taxonomy", "agora"])
    assert result.exit_code == 3
    assert "no provision classifier for agora" in result.output
    assert "Traceback" not in result.output
    result = runner.invoke(app, ["batch", "embed", "--scheduler", "tcp://127.0.0.1:1"])
    assert result.exit_code == 3
    assert "no Dask scheduler answers at tcp://127.0.0.1:1" in result.output
    assert "Traceback" not in result.output


def test_batch_crosswalks_names_the_frameworks_left_out(ingested: Engine, env_db: str) -> None:
    result = runner.invoke(app, ["batch", "crosswalks", "--workers", "1"])
    assert result.exit_code == 0, result.output
    summary = r"Aligned \(rows: machine suggestions, unreviewed\): (\d+) pairs? in"
    found = re.search(summary, result.output)
    assert found is not None and int(found[1]) >= 1  # EU AI Act and NIST AI RMF at least
    assert "left out: iso-iec-42001" in result.output  # reference items only, or absent
