"""A court can suspend an instrument: the lifecycle event ``suspended`` and the stage
``suspended`` (an enacted law whose enforcement a court enjoined, suspended or struck
down counts as lapsed; ``vocabulary.legal_effect``).

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-05 19:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STATUS_OLD = ("proposed", "adopted", "in_force", "repealed", "defunct", "partly_in_force")
STATUS_NEW = (*STATUS_OLD, "suspended")
KINDS_OLD = (
    "proposed", "adopted", "signed", "published", "in_force", "amended", "repealed", "defunct",
    "partly_in_force", "superseded",
)  # fmt: skip
KINDS_NEW = (*KINDS_OLD, "suspended")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def _checks(status: tuple[str, ...], kinds: tuple[str, ...]) -> None:
    with op.batch_alter_table("instrument") as batch:
        batch.drop_constraint(op.f("ck_instrument_status"), type_="check")
        batch.create_check_constraint(op.f("ck_instrument_status"), _in("status", status))
    with op.batch_alter_table("lifecycle_event") as batch:
        batch.drop_constraint(op.f("ck_lifecycle_event_lifecycle_kind"), type_="check")
        batch.create_check_constraint(op.f("ck_lifecycle_event_lifecycle_kind"), _in("kind", kinds))


def upgrade() -> None:
    _checks(STATUS_NEW, KINDS_NEW)


def downgrade() -> None:
    op.execute("UPDATE instrument SET status = 'adopted' WHERE status = 'suspended'")
    op.execute("DELETE FROM lifecycle_event WHERE kind = 'suspended'")
    _checks(STATUS_OLD, KINDS_OLD)
