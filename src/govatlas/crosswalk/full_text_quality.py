"""What the full-text calibration of machine crosswalks was measured to do, for the reports
that state it (``crosswalk.calibration``; ``benchmarks/full_comparison_calibration.py``
measures it on ``eval/gold/crosswalk-links/`` and a test checks these figures against it).
A module of its own so that a report can state them without loading scikit-learn."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FullTextQuality:
    """How the full-text calibration fared on the judged pairs (held out by framework),
    for the reports that state it."""

    judged: int
    kappa: float  # of the two annotation passes
    published_stated: float  # what the published calibration stated for the stored ones
    published_observed: float  # and the share people would link
    held_out_ece: float
    likely: int  # judged pairs called likely (p >= 0.5) by a fit without their frameworks
    likely_right: int
    below_floor_linked: float  # share linked among judged pairs of published p < 0.35
    # the second draw, which no fit saw (``eval/gold/crosswalk-links/draw-2/``)
    rechecked: int  # pairs judged
    recheck_ece: float  # expected calibration error of the shipped probabilities there
    stored: int  # suggestions the shared corpus's build stores, every one judged
    stored_linked: int  # of which people link


FULL_TEXT_QUALITY = FullTextQuality(
    judged=240,
    kappa=0.953,
    published_stated=0.415,
    published_observed=0.165,
    held_out_ece=0.055,
    likely=16,
    likely_right=9,
    below_floor_linked=0.10,
    rechecked=116,
    recheck_ece=0.085,
    stored=59,
    stored_linked=31,
)
