"""An instrument's versions as the reader and the API list them: which version a page
shows, each version's outline and provisions, and how many provisions each holds.

The reader shows the version asked for, else the newest full text, else (for an
instrument known only through a crosswalk) its newest reference stub. Outlines and
provisions come as plain rows in reading order (``Provision.ordinal``): a long law has
thousands of provisions, and ORM objects would cost about ten times as much.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from govatlas.store.instruments import REFERENCE_FORMAT, newest_version_ids, replaced_version_ids
from govatlas.store.models import InstrumentVersion, Provision


@dataclass(frozen=True)
class OutlineEntry:
    """A provision's place in its text, without the text."""

    id: int
    path: str
    kind: str
    heading: str | None
    parent_id: int | None


@dataclass(frozen=True)
class ShownProvision:
    """A provision as the reader shows it: its own text and the searchable rendering."""

    id: int
    path: str
    kind: str
    heading: str | None
    parent_id: int | None
    text: str
    search_text: str | None
    language: str | None


def newest_text_version(session: Session, instrument_id: str) -> int | None:
    """The id of the instrument's newest full-text version (reference stubs aside)."""
    return session.scalar(
        select(func.max(InstrumentVersion.id)).where(
            InstrumentVersion.instrument_id == instrument_id,
            InstrumentVersion.format != REFERENCE_FORMAT,
        )
    )


def shown_version(
    session: Session, instrument_id: str, version_id: int | None = None
) -> InstrumentVersion | None:
    """The version ``version_id`` of the instrument (None when it has no such version);
    without one, its newest full text, else its newest version of any kind."""
    query = select(InstrumentVersion).where(InstrumentVersion.instrument_id == instrument_id)
    if version_id is not None:
        return session.scalars(query.where(InstrumentVersion.id == version_id)).first()
    newest = query.order_by(InstrumentVersion.id.desc()).limit(1)
    version = session.scalars(newest.where(InstrumentVersion.format != REFERENCE_FORMAT)).first()
    return version if version is not None else session.scalars(newest).first()


def current_versions(session: Session, instrument_id: str) -> list[InstrumentVersion]:
    """The instrument's versions, newest first, without those a fuller rendering replaced."""
    return list(
        session.scalars(
            select(InstrumentVersion)
            .where(
                InstrumentVersion.instrument_id == instrument_id,
                InstrumentVersion.id.not_in(replaced_version_ids()),
            )
            .order_by(InstrumentVersion.id.desc())
        )
    )


def provision_counts(session: Session, instrument_id: str) -> dict[int, int]:
    """Version id -> how many provisions it holds, for the instrument's versions."""
    query = (
        select(Provision.version_id, func.count())
        .join(InstrumentVersion, Provision.version_id == InstrumentVersion.id)
        .where(InstrumentVersion.instrument_id == instrument_id)
        .group_by(Provision.version_id)
    )
    return {version: count for version, count in session.execute(query)}


def version_outline(session: Session, version_id: int) -> list[OutlineEntry]:
    """Every provision of the version, in reading order, without its text."""
    query = (
        select(Provision.id, Provision.path, Provision.kind, Provision.heading, Provision.parent_id)
        .where(Provision.version_id == version_id)
        .order_by(Provision.ordinal)
    )
    return [OutlineEntry(*row) for row in session.execute(query)]


def shown_provisions(
    session: Session, version_id: int, ids: Collection[int] | None = None
) -> list[ShownProvision]:
    """The version's provisions in reading order; with ``ids``, only those."""
    query = select(
        Provision.id,
        Provision.path,
        Provision.kind,
        Provision.heading,
        Provision.parent_id,
        Provision.text,
        Provision.search_text,
        Provision.language,
    ).where(Provision.version_id == version_id)
    if ids is not None:
        query = query.where(Provision.id.in_(ids))
    return [ShownProvision(*row) for row in session.execute(query.order_by(Provision.ordinal))]


def newest_text_language_counts(session: Session) -> list[tuple[str | None, int]]:
    """(language, how many instruments) by the language of each instrument's newest
    full text."""
    query = (
        select(InstrumentVersion.language, func.count())
        .where(InstrumentVersion.id.in_(newest_version_ids()))
        .group_by(InstrumentVersion.language)
    )
    return [(language, count) for language, count in session.execute(query)]


def text_counts_by_source(session: Session) -> dict[str | None, tuple[int, int]]:
    """Source -> (instruments, versions) of the full texts read from it."""
    query = (
        select(
            InstrumentVersion.source,
            func.count(func.distinct(InstrumentVersion.instrument_id)),
            func.count(),
        )
        .where(InstrumentVersion.format != REFERENCE_FORMAT)
        .group_by(InstrumentVersion.source)
    )
    return {
        source: (instruments, versions) for source, instruments, versions in session.execute(query)
    }


def version_ids_of(session: Session, instrument_ids: Collection[str]) -> list[int]:
    """The ids of every version of these instruments (texts and reference stubs)."""
    query = select(InstrumentVersion.id).where(InstrumentVersion.instrument_id.in_(instrument_ids))
    return list(session.scalars(query))


def version_sources(session: Session, version_ids: Collection[int]) -> dict[int, tuple[str, str]]:
    """Version id -> (its instrument, its format)."""
    query = select(
        InstrumentVersion.id, InstrumentVersion.instrument_id, InstrumentVersion.format
    ).where(InstrumentVersion.id.in_(version_ids))
    return {version: (instrument, form) for version, instrument, form in session.execute(query)}


def provision_parents(session: Session, version_ids: Collection[int]) -> dict[int, int | None]:
    """Provision id -> its parent's id, for every provision of these versions."""
    query = select(Provision.id, Provision.parent_id).where(Provision.version_id.in_(version_ids))
    return {provision: parent for provision, parent in session.execute(query)}


def provision_ids_by_path(session: Session, version_id: int) -> dict[str, int]:
    """Path -> provision id, for the version's provisions."""
    query = select(Provision.path, Provision.id).where(Provision.version_id == version_id)
    return {path: provision for path, provision in session.execute(query)}


def has_text(session: Session, instrument_id: str, content_hash: str) -> bool:
    """Whether the instrument holds a version with exactly this text (by its hash)."""
    query = select(InstrumentVersion.id).where(
        InstrumentVersion.instrument_id == instrument_id,
        InstrumentVersion.content_hash == content_hash,
    )
    return session.scalar(query) is not None


def newest_version_from(
    session: Session, instrument_id: str, source: str
) -> InstrumentVersion | None:
    """The instrument's newest version that ``source`` brought (a regulation read from
    its publisher's text rather than the reading text)."""
    return session.scalar(
        select(InstrumentVersion)
        .where(InstrumentVersion.instrument_id == instrument_id, InstrumentVersion.source == source)
        .order_by(InstrumentVersion.id.desc())
    )
