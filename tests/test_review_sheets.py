"""Review sheets: the queue out as CSV, the decisions back in, checked row by row."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from govatlas.errors import InvalidInputError, NotFoundError
from govatlas.review_sheets import (
    SheetRow,
    check_rows,
    read_sheet,
    write_sheet,
)

DECISIONS = ("accept", "correct", "reject")
TYPES = ("equal", "subset", "intersects")


def _filled(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def _row(id_: str, decision: str = "", **cells: str) -> dict[str, str]:
    base = {"id": id_, "text": "Article 5 – prohibited practices", "decision": decision}
    return base | {"type": "", "reviewer": "", "note": ""} | cells


def test_a_written_sheet_reads_back_with_its_decisions(tmp_path: Path) -> None:
    path = tmp_path / "todo.csv"
    written = write_sheet(path, [{"id": 7, "text": "Zoë's clause"}, {"id": 8, "text": "x"}], True)
    assert written == 2
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # spreadsheets need the BOM for accents
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == ["id", "text", "decision", "type", "reviewer", "note"]
    assert rows[0]["text"] == "Zoë's clause" and rows[0]["decision"] == ""
    rows[0] |= {"decision": " Accept ", "reviewer": "ana", "note": "fine"}
    rows[1] |= {"decision": "correct", "type": "Subset"}
    decided = read_sheet(_filled(path, rows), DECISIONS, TYPES, reviewer="bo")
    assert decided == [
        SheetRow(2, 7, "accept", "ana", "fine", None),
        SheetRow(3, 8, "correct", "bo", None, "subset"),  # the default reviewer fills in
    ]


def test_rows_without_a_decision_are_skipped(tmp_path: Path) -> None:
    path = _filled(tmp_path / "s.csv", [_row("1"), _row("2", "reject", reviewer="ana")])
    assert [r.id for r in read_sheet(path, DECISIONS, TYPES)] == [2]


def test_every_bad_row_is_named_with_its_line(tmp_path: Path) -> None:
    rows = [
        _row("1", "maybe", reviewer="ana"),
        _row("x", "accept", reviewer="ana"),
        _row("3", "accept"),
        _row("4", "correct", type="overlaps", reviewer="ana"),
        _row("5", "accept", reviewer="ana"),
        _row("5", "reject", reviewer="ana"),
        _row("6", "reject", reviewer="a" * 101),
        _row("²", "reject", reviewer="ana"),
    ]
    with pytest.raises(InvalidInputError) as caught:
        read_sheet(_filled(tmp_path / "s.csv", rows), DECISIONS, TYPES)
    message = caught.value.message
    assert message.startswith("s.csv: 7 row(s) cannot be applied: ")
    assert "line 2: decision 'maybe' is not one of accept, correct, reject" in message
    assert "line 3: id 'x' is not a number" in message
    assert "line 4: no reviewer" in message
    assert "line 5: type 'overlaps' is not one of equal, subset, intersects" in message
    assert "line 7: id 5 is decided twice" in message
    assert "line 8: the reviewer's name is over 100 characters" in message
    assert "line 9: id '²' is not a number" in message
    assert caught.value.hint and "nothing was stored" in caught.value.hint


def test_a_sheet_needs_its_columns_and_a_sane_size(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("id,verdict\n1,accept\n", encoding="utf-8")
    with pytest.raises(InvalidInputError, match="missing column"):
        read_sheet(bad, DECISIONS, TYPES)
    with pytest.raises(NotFoundError, match="no such file"):
        read_sheet(tmp_path / "absent.csv", DECISIONS)
    big = tmp_path / "big.csv"
    with big.open("wb") as handle:
        handle.truncate(21 * 1024 * 1024)
    with pytest.raises(InvalidInputError, match="byte limit"):
        read_sheet(big, DECISIONS)


def test_check_rows_collects_what_cannot_be_applied(tmp_path: Path) -> None:
    rows = [SheetRow(2, 1, "accept", "ana", None), SheetRow(3, 2, "accept", "ana", None)]

    def check(row: SheetRow) -> None:
        if row.id == 2:
            raise NotFoundError("no label 2")

    with pytest.raises(
        InvalidInputError, match=r"1 row\(s\) cannot be applied: line 3: no label 2"
    ):
        check_rows(tmp_path / "s.csv", rows, check)
    check_rows(tmp_path / "s.csv", rows[:1], check)
