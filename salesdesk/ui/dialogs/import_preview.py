"""The import preview: what a dry run would add, replace and skip, what it would create,
and every error with sheet, row and column — with an Import button that runs it for real.

It knows nothing of a particular import kind: callers hand it an `ImportPreview`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from salesdesk.domain.errors import Problem


@dataclass(frozen=True)
class ImportPreview:
    """What a dry run found, in a shape any import kind can fill."""

    file_name: str
    summary: str
    # (label, count) pairs such as ("Added", 12), shown as a line of figures.
    counts: Sequence[tuple[str, int]] = ()
    # Things the import would create (org unit paths, customers, ...).
    created: Sequence[str] = ()
    # The planned changes as a table: headers and rows of text.
    change_headers: Sequence[str] = ()
    changes: Sequence[Sequence[str]] = ()
    # Errors; with any of them nothing can be imported.
    problems: Sequence[Problem] = field(default_factory=tuple)

    @property
    def can_import(self) -> bool:
        return not self.problems


class ImportPreviewDialog(QDialog):
    """Shows an ImportPreview; `import_requested` fires when the user presses Import."""

    import_requested = Signal()

    def __init__(self, preview: ImportPreview, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importPreviewDialog")
        self.setWindowTitle(self.tr("Import preview — {file}").format(file=preview.file_name))
        self.preview = preview

        self.summary = QLabel(preview.summary, self)
        self.summary.setObjectName("summary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        counts = QHBoxLayout()
        for label, count in preview.counts:
            figure = QLabel(f"<b>{count:,}</b> {label}", self)
            counts.addWidget(figure)
        counts.addStretch(1)

        self.tabs = QTabWidget(self)
        self.changes_view = self._table(preview.change_headers, preview.changes)
        self.changes_view.setObjectName("changesTable")
        self.created_list = QListWidget(self)
        self.created_list.setObjectName("createdList")
        self.created_list.addItems(list(preview.created))
        self.errors_view = self._table(
            [self.tr("Sheet"), self.tr("Row"), self.tr("Column"), self.tr("Problem")],
            [self._problem_row(p) for p in preview.problems],
        )
        self.errors_view.setObjectName("errorsTable")
        if preview.problems:
            self.tabs.addTab(
                self.errors_view, self.tr("Errors ({n})").format(n=len(preview.problems))
            )
        self.tabs.addTab(self.changes_view, self.tr("Changes ({n})").format(n=len(preview.changes)))
        if preview.created:
            self.tabs.addTab(
                self.created_list, self.tr("To be created ({n})").format(n=len(preview.created))
            )

        self.status = QLabel(self)
        self.status.setObjectName("status")
        if preview.problems:
            self.status.setText(
                self.tr("The file has errors; nothing can be imported until they are fixed.")
            )
            self.status.setStyleSheet("color: #b3261e;")

        self.buttons = QDialogButtonBox(self)
        self.import_button = QPushButton(self.tr("Import"), self)
        self.import_button.setObjectName("importButton")
        self.import_button.setEnabled(preview.can_import)
        self.import_button.setDefault(preview.can_import)
        self.buttons.addButton(self.import_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.import_button.clicked.connect(self._import_clicked)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(counts)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.resize(760, 480)

    def set_busy(self, busy: bool) -> None:
        """While the real import runs, the buttons wait."""
        self.import_button.setEnabled(not busy and self.preview.can_import)
        self.buttons.setEnabled(not busy)
        if busy:
            self.status.setText(self.tr("Importing…"))

    def _import_clicked(self) -> None:
        if self.preview.can_import:
            self.import_requested.emit()

    def _problem_row(self, problem: Problem) -> list[str]:
        message = problem.message
        if problem.allowed:
            message = self.tr("{message} (allowed: {allowed})").format(
                message=message, allowed=problem.allowed
            )
        column = problem.column or problem.field or ""
        return [
            problem.sheet or "",
            "" if problem.row is None else str(problem.row),
            column,
            message,
        ]

    def _table(self, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> QTableView:
        model = QStandardItemModel(len(rows), len(headers), self)
        model.setHorizontalHeaderLabels(list(headers))
        for r, values in enumerate(rows):
            for c, value in enumerate(values):
                item = QStandardItem(value)
                item.setEditable(False)
                model.setItem(r, c, item)
        view = QTableView(self)
        view.setModel(model)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setAlternatingRowColors(True)
        view.setWordWrap(False)
        view.verticalHeader().hide()
        view.horizontalHeader().setStretchLastSection(True)
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        return view
