"""appraisals keep the pay base and employment dates they were confirmed with

A confirmed cycle's scorecards, grades and pay are frozen, but its pay sheet showed the pay
base and the days employed from the staff record as it is now: a raise or a leave date
entered after confirmation changed the sheet's base and days beside an unchanged pay. The
pay base, hire date and leave date are now frozen with the scorecard. Cycles confirmed
before this take them from the staff record as it is at the upgrade (the best there is).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_COLUMNS = ("frozen_pay_base", "frozen_hire_date", "frozen_leave_date")


def upgrade() -> None:
    with op.batch_alter_table("appraisals") as batch:
        batch.add_column(sa.Column("frozen_pay_base", sa.BigInteger(), nullable=True))
        batch.add_column(sa.Column("frozen_hire_date", sa.Date(), nullable=True))
        batch.add_column(sa.Column("frozen_leave_date", sa.Date(), nullable=True))
    appraisals = sa.table(
        "appraisals",
        sa.column("staff_id", sa.Integer()),
        sa.column("scorecard", sa.JSON()),
        *(sa.column(name) for name in _COLUMNS),
    )
    staff = sa.table(
        "staff",
        sa.column("id", sa.Integer()),
        sa.column("pay_base", sa.BigInteger()),
        sa.column("hire_date", sa.Date()),
        sa.column("leave_date", sa.Date()),
    )

    def of_staff(column: str) -> sa.ScalarSelect[object]:
        return (
            sa.select(staff.c[column])
            .where(staff.c.id == appraisals.c.staff_id)
            .scalar_subquery()
        )

    op.execute(
        appraisals.update()
        .where(appraisals.c.scorecard.is_not(None))
        .values(
            frozen_pay_base=of_staff("pay_base"),
            frozen_hire_date=of_staff("hire_date"),
            frozen_leave_date=of_staff("leave_date"),
        )
    )


def downgrade() -> None:
    with op.batch_alter_table("appraisals") as batch:
        for name in reversed(_COLUMNS):
            batch.drop_column(name)
