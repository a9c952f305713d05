"""The registry's demo scenario: invented organisations, accounts of every role and
records at every TLP marking and workflow status (``data/demo.yaml``).

``govatlas registry seed-demo`` loads it through the same steps people take (an
administrator registers the organisations and members; submitters draft; officers
review, publish or return), so the audit log records the demo like any other work. The
accounts share one documented password: the demo is for trying the registry on one's
own machine and for its tests, never for a shared server. Loading it twice changes
nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from typing import Any, cast

import yaml
from sqlalchemy.orm import Session

from govatlas.accounts.users import add_user
from govatlas.errors import InvalidInputError
from govatlas.registry.records import (
    Writer,
    add_party,
    create_record,
    set_member,
    step,
    viewer_named,
)
from govatlas.registry.signing import SigningKey
from govatlas.registry.visibility import Viewer
from govatlas.store.accounts import account_id_named
from govatlas.store.models import Jurisdiction
from govatlas.store.registry_models import RegistryParty

SEEDER = "govatlas registry seed-demo"
# the steps that bring a draft to each status
PATH_TO: dict[str, tuple[str, ...]] = {
    "draft": (),
    "submitted": ("submit",),
    "under-review": ("submit", "review"),
    "published": ("submit", "review", "publish"),
    "returned": ("submit", "return"),
}


@dataclass(frozen=True)
class Loaded:
    parties: int
    accounts: int
    records: int
    already: bool = False


def scenario() -> dict[str, Any]:
    text = resources.files("govatlas.registry").joinpath("data/demo.yaml").read_text("utf-8")
    return cast(dict[str, Any], yaml.safe_load(text))


def _reviewer_for(record: dict[str, Any], officers: list[str]) -> str:
    """Who reviews a record: an officer, or for a RED record an officer it names."""
    named = [p for p in record.get("people", []) if p in officers]
    return named[0] if record.get("tlp") == "RED" and named else officers[0]


def _known(session: Session, jurisdiction: str | None) -> str | None:
    """The jurisdiction when the store has it (an empty store has none yet)."""
    if jurisdiction is None or session.get(Jurisdiction, jurisdiction) is None:
        return None
    return jurisdiction


def load_demo(session: Session, signer: SigningKey) -> Loaded:
    demo = scenario()
    parties = demo["parties"]
    if session.get(RegistryParty, parties[0]["id"]) is not None:
        return Loaded(0, 0, 0, already=True)
    password = str(demo["password"])
    members = demo["members"]
    made = 0
    for member in members:
        name = member["account"]
        if account_id_named(session, name) is None:
            add_user(session, name, password)
            made += 1
    system = Writer(session, signer, Viewer(None, SEEDER, "administrator", None))
    for party in parties:
        add_party(
            system,
            party["id"],
            party["name"],
            party["kind"],
            _known(session, party.get("jurisdiction")),
            party.get("contact_point"),
        )
    for member in members:
        set_member(system, member["account"], member["role"], member.get("party"))
    officers = [m["account"] for m in members if m["role"] == "officer"]
    ids: dict[str, int] = {}
    for record in demo["records"]:
        author = Writer(session, signer, viewer_named(session, record["author"]))
        answers = record.get("answers")
        if answers is not None and answers not in ids:
            raise InvalidInputError(f"demo record {record['key']} answers an unknown record")
        made_record = create_record(
            author,
            record["kind"],
            record["title"],
            record["party"],
            record["tlp"],
            body=record.get("body", ""),
            theme=record.get("theme"),
            answers=ids[answers] if answers is not None else None,
            concepts=record.get("concepts", []),
            provisions=record.get("provisions", []),
            nil_report=bool(record.get("nil_report", False)),
            parties=record.get("parties", []),
            people=record.get("people", []),
        )
        ids[record["key"]] = made_record.id
        officer = Writer(session, signer, viewer_named(session, _reviewer_for(record, officers)))
        for action in PATH_TO[record["status"]]:
            by = author if action == "submit" else officer
            step(by, made_record.id, action, record.get("comment"))
    return Loaded(len(parties), made, len(ids))
