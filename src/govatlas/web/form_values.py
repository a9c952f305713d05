"""Values read from a page's form: a year, one of an enumeration's values.

A bad value is a ``GovatlasError`` that names what was wrong and the choices, so the
page comes back with a message the reader can act on, not an error page.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Any

from govatlas.errors import GovatlasError


def year_value(value: str | None) -> int | None:
    """A year between 1900 and 2100, or None for an empty field."""
    if value is None or not value.strip():
        return None
    if not value.strip().isdigit() or not 1900 <= int(value) <= 2100:
        raise GovatlasError(f"year {value[:20]!r} is not a year between 1900 and 2100")
    return int(value)


def choice_of(kind: type[StrEnum], value: str | None) -> Any:
    """The member of ``kind`` with this value, or None for an empty field."""
    if not value:
        return None
    try:
        return kind(value)
    except ValueError:
        words = re.sub(r"(?<!^)(?=[A-Z])", " ", kind.__name__).lower()  # "embedding model"
        choices = ", ".join(str(member.value) for member in kind)
        raise GovatlasError(
            f"{value[:40]!r} is not a valid {words}", f"choose one of: {choices}"
        ) from None
