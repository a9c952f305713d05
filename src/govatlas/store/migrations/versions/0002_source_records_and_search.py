"""Raw source records, and full-text search over provisions.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 18:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from govatlas.store.search_schema import (
    POSTGRES_CREATE,
    POSTGRES_DROP,
    SQLITE_CREATE,
    SQLITE_DROP,
)

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "source_record",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=64), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("instrument_id", sa.String(length=120), nullable=True),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["instrument_id"],
            ["instrument.id"],
            name=op.f("fk_source_record_instrument_id_instrument"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_source_record")),
        sa.UniqueConstraint("source", "kind", "key", name=op.f("uq_source_record_source_kind_key")),
    )
    op.create_index(
        op.f("ix_source_record_instrument_id"), "source_record", ["instrument_id"], unique=False
    )
    statements = SQLITE_CREATE if op.get_bind().dialect.name == "sqlite" else POSTGRES_CREATE
    for statement in statements:
        op.execute(statement)


def downgrade() -> None:
    statements = SQLITE_DROP if op.get_bind().dialect.name == "sqlite" else POSTGRES_DROP
    for statement in statements:
        op.execute(statement)
    op.drop_index(op.f("ix_source_record_instrument_id"), table_name="source_record")
    op.drop_table("source_record")
