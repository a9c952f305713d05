"""People in their public roles at convenings: only what their organisations publish
(a name, the role, the organisation, where it is published), and a gender only where
the person declared it publicly. No contact details, no other personal data.

``delete_person`` removes a person everywhere the atlas holds them: the person and every
part they had in a convening (the only places people are kept; registry accounts are
accounts, managed by ``govatlas users``). It is what a person's request to be forgotten
runs, and it says what it removed.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from sqlalchemy.orm import Session

from govatlas.errors import InvalidInputError, NotFoundError
from govatlas.network.convenings import get_convening
from govatlas.store.convenings import people_at, people_named, remove_person
from govatlas.store.network_models import Person, PersonRole

GENDERS = ("woman", "man", "non-binary", "self-described")
NOT_DECLARED = "not declared"
URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$")
CONTACT = re.compile(r"@|\+?\d[\d\s().-]{7,}\d")  # an e-mail address or a phone number


def _text(value: str, what: str, limit: int) -> str:
    cleaned = " ".join((value or "").split())
    if not cleaned:
        raise InvalidInputError(f"a person needs a {what}")
    if len(cleaned) > limit:
        raise InvalidInputError(f"the {what} is longer than {limit} characters")
    if CONTACT.search(cleaned):
        raise InvalidInputError(
            f"the {what} looks like contact details", "only a public role is held, never contacts"
        )
    return cleaned


def _source(url: str) -> str:
    if not URL.match(url or ""):
        raise InvalidInputError(
            f"{url!r} is not a web address", "give where the organisation publishes the role"
        )
    return url


def add_person(
    session: Session,
    name: str,
    role: str,
    organisation: str,
    source_url: str,
    gender: str | None = None,
) -> Person:
    """Record a person in a public role (checked first; nothing stored when refused)."""
    if gender is not None and gender not in GENDERS:
        raise InvalidInputError(
            f"no gender {gender!r}", f"only as self-declared: {', '.join(GENDERS)}, or none"
        )
    person = Person(
        name=_text(name, "name", 200),
        role=_text(role, "role", 300),
        organisation=_text(organisation, "organisation", 300),
        source_url=_source(source_url),
        gender=gender,
    )
    session.add(person)
    session.flush()
    return person


def find_person(session: Session, wanted: str) -> Person:
    """A person by id, or by exact name when only one has it."""
    if wanted.isdigit() and len(wanted) <= 9:
        found = session.get(Person, int(wanted))
        if found is not None:
            return found
    named = people_named(session, wanted)
    if len(named) > 1:
        raise InvalidInputError(
            f"{len(named)} people are called {wanted!r}", "give the id (`govatlas people list`)"
        )
    if not named:
        raise NotFoundError(f"no person {wanted!r}", "`govatlas people list` shows them")
    return named[0]


def add_part(
    session: Session, person: Person, convening_id: str, part: str, source_url: str
) -> PersonRole:
    """A person's public part in a convening (chair, speaker, head of delegation...)."""
    convening = get_convening(session, convening_id)
    role = PersonRole(
        person_id=person.id,
        convening_id=convening.id,
        part=_text(part, "part", 100),
        source_url=_source(source_url),
    )
    session.add(role)
    session.flush()
    return role


@dataclass(frozen=True)
class Deleted:
    name: str
    parts: int


def delete_person(session: Session, wanted: str) -> Deleted:
    """Remove a person everywhere: the person and every part they had."""
    person = find_person(session, wanted)
    name, person_id = person.name, person.id
    parts = remove_person(session, person_id)
    session.expunge(person)
    return Deleted(name, parts)


def declared_genders(session: Session, convening_id: str) -> dict[str, int]:
    """How many of a convening's people declared each gender, and how many did not (never
    guessed from a name)."""
    counted = Counter(p.gender or NOT_DECLARED for p, _ in people_at(session, convening_id))
    return {g: counted.get(g, 0) for g in (*GENDERS, NOT_DECLARED) if counted.get(g, 0)}
