"""Full-text search on SQLite stems words (Porter), as PostgreSQL's english search does.

"whistleblower protection" now finds "whistleblowers" and "protections". The FTS5 index
is rebuilt from the provisions (about 15 s for 58,000); PostgreSQL is unchanged.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03 21:30:00
"""

from collections.abc import Sequence

from alembic import op

from govatlas.store.search_schema import SQLITE_REBUILD, STEMMED, UNSTEMMED, sqlite_fts_table

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _reindex(tokenizer: str) -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute("DROP TABLE IF EXISTS provision_fts")
    op.execute(sqlite_fts_table(tokenizer))
    op.execute(SQLITE_REBUILD)


def upgrade() -> None:
    _reindex(STEMMED)


def downgrade() -> None:
    _reindex(UNSTEMMED)
