"""The transparency and confidence-building registry: organisations, members and their
roles and API tokens, records with their TLP marking, who may see them, and the
hash-chained audit log with its signed head.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-05 01:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PARTY_KINDS = (
    "state",
    "agency",
    "safety-institute",
    "company",
    "intergovernmental",
    "civil-society",
    "academia",
)
ROLES = ("administrator", "officer", "submitter", "participant")
RECORD_KINDS = ("commitment", "measure", "report")
TLP_LEVELS = ("CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED")
STATUSES = ("draft", "submitted", "under-review", "published", "returned")


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} in ({', '.join(repr(v) for v in values)})"


def upgrade() -> None:
    op.create_table(
        "registry_party",
        sa.Column("id", sa.String(length=100), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("jurisdiction_id", sa.String(length=32), nullable=True),
        sa.Column("contact_point", sa.String(length=300), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(_one_of("kind", PARTY_KINDS), name=op.f("ck_registry_party_kind")),
        sa.ForeignKeyConstraint(
            ["jurisdiction_id"],
            ["jurisdiction.id"],
            name=op.f("fk_registry_party_jurisdiction_id_jurisdiction"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_registry_party")),
    )
    op.create_table(
        "registry_member",
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("party_id", sa.String(length=100), nullable=True),
        sa.CheckConstraint(_one_of("role", ROLES), name=op.f("ck_registry_member_role")),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["user_account.id"],
            name=op.f("fk_registry_member_account_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["party_id"],
            ["registry_party.id"],
            name=op.f("fk_registry_member_party_id_registry_party"),
        ),
        sa.PrimaryKeyConstraint("account_id", name=op.f("pk_registry_member")),
    )
    op.create_index(op.f("ix_registry_member_party_id"), "registry_member", ["party_id"])
    op.create_table(
        "registry_record",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("party_id", sa.String(length=100), nullable=False),
        sa.Column("tlp", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("answers_id", sa.Integer(), nullable=True),
        sa.Column("instrument_id", sa.String(length=120), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("theme", sa.String(length=200), nullable=True),
        sa.Column("nil_report", sa.Boolean(), nullable=False),
        sa.Column("concepts", sa.JSON(), nullable=False),
        sa.Column("provisions", sa.JSON(), nullable=False),
        sa.Column("author", sa.String(length=100), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(_one_of("kind", RECORD_KINDS), name=op.f("ck_registry_record_kind")),
        sa.CheckConstraint(_one_of("tlp", TLP_LEVELS), name=op.f("ck_registry_record_tlp")),
        sa.CheckConstraint(_one_of("status", STATUSES), name=op.f("ck_registry_record_status")),
        sa.ForeignKeyConstraint(
            ["answers_id"],
            ["registry_record.id"],
            name=op.f("fk_registry_record_answers_id_registry_record"),
        ),
        sa.ForeignKeyConstraint(
            ["party_id"],
            ["registry_party.id"],
            name=op.f("fk_registry_record_party_id_registry_party"),
        ),
        sa.ForeignKeyConstraint(
            ["instrument_id"],
            ["instrument.id"],
            name=op.f("fk_registry_record_instrument_id_instrument"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_registry_record")),
    )
    op.create_index(op.f("ix_registry_record_party_id"), "registry_record", ["party_id"])
    op.create_index(op.f("ix_registry_record_instrument_id"), "registry_record", ["instrument_id"])
    op.create_table(
        "registry_access",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("party_id", sa.String(length=100), nullable=True),
        sa.Column("account_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "CASE WHEN party_id IS NULL THEN 0 ELSE 1 END"
            " + CASE WHEN account_id IS NULL THEN 0 ELSE 1 END = 1",
            name=op.f("ck_registry_access_one_grantee"),
        ),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["user_account.id"],
            name=op.f("fk_registry_access_account_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["party_id"],
            ["registry_party.id"],
            name=op.f("fk_registry_access_party_id_registry_party"),
        ),
        sa.ForeignKeyConstraint(
            ["record_id"],
            ["registry_record.id"],
            name=op.f("fk_registry_access_record_id_registry_record"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_registry_access")),
    )
    op.create_index(op.f("ix_registry_access_record_id"), "registry_access", ["record_id"])
    op.create_table(
        "registry_token",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("party_id", sa.String(length=100), nullable=True),
        sa.Column("label", sa.String(length=200), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(_one_of("role", ROLES), name=op.f("ck_registry_token_role")),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["user_account.id"],
            name=op.f("fk_registry_token_account_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["party_id"],
            ["registry_party.id"],
            name=op.f("fk_registry_token_party_id_registry_party"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_registry_token")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_registry_token_token_hash")),
    )
    op.create_index(op.f("ix_registry_token_account_id"), "registry_token", ["account_id"])
    op.create_table(
        "audit_event",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("action", sa.String(length=60), nullable=False),
        sa.Column("subject", sa.String(length=100), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_event")),
        sa.UniqueConstraint("hash", name=op.f("uq_audit_event_hash")),
    )
    op.create_table(
        "audit_head",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("last_id", sa.Integer(), nullable=False),
        sa.Column("last_hash", sa.String(length=64), nullable=False),
        sa.Column("key_id", sa.String(length=64), nullable=False),
        sa.Column("signature", sa.String(length=200), nullable=False),
        sa.Column("signed_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_audit_head_single")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_head")),
    )


def downgrade() -> None:
    op.drop_table("audit_head")
    op.drop_table("audit_event")
    op.drop_index(op.f("ix_registry_token_account_id"), table_name="registry_token")
    op.drop_table("registry_token")
    op.drop_index(op.f("ix_registry_access_record_id"), table_name="registry_access")
    op.drop_table("registry_access")
    op.drop_index(op.f("ix_registry_record_instrument_id"), table_name="registry_record")
    op.drop_index(op.f("ix_registry_record_party_id"), table_name="registry_record")
    op.drop_table("registry_record")
    op.drop_index(op.f("ix_registry_member_party_id"), table_name="registry_member")
    op.drop_table("registry_member")
    op.drop_table("registry_party")
