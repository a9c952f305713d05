"""Printing records as a Rich table, JSON or CSV (the CLI's ``--format``).

Tables fit the terminal: words wrap whole, content hashes shorten, and columns that
do not fit are left out and named under the table. ``--wide`` (``set_wide``) prints
every column at its full width on one line per row instead, for a pager
(``less -S``) or a file; JSON and CSV always keep everything.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Mapping, Sequence
from enum import StrEnum
from typing import Any

from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from govatlas.spreadsheet_cells import csv_writer


class OutputFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"


_wide = False


def set_wide(wide: bool) -> None:
    """Tables keep every column, unwrapped and unshortened (the CLI's ``--wide``)."""
    global _wide
    _wide = wide


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
    names = headers or {}
    headers_of = [names.get(key, key.replace("_", " ")) for key in keys]
    if _wide:
        _print_wide(console, rows, keys, headers_of, title)
        return
    width = console.width
    cells = [[_shown(_cell(row.get(k))) for k in keys] for row in rows]
    widths = [
        _min_width(header, [line[index] for line in cells])
        for index, header in enumerate(headers_of)
    ]
    # The first column names the row (an id, a table key): it stays on one line when that
    # line is short, and wraps by words like the others when it is not (a whole label,
    # "Deadline: Completing an assessment or review"), so that it never pushes the table
    # past the terminal, where Rich would crop the cells' ends ("$1,000,000,000" as
    # "$1,000,000,0")
    whole_first = bool(keys) and _one_line_width(headers_of[0], [line[0] for line in cells])
    if whole_first:
        widths[0] = whole_first
    kept = _columns_that_fit(widths, width)
    table = _table(title)
    for index in kept:
        column = [line[index] for line in cells]
        # Words are never broken: a column is at least as wide as its longest word (up
        # to LONGEST_WORD characters; a longer token, a URL say, is cut with an ellipsis).
        table.add_column(
            headers_of[index],
            overflow="ellipsis" if widths[index] >= LONGEST_WORD else "fold",
            no_wrap=index == 0 and bool(whole_first),
            min_width=widths[index],
            justify="right" if index and _numeric(column) else "left",
        )
    for line in cells:
        table.add_row(*(Text(line[index]) for index in kept))  # data, never markup
    console.print(table)
    left_out = [headers_of[i] for i in range(len(keys)) if i not in kept]
    if left_out:
        console.print(
            Text(
                f"Left out at {width} columns: {', '.join(left_out)}. "
                "--wide prints every column (for a pager: less -S); --format csv or json "
                "too.",
                style="dim",
            )
        )


def _table(title: str | None) -> Table:
    return Table(
        title=escape(title) if title else None,
        header_style="bold",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        collapse_padding=True,
    )


def _print_wide(
    console: Console,
    rows: Sequence[Mapping[str, Any]],
    keys: Sequence[str],
    headers_of: Sequence[str],
    title: str | None,
) -> None:
    """Every column, every value whole, one line per row, however wide that is."""
    cells = [[_cell(row.get(k)).replace("\n", " ") for k in keys] for row in rows]
    table = _table(title)
    for index, header in enumerate(headers_of):
        column = [line[index] for line in cells]
        table.add_column(
            header,
            no_wrap=True,
            justify="right" if index and _numeric(column) else "left",
        )
    for line in cells:
        table.add_row(*(Text(value) for value in line))
    natural = sum(
        max([len(h), *(len(line[i]) for line in cells)]) + 3 for i, h in enumerate(headers_of)
    )
    narrow = console.width
    console.width = max(narrow, natural)  # Rich never prints wider than its console
    try:
        console.print(table, crop=False)
    finally:
        console.width = narrow


LONGEST_WORD = 24  # characters: a column is never narrower than its longest word, to this
_HASH = re.compile(r"[0-9a-f]{16,}")


def _shown(cell: str) -> str:
    """A content hash as its first 12 characters (tables only; JSON and CSV keep it)."""
    return cell[:12] + "…" if _HASH.fullmatch(cell) else cell


def _min_width(header: str, values: Sequence[str]) -> int:
    longest = max([len(word) for value in [header, *values] for word in value.split()] or [1])
    return min(longest, LONGEST_WORD)


def _one_line_width(header: str, values: Sequence[str]) -> int:
    """The width a column needs to keep each value on one line, or 0 when that is wider
    than ``LONGEST_LINE`` (it then wraps by words)."""
    longest = max([len(header), *(len(v) for v in values)])
    return longest if longest <= LONGEST_LINE else 0


LONGEST_LINE = 32  # characters: a first column up to this wide keeps each value on one line


def _columns_that_fit(widths: Sequence[int], width: int) -> list[int]:
    """The columns, from the left, whose narrowest widths (with their padding) fit."""
    kept: list[int] = []
    used = 0
    for index, narrowest in enumerate(widths):
        needed = narrowest + 3  # padding on each side, and the column rule
        if kept and used + needed > width:
            break
        kept.append(index)
        used += needed
    return kept
