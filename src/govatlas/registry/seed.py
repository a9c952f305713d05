"""The registry's public facts: who made which international commitment, as the catalog
records it (``adherence`` rows with the act ``committed``: the sixteen companies of the
Frontier AI Safety Commitments, AI Seoul Summit 2024, and any commitment added later),
and the eleven actions of the G7's Hiroshima code of conduct as open commitments
(``data/code-of-conduct-actions.yaml``: issued by the G7 for any organisation developing
advanced AI systems; the catalog records no organisation's endorsement, so they are
recorded as the G7's, for any organisation's report to answer).

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
from sqlalchemy.orm import Session

from govatlas.registry.records import Writer, add_party, create_record, step
from govatlas.registry.signing import SigningKey
from govatlas.registry.visibility import Viewer
from govatlas.store.models import Actor, Adherence, Instrument, Jurisdiction
from govatlas.store.registry_catalog import commitments_made
from govatlas.store.registry_models import RegistryParty
from govatlas.store.registry_records import commitment_id_on, titled_record_id
from govatlas.vocabulary import ActorKind

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


def _data(name: str) -> Any:
    text = resources.files("govatlas.registry").joinpath(f"data/{name}").read_text("utf-8")
    return yaml.safe_load(text)


def code_actions() -> dict[str, Any]:
    """The Hiroshima code of conduct's actions as the registry records them."""
    return cast(dict[str, Any], _data("code-of-conduct-actions.yaml"))


def report_themes() -> list[str]:
    """The Hiroshima AI Process reporting framework's sections, offered as report themes."""
    return [str(theme) for theme in code_actions()["report_themes"]]


def commitment_terms() -> dict[str, dict[str, Any]]:
    return cast(dict[str, dict[str, Any]], _data("commitment-terms.yaml") or {})


def commitments_to_seed(session: Session) -> list[tuple[Adherence, Actor, Instrument]]:
    """The catalog's company (and other organisation) commitments, oldest first."""
    return [
        (adherence, actor, instrument)
        for adherence, actor, instrument in commitments_made(session)
        if actor.kind in KINDS
    ]


def has_facts_to_seed(session: Session) -> bool:
    """Whether the catalog holds anything the registry records (only then is its key
    needed)."""
    actions = code_actions()
    issuer = session.get(Actor, actions["issuer"])
    listed = session.get(Instrument, actions["instrument"]) is not None and issuer is not None
    return listed or bool(commitments_to_seed(session))


def _publish(writer: Writer, record_id: int) -> None:
    for action in ("submit", "review", "publish"):
        step(writer, record_id, action)


def seed_code_actions(writer: Writer) -> Seeded:
    """The code of conduct's actions as the issuer's open commitments (once each)."""
    session, actions = writer.session, code_actions()
    issuer = session.get(Actor, actions["issuer"])
    instrument = session.get(Instrument, actions["instrument"])
    if issuer is None or instrument is None or issuer.kind not in KINDS:
        return Seeded(0, 0)
    parties = 0
    if session.get(RegistryParty, issuer.id) is None:
        place = issuer.jurisdiction_id
        known = place is not None and session.get(Jurisdiction, place) is not None
        add_party(writer, issuer.id, issuer.name, KINDS[issuer.kind], place if known else None)
        parties = 1
    commitments = 0
    theme = str(actions["theme"])
    for action in actions["actions"]:
        title = f"{theme}, action {action['number']}: {action['title']}"
        recorded = titled_record_id(session, issuer.id, instrument.id, title)
        if recorded is not None:
            continue
        body = (
            f"{' '.join(str(action['summary']).split())} Issued by the {issuer.name} for any "
            "organisation developing advanced AI systems to follow "
            f"({actions['source']}); the registry records no organisation's endorsement, so "
            "any organisation's report may answer it. "
            f"{' '.join(str(actions['reporting']).split())} ({actions['reporting_source']})"
        )
        record = create_record(
            writer,
            "commitment",
            title,
            issuer.id,
            "CLEAR",
            body=body,
            theme=theme,
            provisions=[f"{instrument.id}:{path}" for path in action["provisions"]],
            instrument_id=instrument.id,
        )
        _publish(writer, record.id)
        commitments += 1
    return Seeded(parties, commitments)


def seed_public_facts(session: Session, signer: SigningKey) -> Seeded:
    writer = Writer(session, signer, SEEDER)
    actions = seed_code_actions(writer)
    terms = commitment_terms()
    parties = commitments = 0
    for adherence, actor, instrument in commitments_to_seed(session):
        if session.get(RegistryParty, actor.id) is None:
            add_party(writer, actor.id, actor.name, KINDS[actor.kind], actor.jurisdiction_id)
            parties += 1
        recorded = commitment_id_on(session, actor.id, instrument.id)
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
        _publish(writer, record.id)
        commitments += 1
    return Seeded(parties + actions.parties, commitments + actions.commitments)
