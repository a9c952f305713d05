"""Near misses: provision classifiers' probabilities just below a concept's threshold.

They are not labels and nothing counts them; they wait for review, since reviews of
the pairs nearest each threshold teach the classifiers (eval/reports/review-value.md).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03 13:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "near_miss",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("concept_id", sa.String(length=160), nullable=False),
        sa.Column("provision_id", sa.Integer(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("threshold", sa.Float(), nullable=False),
        sa.Column("model_id", sa.String(length=120), nullable=False),
        sa.Column("model_version", sa.String(length=64), nullable=False),
        sa.Column("provenance", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["concept_id"], ["concept.id"], name=op.f("fk_near_miss_concept_id_concept")
        ),
        sa.ForeignKeyConstraint(
            ["provision_id"], ["provision.id"], name=op.f("fk_near_miss_provision_id_provision")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_near_miss")),
        sa.UniqueConstraint(
            "provision_id", "concept_id", name=op.f("uq_near_miss_provision_id_concept_id")
        ),
    )
    op.create_index(op.f("ix_near_miss_concept_id"), "near_miss", ["concept_id"])
    op.create_index(op.f("ix_near_miss_provision_id"), "near_miss", ["provision_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_near_miss_provision_id"), table_name="near_miss")
    op.drop_index(op.f("ix_near_miss_concept_id"), table_name="near_miss")
    op.drop_table("near_miss")
