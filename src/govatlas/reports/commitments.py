"""International commitments in a report: which are near-universal, which split regions.

Figures come from ``analytics.commitments.instrument_summary``: for each
international instrument, the UN Member States with a recorded act towards it,
overall and per UN M49 continent. Each row cites the instrument and the source
URLs of its adherence facts, with the dataset release, like every other figure.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from govatlas.analytics.commitments import NO_RECORD_NOTE, InstrumentSummary
from govatlas.i18n import gettext, ngettext
from govatlas.reports.citations import Citations

NEAR_UNIVERSAL = 0.9  # share of Member States at or above which a commitment is near-universal
SPLITTING_SHOWN = 3


def commitments_section(
    summary: Sequence[InstrumentSummary], citations: Citations
) -> dict[str, Any]:
    rows: list[dict[str, Any]] = []
    for s in summary:
        key = citations.cite(
            gettext(
                "UN Member States with a recorded act towards %(instrument)s (adherence facts)",
                instrument=s.name,
            ),
            [s.instrument],
            sources=s.sources,
        )
        highest = max(s.regions, key=lambda r: (r.share, r.region), default=None)
        lowest = min(s.regions, key=lambda r: (r.share, r.region), default=None)
        rows.append({"s": s, "cite": key, "highest": highest, "lowest": lowest})
    universal = [r for r in rows if r["s"].share >= NEAR_UNIVERSAL]
    splitting = sorted(
        (r for r in rows if r["s"].share < NEAR_UNIVERSAL and r["s"].spread > 0),
        key=lambda r: (-r["s"].spread, r["s"].name),
    )[:SPLITTING_SHOWN]
    return {
        "rows": rows,
        # the continents' names are marked in catalog.jurisdictions
        "regions": [gettext(r.region) for r in summary[0].regions] if summary else [],
        "universal": universal,
        "splitting": splitting,
        "threshold": NEAR_UNIVERSAL,
        "note": NO_RECORD_NOTE,
        "sentences": _sentences(universal, splitting, len(rows), citations),
    }


def _sentences(
    universal: list[dict[str, Any]],
    splitting: list[dict[str, Any]],
    total: int,
    citations: Citations,
) -> list[dict[str, str]]:
    if not total:
        return []
    sentences = []
    if universal:
        members = universal[0]["s"].members
        names = ", ".join(f"{r['s'].name} ({r['s'].adhering})" for r in universal)
        threshold = f"{NEAR_UNIVERSAL:.0%}"  # the figure as English writes it, in every language
        sentences.append(
            {
                # English says "are" for one too ("1 of 5 instruments ... are")
                "text": ngettext(
                    "%(num)s of %(total)s international instruments on record are "
                    "near-universal (at least %(threshold)s of the %(members)s UN Member "
                    "States have a recorded act towards them): %(instruments)s.",
                    "%(num)s of %(total)s international instruments on record are "
                    "near-universal (at least %(threshold)s of the %(members)s UN Member "
                    "States have a recorded act towards them): %(instruments)s.",
                    len(universal),
                    total=total,
                    threshold=threshold,
                    members=members,
                    instruments=names,
                ),
                "cite": citations.cite(
                    gettext(
                        "Near-universal international commitments of UN Member States "
                        "(adherence facts)"
                    ),
                    [r["s"].instrument for r in universal],
                    sources=[url for r in universal for url in r["s"].sources],
                ),
            }
        )
    if splitting:
        top = splitting[0]
        s, high, low = top["s"], top["highest"], top["lowest"]
        high_share, low_share = f"{high.share:.0%}", f"{low.share:.0%}"
        sentences.append(
            {
                "text": gettext(
                    "The commitment that splits the regions most is %(instrument)s: "
                    "%(high_adhering)s of %(high_members)s Member States in %(high_region)s "
                    "(%(high_share)s) against %(low_adhering)s of %(low_members)s in "
                    "%(low_region)s (%(low_share)s); %(adhering)s of %(members)s overall.",
                    instrument=s.name,
                    high_adhering=high.adhering,
                    high_members=high.members,
                    high_region=gettext(high.region),
                    high_share=high_share,
                    low_adhering=low.adhering,
                    low_members=low.members,
                    low_region=gettext(low.region),
                    low_share=low_share,
                    adhering=s.adhering,
                    members=s.members,
                ),
                "cite": top["cite"],
            }
        )
    return sentences
