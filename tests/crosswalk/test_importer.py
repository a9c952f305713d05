"""Importing published crosswalks as human relationships between provisions."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, func, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from govatlas.crosswalk.importer import import_crosswalk
from govatlas.crosswalk.known_tables import read_published
from govatlas.store.instruments import REFERENCE_FORMAT, newest_version_ids
from govatlas.store.models import InstrumentVersion, Provision, Relationship
from govatlas.store.search import search_provisions
from govatlas.store.session import transaction
from govatlas.vocabulary import RelationshipMethod, RelationshipType, ReviewStatus
from tests.conftest import FIXTURE_MIRROR


def _links(session: Session, citation: str) -> set[tuple[str, str, str, str]]:
    rows = session.execute(
        select(Relationship.source_provision_id, Relationship.target_provision_id).where(
            Relationship.citation == citation
        )
    ).all()
    out = set()
    for source_id, target_id in rows:
        s, t = session.get(Provision, source_id), session.get(Provision, target_id)
        assert s is not None and t is not None
        out.add((s.version.instrument_id, s.path, t.version.instrument_id, t.path))
    return out


def test_items_resolve_to_stored_provisions_or_references(crosswalked: Engine) -> None:
    with Session(crosswalked) as session:
        links = _links(session, "crosswalk:rmf-iso-42001")
        assert ("nist-ai-rmf-1-0", "govern.1.1", "iso-iec-42001", "4.1") in links
        assert ("nist-ai-rmf-1-0", "map.1.1", "iso-iec-42001", "b.9.4") in links
        assert len(links) == 4
        iso = session.scalars(
            select(InstrumentVersion).where(InstrumentVersion.instrument_id == "iso-iec-42001")
        ).one()
        assert iso.format == REFERENCE_FORMAT
        assert "AI policy" in iso.text
        cltc = _links(session, "crosswalk:cltc-rmf")
        assert len(cltc) == 3


def test_imported_relationships_are_human_related_and_accepted(crosswalked: Engine) -> None:
    with Session(crosswalked) as session:
        rel = session.scalars(
            select(Relationship).where(Relationship.citation == "crosswalk:rmf-iso-42001")
        ).first()
        assert rel is not None
        assert rel.type is RelationshipType.RELATED
        assert rel.method is RelationshipMethod.HUMAN
        assert rel.review_status is ReviewStatus.ACCEPTED
        assert rel.author == "Microsoft"
        assert "not characterised" in (rel.rationale or "")


def test_reimport_is_idempotent(crosswalked: Engine) -> None:
    def counts() -> tuple[int, int]:
        with Session(crosswalked) as session:
            return (
                session.scalar(select(func.count()).select_from(Relationship)) or 0,
                session.scalar(select(func.count()).select_from(InstrumentVersion)) or 0,
            )

    before = counts()
    for crosswalk in read_published(FIXTURE_MIRROR / "crosswalks"):
        with transaction(crosswalked) as session:
            result = import_crosswalk(session, crosswalk)
            assert result.relationships == len({(p.source, p.target) for p in crosswalk.pairs})
    assert counts() == before


def test_reference_versions_never_shadow_the_reading_text(crosswalked: Engine) -> None:
    with Session(crosswalked) as session:
        newest = set(session.scalars(newest_version_ids()))
        formats = {session.get(InstrumentVersion, v).format for v in newest}  # type: ignore[union-attr]
        assert REFERENCE_FORMAT not in formats
        hits = search_provisions(session, "policy").hits
        assert all(h.instrument_id != "iso-iec-42001" for h in hits)


def test_the_store_rejects_an_unknown_relationship_type(crosswalked: Engine) -> None:
    with pytest.raises(IntegrityError), transaction(crosswalked) as session:
        rel = session.scalars(select(Relationship)).first()
        assert rel is not None
        # bypass the ORM's own check: the database's CHECK constraint must hold too
        session.execute(
            text("UPDATE relationship SET type = 'bogus' WHERE id = :id"), {"id": rel.id}
        )
