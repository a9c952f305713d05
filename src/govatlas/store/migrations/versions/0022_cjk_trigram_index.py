"""Chinese and Japanese searches on PostgreSQL use a trigram index over the provisions
that hold such characters (``search_schema.POSTGRES_CJK_CREATE``); nothing on SQLite.

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-06 02:30:00
"""

from collections.abc import Sequence

from alembic import op

from govatlas.store.search_schema import POSTGRES_CJK_CREATE, POSTGRES_CJK_DROP

revision: str = "0022"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for statement in POSTGRES_CJK_CREATE:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for statement in POSTGRES_CJK_DROP:
            op.execute(statement)
