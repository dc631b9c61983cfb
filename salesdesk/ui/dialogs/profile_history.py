"""The "From history…" dialog: choose past years that have sales lines, preview the 12
weights a seasonality profile derived from them would have, then save it under a name and
give it to the selected unit or person."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from salesdesk.domain.errors import UserError
from salesdesk.services.targets import ProfileInfo
from salesdesk.ui.widgets.seasonality import SeasonalityEditor

# Whose sales make the history: the selected unit or person, or the whole company.
SCOPE_SUBJECT = "subject"
SCOPE_COMPANY = "company"

Weights = Callable[[list[int], str], tuple[Decimal, ...]]
Save = Callable[[str, list[int], str], ProfileInfo]


class ProfileHistoryDialog(QDialog):
    """Non-modal (`open()`): Preview shows the weights; Save writes the profile, assigns it
    (through `save`) and closes."""

    saved = Signal(object)

    def __init__(
        self,
        subject_label: str,
        years: Sequence[int],
        weights: Weights,
        save: Save,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("profileHistoryDialog")
        self.setWindowTitle(self.tr("Seasonality from history: {who}").format(who=subject_label))
        self._weights_call = weights
        self._save_call = save
        self.previewed: tuple[Decimal, ...] | None = None
        self._who = subject_label

        self.years = QListWidget(self)
        self.years.setObjectName("historyYears")
        self.years.setMaximumHeight(110)
        for year in sorted(years, reverse=True):
            item = QListWidgetItem(str(year))
            item.setData(Qt.ItemDataRole.UserRole, year)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.years.addItem(item)
        self.scope = QComboBox(self)
        self.scope.setObjectName("historyScope")
        self.scope.addItem(self.tr("Sales of {who}").format(who=subject_label), SCOPE_SUBJECT)
        self.scope.addItem(self.tr("Sales of the whole company"), SCOPE_COMPANY)
        self.name = QLineEdit(self)
        self.name.setObjectName("historyProfileName")
        self.name.setMaxLength(64)
        self._suggested = ""
        self._suggest_name(subject_label)

        form = QFormLayout()
        form.addRow(self.tr("Past years"), self.years)
        form.addRow(self.tr("History of"), self.scope)
        form.addRow(self.tr("Profile name"), self.name)

        self.summary = QLabel(self)
        self.summary.setObjectName("historySummary")
        self.summary.setWordWrap(True)
        self.preview_weights = SeasonalityEditor(self)
        self.preview_weights.setObjectName("historyWeights")
        self.preview_weights.set_weights([Decimal(1)] * 12, editable=False)

        self.preview_button = QPushButton(self.tr("Preview"), self)
        self.preview_button.setObjectName("historyPreview")
        self.preview_button.clicked.connect(self.preview)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(self.tr("Save and assign"))
        self.save_button.setEnabled(False)
        self.save_button.clicked.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.buttons.addButton(self.preview_button, QDialogButtonBox.ButtonRole.ActionRole)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.preview_weights)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)
        self.years.itemChanged.connect(self._choice_changed)
        self.scope.currentIndexChanged.connect(self._choice_changed)
        if not years:
            self._error(self.tr("There are no sales lines yet to derive a profile from."))
            self.preview_button.setEnabled(False)

    def chosen_years(self) -> list[int]:
        return sorted(
            int(self.years.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.years.count())
            if self.years.item(i).checkState() == Qt.CheckState.Checked
        )

    def set_years(self, years: Sequence[int]) -> None:
        """Tick exactly these years."""
        for i in range(self.years.count()):
            item = self.years.item(i)
            wanted = int(item.data(Qt.ItemDataRole.UserRole)) in years
            item.setCheckState(Qt.CheckState.Checked if wanted else Qt.CheckState.Unchecked)

    def _suggest_name(self, who: str) -> None:
        years = self.chosen_years()
        span = f"{years[0]}–{years[-1]}" if len(years) > 1 else "".join(map(str, years))
        suggestion = f"{who} {span}".strip()[:64]
        if not self.name.text() or self.name.text() == self._suggested:
            self.name.setText(suggestion)
        self._suggested = suggestion

    def _choice_changed(self, *_: object) -> None:
        self.previewed = None
        self.save_button.setEnabled(False)
        company = self.scope.currentData() == SCOPE_COMPANY
        self._suggest_name(self.tr("Company") if company else self._who)

    def _error(self, text: str) -> None:
        self.summary.setText(text)
        self.summary.setStyleSheet("color: #c00000;")

    def preview(self) -> tuple[Decimal, ...] | None:
        """Compute and show the 12 weights of the chosen years."""
        try:
            weights = self._weights_call(self.chosen_years(), str(self.scope.currentData()))
        except UserError as exc:
            self._error(str(exc))
            self.save_button.setEnabled(False)
            return None
        self.previewed = weights
        self.preview_weights.set_weights(list(weights), editable=False)
        self.summary.setStyleSheet("")
        self.summary.setText(
            self.tr("Weights: each month's average revenue ÷ the average month ({years})").format(
                years=", ".join(str(y) for y in self.chosen_years())
            )
        )
        self.save_button.setEnabled(True)
        return weights

    def save(self) -> ProfileInfo | None:
        """Save the profile previewed under its name and assign it; closes when done."""
        if self.previewed is None and self.preview() is None:
            return None
        try:
            profile = self._save_call(
                self.name.text(), self.chosen_years(), str(self.scope.currentData())
            )
        except UserError as exc:
            self._error(str(exc))
            return None
        self.saved.emit(profile)
        self.accept()
        return profile


__all__ = ["SCOPE_COMPANY", "SCOPE_SUBJECT", "ProfileHistoryDialog"]
