"""Figures a package ships as JSON in its ``data`` folder, read once and re-read on demand.

Measured quality that takes too long to compute for a page (the trackers' scores on
their gold, the incident domain model's cross-fitted accuracy) is measured by a command
and written into its package; pages and the API read it from there. A file that is not
there reads as ``{}``, which the callers show as "not measured", never as 0.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import cast


class ShippedFigures:
    """One JSON file in a package's ``data`` folder (``govatlas.trackers``,
    ``quality.json``), cached after its first read."""

    def __init__(self, package: str, name: str) -> None:
        self.package = package
        self.name = name
        self._cached: dict[str, object] | None = None

    def path(self) -> Path:
        return Path(str(resources.files(self.package) / "data" / self.name))

    def read(self) -> dict[str, object]:
        if self._cached is None:
            path = self.path()
            found = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
            self._cached = cast(dict[str, object], found)
        return self._cached

    def forget(self) -> None:
        """Read the file again on next use (after a command wrote it)."""
        self._cached = None
