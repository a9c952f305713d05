"""Tables of convenings (``govatlas.network``): the summits, plenaries and ministerial
meetings of global AI governance, and the catalog instruments each produced. Which
states and organisations took part is not stored here: it is read from the adherence
facts of a convening's outcomes (``network.convenings.participants``), so that every
participant has its own source. People are stored only in their public roles, as their
organisations publish them (``Person``, ``PersonRole``), and are deleted everywhere by
one command."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from govatlas.store.models import Base, utcnow


class Convening(Base):
    """A convening, as ``network/data/convenings.yaml`` records it."""

    __tablename__ = "convening"

    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    series: Mapped[str | None] = mapped_column(String(100), index=True)
    start_on: Mapped[date] = mapped_column(Date)
    end_on: Mapped[date] = mapped_column(Date)
    place: Mapped[str] = mapped_column(String(300))
    host_id: Mapped[str | None] = mapped_column(ForeignKey("jurisdiction.id"))
    organisers: Mapped[list[str]] = mapped_column(JSON, default=list)
    format: Mapped[str | None] = mapped_column(String(300))
    sources: Mapped[list[str]] = mapped_column(JSON, default=list)
    # where the sources name fewer participants than were reported
    reported_participants: Mapped[int | None] = mapped_column(Integer)
    reported_source: Mapped[str | None] = mapped_column(Text)
    reported_note: Mapped[str | None] = mapped_column(Text)
    # what it produced that is not in the catalog (a co-chairs' summary, a declaration
    # whose signatories are not published): a convening with only these has its
    # participants "not recorded"
    outcomes_elsewhere: Mapped[list[str]] = mapped_column(JSON, default=list)


class ConveningOutcome(Base):
    """A catalog instrument a convening produced (adopted, opened for signature...)."""

    __tablename__ = "convening_outcome"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    convening_id: Mapped[str] = mapped_column(
        ForeignKey("convening.id", ondelete="CASCADE"), index=True
    )
    instrument_id: Mapped[str] = mapped_column(ForeignKey("instrument.id"), index=True)
    role: Mapped[str] = mapped_column(String(60))
    # count acts recorded to the month when the source places them at the convening
    within_month: Mapped[bool] = mapped_column(default=False)


class Person(Base):
    """A person in a public role, as their organisation publishes it: a name, the role,
    the organisation and where it is published. Nothing else is held (no contact, no
    birth date); gender only where the person declared it publicly."""

    __tablename__ = "person"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(300))
    organisation: Mapped[str] = mapped_column(String(300))
    source_url: Mapped[str] = mapped_column(Text)
    gender: Mapped[str | None] = mapped_column(String(40))  # self-declared, else None
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class PersonRole(Base):
    """A person's public part in a convening (chair, speaker, head of delegation...)."""

    __tablename__ = "person_role"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    convening_id: Mapped[str] = mapped_column(
        ForeignKey("convening.id", ondelete="CASCADE"), index=True
    )
    part: Mapped[str] = mapped_column(String(100))
    source_url: Mapped[str] = mapped_column(Text)


class FollowUpAction(Base):
    """What a convening asked to be done next (``network/data/follow-up.yaml``): who owns
    it, when it is due, where that is stated, and the evidence to look for that it
    happened (read from the store when the action's status is asked for)."""

    __tablename__ = "follow_up_action"

    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    convening_id: Mapped[str] = mapped_column(
        ForeignKey("convening.id", ondelete="CASCADE"), index=True
    )
    outcome_id: Mapped[str | None] = mapped_column(String(100))  # a catalog instrument
    action: Mapped[str] = mapped_column(Text)
    owners: Mapped[list[str]] = mapped_column(JSON, default=list)
    due_on: Mapped[date | None] = mapped_column(Date)
    due_precision: Mapped[str] = mapped_column(String(5), default="day")
    stated_in: Mapped[str] = mapped_column(Text)
    evidence: Mapped[list[dict[str, str | int]]] = mapped_column(JSON, default=list)
