"""Review decisions as rows, reviewer accounts and sessions, immutable texts in the database.

- ``review_decision``: every human decision (who, when, what, the state it
  replaced); the history that labels kept in their provenance string and
  mappings in their rationale is parsed into rows where it can be.
- ``review_version`` on labels, relationships, assessments and indicator
  mappings: each decision increments it, and a re-review must name the version
  the reviewer saw.
- ``user_account``, ``user_session``, ``sign_in_throttle``: reviewers sign in
  with their own account.
- ``external_id.origin``: who asserted an id (the catalog or a source).
- Triggers refuse UPDATE of a version's text, hash or instrument and of any
  provision, on SQLite and PostgreSQL alike.

Revision ID: 0009
Revises: 0008 (an integrator re-chains it onto 0008)
Create Date: 2026-12-01 00:00:00
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

REVIEWABLE = ("label", "relationship", "assessment", "indicator_mapping")
UNKNOWN_REVIEWER = "unknown (recorded before decisions were kept as rows)"

SQLITE_TRIGGERS = (
    "CREATE TRIGGER instrument_version_immutable "
    "BEFORE UPDATE OF text, content_hash, instrument_id ON instrument_version "
    "BEGIN SELECT RAISE(ABORT, 'instrument versions are immutable: "
    "store changed text as a new version'); END",
    "CREATE TRIGGER provision_immutable BEFORE UPDATE ON provision "
    "BEGIN SELECT RAISE(ABORT, 'provisions are immutable: "
    "they belong to an immutable instrument version'); END",
)
PG_TRIGGERS = (
    "CREATE FUNCTION govatlas_refuse_update() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN RAISE EXCEPTION '% rows are immutable: store changed text as a new version', "
    "TG_TABLE_NAME USING ERRCODE = 'integrity_constraint_violation'; END $$",
    "CREATE TRIGGER instrument_version_immutable "
    "BEFORE UPDATE OF text, content_hash, instrument_id ON instrument_version "
    "FOR EACH ROW EXECUTE FUNCTION govatlas_refuse_update()",
    "CREATE TRIGGER provision_immutable BEFORE UPDATE ON provision "
    "FOR EACH ROW EXECUTE FUNCTION govatlas_refuse_update()",
)


def _enum(name: str, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=32)


REVIEW_STATUS = ("unreviewed", "accepted", "rejected")
RELATIONSHIP_TYPES = ("equal", "subset", "superset", "intersects", "contrary", "none", "related")


def _create_tables() -> None:
    op.create_table(
        "user_account",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("disabled_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_user_account")),
        sa.UniqueConstraint("name", name=op.f("uq_user_account_name")),
    )
    op.create_table(
        "user_session",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("csrf", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["user_account.id"],
            name=op.f("fk_user_session_account_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_user_session")),
    )
    op.create_index(op.f("ix_user_session_account_id"), "user_session", ["account_id"])
    op.create_table(
        "sign_in_throttle",
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_sign_in_throttle")),
    )
    op.create_table(
        "review_decision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subject", _enum("review_subject", *REVIEWABLE), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column(
            "decision", _enum("review_decision_kind", "accept", "reject", "correct"), nullable=False
        ),
        sa.Column("relationship_type", _enum("relationship_type", *RELATIONSHIP_TYPES)),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("reviewer", sa.String(length=200), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=True),
        sa.Column(
            "channel",
            _enum("review_channel", "cli", "web", "api", "sheet", "migrated"),
            nullable=False,
        ),
        sa.Column("previous_status", _enum("review_status", *REVIEW_STATUS), nullable=False),
        sa.Column("previous_score", sa.Float(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("made_relationship_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("legacy_text", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["user_account.id"],
            name=op.f("fk_review_decision_account_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["made_relationship_id"],
            ["relationship.id"],
            name=op.f("fk_review_decision_made_relationship_id_relationship"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_decision")),
    )
    op.create_index("ix_review_decision_subject", "review_decision", ["subject", "subject_id"])


# "<provenance> | accepted by NAME 2026-01-02T03:04:05+00:00 (note)", as labels kept it
LABEL_REVIEW = re.compile(
    r"^(?P<status>accepted|rejected) by (?P<who>.+?) "
    r"(?P<when>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d)(?: \((?P<note>.*)\))?$"
)
MAPPING_REVIEW = re.compile(r"^(?P<decision>accept|reject)ed by (?P<who>.+)$")
ASSESSMENT_REVIEWER = re.compile(r"^(?P<who>.+) \(reviewing .+\)$")


def _row(subject: str, subject_id: int, decision: str, who: str, **extra: Any) -> dict[str, Any]:
    row = {
        "subject": subject,
        "subject_id": subject_id,
        "decision": decision,
        "relationship_type": None,
        "score": None,
        "note": None,
        "reviewer": who[:200],
        "account_id": None,
        "channel": "migrated",
        "previous_status": "unreviewed",
        "previous_score": None,
        "version": 1,
        "made_relationship_id": None,
        "decided_at": datetime.now(UTC),
        "legacy_text": None,
    }
    row.update(extra)
    return row


def _label_rows(conn: sa.Connection) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Decisions parsed from label provenance, and the provenance without them."""
    rows, cleaned = [], []
    labels = conn.execute(
        sa.text("SELECT id, provenance FROM label WHERE provenance LIKE '%ed by %'")
    )
    for label_id, provenance in labels:
        parts = [p.strip() for p in provenance.split(" | ")]
        head = [] if LABEL_REVIEW.match(parts[0]) else parts[:1]
        previous, version = "unreviewed", 0
        parsed: list[dict[str, Any]] = []
        for part in parts[len(head) :]:
            match = LABEL_REVIEW.match(part)
            if match is None:
                parsed = []  # not a history this code wrote: leave the string alone
                break
            version += 1
            status = match["status"]
            parsed.append(
                _row(
                    "label",
                    label_id,
                    "accept" if status == "accepted" else "reject",
                    match["who"],
                    note=match["note"],
                    previous_status=previous,
                    version=version,
                    decided_at=datetime.fromisoformat(match["when"]),
                    legacy_text=part,
                )
            )
            previous = status
        if parsed:
            rows.extend(parsed)
            cleaned.append(
                {"id": label_id, "provenance": head[0] if head else None, "version": version}
            )
    return rows, cleaned


