"""The CLI's table, JSON and CSV output of records."""

from __future__ import annotations

import io
import json

from rich.console import Console

from govatlas.tabular import OutputFormat, render_rows, set_wide

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


def test_at_80_columns_words_stay_whole_hashes_shorten_and_extra_columns_are_named() -> None:
    rows = [
        {
            "id": "fd2159b5f3b8e4ff",
            "tag": "2026-12-03-fd2159b5",
            "content_hash": "fd2159b5f3b8e4ff5314b3d80ebaffa2476d10d4ae0561e2de1aa1610e5232f7",
            "institutional_framework": "Institutional arrangements and compliance mechanisms",
            "instruments": 1504,
            "versions": 978,
            "provisions": 57709,
            "labels": 37684,
        }
    ]
    console = Console(file=io.StringIO(), width=80, color_system=None)
    render_rows(console, rows, OutputFormat.TABLE)
    output = console.file.getvalue()  # type: ignore[attr-defined]
    assert all(len(line) <= 80 for line in output.splitlines())
    assert "fd2159b5f3b8…" in output and "5314b3d80" not in output  # hash shortened
    for word in ("Institutional", "arrangements", "compliance", "mechanisms"):
        assert word in output  # wrapped between words, never inside one
    assert "Left out at 80 columns:" in output and "labels" in output.split("Left out")[1]
    wide = Console(file=io.StringIO(), width=200, color_system=None)
    render_rows(wide, rows, OutputFormat.TABLE)
    assert "Left out" not in wide.file.getvalue()  # type: ignore[attr-defined]


def test_wide_keeps_every_column_whole_on_one_line() -> None:
    rows = [
        {
            "id": "fd2159b5f3b8e4ff",
            "content_hash": "fd2159b5f3b8e4ff5314b3d80ebaffa2476d10d4ae0561e2de1aa1610e5232f7",
            "framework": "Institutional arrangements and compliance mechanisms",
            "labels": 37684,
        }
    ]
    console = Console(file=io.StringIO(), width=80, color_system=None)
    set_wide(True)
    try:
        render_rows(console, rows, OutputFormat.TABLE)
    finally:
        set_wide(False)
    output = console.file.getvalue()  # type: ignore[attr-defined]
    row = next(line for line in output.splitlines() if "fd2159b5f3b8e4ff5314" in line)
    assert "Institutional arrangements and compliance mechanisms" in row and "37684" in row
    assert "Left out" not in output
    assert console.width == 80  # the console is left as it was


def test_a_long_first_column_wraps_and_no_cell_is_cropped() -> None:
    """``compare``'s divergence table at 80 columns: a whole label in the first column
    once pushed the table past the terminal, and Rich cropped "$1,000,000,000" to
    "$1,000,000,0" and "24 hours" to "2"."""
    rows = [
        {
            "parameter": "Deadline: Completing an assessment or review",
            "EU AI Act": "15 days (Art. 73); 2 days (Art. 73); 10 days (Art. 73)",
            "California SB 53": "15 days (Sec. 22757.13); 24 hours (Sec. 22757.13)",
            "status": "differs",
        },
        {
            "parameter": "Threshold: Harm: damage to property",
            "EU AI Act": "none read",
            "California SB 53": "more than $1,000,000,000 (Sec. 22757.11)",
            "status": "only in California SB 53",
        },
    ]
    console = Console(file=io.StringIO(), width=80, color_system=None)
    render_rows(console, rows, OutputFormat.TABLE, title="Divergence: 2 parameters both set")
    output = console.file.getvalue()  # type: ignore[attr-defined]
    assert max(len(line) for line in output.splitlines()) <= 80
    words = output.split()
    assert "$1,000,000,000" in words and "24" in words and "22757.13)" in words
    assert "Divergence: 2 parameters both set" in output
