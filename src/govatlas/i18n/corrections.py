"""Corrections people made to a language's texts, laid over the shipped translations.

The catalogs and the concept files ship with the code, most of them machine
translations. A delegation that finds a wrong word corrects it on the review pages
(``/reviews/translations``); the store keeps each correction with who made it and
when (``store.translation_corrections``), and this module holds those in force, so
that ``gettext`` and the concept labels read a correction before the shipped text.

It knows nothing of the store: the web server and the report commands hand it the
corrections in force (``replace``) with a stamp that changes when they do, so every
page and report shows the newest words without a restart or a new release.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

Subject = Literal["message", "concept", "taxonomy"]
Provenance = Literal["human", "reviewed"]
MESSAGE: Subject = "message"
CONCEPT: Subject = "concept"
TAXONOMY: Subject = "taxonomy"
SUBJECTS: tuple[Subject, ...] = (MESSAGE, CONCEPT, TAXONOMY)
Where = tuple[str, str, str, str]  # language, subject, key, part


@dataclass(frozen=True)
class Correction:
    """One text as a person wrote (``human``) or confirmed (``reviewed``) it.

    ``key`` is the English message (its singular, for a plural), the concept's global
    id (``fli-blocks:red-lines``) or the taxonomy's id; ``part`` says which of its texts:
    "" for a message's one form, "0", "1"... for a plural's forms, "label" or
    "definition" of a concept, "name" or "description" of a taxonomy.
    """

    language: str
    subject: str
    key: str
    part: str
    text: str
    provenance: str
    reviewer: str
    decided_at: datetime | None = None
    id: int = 0  # the store's row: the text's review version

    @property
    def where(self) -> Where:
        return (self.language, self.subject, self.key, self.part)


@dataclass(frozen=True)
class CorrectionSet:
    stamp: Hashable
    by_where: Mapping[Where, Correction]


_in_force = CorrectionSet(None, {})


def replace(stamp: Hashable, corrections: Iterable[Correction]) -> None:
    """Put ``corrections`` in force (of two for the same text, the later one wins),
    remembering ``stamp``, the store's mark for this set."""
    global _in_force
    _in_force = CorrectionSet(stamp, {c.where: c for c in corrections})


def stamp() -> Hashable:
    """The stamp of the corrections in force (None before any were handed over)."""
    return _in_force.stamp


def corrected(language: str, subject: str, key: str, part: str = "") -> Correction | None:
    """The correction in force for one text, if any."""
    found = _in_force.by_where
    return found.get((language, subject, key, part)) if found else None


def corrected_text(language: str, subject: str, key: str, part: str = "") -> str | None:
    found = corrected(language, subject, key, part)
    return found.text if found else None


def in_force(language: str | None = None) -> list[Correction]:
    """The corrections in force, for one language or all."""
    return [c for c in _in_force.by_where.values() if language in (None, c.language)]
