"""Court orders that suspend enacted instruments (``catalog/data/court-actions.yaml``).

A source such as AGORA records that a law was enacted; it does not record that a court
then enjoined it. A law whose enforcement is enjoined does nothing today, so counting it
as adopted law overstates the rules in force. Each order listed becomes a ``suspended``
lifecycle event on the instrument the source's identifier names; the stage is then
``suspended`` and the legal effect ``lapsed`` (``vocabulary.legal_effect``), until a later
event (in force again) lifts it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

import yaml

from govatlas.errors import GovatlasError
from govatlas.records import EventDraft
from govatlas.vocabulary import LifecycleKind

FILE = "court-actions.yaml"


@cache
def court_events() -> dict[tuple[str, str], tuple[EventDraft, ...]]:
    """(scheme, identifier) -> the court orders on that instrument, oldest first."""
    text = resources.files("govatlas.catalog").joinpath("data", FILE).read_text(encoding="utf-8")
    return events_by_document(text, _event)


def events_by_document(
    text: str, event: Callable[[dict[str, Any]], EventDraft]
) -> dict[tuple[str, str], tuple[EventDraft, ...]]:
    """A packaged list of documents (``ids`` by scheme, ``events``) as (scheme,
    identifier) -> its events read by ``event``, oldest first."""
    found: dict[tuple[str, str], tuple[EventDraft, ...]] = {}
    for entry in yaml.safe_load(text) or []:
        events = tuple(sorted((event(e) for e in entry["events"]), key=lambda e: e.date))
        for scheme, value in entry["ids"].items():
            found[(str(scheme), str(value))] = events
    return found


def _event(raw: dict[str, Any]) -> EventDraft:
    kind = LifecycleKind(raw["kind"])
    if kind is not LifecycleKind.SUSPENDED and kind is not LifecycleKind.IN_FORCE:
        raise GovatlasError(
            f"{FILE}: a court action is 'suspended' (or 'in_force' when lifted), not {kind}",
            "fix the packaged file",
        )
    when = raw["date"]
    if not isinstance(when, date):
        raise GovatlasError(f"{FILE}: {when!r} is not a date", "write it as YYYY-MM-DD")
    note = " ".join(str(raw["note"]).split())
    source = raw.get("source")
    return EventDraft(kind, when, f"{note} ({source})" if source else note)


def with_court_actions(
    scheme: str, value: str, events: tuple[EventDraft, ...]
) -> tuple[EventDraft, ...]:
    """``events`` and the court orders on the instrument ``scheme:value`` names."""
    return events + court_events().get((scheme, value), ())
