"""Lifecycle facts about one source document that the source leaves out
(``catalog/data/status-facts.yaml``).

AGORA's "most recent activity" stops at its snapshot and knows nothing of a successor: it
lists Texas's HB 1709 as "proposed" although HB 149 replaced it and was enacted, and the EU
AI Liability Directive as pending although the Commission withdrew it. Where no general
rule can tell, the fact is recorded once, for that document, with its public source, and
becomes a lifecycle event of the document when it is ingested.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from importlib import resources
from typing import Any

from govatlas.errors import GovatlasError
from govatlas.records import EventDraft
from govatlas.sources.court_actions import events_by_document
from govatlas.vocabulary import ENDS_A_PROPOSAL, LifecycleKind

FILE = "status-facts.yaml"
PRECISIONS = frozenset({"day", "month", "year"})


@cache
def status_events() -> dict[tuple[str, str], tuple[EventDraft, ...]]:
    """(scheme, identifier) -> the recorded lifecycle facts of that document, oldest first."""
    text = resources.files("govatlas.catalog").joinpath("data", FILE).read_text(encoding="utf-8")
    return read_status_facts(text)


def read_status_facts(text: str) -> dict[tuple[str, str], tuple[EventDraft, ...]]:
    """Parse the file's text; a fact without a kind, a date or a source is an error."""
    return events_by_document(text, _event)


def _event(raw: dict[str, Any]) -> EventDraft:
    kind = LifecycleKind(raw["kind"])
    if kind not in ENDS_A_PROPOSAL:
        raise GovatlasError(
            f"{FILE}: a status fact is one of {', '.join(sorted(ENDS_A_PROPOSAL))}, not {kind}",
            "fix the packaged file (court orders go in court-actions.yaml)",
        )
    when, precision, source = raw.get("date"), raw.get("precision", "day"), raw.get("source")
    if not isinstance(when, date) or precision not in PRECISIONS:
        raise GovatlasError(
            f"{FILE}: {when!r} ({precision}) is not a date with its precision",
            "write the date as YYYY-MM-DD and the precision as day, month or year",
        )
    if not isinstance(source, str) or not source.startswith("http"):
        raise GovatlasError(f"{FILE}: the {kind} fact has no source", "add its public source")
    note = " ".join(str(raw["note"]).split())
    return EventDraft(kind, when, f"{note} ({source})", precision)


def with_status_facts(
    scheme: str, value: str, events: tuple[EventDraft, ...]
) -> tuple[EventDraft, ...]:
    """``events`` and the facts recorded for the document ``scheme:value``."""
    return events + status_events().get((scheme, value), ())
