"""What a tracker records: its fields, one fact read from a provision, and the context
a provision's own words need (its heading, the sentence that introduces a list)."""

from __future__ import annotations

from dataclasses import dataclass, field

from govatlas.i18n import N_

RED_LINES = "red-lines"
INCIDENT_REPORTING = "incident-reporting"
PENALTIES = "penalties"
COMPUTE_THRESHOLDS = "compute-thresholds"


@dataclass(frozen=True)
class TrackerSpec:
    name: str
    title: str  # English, marked for the catalogs: pages and reports translate it
    question: str  # what a delegate asks of it (translated like the title)
    fields: tuple[str, ...]  # the fields every row carries, in order


TRACKERS: dict[str, TrackerSpec] = {
    spec.name: spec
    for spec in (
        TrackerSpec(
            RED_LINES,
            N_("Red lines: prohibited practices"),
            N_("Which practices are banned where?"),
            ("practice", "practice_label", "exceptions", "penalty"),
        ),
        TrackerSpec(
            INCIDENT_REPORTING,
            N_("Emergency response: incident-reporting duties"),
            N_("Who must report which incidents to whom, within how long?"),
            ("deadline_hours", "deadline", "recipient", "recipient_provision", "incident"),
        ),
        TrackerSpec(
            PENALTIES,
            N_("Compliance mechanisms: penalties"),
            N_("How much can a breach cost?"),
            ("max_amount", "currency", "turnover_share", "per", "combine"),
        ),
        TrackerSpec(
            COMPUTE_THRESHOLDS,
            N_("Safety standards: thresholds that trigger duties"),
            N_("Where do compute, model-size, user and revenue thresholds sit?"),
            ("threshold_value", "threshold_unit", "kind", "comparator", "defines"),
        ),
    )
}


@dataclass(frozen=True)
class Context:
    """What completes a provision's own words: its heading (and its article's), the
    sentence that introduces the list it is a point of, and its jurisdiction (whose
    dollar a bare "$" is)."""

    heading: str = ""
    lead: str = ""
    jurisdiction: str = ""


@dataclass(frozen=True)
class Fact:
    """One fact read from ``text[start:end]`` of a provision's own words."""

    tracker: str
    fields: dict[str, object]
    start: int
    end: int
    evidence: str
    method: str = "rules"
    notes: tuple[str, ...] = field(default=())

    @property
    def key(self) -> str:
        """What makes two facts of one provision the same fact (a review names it)."""
        main = {
            RED_LINES: ("practice",),
            INCIDENT_REPORTING: ("deadline_hours",),
            PENALTIES: ("max_amount", "currency", "turnover_share"),
            COMPUTE_THRESHOLDS: ("threshold_value", "threshold_unit"),
        }[self.tracker]
        return ";".join(f"{name}={self.fields.get(name)}" for name in main)
