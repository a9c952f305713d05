"""The ``id,text`` CSV files that ``govatlas crosswalk align`` reads and writes.

Inputs are checked before any model loads: a missing column, a duplicate or empty
id, a file that is not UTF-8 CSV or is too large is named with its row.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from govatlas.crosswalk.align import Candidate
from govatlas.errors import InvalidInputError
from govatlas.records import Passage
from govatlas.sources.tables import check_user_file, read_csv
from govatlas.spreadsheet_cells import csv_writer

MAX_BYTES = 50 * 1024 * 1024
OUTPUT_COLUMNS = ("source_id", "target_id", "rank", "score", "relationship")


def read_passages(path: Path) -> list[Passage]:
    """Rows of an ``id,text`` CSV as passages, in file order."""
    check_user_file(
        path, MAX_BYTES, "give the path of an id,text CSV", "split the framework into smaller files"
    )
    rows = read_csv(path, {"id", "text"})
    if not rows:
        raise InvalidInputError(f"{path.name}: no rows", "the file needs one row per provision")
    passages, seen = [], set()
    for line, row in enumerate(rows, 2):
        identifier = (row.get("id") or "").strip()
        if not identifier:
            raise InvalidInputError(f"{path.name}, line {line}: empty id", "give every row an id")
        if identifier in seen:
            raise InvalidInputError(
                f"{path.name}, line {line}: duplicate id {identifier!r}", "ids must be unique"
            )
        seen.add(identifier)
        passages.append(Passage(identifier, " ".join((row.get("text") or "").split())))
    return passages


def write_candidates(path: Path, candidates: Iterable[Candidate]) -> int:
    """Write ``source_id,target_id,rank,score,relationship``; returns the row count."""
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv_writer(handle)
        writer.writerow(OUTPUT_COLUMNS)
        for c in candidates:
            writer.writerow(
                [c.source_id, c.target_id, c.rank, f"{c.score:.4f}", c.relationship.value]
            )
            count += 1
    return count
