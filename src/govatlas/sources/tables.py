"""Reading a source's CSV and JSON files with checks that name what is wrong."""

from __future__ import annotations

import csv
import json
from functools import cache
from pathlib import Path
from typing import Any

from govatlas.errors import InvalidInputError, NotFoundError
from govatlas.ingest.formats import DocumentError

csv.field_size_limit(64 * 1024 * 1024)


def check_user_file(path: Path, max_bytes: int, missing_hint: str, large_hint: str) -> None:
    """A user's input file exists and is not over ``max_bytes``, or a clear error."""
    if not path.is_file():
        raise NotFoundError(f"{path}: no such file", missing_hint)
    size = path.stat().st_size
    if size > max_bytes:
        raise InvalidInputError(
            f"{path.name}: {size:,} bytes is over the {max_bytes:,}-byte limit", large_hint
        )


def read_csv(path: Path, required: set[str] | frozenset[str] = frozenset()) -> list[dict[str, str]]:
    """Rows of a UTF-8 CSV (BOM tolerated); missing required columns are an error."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            columns = set(reader.fieldnames or [])
            missing = required - columns
            if missing:
                found = ", ".join(reader.fieldnames or []) or "none"
                raise DocumentError(
                    f"{path.name}: missing column(s) {', '.join(sorted(missing))}"
                    f" (the header row has: {found})",
                    "the first row must name the columns; check the file's layout",
                )
            return [dict(row) for row in reader]
    except UnicodeDecodeError as exc:
        raise DocumentError(
            f"{path.name}: not valid UTF-8 ({exc.reason})", "re-export as UTF-8"
        ) from exc
    except csv.Error as exc:
        raise DocumentError(f"{path.name}: malformed CSV ({exc})", "check the file") from exc


def read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8-sig"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise DocumentError(f"{path.name}: malformed JSON ({exc})", "check the file") from exc


def keyed_rows(
    path: Path, key: str, required: frozenset[str] = frozenset()
) -> dict[str, dict[str, str]]:
    """Rows by the value of ``key``, read once per file version (do not modify them)."""
    return _keyed_rows(path, path.stat().st_mtime_ns, key, required | {key})


@cache
def _keyed_rows(
    path: Path, _mtime: int, key: str, required: frozenset[str]
) -> dict[str, dict[str, str]]:
    return {row[key].strip(): row for row in read_csv(path, required)}
