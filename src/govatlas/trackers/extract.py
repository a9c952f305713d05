"""One entry to the four trackers' rules: the facts a provision's words state.

``facts_of`` reads a provision's own words (for a provision with points, the words
before its first point and after its last) with its context; ``passage_facts`` reads a
passage as the gold's annotators read it, the sentence that introduces its list
included, so that the rules and the people are measured on the same words.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from govatlas.trackers.facts import (
    COMPUTE_THRESHOLDS,
    INCIDENT_REPORTING,
    PENALTIES,
    RED_LINES,
    TRACKERS,
    Context,
    Fact,
)
from govatlas.trackers.incident_reporting import INCIDENT, incident_reporting_facts
from govatlas.trackers.penalties import penalty_facts
from govatlas.trackers.red_lines import BAN_HEADING, FORBIDS, red_line_facts
from govatlas.trackers.thresholds import threshold_facts

READERS: dict[str, Callable[[str, Context], list[Fact]]] = {
    RED_LINES: red_line_facts,
    INCIDENT_REPORTING: incident_reporting_facts,
    PENALTIES: penalty_facts,
    COMPUTE_THRESHOLDS: threshold_facts,
}
# Cheap tests that a text may hold a tracker's fact: most provisions hold none
MAY_HOLD = {
    RED_LINES: FORBIDS,
    INCIDENT_REPORTING: INCIDENT,
    PENALTIES: re.compile(r"\bfines?\b|penalt|sanction", re.IGNORECASE),
    COMPUTE_THRESHOLDS: re.compile(
        r"operations|FLOP|parameters|users|revenue|turnover", re.IGNORECASE
    ),
}


def check_tracker(name: str) -> str:
    if name not in TRACKERS:
        raise ValueError(f"unknown tracker {name!r}: one of {', '.join(TRACKERS)}")
    return name


def facts_of(tracker: str, text: str, context: Context) -> list[Fact]:
    """The facts of one tracker that ``text`` states, in reading order."""
    may_hold = MAY_HOLD[tracker]
    if not (
        may_hold.search(text)
        or (tracker != PENALTIES and may_hold.search(context.lead))
        or (tracker == RED_LINES and BAN_HEADING.search(context.heading))
    ):
        return []
    return sorted(READERS[tracker](text, context), key=lambda f: f.start)


def passage_facts(text: str, context: Context) -> dict[str, list[Fact]]:
    """Every tracker's facts in a passage read with its introducing sentence, one fact
    per key (a fact the introducing sentence states counts once)."""
    found: dict[str, list[Fact]] = {}
    above = Context(context.heading, "", context.jurisdiction)
    for tracker in TRACKERS:
        facts = facts_of(tracker, text, context)
        if context.lead and tracker != RED_LINES:
            facts = facts_of(tracker, context.lead, above) + facts
        unique: dict[str, Fact] = {}
        for fact in facts:
            unique.setdefault(fact.key, fact)
        found[tracker] = list(unique.values())
    return found
