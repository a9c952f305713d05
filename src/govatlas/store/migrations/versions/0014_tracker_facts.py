"""Tracker facts: prohibited practices, incident-reporting deadlines, fines and
thresholds read from provisions, with their review status.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-04 18:45:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "tracker_fact",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tracker", sa.String(length=40), nullable=False),
        sa.Column("provision_id", sa.Integer(), nullable=False),
        sa.Column("fact_key", sa.String(length=300), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("machine_fields", sa.JSON(), nullable=False),
        sa.Column("start_offset", sa.Integer(), nullable=False),
        sa.Column("end_offset", sa.Integer(), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("method", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("reviewer", sa.String(length=200), nullable=True),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("start_offset <= end_offset", name=op.f("ck_tracker_fact_span_order")),
        sa.CheckConstraint(
            "status in ('machine', 'reviewed', 'rejected')", name=op.f("ck_tracker_fact_status")
        ),
        sa.ForeignKeyConstraint(
            ["provision_id"], ["provision.id"], name=op.f("fk_tracker_fact_provision_id_provision")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tracker_fact")),
        sa.UniqueConstraint(
            "tracker",
            "provision_id",
            "fact_key",
            name=op.f("uq_tracker_fact_tracker_provision_id_fact_key"),
        ),
    )
    op.create_index(op.f("ix_tracker_fact_tracker"), "tracker_fact", ["tracker"])
    op.create_index(op.f("ix_tracker_fact_provision_id"), "tracker_fact", ["provision_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_tracker_fact_provision_id"), table_name="tracker_fact")
    op.drop_index(op.f("ix_tracker_fact_tracker"), table_name="tracker_fact")
    op.drop_table("tracker_fact")
