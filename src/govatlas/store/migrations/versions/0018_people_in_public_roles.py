"""People in their public roles at convenings (``govatlas.network.people``): name, role,
organisation, where the organisation publishes it, and a self-declared gender only.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-05 04:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "person",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=300), nullable=False),
        sa.Column("organisation", sa.String(length=300), nullable=False),
        sa.Column("source_url", sa.Text(), nullable=False),
        sa.Column("gender", sa.String(length=40), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person")),
    )
    op.create_table(
        "person_role",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("convening_id", sa.String(length=100), nullable=False),
        sa.Column("part", sa.String(length=100), nullable=False),
        sa.Column("source_url", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_person_role_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["convening_id"],
            ["convening.id"],
            name=op.f("fk_person_role_convening_id_convening"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person_role")),
    )
    op.create_index(op.f("ix_person_role_person_id"), "person_role", ["person_id"])
    op.create_index(op.f("ix_person_role_convening_id"), "person_role", ["convening_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_person_role_convening_id"), table_name="person_role")
    op.drop_index(op.f("ix_person_role_person_id"), table_name="person_role")
    op.drop_table("person_role")
    op.drop_table("person")
