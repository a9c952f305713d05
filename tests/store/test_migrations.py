"""Alembic migrations: upgrade, revision reporting and the outdated-schema guard."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect

from govatlas.errors import StoreOutdatedError
from govatlas.store.migrate import current_revision, head_revision, require_current, upgrade
from govatlas.store.models import Base
from govatlas.store.search_schema import include_object

TABLES = {
    "jurisdiction",
    "jurisdiction_membership",
    "actor",
    "instrument",
    "instrument_issuer",
    "lifecycle_event",
    "external_id",
    "instrument_version",
    "provision",
    "taxonomy",
    "concept",
    "label",
    "label_evidence",
    "relationship",
    "dataset_release",
    "source_record",
}


def test_empty_database_is_refused_with_the_fix(engine: Engine) -> None:
    assert current_revision(engine) is None
    with pytest.raises(StoreOutdatedError) as caught:
        require_current(engine)
    assert "empty (no schema)" in caught.value.message
    assert caught.value.hint == "run `govatlas db upgrade`"


def test_upgrade_creates_every_table_and_is_idempotent(engine: Engine) -> None:
    assert upgrade(engine) == head_revision()
    assert upgrade(engine) == head_revision()
    assert set(inspect(engine).get_table_names()) >= TABLES
    require_current(engine)


def test_older_revision_is_refused(engine: Engine) -> None:
    upgrade(engine)
    with engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '0000'")
    with pytest.raises(StoreOutdatedError, match="at revision 0000"):
        require_current(engine)


def test_models_and_migrations_agree(migrated: Engine) -> None:
    with migrated.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_object": include_object})
        diff = compare_metadata(context, Base.metadata)
    assert diff == []


def test_0009_turns_review_history_strings_into_rows(engine: Engine) -> None:
    """Decisions older versions kept in a label's provenance become rows; the text of
    each stays readable in ``legacy_text``; the provenance keeps the source's words."""
    from sqlalchemy import select, text

    from govatlas.store.models import Label, ReviewDecision
    from govatlas.store.session import transaction

    upgrade(engine, "0007")
    with engine.begin() as conn:
        for statement in (
            "INSERT INTO jurisdiction (id, name, kind) VALUES ('FRA', 'France', 'country')",
            "INSERT INTO instrument (id, title, short_name, type, binding, status, "
            "jurisdiction_id, languages, official_urls, origin, created_at, updated_at) VALUES "
            "('x-act', 'X', 'X', 'law', 'binding', 'in_force', 'FRA', '[]', '[]', 'catalog', "
            "'2026-01-01', '2026-01-01')",
            "INSERT INTO taxonomy (id, name) VALUES ('t', 'T')",
            "INSERT INTO concept (id, taxonomy_id, notation, pref_label, alt_labels, "
            "negative_labels) VALUES ('t:a', 't', 'a', 'A', '[]', '[]')",
            "INSERT INTO label (id, concept_id, instrument_id, method, review_status, provenance,"
            " created_at) VALUES (1, 't:a', 'x-act', 'model', 'accepted', 'model:m:1 | rejected"
            " by ana 2026-01-02T03:04:05+00:00 (not there) | accepted by bo "
            "2026-01-03T00:00:00+00:00', '2026-01-01')",
        ):
            conn.execute(text(statement))
    upgrade(engine)
    with transaction(engine) as session:
        label = session.get_one(Label, 1)
        assert label.provenance == "model:m:1" and label.review_version == 2
        rows = session.scalars(select(ReviewDecision).order_by(ReviewDecision.version)).all()
        assert [(r.reviewer, r.decision.value, r.note, r.version) for r in rows] == [
            ("ana", "reject", "not there", 1),
            ("bo", "accept", None, 2),
        ]
        assert rows[1].previous_status.value == "rejected"
        assert rows[0].legacy_text == "rejected by ana 2026-01-02T03:04:05+00:00 (not there)"
