"""Legal status as data: stages, date precision, topics, UN membership, adherence.

Adds ``partly_in_force`` and ``superseded`` to the lifecycle, ``statement`` to
the instrument types, an instrument's original-language title and topic, the
precision of each event's date, whether a country is a UN Member State (and,
for one with no instrument listed, what research found), and the ``adherence``
table of parties' acts towards international instruments, and ``labelling_run``:
which model read which version for which taxonomy (so that "found nothing" is
an answer, not an absence of one).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 05:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TYPES_OLD = (
    "law", "bill", "regulation", "executive_order", "strategy", "policy", "guidance",
    "framework", "standard", "treaty", "declaration", "resolution", "recommendation",
    "code_of_conduct", "commitment", "company_framework",
)  # fmt: skip
TYPES_NEW = (*TYPES_OLD, "statement")
STATUS_OLD = ("proposed", "adopted", "in_force", "repealed", "defunct")
STATUS_NEW = (*STATUS_OLD, "partly_in_force")
KINDS_OLD = (
    "proposed", "adopted", "signed", "published", "in_force", "amended", "repealed", "defunct",
)  # fmt: skip
KINDS_NEW = (*KINDS_OLD, "partly_in_force", "superseded")
TOPICS = ("ai", "data_protection", "sectoral", "digital")
FINDINGS = ("checked_absence", "not_researched")
ACTS = ("signed", "ratified", "adhered", "endorsed", "adopted", "sponsored", "member", "committed")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def _checks(types: tuple[str, ...], status: tuple[str, ...], kinds: tuple[str, ...]) -> None:
    with op.batch_alter_table("instrument") as batch:
        batch.drop_constraint(op.f("ck_instrument_instrument_type"), type_="check")
        batch.create_check_constraint(op.f("ck_instrument_instrument_type"), _in("type", types))
        batch.drop_constraint(op.f("ck_instrument_status"), type_="check")
        batch.create_check_constraint(op.f("ck_instrument_status"), _in("status", status))
    with op.batch_alter_table("lifecycle_event") as batch:
        batch.drop_constraint(op.f("ck_lifecycle_event_lifecycle_kind"), type_="check")
        batch.create_check_constraint(op.f("ck_lifecycle_event_lifecycle_kind"), _in("kind", kinds))


def upgrade() -> None:
    _checks(TYPES_NEW, STATUS_NEW, KINDS_NEW)
    with op.batch_alter_table("instrument") as batch:
        batch.add_column(sa.Column("original_title", sa.Text(), nullable=True))
        batch.add_column(
            sa.Column("topic", sa.String(length=32), nullable=False, server_default="ai")
        )
        batch.create_check_constraint(op.f("ck_instrument_topic"), _in("topic", TOPICS))
        batch.add_column(
            sa.Column("public_authority", sa.Boolean(), nullable=False, server_default=sa.true())
        )
    with op.batch_alter_table("lifecycle_event") as batch:
        batch.add_column(
            sa.Column("precision", sa.String(length=5), nullable=False, server_default="day")
        )
    with op.batch_alter_table("jurisdiction") as batch:
        batch.add_column(
            sa.Column("un_member", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.add_column(sa.Column("research_finding", sa.String(length=32), nullable=True))
        batch.add_column(sa.Column("research_checked", sa.Date(), nullable=True))
        batch.add_column(sa.Column("research_note", sa.Text(), nullable=True))
        batch.add_column(
            sa.Column("research_sources", sa.JSON(), nullable=False, server_default="[]")
        )
        batch.create_check_constraint(
            op.f("ck_jurisdiction_research_finding"), _in("research_finding", FINDINGS)
        )
    op.create_table(
        "adherence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("instrument_id", sa.String(length=120), nullable=False),
        sa.Column("party", sa.String(length=120), nullable=False),
        sa.Column("act", sa.String(length=32), nullable=False),
        sa.Column("date", sa.Date(), nullable=True),
        sa.Column("precision", sa.String(length=5), nullable=False),
        sa.Column("source_url", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.CheckConstraint(_in("act", ACTS), name=op.f("ck_adherence_adherence_act")),
        sa.ForeignKeyConstraint(
            ["instrument_id"],
            ["instrument.id"],
            name=op.f("fk_adherence_instrument_id_instrument"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_adherence")),
        sa.UniqueConstraint(
            "instrument_id", "party", "act", name=op.f("uq_adherence_instrument_id_party_act")
        ),
    )
    with op.batch_alter_table("adherence") as batch:
        batch.create_index(batch.f("ix_adherence_instrument_id"), ["instrument_id"])
        batch.create_index(batch.f("ix_adherence_party"), ["party"])
    op.create_table(
        "labelling_run",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("taxonomy_id", sa.String(length=64), nullable=False),
        sa.Column("model_id", sa.String(length=120), nullable=False),
        sa.Column("model_version", sa.String(length=64), nullable=False),
        sa.Column("units", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["instrument_version.id"],
            name=op.f("fk_labelling_run_version_id_instrument_version"),
        ),
        sa.ForeignKeyConstraint(
            ["taxonomy_id"], ["taxonomy.id"], name=op.f("fk_labelling_run_taxonomy_id_taxonomy")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_labelling_run")),
        sa.UniqueConstraint(
            "version_id",
            "taxonomy_id",
            "model_id",
            name=op.f("uq_labelling_run_version_id_taxonomy_id_model_id"),
        ),
    )
    with op.batch_alter_table("labelling_run") as batch:
        batch.create_index(batch.f("ix_labelling_run_version_id"), ["version_id"])


def downgrade() -> None:
    op.drop_table("labelling_run")
    op.drop_table("adherence")
    with op.batch_alter_table("jurisdiction") as batch:
        batch.drop_constraint(op.f("ck_jurisdiction_research_finding"), type_="check")
        for column in (
            "research_sources", "research_note", "research_checked", "research_finding", "un_member"
        ):  # fmt: skip
            batch.drop_column(column)
    with op.batch_alter_table("lifecycle_event") as batch:
        batch.drop_column("precision")
    op.execute("UPDATE instrument SET type = 'guidance' WHERE type = 'statement'")
    op.execute("UPDATE instrument SET status = 'in_force' WHERE status = 'partly_in_force'")
    op.execute("UPDATE lifecycle_event SET kind = 'in_force' WHERE kind = 'partly_in_force'")
    op.execute("UPDATE lifecycle_event SET kind = 'repealed' WHERE kind = 'superseded'")
    with op.batch_alter_table("instrument") as batch:
        batch.drop_column("public_authority")
        batch.drop_constraint(op.f("ck_instrument_topic"), type_="check")
        batch.drop_column("topic")
        batch.drop_column("original_title")
    _checks(TYPES_OLD, STATUS_OLD, KINDS_OLD)
