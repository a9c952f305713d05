"""CSV formula injection (issue 26, finding 4): titles and texts come from remote HTML,
PDFs and feeds, so no CSV govatlas writes may start a cell with =, +, -, @, a tab or a
carriage return; review sheets still read back exactly."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from govatlas.spreadsheet_cells import neutralise, restore

SRC = Path(__file__).parents[1] / "src" / "govatlas"
TRIGGERS = tuple("=+-@\t\r")


def _cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def _dangerous(cells: list[str]) -> list[str]:
    numeric = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
    return [c for c in cells if c.startswith(TRIGGERS) and not numeric.fullmatch(c)]


@given(st.text())
def test_neutralised_cells_never_start_a_formula_and_restore_exactly(text: str) -> None:
    cell = neutralise(text)
    assert isinstance(cell, str)
    assert not _dangerous([cell])
    assert restore(cell) == text


def test_numbers_stay_numbers() -> None:
    assert [neutralise(v) for v in ("-0.5", "+3", "-1e-3", 7, -2.5)] == [
        "-0.5",
        "+3",
        "-1e-3",
        7,
        -2.5,
    ]
    assert neutralise("-1+2") == "'-1+2"  # a spreadsheet would compute this one


def test_every_csv_writer_goes_through_the_shared_one() -> None:
    raw = [
        str(path.relative_to(SRC))
        for path in SRC.rglob("*.py")
        if path.name != "spreadsheet_cells.py"
        and re.search(r"csv\.(writer|DictWriter)\(", path.read_text(encoding="utf-8"))
    ]
    assert raw == []
