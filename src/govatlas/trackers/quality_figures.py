"""The trackers' measured quality, as shipped: what every row's ``confidence`` says.

``govatlas gold trackers --write`` scores the rules on the test split of the trackers'
gold (``eval/gold/trackers/``) and writes the figures into the package
(``data/quality.json``); every row a tracker shows carries its tracker's field-level
precision and recall with their intervals and the number of gold facts behind them. A
tracker never measured says so (``measured: false``) rather than showing a number.
"""

from __future__ import annotations

from pathlib import Path
from typing import cast

from govatlas.shipped_figures import ShippedFigures

FILE = "quality.json"
# The project's precision floor (the provision classifiers' too): below it, or unmeasured,
# a tracker is experimental and no headline rests on it
PRECISION_FLOOR = 0.85


SHIPPED = ShippedFigures("govatlas.trackers", FILE)


def quality_file() -> Path:
    return SHIPPED.path()


def _figures() -> dict[str, object]:
    return SHIPPED.read()


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
    SHIPPED.forget()


def _interval(found: object) -> str:
    if isinstance(found, list | tuple) and len(found) == 2:
        return f" [{float(found[0]):.2f}–{float(found[1]):.2f}]"
    return ""


def quality_sentence(tracker: str) -> tuple[str, bool]:
    """The measured quality in one sentence, and whether the tracker is experimental: not
    measured, or a field whose precision is unmeasured (nothing read) or below the
    precision floor."""
    quality = measured_quality(tracker)
    if not quality["measured"]:
        return "Extraction quality not measured.", True
    fields = cast(dict[str, dict[str, object]], quality["fields"])
    parts, experimental = [], False
    for field, f in fields.items():
        read = int(cast(int, f["tp"])) + int(cast(int, f["fp"]))
        wanted = int(cast(int, f.get("recall_tp", f["tp"]))) + int(cast(int, f["fn"]))
        p, r = f.get("precision"), f.get("recall")
        if read == 0 and wanted == 0:
            experimental = True
            parts.append(f"{field.replace('_', ' ')}: no such fact in the test split")
            continue
        if p is None:
            experimental = True
            shown_p = "not measured (nothing read)"
        else:
            experimental = experimental or float(cast(float, p)) < PRECISION_FLOOR
            interval = _interval(f.get("precision_interval"))
            shown_p = f"{float(cast(float, p)):.2f}{interval} of {read} read"
        shown_r = (
            "n/a"
            if r is None
            else f"{float(cast(float, r)):.2f}{_interval(f.get('recall_interval'))} of {wanted}"
        )
        parts.append(f"{field.replace('_', ' ')}: precision {shown_p}, recall {shown_r}")
    return (
        f"Rules measured on {quality['passages']} passages of the trackers' gold "
        f"({quality['split']} split, annotated twice by people and adjudicated): "
        + "; ".join(parts)
        + ".",
        experimental,
    )
