"""SQLAlchemy 2 typed models of the first-cut domain model (DESIGN.md).

Enumerations are stored as strings with CHECK constraints so that SQLite and
PostgreSQL hold the same values and a migration never has to alter a native enum
type. Instrument versions are immutable: their id is tied to the SHA-256 of the
text, and any attempt to update a stored version raises.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    DateTime,
    Enum,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, Mapper, mapped_column, relationship

from govatlas.vocabulary import (
    ActorKind,
    AdherenceAct,
    AssessmentMethod,
    Binding,
    ChangeKind,
    DeliveryStatus,
    InstrumentType,
    JurisdictionKind,
    LabelMethod,
    LifecycleKind,
    MappingType,
    RationaleKind,
    RelationshipMethod,
    RelationshipType,
    ResearchFinding,
    ReviewChannel,
    ReviewDecisionKind,
    ReviewStatus,
    ReviewSubject,
    ScanOutcome,
    Status,
    Topic,
    WatchKind,
    WatchSchedule,
)

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


ID_LIMIT = 2**31  # ids are 32-bit INTEGER columns: larger ones cannot exist (nor be queried on PG)


def utcnow() -> datetime:
    return datetime.now(UTC)


def content_hash(text: str) -> str:
    """SHA-256 of the UTF-8 text: the identity of an instrument version."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def enum_column(enum_cls: type[StrEnum], name: str) -> Enum:
    """A portable string enum with a named CHECK constraint."""
    return Enum(
        enum_cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=32,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSON, list[str]: JSON}


class Jurisdiction(Base):
    """A country, subdivision, region, or supranational/intergovernmental body."""

    __tablename__ = "jurisdiction"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[JurisdictionKind] = mapped_column(
        enum_column(JurisdictionKind, "jurisdiction_kind")
    )
    iso_alpha2: Mapped[str | None] = mapped_column(String(2))
    iso_numeric: Mapped[str | None] = mapped_column(String(3))
    parent_id: Mapped[str | None] = mapped_column(ForeignKey("jurisdiction.id"))
    un_member: Mapped[bool] = mapped_column(default=False)
    # For a UN Member State with no instrument in the catalog: what research found.
    research_finding: Mapped[ResearchFinding | None] = mapped_column(
        enum_column(ResearchFinding, "research_finding")
    )
    research_checked: Mapped[date | None] = mapped_column(Date)
    research_note: Mapped[str | None] = mapped_column(Text)
    research_sources: Mapped[list[str]] = mapped_column(default=list)

    members: Mapped[list[Jurisdiction]] = relationship(
        secondary="jurisdiction_membership",
        primaryjoin="Jurisdiction.id == JurisdictionMembership.group_id",
        secondaryjoin="Jurisdiction.id == JurisdictionMembership.member_id",
        viewonly=True,
    )


class JurisdictionMembership(Base):
    """``member_id`` belongs to the group ``group_id`` (EU, G20, a UN region...)."""

    __tablename__ = "jurisdiction_membership"

    group_id: Mapped[str] = mapped_column(ForeignKey("jurisdiction.id"), primary_key=True)
    member_id: Mapped[str] = mapped_column(ForeignKey("jurisdiction.id"), primary_key=True)


