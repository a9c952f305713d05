"""The white paper's "Technologies" section: which rules reach which kinds of AI.

Per technology, two counts with their populations: UN Member States in scope where an
instrument that applies there carries it (from the technology coverage table), and
instruments of public authorities in scope that carry it. A count is stated only for a
technology whose classifier is measured to the precision floor and only over what was
assessed, with its 95% interval (``analytics.coverage_intervals``); otherwise the cell
reads "not assessed" or "unmeasured", never 0. Each row
cites the instruments and provisions behind it and the release.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy.orm import Session

from govatlas.analytics.coverage import coverage
from govatlas.analytics.coverage_intervals import COVERED, CountInterval
from govatlas.analytics.technology import TECHNOLOGY, instrument_counts
from govatlas.i18n import gettext
from govatlas.reports.citations import Citations
from govatlas.reports.coverage import MAX_EVIDENCE, CoverageTable

COVERED_STATES = ("binding-in-force", "binding-adopted", "binding-proposed", "non-binding")


def stated_figure(
    count: int,
    assessed: int,
    population: int,
    measured: bool,
    interval: CountInterval | None = None,
) -> dict[str, Any]:
    """A count as the report shows it: the number (with its 95% interval when it has
    one) over those assessed, or why none."""
    if not measured:
        return {"value": None, "text": gettext("unmeasured"), "assessed": assessed}
    if not assessed:
        return {"value": None, "text": gettext("not assessed"), "assessed": 0}
    not_assessed = population - assessed
    figure = interval.figure if interval is not None and interval.count == count else str(count)
    if not_assessed:
        text = gettext(
            "%(figure)s of %(assessed)s assessed (%(not_assessed)s not assessed)",
            figure=figure,
            assessed=assessed,
            not_assessed=not_assessed,
        )
    else:
        text = gettext("%(figure)s of %(assessed)s assessed", figure=figure, assessed=assessed)
    low, high = (interval.low, interval.high) if interval is not None else (None, None)
    return {"value": count, "text": text, "assessed": assessed, "low": low, "high": high}


def technologies_section(
    session: Session,
    table: CoverageTable | None,
    instruments: Sequence[str],
    citations: Citations,
) -> dict[str, Any]:
    """Rows per technology over the Member States of ``table`` and ``instruments`` (the
    public authorities' instruments in the report's scope)."""
    result = coverage(session, TECHNOLOGY, by="instrument", rows=instruments)
    population = len(result.rows)
    rows = []
    for count in instrument_counts(session, result):
        technology = count.technology
        places: list[str] = []
        states_assessed = 0
        if table is not None:
            places = table.counted_with_state(technology.notation, COVERED_STATES)
            states_assessed = len(table.assessed(technology.notation))
        members = len(table.places) if table is not None else 0
        cited_instruments = list(count.instruments)
        provisions = list(count.provisions)
        if table is not None:
            for instrument in table.instruments(places, technology.notation):
                if instrument not in cited_instruments:
                    cited_instruments.append(instrument)
            provisions.extend(table.provisions(places, technology.notation))
        key = citations.cite(
            gettext(
                "Technology: %(technology)s in UN Member States and instruments",
                technology=technology.label,
            ),
            cited_instruments,
            sorted(set(provisions))[:MAX_EVIDENCE],
        )
        rows.append(
            {
                "id": technology.notation,
                "label": technology.label,
                "measured": technology.measured,
                "note": technology.note,
                "measured_on": list(technology.measured_on),
                "member_states": stated_figure(
                    len(places),
                    states_assessed,
                    members,
                    technology.measured,
                    table.interval(technology.notation, COVERED) if table is not None else None,
                ),
                "instruments": stated_figure(
                    len(count.instruments),
                    count.assessed,
                    population,
                    technology.measured,
                    count.interval,
                ),
                "from_people": 0 if technology.measured else len(count.instruments),
                "cite": key,
            }
        )
    return {
        "rows": rows,
        "members": len(table.places) if table is not None else 0,
        "instruments": population,
        "measured": [r["label"] for r in rows if r["measured"]],
        "unmeasured": [r["label"] for r in rows if not r["measured"]],
    }
