"""The CLI's table, JSON and CSV output of records."""

from __future__ import annotations

import io
import json

from rich.console import Console

from govatlas.tabular import OutputFormat, render_rows

ROWS = [
    {"table": "rmf-oecd-euaia-eo-bor", "pairs": 28, "recall@10": 0.964, "note": "titles only"},
    {"table": "bsa-rmf", "pairs": 108, "recall@10": 0.647, "note": None},
]


def _render(fmt: OutputFormat, width: int = 80, **options: object) -> str:
    console = Console(file=io.StringIO(), width=width, color_system=None)
    render_rows(console, ROWS, fmt, **options)  # type: ignore[arg-type]
    output = console.file.getvalue()  # type: ignore[attr-defined]
    assert isinstance(output, str)
    return output


def test_narrow_table_keeps_ids_and_numbers_whole() -> None:
    output = _render(OutputFormat.TABLE, width=40, headers={"recall@10": "R@10"})
    assert "rmf-oecd-euaia-eo-bor" in output  # the row's name is not folded
    assert "0.964" in output and "0.647" in output  # numbers are not broken
    assert "R@10" in output and "recall@10" not in output


def test_numbers_are_right_aligned() -> None:
    lines = _render(OutputFormat.TABLE).splitlines()
    rows = [line for line in lines if "bsa-rmf" in line or "rmf-oecd" in line]
    assert [line.index("28") + 2 for line in rows[:1]] == [
        line.index("108") + 3 for line in rows[1:]
    ]


def test_json_and_csv_keep_the_keys_not_the_short_headers() -> None:
    records = json.loads(_render(OutputFormat.JSON, headers={"recall@10": "R@10"}))
    assert records[1] == {"table": "bsa-rmf", "pairs": 108, "recall@10": 0.647, "note": None}
    csv_lines = _render(OutputFormat.CSV, headers={"recall@10": "R@10"}).splitlines()
    assert csv_lines[0] == "table,pairs,recall@10,note"
    assert csv_lines[2] == "bsa-rmf,108,0.647,"
