"""sales lines indexed by customer and date

The new-customer rule asks, for each customer of a period, when they last bought in the
12 months before it. An index on (customer, date) answers that with one seek per customer
instead of a pass over a year of lines; it also serves every lookup by customer alone, so
it replaces the customer index.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_sales_lines_customer_date", "sales_lines", ["customer_id", "line_date"], unique=False
    )
    op.drop_index("ix_sales_lines_customer_id", table_name="sales_lines")


def downgrade() -> None:
    op.create_index("ix_sales_lines_customer_id", "sales_lines", ["customer_id"], unique=False)
    op.drop_index("ix_sales_lines_customer_date", table_name="sales_lines")
