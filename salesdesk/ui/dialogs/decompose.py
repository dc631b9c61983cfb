"""The Decompose dialog: allocate a unit's target to its people and its sub-units (evenly,
by past share or by hand) and split each part into months by seasonality (each member's
own profile, even, or one saved profile) — previewed before it writes."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from decimal import Decimal

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from salesdesk.domain.decimals import parse_decimal
from salesdesk.domain.errors import UserError
from salesdesk.services.targets import (
    AllocationMethod,
    DecomposePreview,
    DecomposeRequest,
    MetricInfo,
    ProfileInfo,
    SeasonalityChoice,
    Subject,
    SubjectKind,
    TargetChange,
)
from salesdesk.ui.models.targets_model import format_value

Preview = Callable[[DecomposeRequest], DecomposePreview]
Apply = Callable[[DecomposeRequest], list[TargetChange]]


class DecomposeDialog(QDialog):
    """Non-modal (`open()`): Preview fills the before/after table; Apply writes (one undo
    step on the page) and closes."""

    applied = Signal(list)

    def __init__(
        self,
        unit_id: int,
        unit_path: str,
        year: int,
        metric: MetricInfo,
        dimension: tuple[str, int] | None,
        preview: Preview,
        apply: Apply,
        parent: QWidget | None = None,
        profiles: Sequence[ProfileInfo] = (),
    ) -> None:
        super().__init__(parent)
        self.setObjectName("decomposeDialog")
        self.setWindowTitle(self.tr("Decompose {unit}").format(unit=unit_path))
        self.unit_id = unit_id
        self.year = year
        self.metric_info = metric
        self.dimension = dimension
        self._preview_call = preview
        self._apply_call = apply
        self.last_preview: DecomposePreview | None = None

        self.method = QComboBox(self)
        self.method.setObjectName("decomposeMethod")
        self.method.addItem(self.tr("Evenly"), AllocationMethod.EVEN.value)
        self.method.addItem(self.tr("By share of a past actual"), AllocationMethod.SHARE.value)
        self.method.addItem(self.tr("By hand"), AllocationMethod.HAND.value)
        self.period = QComboBox(self)
        self.period.setObjectName("decomposePeriod")
        self.period.addItem(self.tr("Year {y}").format(y=year), str(year))
        for quarter in range(1, 5):
            self.period.addItem(f"{year}-Q{quarter}", f"{year}-Q{quarter}")
        self.share_period = QLineEdit(str(year - 1), self)
        self.share_period.setObjectName("decomposeSharePeriod")
        self.share_period.setToolTip(self.tr("A past period such as 2025 or 2025-Q4"))
        self.sub_units = QCheckBox(self.tr("Sub-units take a share each"), self)
        self.sub_units.setObjectName("decomposeSubUnits")
        self.sub_units.setChecked(True)
        self.sub_units.setToolTip(
            self.tr(
                "Allocate to the people directly in the unit and to each sub-unit as one "
                "share (by past share: the sum of its members' past actuals)"
            )
        )
        self.profile = QComboBox(self)
        self.profile.setObjectName("decomposeProfile")
        self.profile.addItem(self.tr("Each member's own profile"), SeasonalityChoice.OWN.value)
        self.profile.addItem(self.tr("Even"), SeasonalityChoice.EVEN.value)
        for info in profiles:
            self.profile.addItem(info.name, info.id)

        form = QFormLayout()
        form.addRow(self.tr("Method"), self.method)
        form.addRow(self.tr("Period"), self.period)
        form.addRow(self.tr("Past period (by share)"), self.share_period)
        form.addRow(self.tr("Members"), self.sub_units)
        form.addRow(self.tr("Months by"), self.profile)

        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.table = QTableWidget(0, 5, self)
        self.table.setObjectName("decomposeTable")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Code"),
                self.tr("Name"),
                self.tr("Before"),
                self.tr("After"),
                self.tr("Change"),
            ]
        )
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)

        self.preview_button = QPushButton(self.tr("Preview"), self)
        self.preview_button.setObjectName("decomposePreview")
        self.preview_button.clicked.connect(self.preview)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Apply | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.apply_button = self.buttons.button(QDialogButtonBox.StandardButton.Apply)
        self.apply_button.setEnabled(False)
        self.apply_button.clicked.connect(self.apply)
        self.buttons.rejected.connect(self.reject)
        self.buttons.addButton(self.preview_button, QDialogButtonBox.ButtonRole.ActionRole)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.buttons)
        self.resize(620, 460)
        self.method.currentIndexChanged.connect(self._method_changed)
        for changed in (self.period.currentIndexChanged, self.profile.currentIndexChanged):
            changed.connect(self._invalidate)
        self.sub_units.toggled.connect(self._invalidate)
        self.share_period.textEdited.connect(self._invalidate)
        self._method_changed()

    def _method_changed(self, *_: object) -> None:
        self.share_period.setEnabled(self.method.currentData() == AllocationMethod.SHARE.value)
        self._invalidate()

    def _invalidate(self, *_: object) -> None:
        """A changed choice needs a new preview before anything is written."""
        self.apply_button.setEnabled(False)

    def request(self) -> DecomposeRequest:
        method = AllocationMethod(self.method.currentData())
        by_hand: dict[Subject | int, Decimal] = {}
        if method is AllocationMethod.HAND and self.last_preview is not None:
            for row, line in enumerate(self.last_preview.lines):
                item = self.table.item(row, 3)
                text = item.text() if item is not None else ""
                try:
                    by_hand[line.subject] = parse_decimal(text) if text.strip() else Decimal(0)
                except ValueError:
                    by_hand[line.subject] = Decimal(-1)
        chosen = self.profile.currentData()
        seasonality, profile_id = SeasonalityChoice.OWN, None
        if isinstance(chosen, int):
            seasonality, profile_id = SeasonalityChoice.PROFILE, chosen
        elif chosen is not None:
            seasonality = SeasonalityChoice(chosen)
        return DecomposeRequest(
            year=self.year,
            metric_code=self.metric_info.code,
            unit_id=self.unit_id,
            method=method,
            period=str(self.period.currentData()),
            dimension=self.dimension,
            share_period=self.share_period.text().strip() or None,
            by_hand=by_hand,
            profile_id=profile_id,
            to_sub_units=self.sub_units.isChecked(),
            seasonality=seasonality,
        )

    def preview(self) -> DecomposePreview | None:
        """Compute the allocation and show every member before → after."""
        request = self.request()
        if request.method is AllocationMethod.HAND and not request.by_hand:
            # First show the members (evenly) so their parts can be typed over.
            request = replace(request, method=AllocationMethod.EVEN)
        try:
            result = self._preview_call(request)
        except UserError as exc:
            self.summary.setText(str(exc))
            self.summary.setStyleSheet("color: #c00000;")
            self.apply_button.setEnabled(False)
            return None
        self.last_preview = result
        self._show(result)
        self.apply_button.setEnabled(True)
        return result

    def _show(self, result: DecomposePreview) -> None:
        metric = self.metric_info
        self.summary.setStyleSheet("")
        units = sum(1 for line in result.lines if line.subject.kind is SubjectKind.UNIT)
        text = self.tr("{total} of {period} to {n} member(s)").format(
            total=format_value(result.total, metric), period=result.period, n=len(result.lines)
        )
        if units:
            text += " " + self.tr("({n} of them sub-units)").format(n=units)
        if result.fell_back_to_even:
            text += " — " + self.tr("no past actuals to go by: split evenly")
        self.summary.setText(text)
        self.table.setRowCount(len(result.lines))
        editable = self.method.currentData() == AllocationMethod.HAND.value
        for row, line in enumerate(result.lines):
            change = line.after_total - (line.before_total or Decimal(0))
            cells = [
                line.code,
                line.name,
                format_value(line.before_total, metric),
                format_value(line.after_total, metric),
                format_value(change, metric),
            ]
            for column, value in enumerate(cells):
                item = QTableWidgetItem(value)
                if column >= 2:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if not (editable and column == 3):
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                if line.subject.kind is SubjectKind.UNIT:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.table.setItem(row, column, item)

    def apply(self) -> list[TargetChange] | None:
        """Write the allocation previewed (recomputed from the same request)."""
        if self.last_preview is None and self.preview() is None:
            return None
        try:
            changes = self._apply_call(self.request())
        except UserError as exc:
            self.summary.setText(str(exc))
            self.summary.setStyleSheet("color: #c00000;")
            return None
        self.applied.emit(changes)
        self.accept()
        return changes


__all__ = ["DecomposeDialog"]
