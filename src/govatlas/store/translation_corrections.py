"""Writing and reading translation corrections (``translation_models``).

A correction is added, never changed: the newest row for a text is the one in force,
the older ones its history. ``corrections_stamp`` is the cheap mark that changes
whenever a correction is added, so a server or a report knows when to read them again.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from govatlas.i18n import corrections
from govatlas.i18n.corrections import Correction
from govatlas.store.translation_models import TranslationCorrection


def add_corrections(
    session: Session,
    language: str,
    subject: str,
    key: str,
    texts: Mapping[str, str],
    *,
    provenance: str,
    reviewer: str,
    note: str | None = None,
) -> list[TranslationCorrection]:
    """One row per part (``texts``: part → text), all under one reviewer and time."""
    rows = [
        TranslationCorrection(
            language=language,
            subject=subject,
            key=key,
            part=part,
            text=text,
            provenance=provenance,
            reviewer=reviewer,
            note=note,
        )
        for part, text in texts.items()
    ]
    session.add_all(rows)
    session.flush()
    return rows


def _as_correction(row: TranslationCorrection) -> Correction:
    return Correction(
        row.language,
        row.subject,
        row.key,
        row.part,
        row.text,
        row.provenance,
        row.reviewer,
        row.created_at,
        row.id,
    )


def corrections_in_force(session: Session, language: str | None = None) -> list[Correction]:
    """The newest correction of each text (of one language, or all), oldest first."""
    statement = select(TranslationCorrection).order_by(TranslationCorrection.id)
    if language is not None:
        statement = statement.where(TranslationCorrection.language == language)
    newest: dict[tuple[str, str, str, str], Correction] = {}
    for row in session.scalars(statement):
        correction = _as_correction(row)
        newest.pop(correction.where, None)  # re-inserted: the dict keeps them oldest first
        newest[correction.where] = correction
    return list(newest.values())


def correction_history(
    session: Session, language: str, subject: str, key: str
) -> list[TranslationCorrection]:
    """Every correction ever made to one message, concept or taxonomy, newest first."""
    return list(
        session.scalars(
            select(TranslationCorrection)
            .where(
                TranslationCorrection.language == language,
                TranslationCorrection.subject == subject,
                TranslationCorrection.key == key,
            )
            .order_by(TranslationCorrection.id.desc())
        )
    )


def corrections_stamp(session: Session) -> tuple[int, int]:
    """(how many corrections, the newest id): changes whenever one is added."""
    count, newest = session.execute(
        select(func.count(), func.max(TranslationCorrection.id)).select_from(TranslationCorrection)
    ).one()
    return int(count), int(newest or 0)


def install_corrections(session: Session) -> bool:
    """Put the store's corrections in force for ``gettext`` and the concept labels
    (``i18n.corrections``), unless the stamp shows they already are; True if they were
    read. The stamp names the store's engine too, so two stores in one process (tests,
    a report beside a server) never show each other's corrections."""
    engine = session.get_bind().engine
    stamp = (id(engine), str(engine.url), *corrections_stamp(session))
    if stamp == corrections.stamp():
        return False
    corrections.replace(stamp, corrections_in_force(session))
    return True
