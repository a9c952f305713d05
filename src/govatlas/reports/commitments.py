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
from govatlas.reports.citations import Citations

NEAR_UNIVERSAL = 0.9  # share of Member States at or above which a commitment is near-universal
SPLITTING_SHOWN = 3


def commitments_section(
    summary: Sequence[InstrumentSummary], citations: Citations
) -> dict[str, Any]:
    rows: list[dict[str, Any]] = []
    for s in summary:
        key = citations.cite(
            f"UN Member States with a recorded act towards {s.name} (adherence facts)",
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
        "regions": [r.region for r in summary[0].regions] if summary else [],
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
        sentences.append(
            {
                "text": f"{len(universal)} of {total} international instruments on record are "
                f"near-universal (at least {NEAR_UNIVERSAL:.0%} of the {members} UN Member "
                f"States have a recorded act towards them): {names}.",
                "cite": citations.cite(
                    "Near-universal international commitments of UN Member States "
                    "(adherence facts)",
                    [r["s"].instrument for r in universal],
                    sources=[url for r in universal for url in r["s"].sources],
                ),
            }
        )
    if splitting:
        top = splitting[0]
        s, high, low = top["s"], top["highest"], top["lowest"]
        sentences.append(
            {
                "text": f"The commitment that splits the regions most is {s.name}: "
                f"{high.adhering} of {high.members} Member States in {high.region} "
                f"({high.share:.0%}) against {low.adhering} of {low.members} in "
                f"{low.region} ({low.share:.0%}); {s.adhering} of {s.members} overall.",
                "cite": top["cite"],
            }
        )
    return sentences
