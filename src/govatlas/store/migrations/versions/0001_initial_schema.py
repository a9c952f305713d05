"""Initial schema: jurisdictions, actors, instruments, versions, provisions,
taxonomies, labels, relationships and dataset releases.

Revision ID: 0001
Revises:
Create Date: 2026-11-23 17:58:06.363027
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "dataset_release",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("tag", sa.String(length=100), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("counts", sa.JSON(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dataset_release")),
        sa.UniqueConstraint("tag", name=op.f("uq_dataset_release_tag")),
    )
    op.create_table(
        "jurisdiction",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "country",
                "subdivision",
                "locality",
                "region",
                "supranational",
                "intergovernmental",
                "forum",
                "global",
                name="jurisdiction_kind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("iso_alpha2", sa.String(length=2), nullable=True),
        sa.Column("iso_numeric", sa.String(length=3), nullable=True),
        sa.Column("parent_id", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["jurisdiction.id"], name=op.f("fk_jurisdiction_parent_id_jurisdiction")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_jurisdiction")),
    )
    op.create_table(
        "taxonomy",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("version", sa.String(length=32), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_taxonomy")),
    )
    op.create_table(
        "actor",
        sa.Column("id", sa.String(length=120), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "legislature",
                "executive",
                "ministry",
                "regulator",
                "court",
                "standards_body",
                "intergovernmental_organisation",
                "company",
                "institute",
                "civil_society",
                "multistakeholder",
                name="actor_kind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("jurisdiction_id", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(
            ["jurisdiction_id"],
            ["jurisdiction.id"],
            name=op.f("fk_actor_jurisdiction_id_jurisdiction"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_actor")),
    )
    op.create_table(
        "concept",
        sa.Column("id", sa.String(length=160), nullable=False),
        sa.Column("taxonomy_id", sa.String(length=64), nullable=False),
        sa.Column("notation", sa.String(length=100), nullable=False),
        sa.Column("pref_label", sa.String(length=300), nullable=False),
        sa.Column("alt_labels", sa.JSON(), nullable=False),
        sa.Column("negative_labels", sa.JSON(), nullable=False),
        sa.Column("definition", sa.Text(), nullable=True),
        sa.Column("parent_id", sa.String(length=160), nullable=True),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["concept.id"], name=op.f("fk_concept_parent_id_concept")
        ),
        sa.ForeignKeyConstraint(
            ["taxonomy_id"], ["taxonomy.id"], name=op.f("fk_concept_taxonomy_id_taxonomy")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_concept")),
        sa.UniqueConstraint(
            "taxonomy_id", "notation", name=op.f("uq_concept_taxonomy_id_notation")
        ),
    )
    with op.batch_alter_table("concept", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_concept_taxonomy_id"), ["taxonomy_id"], unique=False)

    op.create_table(
        "instrument",
        sa.Column("id", sa.String(length=120), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("short_name", sa.String(length=200), nullable=False),
        sa.Column(
            "type",
            sa.Enum(
                "law",
                "bill",
                "regulation",
                "executive_order",
                "strategy",
                "policy",
                "guidance",
                "framework",
                "standard",
                "treaty",
                "declaration",
                "resolution",
                "recommendation",
                "code_of_conduct",
                "commitment",
                "company_framework",
                name="instrument_type",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "binding",
            sa.Enum(
                "binding",
                "non_binding",
                name="binding",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "status",
            sa.Enum(
                "proposed",
                "adopted",
                "in_force",
                "repealed",
                "defunct",
                name="status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("jurisdiction_id", sa.String(length=32), nullable=False),
        sa.Column("languages", sa.JSON(), nullable=False),
        sa.Column("official_urls", sa.JSON(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=True),
        sa.Column("origin", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["jurisdiction_id"],
            ["jurisdiction.id"],
            name=op.f("fk_instrument_jurisdiction_id_jurisdiction"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_instrument")),
    )
    with op.batch_alter_table("instrument", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_instrument_jurisdiction_id"), ["jurisdiction_id"], unique=False
        )

    op.create_table(
        "jurisdiction_membership",
        sa.Column("group_id", sa.String(length=32), nullable=False),
        sa.Column("member_id", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["jurisdiction.id"],
            name=op.f("fk_jurisdiction_membership_group_id_jurisdiction"),
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["jurisdiction.id"],
            name=op.f("fk_jurisdiction_membership_member_id_jurisdiction"),
        ),
        sa.PrimaryKeyConstraint("group_id", "member_id", name=op.f("pk_jurisdiction_membership")),
    )
    op.create_table(
        "external_id",
        sa.Column("scheme", sa.String(length=32), nullable=False),
        sa.Column("value", sa.String(length=200), nullable=False),
        sa.Column("instrument_id", sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(
            ["instrument_id"],
            ["instrument.id"],
            name=op.f("fk_external_id_instrument_id_instrument"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("scheme", "value", name=op.f("pk_external_id")),
    )
    with op.batch_alter_table("external_id", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_external_id_instrument_id"), ["instrument_id"], unique=False
        )

    op.create_table(
        "instrument_issuer",
        sa.Column("instrument_id", sa.String(length=120), nullable=False),
        sa.Column("actor_id", sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["actor.id"], name=op.f("fk_instrument_issuer_actor_id_actor")
        ),
        sa.ForeignKeyConstraint(
            ["instrument_id"],
            ["instrument.id"],
            name=op.f("fk_instrument_issuer_instrument_id_instrument"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("instrument_id", "actor_id", name=op.f("pk_instrument_issuer")),
    )
    op.create_table(
        "instrument_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("instrument_id", sa.String(length=120), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("format", sa.String(length=32), nullable=False),
        sa.Column("language", sa.String(length=16), nullable=True),
        sa.Column("source_url", sa.Text(), nullable=True),
        sa.Column("retrieved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["instrument_id"],
            ["instrument.id"],
            name=op.f("fk_instrument_version_instrument_id_instrument"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_instrument_version")),
        sa.UniqueConstraint(
            "instrument_id",
            "content_hash",
            name=op.f("uq_instrument_version_instrument_id_content_hash"),
        ),
    )
    with op.batch_alter_table("instrument_version", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_instrument_version_instrument_id"), ["instrument_id"], unique=False
        )

    op.create_table(
        "lifecycle_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("instrument_id", sa.String(length=120), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "proposed",
                "adopted",
                "signed",
                "published",
                "in_force",
                "amended",
                "repealed",
                "defunct",
                name="lifecycle_kind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["instrument_id"],
            ["instrument.id"],
            name=op.f("fk_lifecycle_event_instrument_id_instrument"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lifecycle_event")),
        sa.UniqueConstraint(
            "instrument_id", "kind", "date", name=op.f("uq_lifecycle_event_instrument_id_kind_date")
        ),
    )
    with op.batch_alter_table("lifecycle_event", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_lifecycle_event_instrument_id"), ["instrument_id"], unique=False
        )

    op.create_table(
        "provision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("path", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("heading", sa.Text(), nullable=True),
        sa.Column("start_offset", sa.Integer(), nullable=False),
        sa.Column("end_offset", sa.Integer(), nullable=False),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("language", sa.String(length=16), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("search_text", sa.Text(), nullable=True),
        sa.CheckConstraint("start_offset <= end_offset", name=op.f("ck_provision_span_order")),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["provision.id"], name=op.f("fk_provision_parent_id_provision")
        ),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["instrument_version.id"],
            name=op.f("fk_provision_version_id_instrument_version"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_provision")),
        sa.UniqueConstraint("version_id", "path", name=op.f("uq_provision_version_id_path")),
    )
    with op.batch_alter_table("provision", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_provision_version_id"), ["version_id"], unique=False)

    op.create_table(
        "label",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("concept_id", sa.String(length=160), nullable=False),
        sa.Column("instrument_id", sa.String(length=120), nullable=True),
        sa.Column("provision_id", sa.Integer(), nullable=True),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column(
            "method",
            sa.Enum(
                "human",
                "model",
                "import",
                name="label_method",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("model_id", sa.String(length=120), nullable=True),
        sa.Column("model_version", sa.String(length=64), nullable=True),
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
        sa.Column("provenance", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "(instrument_id IS NULL) <> (provision_id IS NULL)", name=op.f("ck_label_one_target")
        ),
        sa.ForeignKeyConstraint(
            ["concept_id"], ["concept.id"], name=op.f("fk_label_concept_id_concept")
        ),
        sa.ForeignKeyConstraint(
            ["instrument_id"], ["instrument.id"], name=op.f("fk_label_instrument_id_instrument")
        ),
        sa.ForeignKeyConstraint(
            ["provision_id"], ["provision.id"], name=op.f("fk_label_provision_id_provision")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_label")),
    )
    with op.batch_alter_table("label", schema=None) as batch_op:
        batch_op.create_index("ix_label_concept_method", ["concept_id", "method"], unique=False)
        batch_op.create_index(batch_op.f("ix_label_instrument_id"), ["instrument_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_label_provision_id"), ["provision_id"], unique=False)

    op.create_table(
        "relationship",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_provision_id", sa.Integer(), nullable=True),
        sa.Column("source_concept_id", sa.String(length=160), nullable=True),
        sa.Column("target_provision_id", sa.Integer(), nullable=True),
        sa.Column("target_concept_id", sa.String(length=160), nullable=True),
        sa.Column(
            "type",
            sa.Enum(
                "equal",
                "subset",
                "superset",
                "intersects",
                "contrary",
                "none",
                name="relationship_type",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "rationale_kind",
            sa.Enum(
                "syntactic",
                "semantic",
                "functional",
                name="rationale_kind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("rationale", sa.Text(), nullable=True),
        sa.Column("confidence", sa.Float(), nullable=True),
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
        sa.Column("author", sa.String(length=200), nullable=True),
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
        sa.Column("citation", sa.Text(), nullable=True),
        sa.Column("release_id", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "(source_provision_id IS NULL) <> (source_concept_id IS NULL)",
            name=op.f("ck_relationship_one_source"),
        ),
        sa.CheckConstraint(
            "(target_provision_id IS NULL) <> (target_concept_id IS NULL)",
            name=op.f("ck_relationship_one_target"),
        ),
        sa.ForeignKeyConstraint(
            ["release_id"],
            ["dataset_release.id"],
            name=op.f("fk_relationship_release_id_dataset_release"),
        ),
        sa.ForeignKeyConstraint(
            ["source_concept_id"],
            ["concept.id"],
            name=op.f("fk_relationship_source_concept_id_concept"),
        ),
        sa.ForeignKeyConstraint(
            ["source_provision_id"],
            ["provision.id"],
            name=op.f("fk_relationship_source_provision_id_provision"),
        ),
        sa.ForeignKeyConstraint(
            ["target_concept_id"],
            ["concept.id"],
            name=op.f("fk_relationship_target_concept_id_concept"),
        ),
        sa.ForeignKeyConstraint(
            ["target_provision_id"],
            ["provision.id"],
            name=op.f("fk_relationship_target_provision_id_provision"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_relationship")),
    )
    with op.batch_alter_table("relationship", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_relationship_source_concept_id"), ["source_concept_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_relationship_source_provision_id"), ["source_provision_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_relationship_target_concept_id"), ["target_concept_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_relationship_target_provision_id"), ["target_provision_id"], unique=False
        )

    op.create_table(
        "label_evidence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("label_id", sa.Integer(), nullable=False),
        sa.Column("provision_id", sa.Integer(), nullable=False),
        sa.Column("start_offset", sa.Integer(), nullable=False),
        sa.Column("end_offset", sa.Integer(), nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
        sa.CheckConstraint("start_offset <= end_offset", name=op.f("ck_label_evidence_span_order")),
        sa.ForeignKeyConstraint(
            ["label_id"],
            ["label.id"],
            name=op.f("fk_label_evidence_label_id_label"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["provision_id"],
            ["provision.id"],
            name=op.f("fk_label_evidence_provision_id_provision"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_label_evidence")),
    )
    with op.batch_alter_table("label_evidence", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_label_evidence_label_id"), ["label_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("label_evidence", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_label_evidence_label_id"))

    op.drop_table("label_evidence")
    with op.batch_alter_table("relationship", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_relationship_target_provision_id"))
        batch_op.drop_index(batch_op.f("ix_relationship_target_concept_id"))
        batch_op.drop_index(batch_op.f("ix_relationship_source_provision_id"))
        batch_op.drop_index(batch_op.f("ix_relationship_source_concept_id"))

    op.drop_table("relationship")
    with op.batch_alter_table("label", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_label_provision_id"))
        batch_op.drop_index(batch_op.f("ix_label_instrument_id"))
        batch_op.drop_index("ix_label_concept_method")

    op.drop_table("label")
    with op.batch_alter_table("provision", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_provision_version_id"))

    op.drop_table("provision")
    with op.batch_alter_table("lifecycle_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lifecycle_event_instrument_id"))

    op.drop_table("lifecycle_event")
    with op.batch_alter_table("instrument_version", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_instrument_version_instrument_id"))

    op.drop_table("instrument_version")
    op.drop_table("instrument_issuer")
    with op.batch_alter_table("external_id", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_external_id_instrument_id"))

    op.drop_table("external_id")
    op.drop_table("jurisdiction_membership")
    with op.batch_alter_table("instrument", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_instrument_jurisdiction_id"))

    op.drop_table("instrument")
    with op.batch_alter_table("concept", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_concept_taxonomy_id"))

    op.drop_table("concept")
    op.drop_table("actor")
    op.drop_table("taxonomy")
    op.drop_table("jurisdiction")
    op.drop_table("dataset_release")
