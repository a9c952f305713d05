"""Review sheets on the web: download what waits as CSV, upload the filled-in sheet.

The files are those of ``govatlas crosswalk review --sheet/--apply`` and
``govatlas review --sheet/--apply`` (``review_sheets``). Anyone may download a
queue, with the page's filters; applying a sheet needs a signed-in reviewer and
the page's CSRF value, records every decision under that reviewer's account, and
is all or none: a sheet with a row that cannot be applied (or that someone else
decided since the sheet was written) changes nothing, and the error page names
every such row with its line.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Annotated, Literal

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import Engine

from govatlas.classify.labels import queue as labels
from govatlas.crosswalk import review_queue as suggestions
from govatlas.errors import InvalidInputError
from govatlas.review_sheets import (
    CELL_CHARS,
    MAX_BYTES,
    SHEET_LIMIT,
    Applier,
    apply_file,
    sheet_text,
)
from govatlas.store.contention import retrying
from govatlas.store.decisions import Reviewer
from govatlas.store.instruments import get_instrument, instrument_names
from govatlas.vocabulary import QueueOrder, RelationshipType
from govatlas.web.auth import require_form_write
from govatlas.web.review_pages import InstrumentParam, SessionDep
from govatlas.web.state import app_state

router = APIRouter(include_in_schema=False)
UNSAFE_NAME = re.compile(r"[^\w.-]+")
SUGGESTION_DECISIONS = ("accept", "correct", "reject")
LABEL_DECISIONS = ("accept", "reject")
SheetFile = Annotated[UploadFile, File(description="The filled-in review sheet (CSV).")]
CsrfField = Annotated[str | None, Form(max_length=200)]


def _download(text: str, filename: str) -> Response:
    return Response(
        ("\ufeff" + text).encode("utf-8"),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@router.get("/reviews/suggestion-sheet.csv")
def suggestion_sheet(
    session: SessionDep, instrument: InstrumentParam = None, counterpart: InstrumentParam = None
) -> Response:
    """The crosswalk suggestions waiting (with the queue's filters), as a review sheet."""
    instrument, counterpart = instrument or None, counterpart or None
    for name in (instrument, counterpart):
        if name is not None:
            get_instrument(session, name)
    items = suggestions.review_queue(
        session, instrument, SHEET_LIMIT, counterpart, excerpt_chars=CELL_CHARS
    )
    ends = {i for q in items for i in (q.source_instrument, q.target_instrument)}
    rows = suggestions.sheet_rows(items, instrument_names(session, ends))
    return _download(sheet_text(rows, True), "suggestions-sheet.csv")


@router.get("/reviews/label-sheet.csv")
def label_sheet(
    session: SessionDep,
    taxonomy: Annotated[str | None, Query(max_length=60)] = None,
    instrument: InstrumentParam = None,
    order: Annotated[QueueOrder, Query()] = QueueOrder.UNCERTAINTY,
) -> Response:
    """The machine labels waiting (with the queue's filters and order), as a review sheet."""
    taxonomy, instrument = taxonomy or None, instrument or None
    if instrument is not None:
        get_instrument(session, instrument)
    waiting = labels.label_queue(
        session, taxonomy, instrument, SHEET_LIMIT, excerpt_chars=CELL_CHARS, order=order
    )
    return _download(sheet_text(labels.sheet_rows(waiting)), "labels-sheet.csv")


def _apply_upload(
    engine: Engine,
    upload: UploadFile,
    decisions: Sequence[str],
    types: Sequence[str] | None,
    who: Reviewer,
    apply: Applier,
) -> Counter[str]:
    """Read the upload (at most ``MAX_BYTES``), check every row, apply all or none,
    every decision under the signed-in reviewer's name."""
    name = UNSAFE_NAME.sub("_", Path(upload.filename or "").name).strip("._") or "sheet.csv"
    data = upload.file.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise InvalidInputError(
            f"{name}: over the {MAX_BYTES:,}-byte limit", "split the sheet into smaller ones"
        )
    with TemporaryDirectory(prefix="govatlas-sheet-") as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        return retrying(
            engine,
            lambda session: apply_file(session, path, decisions, types, None, apply, who),
        )


def _back_with(path: str, done: Counter[str]) -> Response:
    """Back to the queue with the counts."""
    counts = "&".join(f"{kind}={count}" for kind, count in sorted(done.items()))
    return RedirectResponse(f"{path}?sheet=applied&{counts}", status_code=303)


@dataclass(frozen=True)
class Queue:
    """How a queue's sheet is read and applied, and the page it returns to."""

    decisions: tuple[str, ...]
    types: tuple[str, ...] | None
    apply: Applier
    page: str


QUEUES = {
    "suggestion": Queue(
        SUGGESTION_DECISIONS,
        tuple(t.value for t in RelationshipType),
        suggestions.apply_sheet,
        "/reviews",
    ),
    "label": Queue(LABEL_DECISIONS, None, labels.apply_sheet, "/reviews/labels"),
}
UPLOAD_PATHS = tuple(f"/reviews/{name}-sheet" for name in QUEUES)


@router.post("/reviews/{queue}-sheet")
def apply_review_sheet(
    request: Request,
    queue: Literal["suggestion", "label"],
    sheet: SheetFile,
    csrf: CsrfField = None,
) -> Response:
    """Apply a filled-in sheet of crosswalk suggestions or labels, as the signed-in
    reviewer (the sheet's reviewer column is not read); back to its queue with the
    counts. A row decided by someone else since the sheet was written is a 409."""
    who = require_form_write(request, csrf)
    chosen = QUEUES[queue]
    engine = app_state(request).engine
    done = _apply_upload(engine, sheet, chosen.decisions, chosen.types, who, chosen.apply)
    return _back_with(chosen.page, done)
