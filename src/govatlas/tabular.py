"""Printing records as a Rich table, JSON or CSV (the CLI's ``--format``)."""

from __future__ import annotations

import io
import json
from collections.abc import Mapping, Sequence
from enum import StrEnum
from typing import Any

from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from govatlas.spreadsheet_cells import csv_writer

UNBROKEN_CELL = 8  # characters: numbers, short codes and header words stay whole


class OutputFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "; ".join(_cell(v) for v in value)
    return str(value)


def _numeric(values: Sequence[str]) -> bool:
    """Whether every non-empty value of a column is a number (then it is right-aligned)."""
    filled = [v for v in values if v]
    try:
        for value in filled:
            float(value)
    except ValueError:
        return False
    return bool(filled)


def name_column(key: str) -> str:
    """The column that names what ``key`` identifies: instrument -> instrument_name,
    instrument_id -> instrument_name, source_provision -> source_provision_name."""
    return f"{key.removesuffix('_id')}_name"


def with_name_columns(
    rows: Sequence[Mapping[str, Any]], names: Mapping[str, Mapping[Any, str]]
) -> list[dict[str, Any]]:
    """Names for people beside the ids for machines (CSV): after each column of ``names``
    (column -> {id: name}) comes ``name_column(column)``, holding the id where no name is
    known and nothing where there is no id. The id columns stay as they are."""
    named: list[dict[str, Any]] = []
    for row in rows:
        line: dict[str, Any] = {}
        for key, value in row.items():
            line[key] = value
            if key in names:
                line[name_column(key)] = names[key].get(value, value) if value else value
        named.append(line)
    return named


def render_rows(
    console: Console,
    rows: Sequence[Mapping[str, Any]],
    fmt: OutputFormat,
    *,
    title: str | None = None,
    columns: Sequence[str] | None = None,
    headers: Mapping[str, str] | None = None,
) -> None:
    """Print ``rows`` (dicts with the same keys) in the chosen format.

    ``headers`` gives shorter names for some columns of the table (JSON and CSV keep
    the keys), so that wide tables fit a terminal."""
    keys = list(columns or (rows[0].keys() if rows else []))
    if fmt is OutputFormat.JSON:
        records = [{k: r.get(k) for k in keys} for r in rows]
        console.file.write(json.dumps(records, indent=2, ensure_ascii=False, default=str) + "\n")
        return
    if fmt is OutputFormat.CSV:
        buffer = io.StringIO()
        writer = csv_writer(buffer, lineterminator="\n")
        writer.writerow(keys)
        writer.writerows([_cell(r.get(k)) for k in keys] for r in rows)
        console.file.write(buffer.getvalue())
        return
    table = Table(
        title=escape(title) if title else None,
        header_style="bold",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        collapse_padding=True,
    )
    names = headers or {}
    cells = [[_cell(row.get(k)) for k in keys] for row in rows]
    for index, key in enumerate(keys):
        # The first column names the row (an id, a table key): it stays on one line.
        # Short values (numbers, codes) are never broken; headers and long texts wrap.
        header = names.get(key, key.replace("_", " "))
        words = [len(word) for word in header.split()]
        shortest = max([len(line[index]) for line in cells] + words)
        table.add_column(
            header,
            overflow="fold",
            no_wrap=index == 0,
            min_width=shortest if shortest <= UNBROKEN_CELL else None,
            justify="right" if index and _numeric([line[index] for line in cells]) else "left",
        )
    for line in cells:
        table.add_row(*(Text(cell) for cell in line))  # data, never markup
    console.print(table)