class Actor(Base):
    """An institution that issues or applies instruments."""

    __tablename__ = "actor"

    id: Mapped[str] = mapped_column(String(120), primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    kind: Mapped[ActorKind] = mapped_column(enum_column(ActorKind, "actor_kind"))
    jurisdiction_id: Mapped[str | None] = mapped_column(ForeignKey("jurisdiction.id"))


class InstrumentIssuer(Base):
    __tablename__ = "instrument_issuer"

    instrument_id: Mapped[str] = mapped_column(
        ForeignKey("instrument.id", ondelete="CASCADE"), primary_key=True
    )
    actor_id: Mapped[str] = mapped_column(ForeignKey("actor.id"), primary_key=True)


class Instrument(Base):
    """A law, bill, strategy, standard, treaty, declaration or company framework."""

    __tablename__ = "instrument"

    id: Mapped[str] = mapped_column(String(120), primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    original_title: Mapped[str | None] = mapped_column(Text)
    short_name: Mapped[str] = mapped_column(String(200))
    type: Mapped[InstrumentType] = mapped_column(enum_column(InstrumentType, "instrument_type"))
    binding: Mapped[Binding] = mapped_column(enum_column(Binding, "binding"))
    status: Mapped[Status] = mapped_column(enum_column(Status, "status"))
    topic: Mapped[Topic] = mapped_column(enum_column(Topic, "topic"), default=Topic.AI)
    # Issued by a public authority (a state, its agencies and legislature, an
    # intergovernmental body); False for companies, civil society and academia,
    # whose texts never count as a jurisdiction's rules.
    public_authority: Mapped[bool] = mapped_column(default=True)
    jurisdiction_id: Mapped[str] = mapped_column(ForeignKey("jurisdiction.id"), index=True)
    languages: Mapped[list[str]] = mapped_column(default=list)
    official_urls: Mapped[list[str]] = mapped_column(default=list)
    summary: Mapped[str | None] = mapped_column(Text)
    origin: Mapped[str] = mapped_column(String(32), default="catalog")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )

    jurisdiction: Mapped[Jurisdiction] = relationship()
    issuers: Mapped[list[Actor]] = relationship(secondary="instrument_issuer")
    events: Mapped[list[LifecycleEvent]] = relationship(
        back_populates="instrument",
        cascade="all, delete-orphan",
        order_by="LifecycleEvent.date",
    )
    external_ids: Mapped[list[ExternalId]] = relationship(
        back_populates="instrument", cascade="all, delete-orphan"
    )
    versions: Mapped[list[InstrumentVersion]] = relationship(
        back_populates="instrument", order_by="InstrumentVersion.id"
    )


class LifecycleEvent(Base):
    __tablename__ = "lifecycle_event"
    __table_args__ = (UniqueConstraint("instrument_id", "kind", "date"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    instrument_id: Mapped[str] = mapped_column(
        ForeignKey("instrument.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[LifecycleKind] = mapped_column(enum_column(LifecycleKind, "lifecycle_kind"))
    date: Mapped[date] = mapped_column(Date)
    # How much of ``date`` is known: "day", "month" or "year" (then shown as 2021, not 2021-01-01).
    precision: Mapped[str] = mapped_column(String(5), default="day")
    note: Mapped[str | None] = mapped_column(Text)

    instrument: Mapped[Instrument] = relationship(back_populates="events")


class ExternalId(Base):
    """An instrument's id in another dataset (AGORA, CELEX, UN document symbol...)."""

    __tablename__ = "external_id"

    scheme: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[str] = mapped_column(String(200), primary_key=True)
    instrument_id: Mapped[str] = mapped_column(
        ForeignKey("instrument.id", ondelete="CASCADE"), index=True
    )
    # Who asserted the id: "catalog", or the source whose document carried it. The
    # catalog sync manages only its own ids, so it never undoes what a source added.
    origin: Mapped[str] = mapped_column(String(64), default="catalog", server_default="catalog")

    instrument: Mapped[Instrument] = relationship(back_populates="external_ids")


class Adherence(Base):
    """A party's act towards an international instrument (signed, ratified, adhered...)."""

    __tablename__ = "adherence"
    __table_args__ = (UniqueConstraint("instrument_id", "party", "act"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    instrument_id: Mapped[str] = mapped_column(
        ForeignKey("instrument.id", ondelete="CASCADE"), index=True
    )
    # A jurisdiction id (a state, the EU) or, for company commitments, an actor id.
    party: Mapped[str] = mapped_column(String(120), index=True)
    act: Mapped[AdherenceAct] = mapped_column(enum_column(AdherenceAct, "adherence_act"))
    date: Mapped[date | None] = mapped_column(Date)
    precision: Mapped[str] = mapped_column(String(5), default="day")
    source_url: Mapped[str] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)


class InstrumentVersion(Base):
    """The immutable text of an instrument as retrieved, keyed by content hash."""

    __tablename__ = "instrument_version"
    __table_args__ = (
        UniqueConstraint("instrument_id", "content_hash"),
        Index("ix_instrument_version_source_key", "source", "source_key"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    instrument_id: Mapped[str] = mapped_column(ForeignKey("instrument.id"), index=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)
    format: Mapped[str] = mapped_column(String(32))
    language: Mapped[str | None] = mapped_column(String(16))
    source_url: Mapped[str | None] = mapped_column(Text)
    retrieved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # Which source document first brought this text (e.g. "agora", "757").
    source: Mapped[str | None] = mapped_column(String(64))
    source_key: Mapped[str | None] = mapped_column(String(200))
    # A fuller rendering of an earlier version's text (the same law with its digest
    # or headings, from another dataset) replaces it in the instrument's history:
    # both stay stored, the replaced one is no longer a version of its own.
    replaces_id: Mapped[int | None] = mapped_column(ForeignKey("instrument_version.id"))

    instrument: Mapped[Instrument] = relationship(back_populates="versions")
    provisions: Mapped[list[Provision]] = relationship(
        back_populates="version", order_by="Provision.ordinal"
    )


class ImmutableVersionError(RuntimeError):
    """Raised when code tries to change a stored instrument version."""


@event.listens_for(InstrumentVersion, "before_update")
def _refuse_version_update(_mapper: Mapper[Any], _conn: Any, target: InstrumentVersion) -> None:
    raise ImmutableVersionError(
        f"instrument version {target.id} of {target.instrument_id} is immutable; "
        "store changed text as a new version"
    )


class Provision(Base):
    """A unit of a version (article, section, paragraph, recital, annex item)."""

    __tablename__ = "provision"
    __table_args__ = (
        UniqueConstraint("version_id", "path"),
        CheckConstraint("start_offset <= end_offset", name="span_order"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("instrument_version.id"), index=True)
    path: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(32))
    heading: Mapped[str | None] = mapped_column(Text)
    start_offset: Mapped[int] = mapped_column(Integer)
    end_offset: Mapped[int] = mapped_column(Integer)
    ordinal: Mapped[int] = mapped_column(Integer)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("provision.id"))
    language: Mapped[str | None] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    # The provision's own words (its text without its children's), which search
    # indexes so that a match is reported once, on the deepest provision; NULL
    # when the provision has no children and its own words are all of ``text``.
    search_text: Mapped[str | None] = mapped_column(Text)

    version: Mapped[InstrumentVersion] = relationship(back_populates="provisions")


class SearchChampionList(Base):
    """A word (PostgreSQL lexeme) frequent enough to have a champion list: how many
    provisions held it, and the newest provision id, when the lists were last built
    (``store.search_champions``)."""

    __tablename__ = "search_champion_list"

    lexeme: Mapped[str] = mapped_column(Text, primary_key=True)
    matches: Mapped[int] = mapped_column(Integer)
    built_through: Mapped[int] = mapped_column(Integer)


class SearchChampion(Base):
    """One of the provisions that rank best for a frequent word, with its full-text
    score for that word alone. No foreign key: a deleted provision's row is simply not
    found again, and ingest pays nothing for the lists."""

    __tablename__ = "search_champion"

    lexeme: Mapped[str] = mapped_column(Text, primary_key=True)
    provision_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    score: Mapped[float] = mapped_column(Float)


class Taxonomy(Base):
    __tablename__ = "taxonomy"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    version: Mapped[str | None] = mapped_column(String(32))

    concepts: Mapped[list[Concept]] = relationship(back_populates="taxonomy")


class Concept(Base):
    __tablename__ = "concept"
    __table_args__ = (UniqueConstraint("taxonomy_id", "notation"),)

    id: Mapped[str] = mapped_column(String(160), primary_key=True)
    taxonomy_id: Mapped[str] = mapped_column(ForeignKey("taxonomy.id"), index=True)
    notation: Mapped[str] = mapped_column(String(100))
    pref_label: Mapped[str] = mapped_column(String(300))
    alt_labels: Mapped[list[str]] = mapped_column(default=list)
    negative_labels: Mapped[list[str]] = mapped_column(default=list)
    definition: Mapped[str | None] = mapped_column(Text)
    parent_id: Mapped[str | None] = mapped_column(ForeignKey("concept.id"))

    taxonomy: Mapped[Taxonomy] = relationship(back_populates="concepts")


class Label(Base):
    """A provision or an instrument tagged with a concept, with provenance."""

    __tablename__ = "label"
    __table_args__ = (
        CheckConstraint("(instrument_id IS NULL) <> (provision_id IS NULL)", name="one_target"),
        Index("ix_label_concept_method", "concept_id", "method"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    concept_id: Mapped[str] = mapped_column(ForeignKey("concept.id"))
    instrument_id: Mapped[str | None] = mapped_column(ForeignKey("instrument.id"), index=True)
    provision_id: Mapped[int | None] = mapped_column(ForeignKey("provision.id"), index=True)
    score: Mapped[float | None] = mapped_column(Float)
    method: Mapped[LabelMethod] = mapped_column(enum_column(LabelMethod, "label_method"))
    model_id: Mapped[str | None] = mapped_column(String(120))
    model_version: Mapped[str | None] = mapped_column(String(64))
    review_status: Mapped[ReviewStatus] = mapped_column(
        enum_column(ReviewStatus, "review_status"), default=ReviewStatus.UNREVIEWED
    )
    provenance: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    review_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    evidence: Mapped[list[LabelEvidence]] = relationship(cascade="all, delete-orphan")


class LabellingRun(Base):
    """A model labelled every reading unit of a version for one taxonomy.

    Kept so that "the model read this text and found no provision on the concept"
    (assessed, absent) can be told apart from "nobody has read it" (not assessed).
    """

    __tablename__ = "labelling_run"
    __table_args__ = (UniqueConstraint("version_id", "taxonomy_id", "model_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("instrument_version.id"), index=True)
    taxonomy_id: Mapped[str] = mapped_column(ForeignKey("taxonomy.id"))
    model_id: Mapped[str] = mapped_column(String(120))
    model_version: Mapped[str] = mapped_column(String(64))
    units: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class NearMiss(Base):
    """A provision classifier's probability just below a concept's operating threshold.

    Not a label: nothing counts it, coverage and reports never read it. It waits for a
    person, because reviews of the pairs nearest each threshold teach the classifiers
    (``classify.labels.near_misses``, ``eval/reports/review-value.md``); accepting one makes it a
    reviewed label, rejecting one a reviewed absence, and both join training.
    """

    __tablename__ = "near_miss"
    __table_args__ = (UniqueConstraint("provision_id", "concept_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    concept_id: Mapped[str] = mapped_column(ForeignKey("concept.id"), index=True)
    provision_id: Mapped[int] = mapped_column(ForeignKey("provision.id"), index=True)
    score: Mapped[float] = mapped_column(Float)
    threshold: Mapped[float] = mapped_column(Float)
    model_id: Mapped[str] = mapped_column(String(120))
    model_version: Mapped[str] = mapped_column(String(64))
    provenance: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class LabelEvidence(Base):
    """A character span of a provision that supports a label."""

    __tablename__ = "label_evidence"
    __table_args__ = (CheckConstraint("start_offset <= end_offset", name="span_order"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    label_id: Mapped[int] = mapped_column(ForeignKey("label.id", ondelete="CASCADE"), index=True)
    provision_id: Mapped[int] = mapped_column(ForeignKey("provision.id"))
    start_offset: Mapped[int] = mapped_column(Integer)
    end_offset: Mapped[int] = mapped_column(Integer)
    score: Mapped[float | None] = mapped_column(Float)


class Relationship(Base):
    """A typed link from a provision or concept to another (NIST IR 8477 + contrary)."""

    __tablename__ = "relationship"
    __table_args__ = (
        CheckConstraint(
            "(source_provision_id IS NULL) <> (source_concept_id IS NULL)", name="one_source"
        ),
        CheckConstraint(
            "(target_provision_id IS NULL) <> (target_concept_id IS NULL)", name="one_target"
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_provision_id: Mapped[int | None] = mapped_column(ForeignKey("provision.id"), index=True)
    source_concept_id: Mapped[str | None] = mapped_column(ForeignKey("concept.id"), index=True)
    target_provision_id: Mapped[int | None] = mapped_column(ForeignKey("provision.id"), index=True)
    target_concept_id: Mapped[str | None] = mapped_column(ForeignKey("concept.id"), index=True)
    type: Mapped[RelationshipType] = mapped_column(
        enum_column(RelationshipType, "relationship_type")
    )
    rationale_kind: Mapped[RationaleKind | None] = mapped_column(
        enum_column(RationaleKind, "rationale_kind")
    )
    rationale: Mapped[str | None] = mapped_column(Text)
    confidence: Mapped[float | None] = mapped_column(Float)
    method: Mapped[RelationshipMethod] = mapped_column(
        enum_column(RelationshipMethod, "relationship_method")
    )
    author: Mapped[str | None] = mapped_column(String(200))
    review_status: Mapped[ReviewStatus] = mapped_column(
        enum_column(ReviewStatus, "review_status"), default=ReviewStatus.UNREVIEWED
    )
    citation: Mapped[str | None] = mapped_column(Text)
    release_id: Mapped[str | None] = mapped_column(ForeignKey("dataset_release.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    review_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class SourceRecord(Base):
    """A raw record kept as its source gave it (metadata row, score, incident, coding)."""

    __tablename__ = "source_record"
    __table_args__ = (UniqueConstraint("source", "kind", "key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(64))
    key: Mapped[str] = mapped_column(String(200))
    instrument_id: Mapped[str | None] = mapped_column(ForeignKey("instrument.id"), index=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    data: Mapped[dict[str, Any]] = mapped_column()
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )


class Embedding(Base):
    """A cached text vector, keyed by model and the SHA-256 of the text."""

    __tablename__ = "embedding"

    model_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    text_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    vector: Mapped[bytes] = mapped_column(LargeBinary)


class DatasetRelease(Base):
    """A frozen, content-hashed state of the data that outputs cite."""

    __tablename__ = "dataset_release"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    tag: Mapped[str] = mapped_column(String(100), unique=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    counts: Mapped[dict[str, Any]] = mapped_column(default=dict)
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Watch(Base):
    """A source that horizon scanning re-checks on a schedule, with its HTTP validators."""

    __tablename__ = "watch"
    __table_args__ = (UniqueConstraint("kind", "location"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[WatchKind] = mapped_column(enum_column(WatchKind, "watch_kind"))
    location: Mapped[str] = mapped_column(Text)  # URL, or a folder path
    title: Mapped[str | None] = mapped_column(String(300))
    instrument_id: Mapped[str | None] = mapped_column(
        ForeignKey("instrument.id", ondelete="SET NULL")
    )
    connector: Mapped[str | None] = mapped_column(String(64))  # dataset and folder watches
    schedule: Mapped[WatchSchedule] = mapped_column(enum_column(WatchSchedule, "watch_schedule"))
    jurisdiction_id: Mapped[str | None] = mapped_column(ForeignKey("jurisdiction.id"))
    concept_id: Mapped[str | None] = mapped_column(ForeignKey("concept.id"))
    etag: Mapped[str | None] = mapped_column(String(300))
    last_modified: Mapped[str | None] = mapped_column(String(100))
    content_hash: Mapped[str | None] = mapped_column(String(64))
    last_checked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_outcome: Mapped[ScanOutcome | None] = mapped_column(enum_column(ScanOutcome, "outcome"))
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class WatchEntry(Base):
    """A feed entry already handled, so that a scan follows each entry once."""

    __tablename__ = "watch_entry"

    watch_id: Mapped[int] = mapped_column(
        ForeignKey("watch.id", ondelete="CASCADE"), primary_key=True
    )
    entry_key: Mapped[str] = mapped_column(String(64), primary_key=True)  # SHA-256 of id/link
    link: Mapped[str] = mapped_column(Text)
    seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ScanEvent(Base):
    """One check of one watch: what was fetched and what came of it."""

    __tablename__ = "scan_event"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    watch_id: Mapped[int] = mapped_column(ForeignKey("watch.id", ondelete="CASCADE"), index=True)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    outcome: Mapped[ScanOutcome] = mapped_column(enum_column(ScanOutcome, "outcome"))
    url: Mapped[str | None] = mapped_column(Text)
    http_status: Mapped[int | None] = mapped_column(Integer)
    raw_hash: Mapped[str | None] = mapped_column(ForeignKey("raw_response.sha256"))
    detail: Mapped[str | None] = mapped_column(Text)


class RawResponse(Base):
    """A fetched body exactly as received, addressed by its SHA-256."""

    __tablename__ = "raw_response"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    url: Mapped[str] = mapped_column(Text)
    content_type: Mapped[str | None] = mapped_column(String(200))
    size: Mapped[int] = mapped_column(Integer)
    body: Mapped[bytes] = mapped_column(LargeBinary)
    fetched_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Change(Base):
    """A detected change: a new instrument, or a new version of a known one."""

    __tablename__ = "change"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[ChangeKind] = mapped_column(enum_column(ChangeKind, "change_kind"))
    instrument_id: Mapped[str] = mapped_column(
        ForeignKey("instrument.id", ondelete="CASCADE"), index=True
    )
    old_version_id: Mapped[int | None] = mapped_column(ForeignKey("instrument_version.id"))
    new_version_id: Mapped[int] = mapped_column(ForeignKey("instrument_version.id"), unique=True)
    watch_id: Mapped[int | None] = mapped_column(ForeignKey("watch.id", ondelete="SET NULL"))
    detected_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, index=True
    )
    counts: Mapped[dict[str, Any]] = mapped_column(default=dict)
    concepts: Mapped[list[str]] = mapped_column(default=list)
    score: Mapped[int] = mapped_column(Integer, default=0)
    highlights: Mapped[list[str]] = mapped_column(default=list)  # most significant first
    changed_text: Mapped[str] = mapped_column(Text, default="")  # for keyword alerts

    instrument: Mapped[Instrument] = relationship()


class Subscription(Base):
    """Who wants to hear about which changes, and how (feed, JSON, webhook)."""

    __tablename__ = "subscription"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    jurisdiction_id: Mapped[str | None] = mapped_column(ForeignKey("jurisdiction.id"))
    instrument_id: Mapped[str | None] = mapped_column(
        ForeignKey("instrument.id", ondelete="CASCADE")
    )
    concept_id: Mapped[str | None] = mapped_column(ForeignKey("concept.id"))
    keyword: Mapped[str | None] = mapped_column(String(200))
    webhook_url: Mapped[str | None] = mapped_column(Text)
    secret: Mapped[str] = mapped_column(String(64))  # signs webhooks
    token: Mapped[str] = mapped_column(String(64), unique=True)  # names the feed URL
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Delivery(Base):
    """One change alerted to one subscription: at most once, with retries and dead letters."""

    __tablename__ = "delivery"
    __table_args__ = (UniqueConstraint("subscription_id", "change_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    subscription_id: Mapped[int] = mapped_column(
        ForeignKey("subscription.id", ondelete="CASCADE"), index=True
    )
    change_id: Mapped[int] = mapped_column(ForeignKey("change.id", ondelete="CASCADE"))
    status: Mapped[DeliveryStatus] = mapped_column(enum_column(DeliveryStatus, "delivery_status"))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    next_attempt_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    delivered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    change: Mapped[Change] = relationship()


class HorizonLock(Base):
    """A named lock in the store, so that two scans (even on two machines) never overlap.

    ``host`` and ``pid`` name the holding process, ``heartbeat_at`` is refreshed while
    it runs (``expires_at`` moves with it), so a dead holder is noticed quickly."""

    __tablename__ = "horizon_lock"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    holder: Mapped[str] = mapped_column(String(200))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    host: Mapped[str | None] = mapped_column(String(255))
    pid: Mapped[int | None] = mapped_column(Integer)
    heartbeat_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class IndicatorFramework(Base):
    """One edition of an indicator framework (e.g. FMTI 2024)."""

    __tablename__ = "indicator_framework"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # fmti-2024
    family: Mapped[str] = mapped_column(String(64))  # fmti
    name: Mapped[str] = mapped_column(String(300))
    edition: Mapped[str] = mapped_column(String(32))
    published: Mapped[date | None] = mapped_column(Date)
    source: Mapped[str | None] = mapped_column(Text)

    indicators: Mapped[list[Indicator]] = relationship(
        back_populates="framework", order_by="Indicator.ordinal"
    )


class Indicator(Base):
    """A question of a framework edition, with its domain and subdomain."""

    __tablename__ = "indicator"
    __table_args__ = (UniqueConstraint("framework_id", "name"),)

    id: Mapped[str] = mapped_column(String(200), primary_key=True)  # fmti-2024:data-size
    framework_id: Mapped[str] = mapped_column(
        ForeignKey("indicator_framework.id", ondelete="CASCADE"), index=True
    )
    domain: Mapped[str] = mapped_column(String(100))
    subdomain: Mapped[str] = mapped_column(String(200))
    name: Mapped[str] = mapped_column(String(300))
    definition: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)  # the scoring rule's details
    ordinal: Mapped[int] = mapped_column(Integer)

    framework: Mapped[IndicatorFramework] = relationship(back_populates="indicators")


class Organisation(Base):
    """A company or other organisation whose practice is assessed."""

    __tablename__ = "organisation"

    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    aliases: Mapped[list[str]] = mapped_column(default=list)


class Assessment(Base):
    """An organisation against one indicator: score, justification, evidence, who and how."""

    __tablename__ = "assessment"
    __table_args__ = (UniqueConstraint("organisation_id", "indicator_id", "method"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[str] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    indicator_id: Mapped[str] = mapped_column(
        ForeignKey("indicator.id", ondelete="CASCADE"), index=True
    )
    score: Mapped[float | None] = mapped_column(Float)  # None: a suggestion not yet scored
    confidence: Mapped[float | None] = mapped_column(Float)
    justification: Mapped[str | None] = mapped_column(Text)
    disclosure: Mapped[str | None] = mapped_column(Text)
    references: Mapped[str | None] = mapped_column(Text)
    evidence: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    assessor: Mapped[str] = mapped_column(String(200))
    method: Mapped[AssessmentMethod] = mapped_column(
        enum_column(AssessmentMethod, "assessment_method")
    )
    review_status: Mapped[ReviewStatus] = mapped_column(
        enum_column(ReviewStatus, "review_status"), default=ReviewStatus.UNREVIEWED
    )
    assessed_on: Mapped[date | None] = mapped_column(Date)
    review_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    indicator: Mapped[Indicator] = relationship()


class IndicatorMapping(Base):
    """An indicator linked to an indicator of another edition, a concept or a provision."""

    __tablename__ = "indicator_mapping"
    __table_args__ = (
        CheckConstraint(
            "CASE WHEN target_indicator_id IS NULL THEN 0 ELSE 1 END"
            " + CASE WHEN concept_id IS NULL THEN 0 ELSE 1 END"
            " + CASE WHEN provision_id IS NULL THEN 0 ELSE 1 END = 1",
            name="one_target",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    indicator_id: Mapped[str] = mapped_column(
        ForeignKey("indicator.id", ondelete="CASCADE"), index=True
    )
    target_indicator_id: Mapped[str | None] = mapped_column(
        ForeignKey("indicator.id", ondelete="CASCADE"), index=True
    )
    concept_id: Mapped[str | None] = mapped_column(ForeignKey("concept.id"))
    provision_id: Mapped[int | None] = mapped_column(ForeignKey("provision.id"), index=True)
    type: Mapped[MappingType] = mapped_column(enum_column(MappingType, "mapping_type"))
    method: Mapped[RelationshipMethod] = mapped_column(
        enum_column(RelationshipMethod, "relationship_method")
    )
    review_status: Mapped[ReviewStatus] = mapped_column(
        enum_column(ReviewStatus, "review_status"), default=ReviewStatus.UNREVIEWED
    )
    confidence: Mapped[float | None] = mapped_column(Float)
    rationale: Mapped[str | None] = mapped_column(Text)
    review_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class UserAccount(Base):
    """A reviewer who signs in: decisions are recorded under this name, never a typed one."""

    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))  # argon2id, PHC string
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    disabled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class UserSession(Base):
    """A signed-in browser: the cookie holds a random token, the store only its SHA-256."""

    __tablename__ = "user_session"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # SHA-256 of the token
    account_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    csrf: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class SignInThrottle(Base):
    """Failed sign-ins per account name and per client address, with a backoff."""

    __tablename__ = "sign_in_throttle"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)  # "account:ana", "client:…"
    failures: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class ReviewDecision(Base):
    """One human decision on a reviewable row: the record of truth for review history."""

    __tablename__ = "review_decision"
    __table_args__ = (Index("ix_review_decision_subject", "subject", "subject_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    subject: Mapped[ReviewSubject] = mapped_column(enum_column(ReviewSubject, "review_subject"))
    subject_id: Mapped[int] = mapped_column(Integer)
    decision: Mapped[ReviewDecisionKind] = mapped_column(
        enum_column(ReviewDecisionKind, "review_decision_kind")
    )
    relationship_type: Mapped[RelationshipType | None] = mapped_column(
        enum_column(RelationshipType, "relationship_type")
    )
    score: Mapped[float | None] = mapped_column(Float)
    note: Mapped[str | None] = mapped_column(Text)
    reviewer: Mapped[str] = mapped_column(String(200))
    account_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    channel: Mapped[ReviewChannel] = mapped_column(enum_column(ReviewChannel, "review_channel"))
    previous_status: Mapped[ReviewStatus] = mapped_column(
        enum_column(ReviewStatus, "review_status")
    )
    previous_score: Mapped[float | None] = mapped_column(Float)
    version: Mapped[int] = mapped_column(Integer)  # the subject's review_version after it
    made_relationship_id: Mapped[int | None] = mapped_column(
        ForeignKey("relationship.id", ondelete="SET NULL")
    )
    decided_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    legacy_text: Mapped[str | None] = mapped_column(Text)  # migrated from a provenance string


class TrackerFact(Base):
    """A fact a building-block tracker read in a provision: a prohibited practice, an
    incident-reporting deadline, a fine, a threshold (``govatlas.trackers``).

    ``fields`` are what the rules read (or, once reviewed, what the reviewer confirmed
    or corrected); ``machine_fields`` keeps what the rules read, so a correction never
    loses it. A build re-reads every text and replaces machine facts only: a reviewed or
    rejected fact is a person's decision and stays, and the rules never add back a fact
    a person rejected (``key`` names the fact within its provision).
    """

    __tablename__ = "tracker_fact"
    __table_args__ = (
        UniqueConstraint("tracker", "provision_id", "fact_key"),
        CheckConstraint("start_offset <= end_offset", name="span_order"),
        CheckConstraint("status in ('machine', 'reviewed', 'rejected')", name="status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tracker: Mapped[str] = mapped_column(String(40), index=True)
    provision_id: Mapped[int] = mapped_column(ForeignKey("provision.id"), index=True)
    fact_key: Mapped[str] = mapped_column(String(300))
    fields: Mapped[dict[str, Any]] = mapped_column(default=dict)
    machine_fields: Mapped[dict[str, Any]] = mapped_column(default=dict)
    start_offset: Mapped[int] = mapped_column(Integer)
    end_offset: Mapped[int] = mapped_column(Integer)
    evidence: Mapped[str] = mapped_column(Text)
    method: Mapped[str] = mapped_column(String(32), default="rules")
    status: Mapped[str] = mapped_column(String(16), default="machine")
    reviewer: Mapped[str | None] = mapped_column(String(200))
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


# the registry's, the convenings' and the translation corrections' tables live in their
# own modules; importing them puts them in Base.metadata wherever the models are loaded
# (migrations, tests)
from govatlas.store import network_models as _network_models  # noqa: E402, F401
from govatlas.store import registry_models as _registry_models  # noqa: E402, F401
from govatlas.store import translation_models as _translation_models  # noqa: E402, F401
