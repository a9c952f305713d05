"""Tables of convenings (``govatlas.network``): the summits, plenaries and ministerial
meetings of global AI governance, and the catalog instruments each produced. Who took
part is not stored here: it is read from the adherence facts of a convening's outcomes
(``network.convenings.participants``), so that every participant has its own source."""

from __future__ import annotations

from datetime import date

from sqlalchemy import JSON, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from govatlas.store.models import Base


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
