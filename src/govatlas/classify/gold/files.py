"""Labelled passages as JSON Lines: the one file format for gold and predictions.

One JSON object per line::

    {"id": "art-5", "text": "...", "labels": ["Harms: Discrimination"],
     "spans": [{"concept": "Harms: Discrimination", "start": 10, "end": 42}],
     "scores": {"Harms: Discrimination": 0.91}}

``id`` and ``labels`` are required, ``text`` is required in gold files (the model
reads it) and optional in predictions; ``spans`` (character offsets into
``text``, end excluded) and ``scores`` are optional. A passage may be a provision
or a whole document: evaluation treats both alike.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from govatlas.classify.gold.passages import LabelledPassage, Span
from govatlas.errors import InvalidInputError, NotFoundError

MAX_LINE_CHARS = 5_000_000


def _fail(path: Path, line: int, what: str) -> InvalidInputError:
    return InvalidInputError(
        f"{path.name} line {line}: {what}",
        'each line is {"id": ..., "text": ..., "labels": [...]} (see `govatlas eval --help`)',
    )


def _spans(path: Path, line: int, raw: Any, text: str | None) -> tuple[Span, ...]:
    if not isinstance(raw, list):
        raise _fail(path, line, '"spans" must be a list')
    spans = []
    for item in raw:
        if not isinstance(item, dict) or not {"concept", "start", "end"} <= item.keys():
            raise _fail(path, line, 'each span needs "concept", "start" and "end"')
        start, end = item["start"], item["end"]
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start <= end):
            raise _fail(path, line, f"span {start!r}-{end!r} is not 0 <= start <= end")
        if text is not None and end > len(text):
            raise _fail(path, line, f"span {start}-{end} runs past the text ({len(text)} chars)")
        score = item.get("score")
        spans.append(
            Span(str(item["concept"]), start, end, float(score) if score is not None else None)
        )
    return tuple(spans)


def _passage(path: Path, line: int, raw: str, need_text: bool) -> LabelledPassage:
    try:
        record = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise _fail(path, line, f"not JSON ({exc.msg})") from None
    if not isinstance(record, dict):
        raise _fail(path, line, "not a JSON object")
    passage_id, text, labels = record.get("id"), record.get("text"), record.get("labels")
    if not isinstance(passage_id, str | int) or str(passage_id) == "":
        raise _fail(path, line, 'no "id"')
    if need_text and not isinstance(text, str):
        raise _fail(path, line, 'no "text" (gold passages need the text the model reads)')
    if text is not None and not isinstance(text, str):
        raise _fail(path, line, '"text" must be a string')
    if not isinstance(labels, list) or not all(isinstance(label, str) for label in labels):
        raise _fail(path, line, '"labels" must be a list of concept names')
    scores = record.get("scores") or {}
    if not isinstance(scores, dict):
        raise _fail(path, line, '"scores" must be an object')
    return LabelledPassage(
        str(passage_id),
        text or "",
        frozenset(labels),
        {str(k): float(v) for k, v in scores.items()},
        _spans(path, line, record.get("spans", []), text),
    )


def read_passages(path: Path, need_text: bool = True) -> list[LabelledPassage]:
    """Every passage of a JSON Lines file, checked; blank lines are skipped."""
    if not path.is_file():
        raise NotFoundError(f"{path} is not a file", "give a .jsonl file of labelled passages")
    passages: list[LabelledPassage] = []
    seen: set[str] = set()
    with path.open(encoding="utf-8-sig") as handle:
        for number, raw in enumerate(handle, 1):
            if len(raw) > MAX_LINE_CHARS:
                raise _fail(path, number, f"longer than {MAX_LINE_CHARS:,} characters")
            if not raw.strip():
                continue
            passage = _passage(path, number, raw, need_text)
            if passage.id in seen:
                raise _fail(path, number, f"id {passage.id!r} appears twice")
            seen.add(passage.id)
            passages.append(passage)
    if not passages:
        raise InvalidInputError(f"{path} has no passages", "one JSON object per line")
    return passages


def write_passages(path: Path, passages: list[LabelledPassage]) -> None:
    """Write passages in the same format (labels sorted, scores and spans kept)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as handle:
        for passage in passages:
            record = {
                "id": passage.id,
                "labels": sorted(passage.labels),
                "scores": {k: round(v, 4) for k, v in sorted(passage.scores.items())},
                "spans": [
                    {"concept": s.concept, "start": s.start, "end": s.end}
                    | ({"score": s.score} if s.score is not None else {})
                    for s in passage.spans
                ],
            }
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
