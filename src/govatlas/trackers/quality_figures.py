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

from govatlas.i18n import DEFAULT, N_, gettext, ngettext, speaking
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


# How the sentence names each measured field (the field's name, underscores as spaces),
# marked for the catalogs; a field not listed is shown by its name
FIELD_NAMES: dict[str, str] = {
    "practice": N_("practice"),
    "duty": N_("duty"),
    "deadline_hours": N_("deadline hours"),
    "recipient": N_("recipient"),
    "max_amount+currency": N_("max amount+currency"),
    "turnover_share": N_("turnover share"),
    "threshold_value+unit": N_("threshold value+unit"),
}
# Translators: the part of the trackers' gold the rules were measured on ("test split")
SPLIT_NAMES: dict[str, str] = {"test": N_("test")}


def _interval(found: object) -> str:
    if isinstance(found, list | tuple) and len(found) == 2:
        return f" [{float(found[0]):.2f}–{float(found[1]):.2f}]"
    return ""


def _below_floor(precision: float, figures: dict[str, object]) -> bool:
    """Whether a field's precision may lie below the floor: the lower end of its 95 %
    interval when it has one (a few facts read right prove little), else the figure."""
    found = figures.get("precision_interval")
    if isinstance(found, list | tuple) and len(found) == 2:
        return float(found[0]) < PRECISION_FLOOR
    return precision < PRECISION_FLOOR


def quality_sentence(tracker: str) -> tuple[str, bool]:
    """The measured quality in one sentence, and whether the tracker is experimental: not
    measured, or a field whose precision is unmeasured (nothing read) or may be below the
    precision floor (its interval's lower end is). In English (the command line gives it so)."""
    with speaking(DEFAULT):
        return shown_quality_sentence(tracker)


def _field_name(field: str) -> str:
    return gettext(FIELD_NAMES[field]) if field in FIELD_NAMES else field.replace("_", " ")


def shown_quality_sentence(tracker: str) -> tuple[str, bool]:
    """``quality_sentence`` in the language of the page or report being rendered (the
    figures written as before)."""
    quality = measured_quality(tracker)
    if not quality["measured"]:
        return gettext("Extraction quality not measured."), True
    fields = cast(dict[str, dict[str, object]], quality["fields"])
    parts, experimental = [], False
    for field, f in fields.items():
        read = int(cast(int, f["tp"])) + int(cast(int, f["fp"]))
        wanted = int(cast(int, f.get("recall_tp", f["tp"]))) + int(cast(int, f["fn"]))
        p, r = f.get("precision"), f.get("recall")
        name = _field_name(field)
        if read == 0 and wanted == 0:
            experimental = True
            parts.append(gettext("%(field)s: no such fact in the test split", field=name))
            continue
        if p is None:
            experimental = True
            shown_p = gettext("not measured (nothing read)")
        else:
            experimental = experimental or _below_floor(float(cast(float, p)), f)
            precision = f"{float(cast(float, p)):.2f}"
            shown_p = gettext(
                "%(precision)s%(interval)s of %(read)s read",
                precision=precision,
                interval=_interval(f.get("precision_interval")),
                read=read,
            )
        recall = "" if r is None else f"{float(cast(float, r)):.2f}"
        shown_r = (
            gettext("n/a")
            if r is None
            else gettext(
                "%(recall)s%(interval)s of %(wanted)s",
                recall=recall,
                interval=_interval(f.get("recall_interval")),
                wanted=wanted,
            )
        )
        parts.append(
            gettext(
                "%(field)s: precision %(precision)s, recall %(recall)s",
                field=name,
                precision=shown_p,
                recall=shown_r,
            )
        )
    passages, split = quality["passages"], str(quality["split"])
    return (
        ngettext(
            "Rules measured on %(num)s passage of the trackers' gold (%(split)s split, "
            "annotated twice by people and adjudicated): %(fields)s.",
            "Rules measured on %(num)s passages of the trackers' gold (%(split)s split, "
            "annotated twice by people and adjudicated): %(fields)s.",
            passages if isinstance(passages, int) else 0,
            num=passages,  # as the file holds it
            split=gettext(SPLIT_NAMES[split]) if split in SPLIT_NAMES else split,
            fields="; ".join(parts),
        ),
        experimental,
    )
