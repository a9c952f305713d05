"""The building-block trackers in the white paper: binding law in force, side by side.

One table per tracker: for red lines, each practice with the instruments of binding law
in force that ban it; for incident reporting, penalties and thresholds, each instrument
of binding law in force with the values it sets, the extremes marked. Every line cites
its provisions. Each table states the rules' measured precision and recall; a tracker
whose precision is not measured is printed as experimental and never feeds the summary.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy.orm import Session

from govatlas.i18n import N_, gettext
from govatlas.provision_labels import provision_label
from govatlas.reports.annexes import Annex
from govatlas.reports.citations import Citations
from govatlas.trackers.facts import RED_LINES, TRACKERS
from govatlas.trackers.overview import binding_in_force, instrument_lines, practices
from govatlas.trackers.quality_figures import shown_quality_sentence
from govatlas.trackers.table import tracker_rows

# The words ``trackers.overview`` marks a value with among binding law in force
# (``Value.extreme``), marked here for the catalogs: shown translated in a line.
EXTREME_WORDS = (N_("lowest"), N_("highest"), N_("shortest"), N_("longest"))


def tracker_tables(session: Session, citations: Citations) -> list[dict[str, Any]]:
    tables = []
    for spec in TRACKERS.values():
        rows = tracker_rows(session, spec.name, read_if_empty=False)
        text, experimental = shown_quality_sentence(spec.name)
        title = gettext(spec.title)  # the trackers' own words are marked in trackers.facts
        lines: list[dict[str, Any]] = []
        if spec.name == RED_LINES:
            for line in practices(rows):
                if not line.in_force:
                    continue
                practice = gettext(line.label)  # marked in trackers.red_lines
                provisions = [r.fact.provision_id for b in line.in_force for r in b.rows]
                instruments = [b.first.instrument.id for b in line.in_force]
                lines.append(
                    {
                        "what": practice,
                        "where": "; ".join(
                            f"{b.first.instrument.short_name} ({b.first.instrument.jurisdiction}"
                            f", {', '.join(provision_label(r.fact.path) for r in b.rows[:3])})"
                            for b in line.in_force
                        ),
                        "cite": citations.cite(
                            gettext(
                                "%(practice)s: prohibited by binding law in force",
                                practice=practice,
                            ),
                            instruments,
                            provisions,
                        ),
                    }
                )
        else:
            for found in instrument_lines(rows):
                if not found.in_force:
                    continue
                instrument = found.first.instrument
                lines.append(
                    {
                        "what": f"{instrument.short_name} ({instrument.jurisdiction})",
                        "where": "; ".join(
                            gettext(
                                "%(value)s (%(extreme)s), %(provision)s",
                                value=v.label,
                                extreme=gettext(v.extreme),  # lowest, highest...
                                provision=provision_label(v.row.fact.path),
                            )
                            if v.extreme
                            else f"{v.label}, {provision_label(v.row.fact.path)}"
                            for v in found.values
                        ),
                        "cite": citations.cite(
                            f"{title}: {instrument.short_name}",
                            [instrument.id],
                            [v.row.fact.provision_id for v in found.values],
                        ),
                    }
                )
        tables.append(
            {
                "name": spec.name,
                "title": title,
                "question": gettext(spec.question),
                "lines": lines,
                "other": len({r.instrument.id for r in rows if not binding_in_force(r)}),
                "quality": text,
                "experimental": experimental,
            }
        )
    return tables


def tracker_annex(tables: Sequence[Mapping[str, Any]], letter: str) -> Annex | None:
    """The experimental trackers' tables as one annex: their rules' precision is below the
    floor or not measured, so the body leaves them out and names the annex instead."""
    rows = [
        (table["title"], line["what"], line["where"], line["cite"], table["quality"])
        for table in tables
        if table["experimental"]
        for line in table["lines"]
    ]
    if not any(table["experimental"] for table in tables):
        return None
    return Annex(
        "trackers",
        letter,
        gettext("Building-block trackers (experimental): binding law in force"),
        gettext(
            "Which practices binding law in force prohibits, and the incident-reporting "
            "deadlines, maximum fines and thresholds it sets, read by rules whose precision on "
            "the project's gold is below 0.85 or not measured (each row states its tracker's "
            "measured quality). They are not findings: a place missing here is not a place "
            "that sets nothing, and no sentence of the report rests on them."
        ),
        (
            N_("Tracker"),
            N_("Practice or instrument"),
            N_("Banned by, or values set"),
            N_("Citation"),
            N_("Quality"),
        ),
        rows,
    )
