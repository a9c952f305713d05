"""Allow ``related``: IR 8477 concept crosswalks relate items without typing the link.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 21:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD = ("equal", "subset", "superset", "intersects", "contrary", "none")
NEW = (*OLD, "related")


def _allow(values: tuple[str, ...]) -> None:
    listed = ", ".join(f"'{v}'" for v in values)
    with op.batch_alter_table("relationship") as batch:
        batch.drop_constraint(op.f("ck_relationship_relationship_type"), type_="check")
        batch.create_check_constraint(
            op.f("ck_relationship_relationship_type"), f"type IN ({listed})"
        )


def upgrade() -> None:
    _allow(NEW)


def downgrade() -> None:
    op.execute("DELETE FROM relationship WHERE type = 'related'")
    _allow(OLD)
