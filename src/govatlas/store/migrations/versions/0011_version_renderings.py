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


# SQLite rebuilds the table to add a foreign key, and a rebuilt table has lost its
# triggers: the immutability trigger of 0009 is made again after the rebuild.
SQLITE_IMMUTABLE_VERSIONS = (
    "CREATE TRIGGER instrument_version_immutable "
    "BEFORE UPDATE OF text, content_hash, instrument_id ON instrument_version "
    "BEGIN SELECT RAISE(ABORT, 'instrument versions are immutable: "
    "store changed text as a new version'); END"
)


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        op.execute("DROP TRIGGER IF EXISTS instrument_version_immutable")
    with op.batch_alter_table("instrument_version") as batch:
        batch.add_column(sa.Column("replaces_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_instrument_version_replaces_id_instrument_version"),
            "instrument_version",
            ["replaces_id"],
            ["id"],
        )
    if sqlite:
        op.execute(SQLITE_IMMUTABLE_VERSIONS)


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        op.execute("DROP TRIGGER IF EXISTS instrument_version_immutable")
    with op.batch_alter_table("instrument_version") as batch:
        batch.drop_constraint(
            op.f("fk_instrument_version_replaces_id_instrument_version"), type_="foreignkey"
        )
        batch.drop_column("replaces_id")
    if sqlite:
        op.execute(SQLITE_IMMUTABLE_VERSIONS)
