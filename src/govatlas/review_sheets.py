"""Review decisions made in a spreadsheet: the queue out as CSV, the decisions back in.

Reviewers of crosswalks and labels often work in a spreadsheet. ``write_sheet``
writes the items waiting, one row each, followed by empty ``decision``,
``reviewer`` and ``note`` columns (and ``type`` for crosswalk suggestions);
``read_sheet`` reads the filled-in file back. Each row carries the ``version``
of the item it was written at, so a row decided by someone else since is a
conflict, never an overwrite. Rows whose decision is blank are skipped. Every
other row is checked before anything is stored - an unknown decision or type, a
missing reviewer, a repeated id, then (``check_rows``) an id that is not
waiting - and every problem is named with its line, so a sheet is applied whole
or not at all. Cells are written so that no
spreadsheet runs them as formulas (``spreadsheet_cells``) and read back without
the quote that adds.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from govatlas.errors import ConflictError, GovatlasError, InvalidInputError
from govatlas.sources.tables import check_user_file, read_csv
from govatlas.spreadsheet_cells import csv_writer, restore
from govatlas.store.decisions import Reviewer
from govatlas.vocabulary import ReviewChannel

MAX_BYTES = 20 * 1024 * 1024
SHEET_LIMIT = 100_000  # items a sheet holds at most
CELL_CHARS = 32_000  # texts are cut to this: spreadsheets hold 32,767 characters a cell
ERRORS_SHOWN = 10
ID = re.compile(r"[0-9]{1,18}")
MAX_REVIEWER = 100  # characters of a reviewer's name, as the web form allows


@dataclass(frozen=True)
class SheetRow:
    """One decision read from a sheet."""

    line: int
    id: int
    decision: str
    reviewer: str
    note: str | None
    type: str | None = None
    version: int | None = None  # the review version the sheet was written at (None: waiting)


def decision_columns(with_type: bool) -> tuple[str, ...]:
    return (
        ("decision", "type", "reviewer", "note") if with_type else ("decision", "reviewer", "note")
    )


def sheet_text(rows: Sequence[Mapping[str, object]], with_type: bool = False) -> str:
    """The items (first column ``id``) as CSV, with empty decision columns."""
    columns = decision_columns(with_type)
    buffer = io.StringIO()
    writer = csv_writer(buffer)
    writer.writerow([*(rows[0] if rows else ("id",)), *columns])
    for row in rows:
        writer.writerow([*row.values(), *([""] * len(columns))])
    return buffer.getvalue()


def write_sheet(path: Path, rows: Sequence[Mapping[str, object]], with_type: bool = False) -> int:
    """Write ``sheet_text`` in UTF-8 with a byte-order mark, which spreadsheet programs
    need to read accents; returns the number of items."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(sheet_text(rows, with_type), encoding="utf-8-sig", newline="")
    return len(rows)


def _fail(path: Path, problems: list[str], conflict: bool = False) -> GovatlasError:
    shown = "; ".join(problems[:ERRORS_SHOWN])
    more = f" (and {len(problems) - ERRORS_SHOWN} more)" if len(problems) > ERRORS_SHOWN else ""
    kind = ConflictError if conflict else InvalidInputError
    return kind(
        f"{path.name}: {len(problems)} row(s) cannot be applied: {shown}{more}",
        "correct them and apply the sheet again; nothing was stored",
    )


