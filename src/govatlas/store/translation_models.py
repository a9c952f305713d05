"""The table of translation corrections: each text of the interface or of a taxonomy
that a person rewrote or confirmed in their language (``i18n.corrections``).

Rows are only ever added: a later correction of the same text supersedes an earlier
one, which stays as its history, so no one's decision is lost by another's.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from govatlas.store.models import Base, utcnow


class TranslationCorrection(Base):
    """One text in one language as a person wrote (``human``) or confirmed
    (``reviewed``) it. ``subject`` is ``message`` (``key``: the English message, its
    singular for a plural; ``part``: "" or the plural form's index), ``concept``
    (``key``: ``fli-blocks:red-lines``; ``part``: label or definition) or ``taxonomy``
    (``part``: name or description)."""

    __tablename__ = "translation_correction"
    __table_args__ = (
        CheckConstraint("subject in ('message', 'concept', 'taxonomy')", name="subject"),
        CheckConstraint("provenance in ('human', 'reviewed')", name="provenance"),
        Index("ix_translation_correction_text", "language", "subject", "key"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    language: Mapped[str] = mapped_column(String(8))
    subject: Mapped[str] = mapped_column(String(16))
    key: Mapped[str] = mapped_column(Text)
    part: Mapped[str] = mapped_column(String(16), default="")
    text: Mapped[str] = mapped_column(Text)
    provenance: Mapped[str] = mapped_column(String(16))
    reviewer: Mapped[str] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
