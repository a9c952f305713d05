"""Tables of the transparency and confidence-building registry (``govatlas.registry``).

Organisations that take part (states and their agencies, AI safety institutes,
companies, intergovernmental bodies, civil society, academia); each account's place
in the registry (its role and organisation); the records they share (commitments,
measures, reports) with their Traffic Light Protocol marking and workflow status; who
may see an AMBER or RED record; and the append-only, hash-chained audit log of every
write with its signed head. The rules that read and write them live in
``govatlas.registry``; these are only their shapes.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from govatlas.store.models import Base, utcnow

PARTY_KINDS = (
    "state",
    "agency",
    "safety-institute",
    "company",
    "intergovernmental",
    "civil-society",
    "academia",
)
ROLES = ("administrator", "officer", "submitter", "participant")
RECORD_KINDS = ("commitment", "measure", "report")
TLP_LEVELS = ("CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED")
STATUSES = ("draft", "submitted", "under-review", "published", "returned")


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} in ({', '.join(repr(v) for v in values)})"


class RegistryParty(Base):
    """An organisation that takes part in the registry."""

    __tablename__ = "registry_party"
    __table_args__ = (CheckConstraint(_one_of("kind", PARTY_KINDS), name="kind"),)

    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(40))
    jurisdiction_id: Mapped[str | None] = mapped_column(ForeignKey("jurisdiction.id"))
    contact_point: Mapped[str | None] = mapped_column(String(300))  # a role, never a person
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class RegistryMember(Base):
    """An account's place in the registry: its role and the organisation it acts for."""

    __tablename__ = "registry_member"
    __table_args__ = (CheckConstraint(_one_of("role", ROLES), name="role"),)

    account_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[str] = mapped_column(String(20))
    party_id: Mapped[str | None] = mapped_column(ForeignKey("registry_party.id"), index=True)


class RegistryRecord(Base):
    """A commitment, measure or report an organisation shares, with its marking."""

    __tablename__ = "registry_record"
    __table_args__ = (
        CheckConstraint(_one_of("kind", RECORD_KINDS), name="kind"),
        CheckConstraint(_one_of("tlp", TLP_LEVELS), name="tlp"),
        CheckConstraint(_one_of("status", STATUSES), name="status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text, default="")
    party_id: Mapped[str] = mapped_column(ForeignKey("registry_party.id"), index=True)
    tlp: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(20), default="draft")
    answers_id: Mapped[int | None] = mapped_column(ForeignKey("registry_record.id"))
    # the catalog instrument a commitment is (e.g. frontier-ai-safety-commitments)
    instrument_id: Mapped[str | None] = mapped_column(ForeignKey("instrument.id"), index=True)
    due_on: Mapped[date | None] = mapped_column(Date)  # when a commitment's report is due
    theme: Mapped[str | None] = mapped_column(String(200))
    nil_report: Mapped[bool] = mapped_column(default=False)
    concepts: Mapped[list[str]] = mapped_column(JSON, default=list)
    provisions: Mapped[list[str]] = mapped_column(JSON, default=list)  # "eu-ai-act:art.73.1"
    author: Mapped[str] = mapped_column(String(100))
    comment: Mapped[str | None] = mapped_column(Text)  # an officer's, when returned
    version: Mapped[int] = mapped_column(Integer, default=1)  # edits while drafted
    # a revision of a published record: the record it revises, and its edition (1 for
    # a record's first publication, 2 for its first revision...)
    revises_id: Mapped[int | None] = mapped_column(ForeignKey("registry_record.id"), index=True)
    edition: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class RegistryAccess(Base):
    """Who an AMBER record names (organisations) or a RED one (people)."""

    __tablename__ = "registry_access"
    __table_args__ = (
        CheckConstraint(
            "CASE WHEN party_id IS NULL THEN 0 ELSE 1 END"
            " + CASE WHEN account_id IS NULL THEN 0 ELSE 1 END = 1",
            name="one_grantee",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    record_id: Mapped[int] = mapped_column(
        ForeignKey("registry_record.id", ondelete="CASCADE"), index=True
    )
    party_id: Mapped[str | None] = mapped_column(ForeignKey("registry_party.id"))
    account_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE")
    )


class RegistryAttachment(Base):
    """A file attached to a record (a PDF): its bytes, never executed nor served inline,
    and the text the ingest path read from it. Seen by whoever may see its record."""

    __tablename__ = "registry_attachment"
    # an id is never given again after a removal, so the audit log's ids stay unique
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    record_id: Mapped[int] = mapped_column(
        ForeignKey("registry_record.id", ondelete="CASCADE"), index=True
    )
    filename: Mapped[str] = mapped_column(String(200))
    media_type: Mapped[str] = mapped_column(String(60))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    text: Mapped[str] = mapped_column(Text, default="")
    uploaded_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class RegistryToken(Base):
    """An API token of a registry member, scoped to a role (at most the account's) and
    its organisation; the store keeps only its SHA-256."""

    __tablename__ = "registry_token"
    __table_args__ = (CheckConstraint(_one_of("role", ROLES), name="role"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    account_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[str] = mapped_column(String(20))
    party_id: Mapped[str | None] = mapped_column(ForeignKey("registry_party.id"))
    label: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class AuditEvent(Base):
    """One write, chained to the one before it by its hash: never updated or deleted."""

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(60))
    subject: Mapped[str] = mapped_column(String(100))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class AuditHead(Base):
    """The log's newest entry, signed: one row, rewritten with every append, so that a
    removed last entry or a rewritten log is found (``govatlas registry verify``)."""

    __tablename__ = "audit_head"
    __table_args__ = (CheckConstraint("id = 1", name="single"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last_id: Mapped[int] = mapped_column(Integer)
    last_hash: Mapped[str] = mapped_column(String(64))
    key_id: Mapped[str] = mapped_column(String(64))  # SHA-256 of the public key, hex
    signature: Mapped[str] = mapped_column(String(200))  # Ed25519, hex
    signed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
