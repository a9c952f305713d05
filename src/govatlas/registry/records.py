"""Writing the registry: organisations, members, records and their workflow, each write
recorded in the audit log in the same transaction.

Workflow: a submitter (or an officer, for any organisation) drafts a record; its author
or a submitter of its organisation edits and submits it; an officer or administrator
takes it under review, then publishes it or returns it with a comment; a returned
record is edited and submitted again. A RED record is reviewed and published only by
the officers it names. Every write names who made it (``Writer``) and is refused, with
a one-line reason, when that account's role or organisation does not allow it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from govatlas.errors import ConflictError, InvalidInputError, NotFoundError, PermissionDeniedError
from govatlas.registry.audit import append
from govatlas.registry.signing import SigningKey
from govatlas.registry.visibility import Grants, Viewer, can_see
from govatlas.store.accounts import account_id_named, account_named
from govatlas.store.models import Instrument, Jurisdiction, UserAccount, utcnow
from govatlas.store.registry_models import (
    PARTY_KINDS,
    RECORD_KINDS,
    ROLES,
    TLP_LEVELS,
    RegistryAccess,
    RegistryMember,
    RegistryParty,
    RegistryRecord,
)
from govatlas.store.registry_records import access_of, access_of_record, records_newest_first

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,98}$")
PROVISION_REF = re.compile(r"^[a-z0-9][a-z0-9._-]{0,119}:[A-Za-z0-9._()-]{1,200}$")
MAX_TITLE = 300
MAX_BODY = 50_000
# action -> (the statuses it starts from, the status it leaves)
STEPS: dict[str, tuple[frozenset[str], str]] = {
    "submit": (frozenset({"draft", "returned"}), "submitted"),
    "review": (frozenset({"submitted"}), "under-review"),
    "publish": (frozenset({"under-review"}), "published"),
    "return": (frozenset({"submitted", "under-review"}), "returned"),
}


@dataclass(frozen=True)
class Writer:
    """What every write needs: the transaction, the key that signs the log's head, and
    who acts (``Viewer``: the account, its role and organisation)."""

    session: Session
    signer: SigningKey
    actor: Viewer

    @property
    def who(self) -> str:
        return self.actor.name or "anonymous"

    def log(self, action: str, subject: str, **payload: object) -> None:
        append(self.session, self.signer, self.who, action, subject, dict(payload))


def _one_of(what: str, value: str, allowed: Sequence[str]) -> str:
    if value not in allowed:
        raise InvalidInputError(f"no {what} {value!r}", f"one of: {', '.join(allowed)}")
    return value


MAX_ID = 2**31 - 1  # record ids are 32-bit INTEGER columns (PostgreSQL)


def stored_record(session: Session, record_id: int) -> RegistryRecord | None:
    """The record with this id, or None (also for an id no column can hold)."""
    if not 1 <= record_id <= MAX_ID:
        return None
    return session.get(RegistryRecord, record_id)


def require_administrator(writer: Writer) -> None:
    if writer.actor.role != "administrator":
        raise PermissionDeniedError(
            f"{writer.who} is not a registry administrator", "an administrator does this"
        )


def add_party(
    writer: Writer,
    party_id: str,
    name: str,
    kind: str,
    jurisdiction: str | None = None,
    contact_point: str | None = None,
) -> RegistryParty:
    """Register an organisation (an administrator's step)."""
    require_administrator(writer)
    if not SLUG.match(party_id):
        raise InvalidInputError(
            f"organisation id {party_id!r} is not a slug", "lower-case letters, digits, dashes"
        )
    if not name.strip() or len(name) > MAX_TITLE:
        raise InvalidInputError("an organisation needs a name of at most 300 characters")
    _one_of("organisation kind", kind, PARTY_KINDS)
    session = writer.session
    if jurisdiction is not None and session.get(Jurisdiction, jurisdiction) is None:
        raise NotFoundError(f"no jurisdiction {jurisdiction!r}", "ISO alpha-3 codes: FRA, KEN")
    if session.get(RegistryParty, party_id) is not None:
        raise ConflictError(f"organisation {party_id!r} is already registered")
    party = RegistryParty(
        id=party_id,
        name=name.strip(),
        kind=kind,
        jurisdiction_id=jurisdiction,
        contact_point=contact_point,
    )
    session.add(party)
    session.flush()
    writer.log("party.add", f"party:{party_id}", name=party.name, kind=kind)
    return party


def set_member(writer: Writer, account: str, role: str, party_id: str | None) -> RegistryMember:
    """Give an account its registry role and organisation (an administrator's step).
    A submitter acts for an organisation; so may any other role."""
    require_administrator(writer)
    _one_of("role", role, ROLES)
    session = writer.session
    found = account_named(session, account)
    if found is None:
        raise NotFoundError(f"no account {account!r}", "add it with `govatlas users add`")
    if party_id is not None and session.get(RegistryParty, party_id) is None:
        raise NotFoundError(f"no organisation {party_id!r} in the registry")
    if role == "submitter" and party_id is None:
        raise InvalidInputError("a submitter acts for an organisation", "give its id")
    member = session.get(RegistryMember, found.id)
    if member is None:
        member = RegistryMember(account_id=found.id, role=role, party_id=party_id)
        session.add(member)
    else:
        member.role, member.party_id = role, party_id
    session.flush()
    writer.log("member.set", f"account:{found.id}", account=account, role=role, party=party_id)
    return member


def viewer_for(session: Session, account: UserAccount | None) -> Viewer:
    """The viewer an account is (the public for none; no role without membership)."""
    if account is None or account.disabled_at is not None:
        return Viewer()
    member = session.get(RegistryMember, account.id)
    if member is None:
        return Viewer(account.id, account.name)
    return Viewer(account.id, account.name, member.role, member.party_id)


def viewer_named(session: Session, name: str) -> Viewer:
    """The viewer of the account called ``name``."""
    account = account_named(session, name)
    if account is None:
        raise NotFoundError(f"no account {name!r}", "`govatlas users list` shows them")
    return viewer_for(session, account)


def _text(value: str, what: str, limit: int) -> str:
    if len(value) > limit:
        raise InvalidInputError(f"the {what} is longer than {limit:,} characters")
    return value.strip()


def _people(session: Session, names: Iterable[str]) -> list[int]:
    found = []
    for name in names:
        account = account_id_named(session, name)
        if account is None:
            raise NotFoundError(f"no account {name!r} to name", "`govatlas users list`")
        found.append(account)
    return found


@dataclass(frozen=True)
class Content:
    """What a record says and whom it names: drafted once, edited while it is a draft or
    returned."""

    title: str
    tlp: str
    body: str = ""
    theme: str | None = None
    answers: int | None = None
    concepts: Sequence[str] = ()
    provisions: Sequence[str] = ()
    nil_report: bool = False
    parties: Sequence[str] = ()
    people: Sequence[str] = ()


def _checked(session: Session, kind: str, content: Content) -> list[int]:
    """Refuse content a record of ``kind`` cannot hold; the accounts a RED one names."""
    _one_of("TLP marking", content.tlp, TLP_LEVELS)
    if not content.title.strip():
        raise InvalidInputError("a record needs a title")
    if content.nil_report and kind != "report":
        raise InvalidInputError("only a report can be a nil report")
    if content.answers is not None:
        target = stored_record(session, content.answers)
        if target is None or target.kind != "commitment":
            raise InvalidInputError(
                f"record {content.answers} is not a commitment a report can answer"
            )
    for ref in content.provisions:
        if not PROVISION_REF.match(ref):
            raise InvalidInputError(
                f"{ref!r} is not a provision reference", "INSTRUMENT:PATH, e.g. eu-ai-act:art.73.1"
            )
    if content.parties and content.tlp != "AMBER":
        raise InvalidInputError("only an AMBER record names organisations")
    if content.people and content.tlp != "RED":
        raise InvalidInputError("only a RED record names people")
    if content.tlp == "RED" and not content.people:
        raise InvalidInputError("a RED record names the people who may see it")
    for other in content.parties:
        if session.get(RegistryParty, other) is None:
            raise NotFoundError(f"no organisation {other!r} to name")
    _text(content.title, "title", MAX_TITLE)
    _text(content.body, "text", MAX_BODY)
    return _people(session, content.people)


def _apply(session: Session, record: RegistryRecord, content: Content, accounts: list[int]) -> None:
    record.title = _text(content.title, "title", MAX_TITLE)
    record.body = _text(content.body, "text", MAX_BODY)
    record.tlp = content.tlp
    record.theme = content.theme
    record.answers_id = content.answers
    record.nil_report = content.nil_report
    record.concepts = list(content.concepts)
    record.provisions = list(content.provisions)
    session.flush()
    for access in access_of_record(session, record.id):
        session.delete(access)
    for other in content.parties:
        session.add(RegistryAccess(record_id=record.id, party_id=other))
    for account_id in accounts:
        session.add(RegistryAccess(record_id=record.id, account_id=account_id))
    session.flush()


def create_record(
    writer: Writer,
    kind: str,
    title: str,
    party_id: str,
    tlp: str,
    body: str = "",
    theme: str | None = None,
    answers: int | None = None,
    concepts: Sequence[str] = (),
    provisions: Sequence[str] = (),
    nil_report: bool = False,
    parties: Sequence[str] = (),
    people: Sequence[str] = (),
    instrument_id: str | None = None,
    due_on: date | None = None,
) -> RegistryRecord:
    """``draft_record`` with the content given field by field."""
    content = Content(
        title, tlp, body, theme, answers, concepts, provisions, nil_report, parties, people
    )
    return draft_record(writer, kind, party_id, content, instrument_id, due_on)


def draft_record(
    writer: Writer,
    kind: str,
    party_id: str,
    content: Content,
    instrument_id: str | None = None,
    due_on: date | None = None,
) -> RegistryRecord:
    """Draft a record for ``party_id``: its submitters (for their own organisation),
    officers and administrators may. AMBER names organisations; RED names people. A
    commitment may name the catalog instrument it is and when its report is due."""
    session, actor = writer.session, writer.actor
    _one_of("record kind", kind, RECORD_KINDS)
    _one_of("TLP marking", content.tlp, TLP_LEVELS)
    submits = actor.role == "submitter" and actor.party_id == party_id
    if not actor.member or not (actor.reviews or submits):
        raise PermissionDeniedError(
            f"{writer.who} may not draft records for {party_id!r}",
            "a submitter drafts for their own organisation",
        )
    if session.get(RegistryParty, party_id) is None:
        raise NotFoundError(f"no organisation {party_id!r} in the registry")
    if due_on is not None and kind != "commitment":
        raise InvalidInputError("only a commitment has a due date for its reports")
    if instrument_id is not None and session.get(Instrument, instrument_id) is None:
        raise NotFoundError(f"no instrument {instrument_id!r} in the catalog")
    accounts = _checked(session, kind, content)
    record = RegistryRecord(
        kind=kind,
        party_id=party_id,
        status="draft",
        instrument_id=instrument_id,
        due_on=due_on,
        author=writer.who,
        title="",
        body="",
        tlp=content.tlp,
    )
    session.add(record)
    session.flush()
    _apply(session, record, content, accounts)
    writer.log(
        "record.create",
        f"record:{record.id}",
        kind=kind,
        title=record.title,
        party=party_id,
        tlp=content.tlp,
        parties=sorted(content.parties),
        people=sorted(content.people),
    )
    return record


EDITABLE = frozenset({"draft", "returned"})


def edit_record(writer: Writer, record_id: int, content: Content) -> RegistryRecord:
    """Replace what a draft or returned record says (its author's or its organisation's
    submitters'); each edit counts a new version and is in the audit log."""
    session = writer.session
    record = stored_record(session, record_id)
    grants = grants_for(session, [record_id]).get(record_id, Grants())
    if record is None or not can_see(record, writer.actor, grants):
        raise NotFoundError(f"no registry record {record_id}")
    if record.status not in EDITABLE:
        raise ConflictError(
            f"record {record_id} is {record.status}: only a draft or a returned record is edited"
        )
    if not may_step(record, writer.actor, "submit", grants):
        raise PermissionDeniedError(f"{writer.who} may not edit record {record_id}")
    accounts = _checked(session, record.kind, content)
    before = {"title": record.title, "body": record.body, "tlp": record.tlp}
    _apply(session, record, content, accounts)
    record.version += 1
    record.updated_at = utcnow()
    session.flush()
    after = {"title": record.title, "body": record.body, "tlp": record.tlp}
    writer.log(
        "record.edit",
        f"record:{record.id}",
        version=record.version,
        changed=sorted(k for k in before if before[k] != after[k]),
        title=record.title,
        tlp=record.tlp,
        parties=sorted(content.parties),
        people=sorted(content.people),
    )
    return record


def grants_for(session: Session, record_ids: Iterable[int]) -> dict[int, Grants]:
    """Whom each record names."""
    ids = list(record_ids)
    parties: dict[int, set[str]] = {}
    accounts: dict[int, set[int]] = {}
    if ids:
        for access in access_of(session, ids):
            if access.party_id is not None:
                parties.setdefault(access.record_id, set()).add(access.party_id)
            if access.account_id is not None:
                accounts.setdefault(access.record_id, set()).add(access.account_id)
    return {i: Grants(frozenset(parties.get(i, ())), frozenset(accounts.get(i, ()))) for i in ids}


def may_step(record: RegistryRecord, actor: Viewer, action: str, grants: Grants) -> bool:
    """Submitting is its author's or its organisation's submitters'; the other steps are
    the officers' and administrators'; a RED record's, only those of them it names."""
    if not actor.member:
        return False
    if action == "submit":
        allowed = actor.name == record.author or (
            actor.role == "submitter" and actor.party_id == record.party_id
        )
    else:
        allowed = actor.reviews
    if record.tlp == "RED" and actor.name != record.author:
        allowed = allowed and actor.account_id in grants.accounts
    return allowed


def allowed_steps(record: RegistryRecord, actor: Viewer, grants: Grants) -> list[str]:
    """The workflow steps ``actor`` may take on ``record`` now (for the page's buttons)."""
    return [
        action
        for action, (starts, _) in STEPS.items()
        if record.status in starts and may_step(record, actor, action, grants)
    ]


def step(writer: Writer, record_id: int, action: str, comment: str | None = None) -> RegistryRecord:
    """Move a record on: ``submit``, ``review``, ``publish`` or ``return`` (with a
    comment for its author)."""
    if action not in STEPS:
        raise InvalidInputError(f"no workflow step {action!r}", f"one of: {', '.join(STEPS)}")
    session = writer.session
    record = stored_record(session, record_id)
    grants = grants_for(session, [record_id]).get(record_id, Grants())
    if record is None or not can_see(record, writer.actor, grants):
        raise NotFoundError(f"no registry record {record_id}")  # never say it exists
    starts, ends = STEPS[action]
    if record.status not in starts:
        raise ConflictError(
            f"record {record_id} is {record.status}: it cannot {action}",
            f"{action} applies to a record that is {' or '.join(sorted(starts))}",
        )
    if not may_step(record, writer.actor, action, grants):
        raise PermissionDeniedError(f"{writer.who} may not {action} record {record_id}")
    if action == "return" and not (comment or "").strip():
        raise InvalidInputError("a returned record needs a comment for its author")
    record.status = ends
    record.updated_at = utcnow()
    if action == "return":
        record.comment = _text(comment or "", "comment", MAX_BODY)
    if action == "publish":
        record.published_at = record.updated_at
    session.flush()
    writer.log(f"record.{action}", f"record:{record.id}", status=ends, comment=comment or "")
    return record


def records_for(
    session: Session,
    viewer: Viewer,
    kind: str | None = None,
    party_id: str | None = None,
    status: str | None = None,
) -> list[RegistryRecord]:
    """The records ``viewer`` may see, newest first, filtered after the visibility check
    (a filter never reveals what the viewer may not see)."""
    if kind is not None:
        _one_of("record kind", kind, RECORD_KINDS)
    found = records_newest_first(session, kind, party_id, status)
    grants = grants_for(session, [r.id for r in found])
    return [r for r in found if can_see(r, viewer, grants[r.id])]
