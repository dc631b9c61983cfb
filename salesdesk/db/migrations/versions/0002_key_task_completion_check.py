"""key task completion check in stored hundredths

Completion is stored as Points (hundredths), so 100 % is 10000; the first schema
compared the stored integer with 100 and refused every completion above 1 %.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("key_tasks", schema=None) as batch_op:
        batch_op.drop_constraint("completion_range", type_="check")
        batch_op.create_check_constraint(
            "completion_range_hundredths",
            "completion IS NULL OR (completion >= 0 AND completion <= 10000)",
        )


def downgrade() -> None:
    with op.batch_alter_table("key_tasks", schema=None) as batch_op:
        batch_op.drop_constraint("completion_range_hundredths", type_="check")
        batch_op.create_check_constraint(
            "completion_range",
            "completion IS NULL OR (completion >= 0 AND completion <= 100)",
        )
