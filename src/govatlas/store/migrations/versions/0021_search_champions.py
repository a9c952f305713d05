"""Champion lists for full-text search on large PostgreSQL stores: for each frequent
word, the provisions that rank best for it (``store.search_champions``).

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-06 02:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "search_champion_list",
        sa.Column("lexeme", sa.Text(), nullable=False),
        sa.Column("matches", sa.Integer(), nullable=False),
        sa.Column("built_through", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("lexeme", name=op.f("pk_search_champion_list")),
    )
    op.create_table(
        "search_champion",
        sa.Column("lexeme", sa.Text(), nullable=False),
        sa.Column("provision_id", sa.Integer(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("lexeme", "provision_id", name=op.f("pk_search_champion")),
    )


def downgrade() -> None:
    op.drop_table("search_champion")
    op.drop_table("search_champion_list")
