"""Printing records as a Rich table, JSON or CSV (the CLI's ``--format``)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from enum import StrEnum
from typing import Any

from rich.console import Console
from rich.table import Table


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


def render_rows(
    console: Console,
    rows: Sequence[Mapping[str, Any]],
    fmt: OutputFormat,
    *,
    title: str | None = None,
    columns: Sequence[str] | None = None,
) -> None:
    """Print ``rows`` (dicts with the same keys) in the chosen format."""
    keys = list(columns or (rows[0].keys() if rows else []))
    if fmt is OutputFormat.JSON:
        records = [{k: r.get(k) for k in keys} for r in rows]
        console.file.write(json.dumps(records, indent=2, ensure_ascii=False, default=str) + "\n")
        return
    if fmt is OutputFormat.CSV:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(keys)
        writer.writerows([_cell(r.get(k)) for k in keys] for r in rows)
        console.file.write(buffer.getvalue())
        return
    table = Table(title=title, show_lines=False, header_style="bold")
    for key in keys:
        table.add_column(key.replace("_", " "), overflow="fold")
    for row in rows:
        table.add_row(*(_cell(row.get(k)) for k in keys))
    console.print(table)
