"""The registry's editions and attachments: a published record revised as a new edition
(``revises_id``, ``edition``), and files attached to records (``registry_attachment``:
the bytes, their type and digest, and the text the ingest path read from them).

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-05 04:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("registry_record") as batch:
        batch.add_column(sa.Column("revises_id", sa.Integer(), nullable=True))
        batch.add_column(
            sa.Column("edition", sa.Integer(), nullable=False, server_default=sa.text("1"))
        )
        batch.create_foreign_key(
            op.f("fk_registry_record_revises_id_registry_record"),
            "registry_record",
            ["revises_id"],
            ["id"],
        )
        batch.create_index(op.f("ix_registry_record_revises_id"), ["revises_id"])
    op.create_table(
        "registry_attachment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("media_type", sa.String(length=60), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("uploaded_by", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["record_id"],
            ["registry_record.id"],
            name=op.f("fk_registry_attachment_record_id_registry_record"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_registry_attachment")),
        sqlite_autoincrement=True,  # ids are never reused after a removal
    )
    op.create_index(op.f("ix_registry_attachment_record_id"), "registry_attachment", ["record_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_registry_attachment_record_id"), table_name="registry_attachment")
    op.drop_table("registry_attachment")
    with op.batch_alter_table("registry_record") as batch:
        batch.drop_index(op.f("ix_registry_record_revises_id"))
        batch.drop_constraint(
            op.f("fk_registry_record_revises_id_registry_record"), type_="foreignkey"
        )
        batch.drop_column("edition")
        batch.drop_column("revises_id")
