"""Machine crosswalks among the major frameworks, made by the build.

For every pair of ``MAJOR_FRAMEWORKS`` whose texts are stored (an instrument
known only by the reference items its crosswalks cite, such as ISO/IEC 42001,
has none), the shipped ranker aligns the earlier-listed framework's units with
the other's (``suggest.suggest_crosswalk``) and keeps, per source unit, up to
``TOP`` targets whose calibrated probability of being linked by people is at
least ``MIN_PROBABILITY``. They are stored as *automated, unreviewed*
relationships carrying that probability, authored ``AUTHOR``; compare, the
interoperability index, the atlas and the white paper show them as
machine-suggested and put human links first.

A pair is aligned again only when its units changed or the ranker did (the
author names the ranker version), so re-running an unchanged build changes
nothing. Each provision is embedded once per model for all pairs
(``align.VectorCache``).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from itertools import combinations

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from govatlas.crosswalk.align import VectorCache
from govatlas.crosswalk.suggest import SuggestOptions, SuggestResult, suggest_crosswalk
from govatlas.store.crosswalk_rows import machine_links_exist
from govatlas.store.instruments import instruments_by_ids, reading_version
from govatlas.store.units import unit_provisions

# The list and the white paper's major frameworks (``reports/data/white_paper.yaml``)
MAJOR_FRAMEWORKS = (
    "eu-ai-act",
    "nist-ai-rmf-1-0",
    "iso-iec-42001",
    "oecd-ai-principles-2019",
    "oecd-ai-principles-2024",
    "japan-ai-guidelines-for-business",
    "singapore-ai-verify",
    "china-generative-ai-measures",
    "coe-framework-convention-ai",
    "japan-ai-promotion-act",
    "korea-ai-basic-act",
    "california-sb-53",
    "colorado-sb24-205",
    "g7-hiroshima-code-of-conduct",
)
RANKER_VERSION = 4
AUTHOR = f"govatlas build: machine crosswalk (ranker v{RANKER_VERSION})"
TOP = 3
MIN_PROBABILITY = 0.35


@dataclass(frozen=True)
class MachinePair:
    source: str
    target: str
    result: SuggestResult | None  # None: already aligned with these units and this ranker


@dataclass(frozen=True)
class MachineCrosswalks:
    pairs: list[MachinePair]
    skipped: list[tuple[str, str]]  # framework, why it was left out
    seconds: float

    @property
    def suggestions(self) -> int:
        return sum(p.result.suggestions for p in self.pairs if p.result is not None)


def aligned_frameworks(session: Session) -> tuple[list[str], list[tuple[str, str]]]:
    """The major frameworks with stored text, in ``MAJOR_FRAMEWORKS`` order, and those
    left out with the reason."""
    present = {i.id for i in instruments_by_ids(session, MAJOR_FRAMEWORKS)}
    chosen, skipped = [], []
    for framework in MAJOR_FRAMEWORKS:
        if framework not in present:
            skipped.append((framework, "not in the catalog"))
        elif reading_version(session, framework) is None:
            skipped.append((framework, "no public text stored (reference items only)"))
        else:
            chosen.append(framework)
    return chosen, skipped


def _already_aligned(session: Session, source: str, target: str) -> bool:
    """Whether this ranker's suggestions exist between the pair's current units."""
    source_ids = [p.id for p in unit_provisions(session, source)]
    target_ids = [p.id for p in unit_provisions(session, target)]
    return machine_links_exist(session, source_ids, target_ids, AUTHOR)


def pairs_to_align(engine: Engine) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The pairs of stored major frameworks not aligned yet with their current units and
    this ranker, and the frameworks left out with the reason (``aligned_frameworks``)."""
    with Session(engine) as session:
        frameworks, skipped = aligned_frameworks(session)
        todo = [
            (source, target)
            for source, target in combinations(frameworks, 2)
            if not _already_aligned(session, source, target)
        ]
    return todo, skipped


def build_machine_crosswalks(
    engine: Engine,
    progress: Callable[[str], None] = lambda _: None,
    check: Callable[[str], None] = lambda _where: None,
) -> MachineCrosswalks:
    """Align every pair of stored major frameworks not aligned yet (module docstring);
    ``check`` is called between pairs (a deferred Ctrl-C stops there)."""
    started = time.perf_counter()
    with Session(engine) as session:
        frameworks, skipped = aligned_frameworks(session)
    options = SuggestOptions(AUTHOR, MIN_PROBABILITY, VectorCache())
    pairs = []
    todo = list(combinations(frameworks, 2))
    for done, (source, target) in enumerate(todo, 1):
        with Session(engine) as session:
            fresh = _already_aligned(session, source, target)
        if fresh:
            pairs.append(MachinePair(source, target, None))
            continue
        progress(f"Machine crosswalk {done}/{len(todo)}: {source} -> {target}")
        result = suggest_crosswalk(engine, source, target, TOP, options=options)
        pairs.append(MachinePair(source, target, result))
        check("between machine crosswalks")
    return MachineCrosswalks(pairs, skipped, round(time.perf_counter() - started, 1))
