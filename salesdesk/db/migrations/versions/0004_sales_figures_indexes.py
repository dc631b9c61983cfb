"""sales lines, credits and receipts indexed for reading a period's figures

Scoring and the actuals read every line of a period with its credits, and for the
new-customer rule each customer's last line before it. With the columns they read in
the indexes, a period's lines come from the (date, …) index alone and their credits from
the (line, …) index, without visiting the table rows (half the time of reading a quarter
at 10,000 staff), and its receipts from a (date, …) index instead of a pass over all of
them; the (customer, date) index gives a customer's last line with one seek
instead of a pass over a year of lines. The wider indexes replace the date index and the
customer index they cover.

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

_LINE_FIGURES = ["line_date", "id", "customer_id", "amount", "cost", "order_no"]
_CREDIT_FIGURES = ["sales_line_id", "staff_id", "share"]
_RECEIPT_FIGURES = ["receipt_date", "staff_id", "amount", "amount_due", "customer_id"]


def upgrade() -> None:
    op.create_index("ix_sales_lines_date_figures", "sales_lines", _LINE_FIGURES)
    op.drop_index("ix_sales_lines_date", table_name="sales_lines")
    op.create_index("ix_sales_lines_customer_date", "sales_lines", ["customer_id", "line_date"])
    op.drop_index("ix_sales_lines_customer_id", table_name="sales_lines")
    op.create_index("ix_sales_credits_line_figures", "sales_credits", _CREDIT_FIGURES)
    op.create_index("ix_receipts_date_figures", "receipts", _RECEIPT_FIGURES)


def downgrade() -> None:
    op.drop_index("ix_receipts_date_figures", table_name="receipts")
    op.drop_index("ix_sales_credits_line_figures", table_name="sales_credits")
    op.create_index("ix_sales_lines_customer_id", "sales_lines", ["customer_id"])
    op.drop_index("ix_sales_lines_customer_date", table_name="sales_lines")
    op.create_index("ix_sales_lines_date", "sales_lines", ["line_date"])
    op.drop_index("ix_sales_lines_date_figures", table_name="sales_lines")
