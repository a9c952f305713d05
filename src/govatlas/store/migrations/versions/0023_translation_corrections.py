"""Translation corrections: each interface message, concept or taxonomy text that a
person rewrote or confirmed in their language (``store.translation_models``).

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-06 08:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0023"
down_revision: str | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "translation_correction",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("subject", sa.String(length=16), nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("part", sa.String(length=16), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("provenance", sa.String(length=16), nullable=False),
        sa.Column("reviewer", sa.String(length=200), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "subject in ('message', 'concept', 'taxonomy')",
            name=op.f("ck_translation_correction_subject"),
        ),
        sa.CheckConstraint(
            "provenance in ('human', 'reviewed')",
            name=op.f("ck_translation_correction_provenance"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_translation_correction")),
    )
    op.create_index(
        "ix_translation_correction_text",
        "translation_correction",
        ["language", "subject", "key"],
    )


def downgrade() -> None:
    op.drop_index("ix_translation_correction_text", table_name="translation_correction")
    op.drop_table("translation_correction")
