"""The New cycle dialog: pick a scheme (those whose weights do not add up to 100 are shown,
disabled, with what is off — appraisal-rules §5), a period of the scheme's cycle type and a
name (by default `2026-Q1 销售代表季度考核`); the service creates the draft on OK."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from salesdesk.domain.errors import UserError
from salesdesk.domain.org import Role
from salesdesk.domain.periods import Period, PeriodKind, parse_period
from salesdesk.services.cycles import CycleSummary, default_cycle_name
from salesdesk.services.schemes import SchemeSummary
from salesdesk.ui.models.staff_model import role_label

ERROR_STYLE = "color: #b3261e;"
# Why a scheme cannot be chosen (its item at this role in the combo's model).
REASON_ROLE = Qt.ItemDataRole.UserRole + 5
SUGGESTED_PERIODS = 8

CreateCycle = Callable[[str, str, str], CycleSummary]


def cycle_type_label(cycle_type: str) -> str:
    labels = {
        "monthly": QCoreApplication.translate("CycleTypes", "monthly"),
        "quarterly": QCoreApplication.translate("CycleTypes", "quarterly"),
        "annual": QCoreApplication.translate("CycleTypes", "annual"),
    }
    return labels.get(cycle_type, cycle_type)


def _roles_text(roles: Sequence[str]) -> str:
    names = []
    for role in roles:
        try:
            names.append(role_label(Role(role)))
        except ValueError:
            names.append(role)
    return ", ".join(names)


def suggested_periods(cycle_type: str, today: date) -> list[str]:
    """Recent periods of the cycle type, the latest finished one first, then the current
    one and older ones (an appraisal usually follows the period it covers)."""
    month = Period.containing(today)
    if cycle_type == "monthly":
        current = month
    elif cycle_type == "quarterly":
        current = month.quarter_of()
    else:
        current = Period.of_year(today.year)
    periods = [current.previous(), current]
    earlier = current.previous()
    while len(periods) < SUGGESTED_PERIODS:
        earlier = earlier.previous()
        periods.append(earlier)
    return [p.code for p in periods]


class NewCycleDialog(QDialog):
    """Collects scheme, period and name and hands them to `create`, which writes the draft
    cycle or raises a UserError (shown in the dialog, which then stays open)."""

    created = Signal(object)  # the CycleSummary

    def __init__(
        self,
        schemes: Sequence[SchemeSummary],
        create: CreateCycle,
        parent: QWidget | None = None,
        *,
        today: date | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("newCycleDialog")
        self.setWindowTitle(self.tr("New appraisal cycle"))
        self.setMinimumWidth(520)
        self.create_cycle = create
        self.today = today or date.today()
        self.summary: CycleSummary | None = None
        self._name_edited = False
        self._schemes = {s.name: s for s in schemes}

        self.scheme = QComboBox(self)
        self.scheme.setObjectName("newCycleScheme")
        model = QStandardItemModel(self.scheme)
        first_usable = -1
        for position, scheme in enumerate(schemes):
            item = QStandardItem(self._scheme_text(scheme))
            item.setData(scheme.name, Qt.ItemDataRole.UserRole)
            reason = self._unusable_reason(scheme)
            if reason:
                item.setEnabled(False)
                item.setData(reason, REASON_ROLE)
                item.setToolTip(reason)
            elif first_usable < 0:
                first_usable = position
            model.appendRow(item)
        self.scheme.setModel(model)
        self.scheme.setCurrentIndex(first_usable)
        self.scheme_info = QLabel(self)
        self.scheme_info.setObjectName("newCycleSchemeInfo")
        self.scheme_info.setWordWrap(True)
        self.scheme_info.setStyleSheet("color: palette(placeholder-text);")

        self.period = QComboBox(self)
        self.period.setObjectName("newCyclePeriod")
        self.period.setEditable(True)
        self.period.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.name = QLineEdit(self)
        self.name.setObjectName("newCycleName")
        self.name.setMaxLength(128)

        self.error = QLabel(self)
        self.error.setObjectName("newCycleError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setVisible(False)

        form = QFormLayout()
        form.addRow(self.tr("Scheme:"), self.scheme)
        form.addRow("", self.scheme_info)
        form.addRow(self.tr("Period:"), self.period)
        form.addRow(self.tr("Name:"), self.name)
        note = QLabel(
            self.tr(
                "The cycle starts as a draft with the scheme's staff as participants. "
                "Opening it takes a snapshot of the scheme and the targets."
            ),
            self,
        )
        note.setWordWrap(True)
        note.setStyleSheet("color: palette(placeholder-text);")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button().setText(self.tr("Create"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

        self.scheme.currentIndexChanged.connect(self._scheme_changed)
        self.period.currentTextChanged.connect(self._period_changed)
        self.name.textEdited.connect(self._name_typed)
        self._scheme_changed(self.scheme.currentIndex())

    # ---- reading

    def ok_button(self) -> QPushButton:
        button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert button is not None
        return button

    def scheme_name(self) -> str | None:
        data = self.scheme.currentData(Qt.ItemDataRole.UserRole)
        return None if data is None else str(data)

    def is_enabled(self, scheme: str) -> bool:
        """Whether `scheme` can be picked (tests look at the list)."""
        model = self.scheme.model()
        assert isinstance(model, QStandardItemModel)
        for row in range(model.rowCount()):
            item = model.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == scheme:
                return item.isEnabled()
        raise KeyError(scheme)

    def disabled_reason(self, scheme: str) -> str:
        model = self.scheme.model()
        assert isinstance(model, QStandardItemModel)
        for row in range(model.rowCount()):
            item = model.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == scheme:
                return str(item.data(REASON_ROLE) or "")
        raise KeyError(scheme)

    # ---- building the texts

    def _scheme_text(self, scheme: SchemeSummary) -> str:
        reason = self._unusable_reason(scheme)
        return f"{scheme.name}  ({reason})" if reason else scheme.name

    def _unusable_reason(self, scheme: SchemeSummary) -> str:
        if scheme.weights_ok:
            return ""
        total = scheme.weight_total.normalize()
        off = abs(scheme.weight_total - 100).normalize()
        if scheme.weight_total < 100:
            return self.tr("weights add up to {total}, {off} short of 100").format(
                total=f"{total:f}", off=f"{off:f}"
            )
        return self.tr("weights add up to {total}, {off} over 100").format(
            total=f"{total:f}", off=f"{off:f}"
        )

    # ---- reacting

    def _scheme_changed(self, _index: int) -> None:
        name = self.scheme_name()
        scheme = self._schemes.get(name or "")
        self.period.blockSignals(True)
        self.period.clear()
        if scheme is None:
            self.scheme_info.setText(self.tr("No scheme adds up to 100 yet."))
            self.ok_button().setEnabled(False)
            self.period.blockSignals(False)
            return
        self.ok_button().setEnabled(True)
        self.scheme_info.setText(
            self.tr("{type} · for {roles} · {items} items").format(
                type=cycle_type_label(scheme.cycle_type),
                roles=_roles_text(scheme.roles),
                items=scheme.item_count,
            )
        )
        for code in suggested_periods(scheme.cycle_type, self.today):
            self.period.addItem(code)
        self.period.setCurrentIndex(0)
        self.period.blockSignals(False)
        self._period_changed(self.period.currentText())

    def _period_changed(self, _text: str) -> None:
        self.error.setVisible(False)
        if not self._name_edited:
            self.name.setText(self.default_name())

    def _name_typed(self, text: str) -> None:
        # Cleared by hand: follow the scheme and period again.
        self._name_edited = bool(text.strip())

    def default_name(self) -> str:
        scheme = self.scheme_name()
        period = self.period.currentText().strip()
        if not scheme or not period:
            return ""
        try:
            code = parse_period(period).code
        except (UserError, ValueError):
            code = period
        return default_cycle_name(scheme, code)

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(True)

    def accept(self) -> None:
        scheme = self.scheme_name()
        if scheme is None:
            return
        period = self.period.currentText().strip()
        try:
            parsed = parse_period(period)
        except (UserError, ValueError):
            self.show_error(
                self.tr("{period} is not a period; write it like {example}").format(
                    period=period or "…", example=self._example()
                )
            )
            return
        try:
            self.summary = self.create_cycle(scheme, parsed.code, self.name.text().strip())
        except UserError as exc:
            self.show_error(str(exc))
            return
        self.created.emit(self.summary)
        super().accept()

    def _example(self) -> str:
        scheme = self._schemes.get(self.scheme_name() or "")
        kind = {"monthly": PeriodKind.MONTH, "annual": PeriodKind.YEAR}.get(
            "" if scheme is None else scheme.cycle_type, PeriodKind.QUARTER
        )
        return {PeriodKind.MONTH: "2026-03", PeriodKind.YEAR: "2026"}.get(kind, "2026-Q1")


__all__ = ["NewCycleDialog", "cycle_type_label", "suggested_periods"]
