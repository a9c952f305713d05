"""The landscape at a glance: how many instruments exist, of what kind, where.

Counts come straight from the store with GROUP BY queries so the same figures
appear in the CLI, the web atlas and reports.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from govatlas.catalog.jurisdictions import POPULATIONS, population_of
from govatlas.store.models import (
    Instrument,
    InstrumentVersion,
    Jurisdiction,
    Label,
    Provision,
)
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
    by_population: dict[str, int] = field(default_factory=dict)
    by_jurisdiction_kind: dict[str, int] = field(default_factory=dict)
    top_jurisdictions: list[tuple[str, str, int]] = field(default_factory=list)


def _grouped(session: Session, column: InstrumentedAttribute[Any]) -> dict[str, int]:
    rows = session.execute(
        select(column, func.count()).select_from(Instrument).group_by(column)
    ).all()
    counts = {str(getattr(key, "value", key)): n for key, n in rows}
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def _effects(session: Session) -> dict[str, int]:
    """Instruments of public authorities by what they do today; others apart."""
    counts: Counter[str] = Counter()
    for binding, status, public in session.execute(
        select(Instrument.binding, Instrument.status, Instrument.public_authority)
    ):
        key = (
            LEGAL_EFFECT_LABELS[legal_effect(binding, status)]
            if public
            else ("not a public authority (company, civil society, academia)")
        )
        counts[key] += 1
    return dict(counts.most_common())


def _populations(session: Session) -> dict[str, int]:
    rows = session.execute(
        select(
            Jurisdiction.kind, Jurisdiction.un_member, Jurisdiction.id, func.count(Instrument.id)
        )
        .join(Instrument, Instrument.jurisdiction_id == Jurisdiction.id)
        .group_by(Jurisdiction.kind, Jurisdiction.un_member, Jurisdiction.id)
    ).all()
    counts: Counter[str] = Counter()
    for kind, member, ident, n in rows:
        counts[POPULATIONS[population_of(kind, member, ident)]] += n
    return dict(counts.most_common())


def landscape(session: Session, top: int = 15) -> Landscape:
    """Counts of instruments by type, binding force, status and jurisdiction."""
    top_rows = session.execute(
        select(Jurisdiction.id, Jurisdiction.name, func.count(Instrument.id))
        .join(Instrument, Instrument.jurisdiction_id == Jurisdiction.id)
        .group_by(Jurisdiction.id, Jurisdiction.name)
        .order_by(func.count(Instrument.id).desc(), Jurisdiction.id)
    ).all()
    by_kind_rows = session.execute(
        select(Jurisdiction.kind, func.count(Instrument.id))
        .join(Instrument, Instrument.jurisdiction_id == Jurisdiction.id)
        .group_by(Jurisdiction.kind)
    ).all()
    return Landscape(
        instruments=session.scalar(select(func.count()).select_from(Instrument)) or 0,
        jurisdictions_with_instruments=len(top_rows),
        versions=session.scalar(select(func.count()).select_from(InstrumentVersion)) or 0,
        provisions=session.scalar(select(func.count()).select_from(Provision)) or 0,
        labels=session.scalar(select(func.count()).select_from(Label)) or 0,
        by_type=_grouped(session, Instrument.type),
        by_binding=_grouped(session, Instrument.binding),
        by_status=_grouped(session, Instrument.status),
        by_effect=_effects(session),
        by_population=_populations(session),
        by_jurisdiction_kind={
            kind.value: n for kind, n in sorted(by_kind_rows, key=lambda r: -r[1])
        },
        top_jurisdictions=[(jid, name, n) for jid, name, n in top_rows[:top]],
    )
