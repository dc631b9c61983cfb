"""cycle figures: the actuals of a cycle's last scoring, kept with the stamp of their data

Scoring a large cycle spends most of its time on the actuals; keeping them with the digest
of the data they came from lets the next session reuse them while the data is unchanged.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "cycle_figures",
        sa.Column("cycle_id", sa.Integer(), nullable=False),
        sa.Column("stamp", sa.String(length=64), nullable=False),
        sa.Column("figures", sa.Text(), nullable=False),
        sa.Column("computed_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["cycle_id"],
            ["cycles.id"],
            name=op.f("fk_cycle_figures_cycle_id_cycles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("cycle_id", name=op.f("pk_cycle_figures")),
    )


def downgrade() -> None:
    op.drop_table("cycle_figures")
