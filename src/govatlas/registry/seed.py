"""The registry's public facts: who made which international commitment, as the catalog
records it (``adherence`` rows with the act ``committed``: the sixteen companies of the
Frontier AI Safety Commitments, AI Seoul Summit 2024, and any commitment added later).

``govatlas build`` runs it after loading the catalog. Each committing organisation is
registered (its name, kind and place from the catalog's actors), and each commitment
is recorded as a published CLEAR commitment of that organisation, linked to the
catalog instrument and, where ``data/commitment-terms.yaml`` says what the commitment
asks by when, its due date. It goes through the audited workflow like any write, as
"govatlas registry seed (public facts)". Nothing else is invented: no report is
recorded for anyone (the compliance view says "no report in the registry", never that
an organisation did not report). A second run over the same catalog changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from importlib import resources
from typing import Any, cast

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from govatlas.registry.records import Writer, add_party, create_record, step
from govatlas.registry.signing import SigningKey
from govatlas.registry.visibility import Viewer
from govatlas.store.models import Actor, Adherence, Instrument
from govatlas.store.registry_models import RegistryParty, RegistryRecord
from govatlas.vocabulary import ActorKind, AdherenceAct

SEEDER = Viewer(None, "govatlas registry seed (public facts)", "administrator", None)
KINDS = {
    ActorKind.COMPANY: "company",
    ActorKind.INSTITUTE: "academia",
    ActorKind.CIVIL_SOCIETY: "civil-society",
    ActorKind.INTERGOVERNMENTAL_ORGANISATION: "intergovernmental",
    ActorKind.MINISTRY: "agency",
    ActorKind.REGULATOR: "agency",
}


@dataclass(frozen=True)
class Seeded:
    parties: int
    commitments: int


def commitment_terms() -> dict[str, dict[str, Any]]:
    text = (
        resources.files("govatlas.registry")
        .joinpath("data/commitment-terms.yaml")
        .read_text("utf-8")
    )
    return cast(dict[str, dict[str, Any]], yaml.safe_load(text) or {})


def commitments_to_seed(session: Session) -> list[tuple[Adherence, Actor, Instrument]]:
    """The catalog's company (and other organisation) commitments, oldest first."""
    query = (
        select(Adherence, Actor, Instrument)
        .join(Actor, Actor.id == Adherence.party)
        .join(Instrument, Instrument.id == Adherence.instrument_id)
        .where(Adherence.act == AdherenceAct.COMMITTED)
        .order_by(Adherence.date, Instrument.id, Actor.name)
    )
    return [
        (adherence, actor, instrument)
        for adherence, actor, instrument in session.execute(query)
        if actor.kind in KINDS
    ]


def seed_public_facts(session: Session, signer: SigningKey) -> Seeded:
    writer = Writer(session, signer, SEEDER)
    terms = commitment_terms()
    parties = commitments = 0
    for adherence, actor, instrument in commitments_to_seed(session):
        if session.get(RegistryParty, actor.id) is None:
            add_party(writer, actor.id, actor.name, KINDS[actor.kind], actor.jurisdiction_id)
            parties += 1
        recorded = session.scalar(
            select(RegistryRecord.id).where(
                RegistryRecord.party_id == actor.id,
                RegistryRecord.instrument_id == instrument.id,
                RegistryRecord.kind == "commitment",
            )
        )
        if recorded is not None:
            continue
        term = terms.get(instrument.id, {})
        when = adherence.date.isoformat() if adherence.date else "(date not recorded)"
        body = f"{actor.name} made this commitment on {when} ({adherence.source_url})."
        if term.get("asks"):
            body += f" It asks: {' '.join(str(term['asks']).split())} ({term['source']})"
        due = term.get("due_on")
        record = create_record(
            writer,
            "commitment",
            instrument.short_name or instrument.title,
            actor.id,
            "CLEAR",
            body=body,
            instrument_id=instrument.id,
            due_on=due if isinstance(due, date) else None,
        )
        for action in ("submit", "review", "publish"):
            step(writer, record.id, action)
        commitments += 1
    return Seeded(parties, commitments)
