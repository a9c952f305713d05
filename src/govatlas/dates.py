"""Dates as precisely as they are known: 2021, 2021-05 or 2021-05-04, never 2021-01-01."""

from __future__ import annotations

from datetime import date


def dated(day: date | None, precision: str) -> str:
    """``day`` written to its precision ("day", "month" or "year"); empty when unknown."""
    if day is None:
        return ""
    if precision == "year":
        return f"{day.year}"
    if precision == "month":
        return f"{day.year}-{day.month:02d}"
    return day.isoformat()
