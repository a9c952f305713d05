"""Who may see a registry record: the Traffic Light Protocol 2.0 markings and the workflow.

A viewer is the public (no account), or an account with its registry role and the
organisation it acts for; an account without a registry membership sees what the public
sees. A **published** record is seen by:

- ``CLEAR``: everyone;
- ``GREEN``: every registry member (any role);
- ``AMBER``: members of the submitting organisation and of the organisations it names,
  and the registry's officers and administrators;
- ``AMBER+STRICT``: members of the submitting organisation, officers and administrators;
- ``RED``: the people it names and its author, nobody else (an officer only if named).

A record not yet published (draft, submitted, under review, returned) is seen by its
author and the members of its organisation, and, once submitted, by the officers and
administrators who review it, except a RED record, which stays with the people it names.

Every path that shows records (pages, API, search, exports, counts) filters through
``can_see``: a count is the length of what a viewer may see, never a total.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from govatlas.store.registry_models import RegistryRecord

REVIEWERS = frozenset({"officer", "administrator"})
PUBLISHED = "published"
DRAFT = "draft"


@dataclass(frozen=True)
class Viewer:
    """Who asks: ``account_id`` None for the public (or the command line's operator, who
    has a role); ``role`` None without membership."""

    account_id: int | None = None
    name: str | None = None
    role: str | None = None
    party_id: str | None = None

    @property
    def member(self) -> bool:
        """A role comes only from a membership, a token, or the server's command line
        (the operator, who has no account)."""
        return self.role is not None

    @property
    def reviews(self) -> bool:
        return self.member and self.role in REVIEWERS


PUBLIC = Viewer()


@dataclass(frozen=True)
class Grants:
    """Whom a record names: organisations (AMBER) and accounts (RED)."""

    parties: frozenset[str] = field(default_factory=frozenset)
    accounts: frozenset[int] = field(default_factory=frozenset)


NONE = Grants()


def _own(record: RegistryRecord, viewer: Viewer) -> bool:
    """The record's author (account names are unique; the command line's names hold
    parentheses, which no account name may), or a member of its organisation."""
    if viewer.name is not None and viewer.name == record.author:
        return True
    return viewer.member and viewer.party_id is not None and viewer.party_id == record.party_id


def can_see(record: RegistryRecord, viewer: Viewer, grants: Grants = NONE) -> bool:
    named = viewer.account_id is not None and viewer.account_id in grants.accounts
    author = viewer.name is not None and viewer.name == record.author
    if record.tlp == "RED":
        return named or author
    if record.status != PUBLISHED:
        return _own(record, viewer) or (record.status != DRAFT and viewer.reviews)
    if record.tlp == "CLEAR":
        return True
    if not viewer.member:
        return False
    if record.tlp == "GREEN":
        return True
    if _own(record, viewer) or viewer.reviews:
        return True
    return record.tlp == "AMBER" and viewer.party_id in grants.parties


def visible(
    records: Iterable[RegistryRecord], viewer: Viewer, grants: dict[int, Grants]
) -> list[RegistryRecord]:
    """The records ``viewer`` may see, in the order given."""
    return [r for r in records if can_see(r, viewer, grants.get(r.id, NONE))]
