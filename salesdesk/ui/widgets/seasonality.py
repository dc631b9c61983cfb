"""The seasonality profile of a subject as 12 bars (custom-painted) above 12 spin boxes that
edit the weights; the page writes a changed profile through TargetsService."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QDoubleSpinBox, QGridLayout, QLabel, QVBoxLayout, QWidget

BAR_COLOR = QColor(70, 130, 180)
BAR_SELECTED = QColor(31, 78, 121)
AXIS_COLOR = QColor(190, 190, 190)


class SeasonalityBars(QWidget):
    """Twelve bars, January first, scaled to the largest weight; a dashed line marks the
    average month (weight 1 in a profile derived from history)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._weights: list[Decimal] = [Decimal(1)] * 12
        self.setMinimumHeight(90)

    def sizeHint(self) -> QSize:
        return QSize(240, 110)

    def set_weights(self, weights: Sequence[Decimal]) -> None:
        self._weights = list(weights)
        self.update()

    def weights(self) -> list[Decimal]:
        return list(self._weights)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        area = QRectF(self.rect()).adjusted(4, 6, -4, -16)
        top = max((float(w) for w in self._weights), default=1.0) or 1.0
        slot = area.width() / 12
        average = sum((float(w) for w in self._weights), 0.0) / 12
        painter.setPen(QPen(AXIS_COLOR, 1))
        painter.drawLine(area.bottomLeft(), area.bottomRight())
        for month, weight in enumerate(self._weights):
            height = area.height() * float(weight) / top
            bar = QRectF(
                area.left() + month * slot + slot * 0.15,
                area.bottom() - height,
                slot * 0.7,
                height,
            )
            painter.fillRect(bar, BAR_COLOR)
            painter.setPen(self.palette().text().color())
            painter.drawText(
                QRectF(area.left() + month * slot, area.bottom() + 1, slot, 14),
                Qt.AlignmentFlag.AlignCenter,
                str(month + 1),
            )
        if average > 0:
            y = area.bottom() - area.height() * average / top
            pen = QPen(BAR_SELECTED, 1, Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.drawLine(int(area.left()), int(y), int(area.right()), int(y))
        painter.end()


class SeasonalityEditor(QWidget):
    """The bars with a spin box per month; `weights_edited` carries all 12 weights after
    the user changed one (not while the page sets them)."""

    weights_edited = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bars = SeasonalityBars(self)
        self.spins: list[QDoubleSpinBox] = []
        grid = QGridLayout()
        grid.setHorizontalSpacing(2)
        grid.setVerticalSpacing(1)
        for month in range(12):
            label = QLabel(str(month + 1), self)
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            spin = QDoubleSpinBox(self)
            spin.setDecimals(2)
            spin.setRange(0, 99)
            spin.setSingleStep(0.05)
            spin.setButtonSymbols(QDoubleSpinBox.ButtonSymbols.NoButtons)
            spin.setAlignment(Qt.AlignmentFlag.AlignRight)
            spin.setKeyboardTracking(False)
            spin.valueChanged.connect(self._edited)
            self.spins.append(spin)
            row, column = divmod(month, 4)
            grid.addWidget(label, row * 2, column)
            grid.addWidget(spin, row * 2 + 1, column)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.bars)
        layout.addLayout(grid)
        self._setting = False

    def set_weights(self, weights: Sequence[Decimal], *, editable: bool = True) -> None:
        self._setting = True
        try:
            for spin, weight in zip(self.spins, weights, strict=True):
                spin.setValue(float(weight))
                spin.setReadOnly(not editable)
        finally:
            self._setting = False
        self.bars.set_weights(weights)

    def weights(self) -> list[Decimal]:
        return [Decimal(str(round(spin.value(), 3))) for spin in self.spins]

    def _edited(self, _value: float) -> None:
        if self._setting:
            return
        weights = self.weights()
        self.bars.set_weights(weights)
        self.weights_edited.emit(weights)


__all__ = ["SeasonalityBars", "SeasonalityEditor"]
