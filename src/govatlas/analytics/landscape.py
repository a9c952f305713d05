"""The landscape at a glance: how many instruments exist, of what kind, where.

Counts come straight from the store with GROUP BY queries (``store.landscape_rows``)
so the same figures appear in the CLI, the web atlas and reports.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import InstrumentedAttribute, Session

from govatlas.catalog.jurisdictions import POPULATIONS, population_of
from govatlas.store.landscape_rows import (
    instrument_counts_by,
    instrument_counts_by_place,
    instrument_counts_by_place_kind,
    instrument_standings,
    places_by_instrument_count,
    table_sizes,
)
from govatlas.store.models import Instrument
from govatlas.vocabulary import LEGAL_EFFECT_LABELS, legal_effect


@dataclass(frozen=True)
class Landscape:
    instruments: int
    jurisdictions_with_instruments: int
    versions: int
    provisions: int
    labels: int
    by_type: dict[str, int] = field(default_factory=dict)
    by_binding: dict[str, int] = field(default_factory=dict)
    by_status: dict[str, int] = field(default_factory=dict)
    by_effect: dict[str, int] = field(default_factory=dict)  # legal form x stage
    # about AI itself, or a data-protection, digital or sectoral law counted for its AI rules
    by_topic: dict[str, int] = field(default_factory=dict)
    by_population: dict[str, int] = field(default_factory=dict)
    by_jurisdiction_kind: dict[str, int] = field(default_factory=dict)
    top_jurisdictions: list[tuple[str, str, int]] = field(default_factory=list)


def _grouped(session: Session, column: InstrumentedAttribute[Any]) -> dict[str, int]:
    counts = {
        str(getattr(key, "value", key)): n for key, n in instrument_counts_by(session, column)
    }
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def _effects(session: Session) -> dict[str, int]:
    """Instruments of public authorities by what they do today; others apart."""
    counts: Counter[str] = Counter()
    for binding, status, public in instrument_standings(session):
        key = (
            LEGAL_EFFECT_LABELS[legal_effect(binding, status)]
            if public
            else ("not a public authority (company, civil society, academia)")
        )
        counts[key] += 1
    return dict(counts.most_common())


def _populations(session: Session) -> dict[str, int]:
    counts: Counter[str] = Counter()
    for kind, member, ident, n in instrument_counts_by_place(session):
        counts[POPULATIONS[population_of(kind, member, ident)]] += n
    return dict(counts.most_common())


def landscape(session: Session, top: int = 15) -> Landscape:
    """Counts of instruments by type, binding force, status and jurisdiction."""
    top_rows = places_by_instrument_count(session)
    by_kind_rows = instrument_counts_by_place_kind(session)
    sizes = table_sizes(session)
    return Landscape(
        instruments=sizes["instruments"],
        jurisdictions_with_instruments=len(top_rows),
        versions=sizes["versions"],
        provisions=sizes["provisions"],
        labels=sizes["labels"],
        by_type=_grouped(session, Instrument.type),
        by_binding=_grouped(session, Instrument.binding),
        by_status=_grouped(session, Instrument.status),
        by_effect=_effects(session),
        by_topic=_grouped(session, Instrument.topic),
        by_population=_populations(session),
        by_jurisdiction_kind={
            kind.value: n for kind, n in sorted(by_kind_rows, key=lambda r: -r[1])
        },
        top_jurisdictions=[(jid, name, n) for jid, name, n in top_rows[:top]],
    )
