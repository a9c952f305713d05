"""The trackers' measured quality, as shipped: what every row's ``confidence`` says.

``govatlas gold trackers --write`` scores the rules on the test split of the trackers'
gold (``eval/gold/trackers/``) and writes the figures into the package
(``data/quality.json``); every row a tracker shows carries its tracker's field-level
precision and recall with their intervals and the number of gold facts behind them. A
tracker never measured says so (``measured: false``) rather than showing a number.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from pathlib import Path
from typing import cast

FILE = "quality.json"


def quality_file() -> Path:
    return Path(str(resources.files("govatlas.trackers") / "data" / FILE))


@cache
def _figures() -> dict[str, object]:
    path = quality_file()
    if not path.exists():
        return {}
    return cast(dict[str, object], json.loads(path.read_text(encoding="utf-8")))


def measured_quality(tracker: str) -> dict[str, object]:
    """``{"measured": true, "split": "test", "passages": n, "fields": {...}}`` or
    ``{"measured": false}``."""
    figures = _figures()
    trackers = cast(dict[str, object], figures.get("trackers", {}))
    found = trackers.get(tracker)
    if not isinstance(found, dict):
        return {"measured": False}
    return {
        "measured": True,
        "gold": figures.get("gold"),
        "split": figures.get("split"),
        "passages": figures.get("passages"),
        "fields": found,
    }


def forget() -> None:
    """Read the file again on next use (after ``govatlas gold trackers --write``)."""
    _figures.cache_clear()
