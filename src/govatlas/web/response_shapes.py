"""Does an API answer have the shape its OpenAPI description declares?

``checked(model, body, mode, where)`` validates the JSON bytes about to be sent against
the operation's pydantic model, strictly (what a client parses: no string where a number
is declared, no key the model does not name). ``GOVATLAS_API_SHAPES`` says what a
mismatch does: ``log`` (the default; the client still gets its data and the server log
says where the description is wrong), ``raise`` (a 500: the test suite's setting, so a
drift fails a test) or ``off``.

Under ``log`` an answer over ``LOGGED_CHECK_LIMIT`` bytes is not checked: validating
costs about 85 ms a megabyte (the 6.6 MB coverage grid of an FMTI edition took 555 ms,
on top of 1.0 s to build it), too dear for a log line; the tests (``raise``) check every
answer whatever its size.
"""

from __future__ import annotations

import logging
from typing import Literal

from pydantic import BaseModel, ValidationError

log = logging.getLogger(__name__)
ShapeCheck = Literal["log", "raise", "off"]
LOGGED_CHECK_LIMIT = 1_000_000  # bytes


class ShapeMismatchError(RuntimeError):
    """An answer that does not match its declared model (a defect of the API)."""


def describe(error: ValidationError, limit: int = 3) -> str:
    """The first few mismatches, each as ``where: what``, on one line."""
    parts = [
        ".".join(str(p) for p in item["loc"]) + ": " + item["msg"]
        for item in error.errors(include_url=False)[:limit]
    ]
    more = error.error_count() - limit
    return "; ".join(parts) + (f" (and {more} more)" if more > 0 else "")


def checked(model: type[BaseModel], body: bytes, mode: ShapeCheck, where: str) -> None:
    """Validate ``body`` against ``model``; log or raise a mismatch as ``mode`` says
    (under ``log``, only answers up to ``LOGGED_CHECK_LIMIT`` bytes)."""
    if mode == "off" or (mode == "log" and len(body) > LOGGED_CHECK_LIMIT):
        return
    try:
        model.model_validate_json(body, strict=True)
    except ValidationError as error:
        message = f"{where}: the answer does not match {model.__name__}: {describe(error)}"
        if mode == "raise":
            raise ShapeMismatchError(message) from None
        log.error(message)
