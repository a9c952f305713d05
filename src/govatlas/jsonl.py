"""JSON Lines files as govatlas writes and reads them: one JSON object per line, lines
ended by "\\n" only.

``json.dumps(..., ensure_ascii=False)`` leaves U+2028, U+2029, U+0085 and other line
separators inside strings as they are (a USDA framework holds U+2028), and
``str.splitlines`` cuts at every one of them, so a record read that way breaks in two.
Every reader of the project's gold, manifests and passes goes through ``read_jsonl``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any


def parse_jsonl(text: str) -> list[dict[str, Any]]:
    """The objects of a JSON Lines text; blank lines (a final newline) are skipped."""
    return [json.loads(line) for line in text.split("\n") if line.strip()]


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """The objects of a JSON Lines file (UTF-8)."""
    return parse_jsonl(path.read_text(encoding="utf-8"))


def write_jsonl(path: Path, rows: Iterable[Mapping[str, Any]]) -> None:
    """Write one object per line (UTF-8, non-ASCII as it is), creating the folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
