"""The Add person dialog: the fields of a new staff member, checked by the service on OK;
a refused value is shown next to its field with what is allowed, and nothing is written."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from salesdesk.domain.errors import UserError, ValidationError
from salesdesk.domain.org import Role
from salesdesk.services.staff import NewStaff, StaffRow, UnitNode
from salesdesk.ui.delegates import (
    DATE_FORMAT,
    combo_index_of,
    combo_value,
    money_validator,
    parse_date_value,
    parse_money_value,
)
from salesdesk.ui.models.staff_model import manager_label, role_label

ERROR_STYLE = "color: #b3261e;"
FIELD_ERROR_STYLE = "border: 1px solid #b3261e;"


class AddStaffDialog(QDialog):
    """Collects a NewStaff and hands it to `submit`, which writes it or raises a
    ValidationError; the dialog closes only when `submit` succeeded."""

    def __init__(
        self,
        units: Sequence[UnitNode],
        managers: Sequence[StaffRow],
        submit: Callable[[NewStaff], StaffRow],
        parent: QWidget | None = None,
        *,
        unit_id: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("addStaffDialog")
        self.setWindowTitle(self.tr("Add person"))
        self.submit = submit
        self.created: StaffRow | None = None

        self.code = QLineEdit(self)
        self.code.setObjectName("code")
        self.code.setPlaceholderText("S0012")
        self.name = QLineEdit(self)
        self.name.setObjectName("name")
        self.role = QComboBox(self)
        self.role.setObjectName("role")
        for role in Role:
            self.role.addItem(role_label(role), role.value)
        self.unit = QComboBox(self)
        self.unit.setObjectName("unit")
        for node in units:
            self.unit.addItem(node.path, node.id)
        if unit_id is not None:
            self.unit.setCurrentIndex(max(combo_index_of(self.unit, unit_id), 0))
        self.manager = QComboBox(self)
        self.manager.setObjectName("manager")
        self.manager.setEditable(True)
        self.manager.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.manager.addItem("", None)
        for person in managers:
            self.manager.addItem(manager_label(person.code, person.name), person.id)
        completer = self.manager.completer()
        if completer is not None:
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.hire_date = QDateEdit(QDate.currentDate(), self)
        self.hire_date.setObjectName("hireDate")
        self.hire_date.setDisplayFormat(DATE_FORMAT)
        self.hire_date.setCalendarPopup(True)
        self.pay_base = QLineEdit(self)
        self.pay_base.setObjectName("payBase")
        self.pay_base.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.pay_base.setPlaceholderText("3,000.00")
        self.pay_base.setValidator(money_validator(self.pay_base))

        self.error = QLabel(self)
        self.error.setObjectName("error")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.hide()

        form = QFormLayout()
        form.addRow(self.tr("Code"), self.code)
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Role"), self.role)
        form.addRow(self.tr("Unit"), self.unit)
        form.addRow(self.tr("Manager"), self.manager)
        form.addRow(self.tr("Hire date"), self.hire_date)
        form.addRow(self.tr("Pay base"), self.pay_base)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Add"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(380)
        self._fields: dict[str, QWidget] = {
            "code": self.code,
            "name": self.name,
            "role": self.role,
            "unit_id": self.unit,
            "unit": self.unit,
            "manager_id": self.manager,
            "manager": self.manager,
            "hire_date": self.hire_date,
            "pay_base": self.pay_base,
        }

    # ---- reading the form

    def new_staff(self) -> NewStaff:
        """The form as a NewStaff; raises ValidationError for values it cannot read."""
        unit_id = self.unit.currentData()
        if unit_id is None:
            raise ValidationError.single(
                self.tr("unit is required"), field="unit_id", allowed=self.tr("an existing unit")
            )
        manager = combo_value(self.manager, allow_empty=True)
        if manager is not None and not isinstance(manager, int):
            raise ValidationError.single(
                self.tr("no such staff member: {v}").format(v=manager),
                field="manager_id",
                allowed=self.tr("pick a person from the list, or leave empty"),
            )
        try:
            pay_base = parse_money_value(self.pay_base.text())
        except ValidationError as exc:
            raise ValidationError.single(
                exc.message, field="pay_base", allowed=exc.problems[0].allowed
            ) from None
        hire = parse_date_value(self.hire_date.date()) or date.today()
        return NewStaff(
            code=self.code.text(),
            name=self.name.text(),
            role=Role(self.role.currentData()),
            unit_id=int(unit_id),
            hire_date=hire,
            manager_id=manager,
            pay_base=pay_base if pay_base is not None else Decimal("0"),
        )

    # ---- submitting

    def accept(self) -> None:
        """Write through `submit`; on refusal show why beside the field and stay open."""
        self._clear_error()
        try:
            self.created = self.submit(self.new_staff())
        except UserError as exc:
            self.show_error(exc)
            return
        super().accept()

    def show_error(self, exc: UserError) -> None:
        field = exc.problems[0].field if exc.problems else None
        self.error.setText(str(exc))
        self.error.show()
        widget = self._fields.get(field or "")
        if widget is not None:
            widget.setStyleSheet(FIELD_ERROR_STYLE)
            widget.setFocus()

    def error_text(self) -> str:
        return self.error.text() if self.error.isVisible() or self.error.text() else ""

    def _clear_error(self) -> None:
        self.error.clear()
        self.error.hide()
        for widget in self._fields.values():
            widget.setStyleSheet("")
