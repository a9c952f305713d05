"""Registry organisations' points of contact, by place: whom the emergency-response
playbook names beside the duties (a desk or a role, never a person).

An organisation's point of contact is what it registered (``govatlas registry
add-organisation --contact-point``); it is shown to everyone, unlike the records it
shares, which carry their own TLP marking.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from govatlas.store.registry_models import RegistryParty


@dataclass(frozen=True)
class ContactPoint:
    party: str  # the organisation's id in the registry
    name: str
    kind: str
    jurisdiction: str
    contact_point: str

    def as_dict(self) -> dict[str, str]:
        return {
            "organisation": self.party,
            "name": self.name,
            "kind": self.kind,
            "jurisdiction": self.jurisdiction,
            "contact_point": self.contact_point,
        }


def contact_points_in(session: Session, places: Iterable[str]) -> list[ContactPoint]:
    """The organisations in ``places`` that registered a point of contact, by place and
    name."""
    wanted = sorted(set(places))
    if not wanted:
        return []
    query = (
        select(RegistryParty)
        .where(RegistryParty.jurisdiction_id.in_(wanted), RegistryParty.contact_point.is_not(None))
        .order_by(RegistryParty.jurisdiction_id, RegistryParty.name)
    )
    return [
        ContactPoint(p.id, p.name, p.kind, p.jurisdiction_id or "", p.contact_point or "")
        for p in session.scalars(query)
    ]
