"""The lines behind a value of the metric view: the sales lines (or receipts) credited to
the person or unit in the period, with each one's credited share and the total."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from salesdesk.domain.decimals import round_half_up
from salesdesk.services.actuals import LineDetail

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def _money(value: Decimal | None) -> str:
    return "" if value is None else f"{round_half_up(value, 2):,.2f}"


class LinesBehindDialog(QDialog):
    """Lists `details` under a heading naming the subject, metric and period. Not modal:
    the user can keep it open beside the grid."""

    def __init__(
        self,
        heading: str,
        details: Sequence[LineDetail],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("linesBehindDialog")
        self.setWindowTitle(self.tr("Lines behind the value"))
        self.details = list(details)
        receipts = bool(self.details) and all(d.kind == "receipt" for d in self.details)

        title = QLabel(heading, self)
        title.setObjectName("heading")
        title.setWordWrap(True)
        title.setStyleSheet("font-weight: 600;")

        if receipts:
            headers = [
                self.tr("Date"),
                self.tr("Receipt"),
                self.tr("Customer"),
                self.tr("Staff"),
                self.tr("Collected"),
                self.tr("Amount due"),
            ]
        else:
            headers = [
                self.tr("Date"),
                self.tr("Order"),
                self.tr("Line"),
                self.tr("Customer"),
                self.tr("Staff"),
                self.tr("Amount"),
                self.tr("Cost"),
                self.tr("Share"),
                self.tr("Credited"),
            ]
        self.model = QStandardItemModel(len(self.details), len(headers), self)
        self.model.setHorizontalHeaderLabels(headers)
        numeric_from = 4 if receipts else 5
        for row, detail in enumerate(self.details):
            staff = f"{detail.staff_code} {detail.staff_name}"
            if receipts:
                cells = [
                    detail.date.isoformat(),
                    detail.order_no,
                    detail.customer,
                    staff,
                    _money(detail.amount),
                    _money(detail.amount_due),
                ]
            else:
                cells = [
                    detail.date.isoformat(),
                    detail.order_no,
                    detail.line_no or "",
                    detail.customer,
                    staff,
                    _money(detail.amount),
                    _money(detail.cost),
                    f"{detail.share.normalize():f}%",
                    _money(detail.credited_amount),
                ]
            for column, text in enumerate(cells):
                item = QStandardItem(text)
                item.setEditable(False)
                if column >= numeric_from:
                    item.setTextAlignment(RIGHT)
                self.model.setItem(row, column, item)

        self.table = QTableView(self)
        self.table.setObjectName("linesTable")
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)

        total = sum((d.credited_amount for d in self.details), Decimal(0))
        if self.details:
            summary = self.tr("{n} line(s); credited total {total}").format(
                n=f"{len(self.details):,}", total=_money(total)
            )
        else:
            summary = self.tr(
                "No lines: the value is entered by hand, or nothing was sold in the period."
            )
        self.summary = QLabel(summary, self)
        self.summary.setObjectName("summary")

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        layout.addWidget(buttons)
        self.resize(860, 460)
