"""Tables and figures numbered in the order a reader meets them.

A template writes ``Table {{ table() }}.`` in a caption (``table("pairs")`` when the
text refers to it elsewhere, as ``Table {{ table_ref("pairs") }}``), and the same with
``figure``. Rendering leaves placeholders; ``number`` then gives each placed table and
figure the next number in document order and fills in the references. Numbers written
by hand went wrong as soon as a section became optional or repeated (the white paper
had two Tables 5, 6 and 7 and no Figure 7).
"""

from __future__ import annotations

import re
from itertools import count

from markupsafe import Markup

KINDS = ("table", "figure")
_PLACED = re.compile(r"⟦(table|figure):([^⟧]+)⟧")
_REFERRED = re.compile(r"⟦(table|figure)-ref:([^⟧]+)⟧")


class Numbering:
    """The template functions of one rendering: ``table``, ``table_ref``, ``figure``,
    ``figure_ref``."""

    def __init__(self) -> None:
        self._anonymous = count(1)

    def place(self, kind: str, key: str | None = None) -> Markup:
        name = key if key is not None else f"#{next(self._anonymous)}"
        return Markup(f"⟦{kind}:{name}⟧")

    @staticmethod
    def refer(kind: str, key: str) -> Markup:
        return Markup(f"⟦{kind}-ref:{key}⟧")

    def functions(self) -> dict[str, object]:
        found: dict[str, object] = {}
        for kind in KINDS:
            found[kind] = lambda key=None, kind=kind: self.place(kind, key)
            found[f"{kind}_ref"] = lambda key, kind=kind: self.refer(kind, key)
        return found


def number(html: str) -> str:
    """Fill the placeholders: numbers in document order, then the references to them.
    A reference to a table or figure that was never placed is a template bug."""
    numbers: dict[tuple[str, str], int] = {}
    counters = {kind: count(1) for kind in KINDS}

    def placed(match: re.Match[str]) -> str:
        kind, key = match.group(1), match.group(2)
        if (kind, key) in numbers:
            raise ValueError(f"{kind} {key!r} is placed twice")
        numbers[(kind, key)] = next(counters[kind])
        return str(numbers[(kind, key)])

    def referred(match: re.Match[str]) -> str:
        kind, key = match.group(1), match.group(2)
        if (kind, key) not in numbers:
            raise ValueError(f"a reference to {kind} {key!r}, which the document never shows")
        return str(numbers[(kind, key)])

    return _REFERRED.sub(referred, _PLACED.sub(placed, html))