def _relationship_rows(conn: sa.Connection) -> list[dict[str, Any]]:
    """Reviewed suggestions: accepted, corrected (a human relationship cites the
    review) or rejected (whose reviewer was never recorded)."""
    made = {
        int(citation.removeprefix("review:")): (rid, rtype, author, created)
        for rid, citation, rtype, author, created in conn.execute(
            sa.text(
                "SELECT id, citation, type, author, created_at FROM relationship "
                "WHERE citation LIKE 'review:%'"
            )
        )
        if citation.removeprefix("review:").isdigit()
    }
    rows = []
    for rid, status, rtype in conn.execute(
        sa.text(
            "SELECT id, review_status, type FROM relationship "
            "WHERE method = 'automated' AND review_status != 'unreviewed'"
        )
    ):
        human = made.get(rid)
        if human is None:
            rows.append(_row("relationship", rid, "reject", UNKNOWN_REVIEWER))
            continue
        human_id, human_type, author, created = human
        decision = "accept" if status == "accepted" else "correct"
        rows.append(
            _row(
                "relationship",
                rid,
                decision,
                author or UNKNOWN_REVIEWER,
                relationship_type=human_type if decision == "correct" else rtype,
                made_relationship_id=human_id,
                decided_at=_when(created),
            )
        )
    return rows


def _when(value: Any) -> datetime:
    if isinstance(value, datetime):
        return value
    try:
        return datetime.fromisoformat(str(value))
    except ValueError:
        return datetime.now(UTC)


def _industry_rows(conn: sa.Connection) -> list[dict[str, Any]]:
    rows = []
    for aid, status, assessor, score in conn.execute(
        sa.text(
            "SELECT id, review_status, assessor, score FROM assessment "
            "WHERE method = 'assisted' AND review_status != 'unreviewed'"
        )
    ):
        match = ASSESSMENT_REVIEWER.match(assessor or "")
        decision = "accept" if status == "accepted" else "reject"
        rows.append(
            _row(
                "assessment",
                aid,
                decision,
                match["who"] if match else UNKNOWN_REVIEWER,
                score=score if decision == "accept" else None,
                legacy_text=assessor,
            )
        )
    for mid, rationale in conn.execute(
        sa.text("SELECT id, rationale FROM indicator_mapping WHERE method = 'hybrid'")
    ):
        previous, version = "unreviewed", 0
        for part in (rationale or "").split("; "):
            match = MAPPING_REVIEW.match(part.strip())
            if match is None:
                continue
            version += 1
            rows.append(
                _row(
                    "indicator_mapping",
                    mid,
                    match["decision"],
                    match["who"],
                    previous_status=previous,
                    version=version,
                    legacy_text=part.strip(),
                )
            )
            previous = "accepted" if match["decision"] == "accept" else "rejected"
    return rows


def _migrate_history() -> None:
    conn = op.get_bind()
    label_rows, cleaned = _label_rows(conn)
    rows = label_rows + _relationship_rows(conn) + _industry_rows(conn)
    if rows:
        table = sa.table(
            "review_decision",
            *(sa.column(name) for name in rows[0]),
        )
        conn.execute(sa.insert(table), rows)
    for item in cleaned:
        conn.execute(
            sa.text(
                "UPDATE label SET provenance = :provenance, review_version = :version "
                "WHERE id = :id"
            ),
            item,
        )
    for subject in REVIEWABLE:
        conn.execute(
            sa.text(
                f"UPDATE {subject} SET review_version = (SELECT max(version) FROM review_decision "
                f"WHERE subject = '{subject}' AND subject_id = {subject}.id) "
                f"WHERE id IN (SELECT subject_id FROM review_decision WHERE subject = '{subject}')"
            )
        )


def upgrade() -> None:
    for table in REVIEWABLE:
        op.add_column(
            table, sa.Column("review_version", sa.Integer(), nullable=False, server_default="0")
        )
    op.add_column(
        "external_id",
        sa.Column("origin", sa.String(length=64), nullable=False, server_default="catalog"),
    )
    _create_tables()
    _migrate_history()
    triggers = PG_TRIGGERS if op.get_bind().dialect.name == "postgresql" else SQLITE_TRIGGERS
    for statement in triggers:
        op.execute(statement)


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS provision_immutable" + _on("provision"))
    op.execute("DROP TRIGGER IF EXISTS instrument_version_immutable" + _on("instrument_version"))
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS govatlas_refuse_update()")
    op.drop_index("ix_review_decision_subject", table_name="review_decision")
    op.drop_table("review_decision")
    op.drop_table("sign_in_throttle")
    op.drop_index(op.f("ix_user_session_account_id"), table_name="user_session")
    op.drop_table("user_session")
    op.drop_table("user_account")
    with op.batch_alter_table("external_id") as batch_op:
        batch_op.drop_column("origin")
    for table in REVIEWABLE:
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_column("review_version")


def _on(table: str) -> str:
    return f" ON {table}" if op.get_bind().dialect.name == "postgresql" else ""
