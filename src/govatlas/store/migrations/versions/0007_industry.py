"""Industry insights: indicator frameworks, indicators, organisations, assessments, mappings.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-24 01:02:03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "indicator_framework",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("family", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("edition", sa.String(length=32), nullable=False),
        sa.Column("published", sa.Date(), nullable=True),
        sa.Column("source", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicator_framework")),
    )
    op.create_table(
        "organisation",
        sa.Column("id", sa.String(length=100), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("aliases", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisation")),
    )
    op.create_table(
        "indicator",
        sa.Column("id", sa.String(length=200), nullable=False),
        sa.Column("framework_id", sa.String(length=64), nullable=False),
        sa.Column("domain", sa.String(length=100), nullable=False),
        sa.Column("subdomain", sa.String(length=200), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("definition", sa.Text(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["framework_id"],
            ["indicator_framework.id"],
            name=op.f("fk_indicator_framework_id_indicator_framework"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicator")),
        sa.UniqueConstraint("framework_id", "name", name=op.f("uq_indicator_framework_id_name")),
    )
    with op.batch_alter_table("indicator", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_indicator_framework_id"), ["framework_id"], unique=False
        )

    op.create_table(
        "assessment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.String(length=100), nullable=False),
        sa.Column("indicator_id", sa.String(length=200), nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("confidence", sa.Float(), nullable=True),
        sa.Column("justification", sa.Text(), nullable=True),
        sa.Column("disclosure", sa.Text(), nullable=True),
        sa.Column("references", sa.Text(), nullable=True),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.Column("assessor", sa.String(length=200), nullable=False),
        sa.Column(
            "method",
            sa.Enum(
                "human",
                "assisted",
                name="assessment_method",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "review_status",
            sa.Enum(
                "unreviewed",
                "accepted",
                "rejected",
                name="review_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("assessed_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["indicator_id"],
            ["indicator.id"],
            name=op.f("fk_assessment_indicator_id_indicator"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_assessment_organisation_id_organisation"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment")),
        sa.UniqueConstraint(
            "organisation_id",
            "indicator_id",
            "method",
            name=op.f("uq_assessment_organisation_id_indicator_id_method"),
        ),
    )
    with op.batch_alter_table("assessment", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_assessment_indicator_id"), ["indicator_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_assessment_organisation_id"), ["organisation_id"], unique=False
        )

    op.create_table(
        "indicator_mapping",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("indicator_id", sa.String(length=200), nullable=False),
        sa.Column("target_indicator_id", sa.String(length=200), nullable=True),
        sa.Column("concept_id", sa.String(length=160), nullable=True),
        sa.Column("provision_id", sa.Integer(), nullable=True),
        sa.Column(
            "type",
            sa.Enum(
                "equal",
                "close",
                "related",
                name="mapping_type",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "method",
            sa.Enum(
                "human",
                "automated",
                "hybrid",
                name="relationship_method",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "review_status",
            sa.Enum(
                "unreviewed",
                "accepted",
                "rejected",
                name="review_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("confidence", sa.Float(), nullable=True),
        sa.Column("rationale", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "CASE WHEN target_indicator_id IS NULL THEN 0 ELSE 1 END"
            " + CASE WHEN concept_id IS NULL THEN 0 ELSE 1 END"
            " + CASE WHEN provision_id IS NULL THEN 0 ELSE 1 END = 1",
            name=op.f("ck_indicator_mapping_one_target"),
        ),
        sa.ForeignKeyConstraint(
            ["concept_id"], ["concept.id"], name=op.f("fk_indicator_mapping_concept_id_concept")
        ),
        sa.ForeignKeyConstraint(
            ["indicator_id"],
            ["indicator.id"],
            name=op.f("fk_indicator_mapping_indicator_id_indicator"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["provision_id"],
            ["provision.id"],
            name=op.f("fk_indicator_mapping_provision_id_provision"),
        ),
        sa.ForeignKeyConstraint(
            ["target_indicator_id"],
            ["indicator.id"],
            name=op.f("fk_indicator_mapping_target_indicator_id_indicator"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicator_mapping")),
    )
    with op.batch_alter_table("indicator_mapping", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_indicator_mapping_indicator_id"), ["indicator_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_indicator_mapping_provision_id"), ["provision_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_indicator_mapping_target_indicator_id"),
            ["target_indicator_id"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("indicator_mapping", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_indicator_mapping_target_indicator_id"))
        batch_op.drop_index(batch_op.f("ix_indicator_mapping_provision_id"))
        batch_op.drop_index(batch_op.f("ix_indicator_mapping_indicator_id"))

    op.drop_table("indicator_mapping")
    with op.batch_alter_table("assessment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assessment_organisation_id"))
        batch_op.drop_index(batch_op.f("ix_assessment_indicator_id"))

    op.drop_table("assessment")
    with op.batch_alter_table("indicator", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_indicator_framework_id"))

    op.drop_table("indicator")
    op.drop_table("organisation")
    op.drop_table("indicator_framework")
