"""Record which source document brought each instrument version.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 19:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("instrument_version") as batch:
        batch.add_column(sa.Column("source", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("source_key", sa.String(length=200), nullable=True))
        batch.create_index("ix_instrument_version_source_key", ["source", "source_key"])


def downgrade() -> None:
    with op.batch_alter_table("instrument_version") as batch:
        batch.drop_index("ix_instrument_version_source_key")
        batch.drop_column("source_key")
        batch.drop_column("source")
