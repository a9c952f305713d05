"""What every part of the JSON API shares: the strict base model, the page envelope,
the error answer and the CSV alternative of list endpoints.

Models forbid keys they do not declare, so an answer that grows a field without its
model fails the shape check (``web.response_shapes``) in the tests instead of going
undocumented.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema


class ApiModel(BaseModel):
    """A JSON object of the API: every key declared, nothing else."""

    model_config = ConfigDict(extra="forbid")


StoredTime = Annotated[
    datetime,
    WithJsonSchema(
        {
            "type": "string",
            "description": "ISO 8601 date and time in UTC; without an offset when the "
            "store is SQLite (so not always an RFC 3339 date-time).",
        }
    ),
]
"""A time as the store keeps it: validated as a datetime, published as a string (SQLite
stores carry no UTC offset; PostgreSQL ones do)."""

Item = TypeVar("Item", bound=BaseModel)


class Page(ApiModel, Generic[Item]):
    """One page of a list: its items, the cursor of the next page, the total."""

    items: list[Item]
    next_cursor: str | None = Field(
        description="Pass it back as `cursor` for the next page; null on the last."
    )
    total: int | None = Field(
        description="Items in the whole list; null when the list is not counted (labels, "
        "relationships: page through with `next_cursor`)."
    )
    note: str | None = Field(
        default=None,
        description="Why the total is not a finding, when it is not: a filter on a concept "
        "whose classifier is experimental lists only what people labelled or accepted.",
    )


class ErrorDetail(ApiModel):
    status: int = Field(description="The HTTP status, repeated.")
    message: str = Field(description="What went wrong, in one line.")
    hint: str | None = Field(description="What to do about it, when there is something.")
    suggestions: list[str] = Field(
        default_factory=list, description="Near names for an unknown id (did you mean…)."
    )


class ErrorAnswer(ApiModel):
    """Every error the API answers: 400 bad input, 401/403 credentials, 404 unknown id,
    409 a stale review version, 413 too large, 422 a parameter out of range, 429 too
    many writes, 503 busy (with Retry-After)."""

    error: ErrorDetail


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    "4XX": {"model": ErrorAnswer, "description": "The request cannot be answered as it is."},
    422: {"model": ErrorAnswer, "description": "A parameter is missing or out of range."},
    "5XX": {"model": ErrorAnswer, "description": "The server failed or is busy."},
}
"""Added to every API router: the one error shape, in place of the framework's 422."""

CSV_TOO: dict[int | str, dict[str, Any]] = {
    200: {
        "content": {"text/csv": {"schema": {"type": "string"}}},
        "description": "JSON, or with `format=csv` the same rows as CSV.",
    }
}
"""For list endpoints that also answer ``format=csv``."""
