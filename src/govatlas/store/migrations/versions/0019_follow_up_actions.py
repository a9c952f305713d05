"""What convenings asked to be done next (``govatlas.network.outcome_actions``): each
action with its owners, due date, where it is stated and the evidence to look for; and a
convening's outcomes that are not in the catalog (``convening.outcomes_elsewhere``).

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-05 07:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("convening") as batch:
        batch.add_column(
            sa.Column("outcomes_elsewhere", sa.JSON(), nullable=False, server_default="[]")
        )
    op.create_table(
        "follow_up_action",
        sa.Column("id", sa.String(length=100), nullable=False),
        sa.Column("convening_id", sa.String(length=100), nullable=False),
        sa.Column("outcome_id", sa.String(length=100), nullable=True),
        sa.Column("action", sa.Text(), nullable=False),
        sa.Column("owners", sa.JSON(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("due_precision", sa.String(length=5), nullable=False),
        sa.Column("stated_in", sa.Text(), nullable=False),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["convening_id"],
            ["convening.id"],
            name=op.f("fk_follow_up_action_convening_id_convening"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_follow_up_action")),
    )
    op.create_index(op.f("ix_follow_up_action_convening_id"), "follow_up_action", ["convening_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_follow_up_action_convening_id"), table_name="follow_up_action")
    op.drop_table("follow_up_action")
    with op.batch_alter_table("convening") as batch:
        batch.drop_column("outcomes_elsewhere")