def _row(
    line: int,
    raw: Mapping[str, str | None],
    decisions: Collection[str],
    types: Collection[str] | None,
    reviewer: str | None,
    signed_in: bool = False,
) -> SheetRow:
    def value(column: str) -> str:
        return restore((raw.get(column) or "").strip()).strip()

    decision = value("decision").lower()
    if decision not in decisions:
        raise InvalidInputError(
            f"decision {value('decision')!r} is not one of {', '.join(decisions)}"
        )
    if not ID.fullmatch(value("id")):
        raise InvalidInputError(f"id {value('id')!r} is not a number")
    name = (reviewer or "").strip() if signed_in else value("reviewer") or (reviewer or "").strip()
    if not name:
        raise InvalidInputError("no reviewer: fill the reviewer column or pass a name")
    if len(name) > MAX_REVIEWER:
        raise InvalidInputError(f"the reviewer's name is over {MAX_REVIEWER} characters")
    kind = (value("type").lower() or None) if types is not None else None
    if kind is not None and types is not None and kind not in types:
        raise InvalidInputError(f"type {kind!r} is not one of {', '.join(types)}")
    version = value("version")
    if version and not ID.fullmatch(version):
        raise InvalidInputError(f"version {version!r} is not a number")
    return SheetRow(
        line,
        int(value("id")),
        decision,
        name,
        value("note") or None,
        kind,
        int(version) if version else None,
    )


def read_sheet(
    path: Path,
    decisions: Collection[str],
    types: Collection[str] | None = None,
    reviewer: str | None = None,
    signed_in: bool = False,
) -> list[SheetRow]:
    """The decided rows of a filled-in sheet, checked (module docstring).

    ``types``: the relationship types a ``type`` cell may hold (None: the sheet has
    no type column); ``reviewer``: the name for rows whose reviewer cell is empty, or
    with ``signed_in`` the signed-in account's name for every row (the cells are
    ignored: on the web, decisions are recorded under the account).
    """
    check_user_file(path, MAX_BYTES, "give the sheet written by --sheet", "split the sheet")
    rows, problems, seen = [], [], set()
    for line, raw in enumerate(read_csv(path, {"id", "decision"}), 2):
        if not (raw.get("decision") or "").strip():
            continue
        try:
            row = _row(line, raw, decisions, types, reviewer, signed_in)
        except InvalidInputError as exc:
            problems.append(f"line {line}: {exc.message}")
            continue
        if row.id in seen:
            problems.append(f"line {line}: id {row.id} is decided twice")
        seen.add(row.id)
        rows.append(row)
    if problems:
        raise _fail(path, problems)
    return rows


def check_rows(path: Path, rows: Sequence[SheetRow], check: Callable[[SheetRow], object]) -> None:
    """Run ``check`` on every row (it raises for a row that cannot be applied) and name
    every failure with its line at once; a row decided since the sheet was written
    makes the whole a ``ConflictError``."""
    problems, conflict = [], False
    for row in rows:
        try:
            check(row)
        except GovatlasError as exc:
            problems.append(f"line {row.line}: {exc.message}")
            conflict = conflict or isinstance(exc, ConflictError)
    if problems:
        raise _fail(path, problems, conflict)


Who = Callable[[SheetRow], Reviewer]
Applier = Callable[[Session, Path, Sequence[SheetRow], Who], Counter[str]]


def apply_file(
    session: Session,
    path: Path,
    decisions: Collection[str],
    types: Collection[str] | None,
    reviewer: str | None,
    apply: Applier,
    signed_in: Reviewer | None = None,
) -> Counter[str]:
    """Read a filled-in sheet (``read_sheet``) and apply it with the queue's ``apply``
    (all or none); counts by outcome. ``signed_in``: the web's reviewer, who decides
    every row; otherwise each row's reviewer cell (or ``reviewer``) names who did."""
    if signed_in is not None:
        rows = read_sheet(path, decisions, types, signed_in.name, signed_in=True)
        return apply(session, path, rows, lambda _row: signed_in)
    return apply(session, path, read_sheet(path, decisions, types, reviewer), by_name(session))


def by_name(session: Session) -> Who:
    """Each row's decision recorded under the name in its reviewer cell."""
    return lambda row: Reviewer.named(session, row.reviewer, ReviewChannel.SHEET)


def summary(done: Counter[str]) -> str:
    """ "2 accepted, 1 rejected" (or "no decisions") from ``apply_file``'s counts."""
    return ", ".join(f"{count} {kind}" for kind, count in sorted(done.items())) or "no decisions"
