"""Convenings of global AI governance and the instruments they produced
(``govatlas.network``).

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-05 04:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "convening",
        sa.Column("id", sa.String(length=100), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("series", sa.String(length=100), nullable=True),
        sa.Column("start_on", sa.Date(), nullable=False),
        sa.Column("end_on", sa.Date(), nullable=False),
        sa.Column("place", sa.String(length=300), nullable=False),
        sa.Column("host_id", sa.String(length=32), nullable=True),
        sa.Column("organisers", sa.JSON(), nullable=False),
        sa.Column("format", sa.String(length=300), nullable=True),
        sa.Column("sources", sa.JSON(), nullable=False),
        sa.Column("reported_participants", sa.Integer(), nullable=True),
        sa.Column("reported_source", sa.Text(), nullable=True),
        sa.Column("reported_note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["host_id"], ["jurisdiction.id"], name=op.f("fk_convening_host_id_jurisdiction")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_convening")),
    )
    op.create_index(op.f("ix_convening_series"), "convening", ["series"])
    op.create_table(
        "convening_outcome",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("convening_id", sa.String(length=100), nullable=False),
        sa.Column("instrument_id", sa.String(length=120), nullable=False),
        sa.Column("role", sa.String(length=60), nullable=False),
        sa.Column("within_month", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["convening_id"],
            ["convening.id"],
            name=op.f("fk_convening_outcome_convening_id_convening"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["instrument_id"],
            ["instrument.id"],
            name=op.f("fk_convening_outcome_instrument_id_instrument"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_convening_outcome")),
    )
    op.create_index(
        op.f("ix_convening_outcome_convening_id"), "convening_outcome", ["convening_id"]
    )
    op.create_index(
        op.f("ix_convening_outcome_instrument_id"), "convening_outcome", ["instrument_id"]
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_convening_outcome_instrument_id"), table_name="convening_outcome")
    op.drop_index(op.f("ix_convening_outcome_convening_id"), table_name="convening_outcome")
    op.drop_table("convening_outcome")
    op.drop_index(op.f("ix_convening_series"), table_name="convening")
    op.drop_table("convening")
