"""How the JSON API answers: the page envelope and its opaque cursors, CSV for lists,
ETags, and the check of each JSON answer against the model its operation declares
(``web.response_shapes``); the parameter types every part of the API shares.

Lists page with an opaque cursor (``next_cursor``; pass it back as ``cursor``) and
``limit`` (at most 500). Every GET answer carries an ETag and honours
``If-None-Match``. List endpoints also answer ``format=csv``.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import io
import json
from collections.abc import Sequence
from enum import StrEnum
from typing import Annotated, Any

from fastapi import Depends, Path, Query, Request, Response
from pydantic import BaseModel
from sqlalchemy import ColumnElement
from sqlalchemy.orm import Session

from govatlas.errors import InvalidInputError
from govatlas.spreadsheet_cells import dict_writer
from govatlas.store.models import Label, Relationship
from govatlas.store.paging import rows_after
from govatlas.web.response_shapes import checked
from govatlas.web.state import app_state, db_session

SessionDep = Annotated[Session, Depends(db_session)]
Limit = Annotated[int, Query(ge=1, le=500, description="Items per page (1-500).")]
MAX_ID = 2**31 - 1  # ids are 32-bit INTEGER columns (PostgreSQL)
Id = Annotated[int, Path(ge=1, le=MAX_ID, description="A numeric id from this API.")]
Cursor = Annotated[str | None, Query(max_length=400, description="`next_cursor` of the last page.")]


class Format(StrEnum):
    JSON = "json"
    CSV = "csv"


FormatQuery = Annotated[Format, Query(description="json (default) or csv.")]


def encode_cursor(value: str | int | None) -> str | None:
    if value is None:
        return None
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode()


MAX_CURSOR_KEY = 200  # characters of a string key (ids are far shorter)


def decode_cursor(cursor: str | None) -> Any:
    """The key a cursor carries: a non-negative 32-bit int or a short printable string.

    Anything else, however it was crafted, is a 400: a cursor is data from the client.
    """
    if not cursor:
        return None
    try:
        value = json.loads(base64.urlsafe_b64decode(cursor.encode("ascii")))
        if isinstance(value, bool) or not isinstance(value, int | str):
            raise ValueError("not a cursor value")
        if isinstance(value, int) and not 0 <= value <= MAX_ID:
            raise ValueError("out of range")
        if isinstance(value, str) and (
            len(value) > MAX_CURSOR_KEY or not value.isprintable() or not value
        ):
            raise ValueError("not a key this API gives")
        return value
    except (binascii.Error, ValueError, UnicodeError, RecursionError):
        raise InvalidInputError(
            f"cursor {cursor[:40]!r} is not one this API gave", "start again without it"
        ) from None


def cursor_int(value: Any) -> int:
    if isinstance(value, int):
        return value
    # isdecimal alone accepts other scripts' digits ("²", "٣") that int() may refuse
    if isinstance(value, str) and value.isascii() and value.isdecimal() and int(value) <= MAX_ID:
        return int(value)
    raise InvalidInputError("this cursor belongs to another list", "start again without it")


def keyset_page(
    session: Session,
    model: type[Label] | type[Relationship],
    filters: dict[Any, Any],
    cursor: str | None,
    limit: int,
    conditions: Sequence[ColumnElement[bool]] = (),
) -> tuple[list[Any], int | None]:
    """Rows of ``model`` matching ``filters`` (None = no filter) and ``conditions`` after
    the cursor's id."""
    after = decode_cursor(cursor)
    rows, last = rows_after(
        session, model, filters, cursor_int(after) if after else None, limit, conditions
    )
    return rows, int(str(last)) if last is not None else None


def csv_text(rows: list[dict[str, Any]]) -> str:
    """The rows as CSV, with a column for every key any row has (in order of first
    appearance; empty where a row lacks it), lists and objects as JSON."""
    out = io.StringIO()
    if rows:
        columns = list(dict.fromkeys(key for row in rows for key in row))
        writer = dict_writer(out, columns, restval="")
        writer.writeheader()
        for row in rows:
            writer.writerow(
                {
                    k: json.dumps(v) if isinstance(v, list | tuple | dict) else v
                    for k, v in row.items()
                }
            )
    return out.getvalue()


def _declared_model(request: Request) -> type[BaseModel] | None:
    """The pydantic model the answering operation declares (``response_model``)."""
    route = request.scope.get("route")
    model = getattr(route, "response_model", None)
    return model if isinstance(model, type) and issubclass(model, BaseModel) else None


def respond(request: Request, data: Any, csv_rows: list[dict[str, Any]] | None = None) -> Response:
    """JSON (or CSV) with a content ETag; 304 when the client already has it.

    JSON that is sent is checked against the model the operation declares
    (``web.response_shapes``); a 304 sends nothing and checks nothing.
    """
    if csv_rows is not None:
        body, media = csv_text(csv_rows).encode(), "text/csv; charset=utf-8"
    else:
        body = json.dumps(data, ensure_ascii=False, default=str).encode()
        media = "application/json"
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers={"ETag": etag})
    model = _declared_model(request) if csv_rows is None else None
    if model is not None:
        checked(model, body, app_state(request).api_shapes, request.url.path)
    return Response(body, media_type=media, headers={"ETag": etag, "Cache-Control": "no-cache"})


def page(
    request: Request,
    items: list[dict[str, Any]],
    next_key: Any,
    total: int | None,
    fmt: Format,
    note: str | None = None,
) -> Response:
    """One page of a list; ``total`` None when the list is not counted (never a made-up
    number); ``note`` says why its total is not a finding, when it is not."""
    if fmt is Format.CSV:
        return respond(request, None, items)
    answer: dict[str, Any] = {
        "items": items,
        "next_cursor": encode_cursor(next_key),
        "total": total,
    }
    if note:
        answer["note"] = note
    return respond(request, answer)


def years_in_order(year_from: int | None, year_to: int | None) -> None:
    """Refuse a year range that ends before it starts (one line, 400)."""
    if year_from and year_to and year_from > year_to:
        raise InvalidInputError(f"year_from {year_from} is after year_to {year_to}")
