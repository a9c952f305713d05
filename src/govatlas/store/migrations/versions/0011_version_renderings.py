"""A version may replace an earlier rendering of the same text.

One law reaches the store from several datasets (California SB 53 from AGORA
and, with its Legislative Counsel's Digest, from ``laws/``). The fuller
rendering is kept as the version; the other stays stored but is no longer a
version of its own, so diffs and change alerts compare texts, not renderings.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 07:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("instrument_version") as batch:
        batch.add_column(sa.Column("replaces_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_instrument_version_replaces_id_instrument_version"),
            "instrument_version",
            ["replaces_id"],
            ["id"],
        )


def downgrade() -> None:
    with op.batch_alter_table("instrument_version") as batch:
        batch.drop_constraint(
            op.f("fk_instrument_version_replaces_id_instrument_version"), type_="foreignkey"
        )
        batch.drop_column("replaces_id")
