"""Evidence outside the registry: what an organisation published, in the catalog, that
answers a commitment it made.

The registry holds only what organisations file in it. For the Frontier AI Safety
Commitments the catalog also holds five companies' published frontier safety frameworks
with their dated versions (``data/commitment-evidence.yaml`` names which instrument
answers which company's commitment: our reading). The compliance view and the white
paper show them beside the registry's own state, saying whether a version is dated by
the commitment's due date; a company without one in the catalog is said to have none
*in the catalog*, never to have published none.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from importlib import resources
from typing import Any, cast

import yaml
from sqlalchemy.orm import Session

from govatlas.store.models import Instrument
from govatlas.store.registry_catalog import dated_events
from govatlas.vocabulary import LifecycleKind

DATED = (LifecycleKind.PUBLISHED, LifecycleKind.ADOPTED, LifecycleKind.AMENDED)


@dataclass(frozen=True)
class Evidence:
    """A catalog instrument that answers an organisation's commitment."""

    instrument_id: str
    name: str
    versions: list[tuple[date, str | None]]  # (date, note), oldest first
    due_on: date | None

    @property
    def first(self) -> date | None:
        return self.versions[0][0] if self.versions else None

    @property
    def by_due_date(self) -> bool | None:
        """Whether a version is dated on or before the due date (None: no due date or no
        dated version)."""
        if self.due_on is None or self.first is None:
            return None
        return self.first <= self.due_on

    def as_dict(self) -> dict[str, object]:
        return {
            "instrument": self.instrument_id,
            "name": self.name,
            "versions": [{"date": d.isoformat(), "note": n} for d, n in self.versions],
            "by_due_date": self.by_due_date,
        }


def evidence_map() -> dict[str, dict[str, Any]]:
    text = (
        resources.files("govatlas.registry")
        .joinpath("data/commitment-evidence.yaml")
        .read_text("utf-8")
    )
    return cast(dict[str, dict[str, Any]], yaml.safe_load(text) or {})


def evidence_for(
    session: Session, instrument_id: str | None, party_id: str, due_on: date | None
) -> list[Evidence]:
    """The catalog instruments that answer ``party_id``'s commitment to ``instrument_id``."""
    if instrument_id is None:
        return []
    named = evidence_map().get(instrument_id, {}).get("evidence", {}).get(party_id, [])
    found = []
    for answer in named:
        instrument = session.get(Instrument, answer)
        if instrument is None:
            continue
        versions = dated_events(session, answer, DATED)
        found.append(Evidence(answer, instrument.short_name or instrument.title, versions, due_on))
    return found


def asks_for(instrument_id: str | None) -> str | None:
    """What the commitment asks its signatories to publish, in words (for the pages)."""
    if instrument_id is None:
        return None
    value = evidence_map().get(instrument_id, {}).get("asks_for")
    return str(value) if value else None
