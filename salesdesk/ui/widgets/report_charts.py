"""The Reports page's charts (QtCharts): the grade distribution against the quotas, the
mean total per org unit, and a metric's target against its actual per month.

The charts only draw what they are given — the numbers of `salesdesk score --json` and of
the actuals service — and keep it, unrounded, for `values()` (tests read it)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from PySide6.QtCharts import (
    QAbstractBarSeries,
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QCursor, QFont, QPainter
from PySide6.QtWidgets import QToolTip, QWidget

from salesdesk.domain.metrics import MetricUnit
from salesdesk.ui.models.manual_metrics_model import format_value
from salesdesk.ui.widgets.grade_chart import FINAL_COLOUR, QUOTA_COLOUR

UNIT_COLOUR = QColor("#2e8b57")
TARGET_COLOUR = QColor("#b0b7c0")
ACTUAL_COLOUR = QColor("#1f5fa8")
# Money is charted in units of 10,000 (万元): a month's revenue of a region has 7 digits.
MONEY_SCALE = Decimal(10_000)
OUTSIDE_END = QAbstractBarSeries.LabelsPosition.LabelsOutsideEnd
# Bar labels stay readable up to this many categories; beyond, the tooltip tells.
MAX_LABELLED_BARS = 12


@dataclass(frozen=True)
class UnitTotal:
    """One org unit's bar: the mean total of its participants who have a total."""

    path: str
    label: str
    headcount: int
    mean: Decimal


def _new_chart() -> QChart:
    chart = QChart()
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.setMargins(QMargins(4, 4, 4, 4))
    chart.setBackgroundRoundness(0)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    font = QFont(chart.titleFont())
    font.setBold(True)
    font.setPointSizeF(max(font.pointSizeF(), 9.0) * 1.1)
    chart.setTitleFont(font)
    return chart


def _clear(chart: QChart) -> None:
    chart.removeAllSeries()
    for axis in chart.axes():
        chart.removeAxis(axis)  # hands the axis back without deleting it
        axis.deleteLater()


def _bar_set(label: str, colour: QColor) -> QBarSet:
    bar_set = QBarSet(label)
    bar_set.setColor(colour)
    bar_set.setBorderColor(colour.darker(115))
    bar_set.setLabelColor(QColor("#333333"))
    return bar_set


def _show_labels(
    series: QAbstractBarSeries,
    precision: int,
    position: QAbstractBarSeries.LabelsPosition = OUTSIDE_END,
) -> None:
    """Values on the bars; `precision` counts significant digits (QtCharts writes the
    value with %g: too few turn 12 into 1e+01)."""
    series.setLabelsVisible(True)
    series.setLabelsFormat("@value")
    series.setLabelsPrecision(precision)
    series.setLabelsPosition(position)


def _tick_interval(top: int) -> int:
    """Whole-number ticks, at most about eight of them."""
    for step in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000):
        if top / step <= 8:
            return step
    return max(1, top // 5)


def _show_tip(text: str) -> None:
    QToolTip.showText(QCursor.pos(), text)


class _ChartView(QChartView):
    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumSize(200, 120)
        self._chart = _new_chart()
        self.setChart(self._chart)

    def title(self) -> str:
        return self._chart.title()

    def axis_titles(self) -> list[str]:
        return [axis.titleText() for axis in self._chart.axes()]

    def legend_labels(self) -> list[str]:
        return [marker.label() for marker in self._chart.legend().markers()]

    def categories(self) -> list[str]:
        for axis in self._chart.axes():
            if isinstance(axis, QBarCategoryAxis):
                return list(axis.categories())
        return []


class GradeDistributionChart(_ChartView):
    """Per grade (S … D) the quota beside the final number of people, from
    `CycleResults.distribution` (`grades[].quota` and `count_final`)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("gradeDistributionChart", parent)
        self._grades: list[dict[str, Any]] = []
        self.set_distribution(None)

    def set_distribution(self, distribution: dict[str, Any] | None) -> None:
        """Draw the distribution summary (None: an empty chart)."""
        self._grades = [dict(g) for g in (distribution or {}).get("grades", [])]
        chart = self._chart
        _clear(chart)
        headcount = (distribution or {}).get("headcount")
        if headcount is None:
            chart.setTitle(self.tr("Grade distribution"))
        else:
            chart.setTitle(self.tr("Grade distribution ({count} people)").format(count=headcount))
        quota = _bar_set(self.tr("Quota"), QUOTA_COLOUR)
        final = _bar_set(self.tr("Final"), FINAL_COLOUR)
        highest = 1
        for grade in self._grades:
            for bar_set, key in ((quota, "quota"), (final, "count_final")):
                value = int(grade.get(key) or 0)
                highest = max(highest, value)
                bar_set.append(value)
        quota.hovered.connect(lambda on, i: self._tip(on, i))
        final.hovered.connect(lambda on, i: self._tip(on, i))
        series = QBarSeries()
        series.append(quota)
        series.append(final)
        _show_labels(series, 6)
        chart.addSeries(series)
        categories = QBarCategoryAxis()
        categories.append([str(g.get("grade", "")) for g in self._grades] or [""])
        categories.setTitleText(self.tr("Grade"))
        chart.addAxis(categories, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(categories)
        counts = QValueAxis()
        # Room above the highest bar for its label, up to a whole tick.
        needed = highest * 1.12 + 1
        step = _tick_interval(math.ceil(needed))
        counts.setRange(0, math.ceil(needed / step) * step)
        counts.setTickType(QValueAxis.TickType.TicksDynamic)
        counts.setTickAnchor(0)
        counts.setTickInterval(step)
        counts.setLabelFormat("%d")
        counts.setTitleText(self.tr("People"))
        chart.addAxis(counts, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(counts)

    def _tip(self, on: bool, index: int) -> None:
        if not on or not 0 <= index < len(self._grades):
            QToolTip.hideText()
            return
        grade = self._grades[index]
        _show_tip(
            self.tr("{grade}: quota {quota} ({share}%), final {final}").format(
                grade=grade.get("grade", ""),
                quota=grade.get("quota", 0),
                share=grade.get("share", ""),
                final=grade.get("count_final", 0),
            )
        )

    def values(self) -> dict[str, list[int]]:
        """What the bars show: {"quota": [...], "final": [...]}, one value per grade."""
        return {
            "quota": [int(g.get("quota") or 0) for g in self._grades],
            "final": [int(g.get("count_final") or 0) for g in self._grades],
        }

    def bar_values(self) -> list[list[float]]:
        """The values of the drawn bar sets (quota first), as QtCharts holds them."""
        shown: list[list[float]] = []
        for series in self._chart.series():
            if isinstance(series, QBarSeries):
                for bar_set in series.barSets():
                    shown.append([bar_set.at(i) for i in range(bar_set.count())])
        return shown

    def grades(self) -> list[str]:
        return [str(g.get("grade", "")) for g in self._grades]


class UnitTotalsChart(_ChartView):
    """The mean total of each org unit's participants as horizontal bars; the label holds
    the unit and its headcount."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("unitTotalsChart", parent)
        self._units: list[UnitTotal] = []
        self.set_units([])

    def set_units(self, units: Sequence[UnitTotal], overall: Decimal | None = None) -> None:
        self._units = list(units)
        chart = self._chart
        _clear(chart)
        if overall is None:
            chart.setTitle(self.tr("Mean total by unit"))
        else:
            chart.setTitle(
                self.tr("Mean total by unit (everybody: {mean})").format(mean=f"{overall:.2f}")
            )
        bar_set = _bar_set(self.tr("Mean total"), UNIT_COLOUR)
        bar_set.setLabelColor(QColor("white"))
        # A horizontal bar chart draws its first category at the bottom: the list reads
        # top-down in org order when it is given reversed.
        shown = list(reversed(self._units))
        for unit in shown:
            bar_set.append(float(unit.mean))
        bar_set.hovered.connect(lambda on, i: self._tip(on, len(self._units) - 1 - i))
        series = QHorizontalBarSeries()
        series.append(bar_set)
        series.setBarWidth(0.6)
        _show_labels(series, 4, QAbstractBarSeries.LabelsPosition.LabelsInsideEnd)
        chart.addSeries(series)
        categories = QBarCategoryAxis()
        categories.append(
            [self.tr("{unit} ({count})").format(unit=u.label, count=u.headcount) for u in shown]
            or [""]
        )
        categories.setTitleText(self.tr("Unit (people)"))
        chart.addAxis(categories, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(categories)
        scores = QValueAxis()
        highest = max((float(u.mean) for u in self._units), default=100.0)
        scores.setRange(0, max(100.0, highest * 1.08))
        scores.setTickType(QValueAxis.TickType.TicksDynamic)
        scores.setTickAnchor(0)
        scores.setTickInterval(20)
        scores.setLabelFormat("%d")
        scores.setTitleText(self.tr("Mean total (points)"))
        chart.addAxis(scores, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(scores)

    def _tip(self, on: bool, index: int) -> None:
        if not on or not 0 <= index < len(self._units):
            QToolTip.hideText()
            return
        unit = self._units[index]
        _show_tip(
            self.tr("{unit}: mean total {mean} over {count} people").format(
                unit=unit.path, mean=f"{unit.mean:.2f}", count=unit.headcount
            )
        )

    def values(self) -> list[UnitTotal]:
        """The units as drawn, top to bottom."""
        return list(self._units)

    def bar_values(self) -> list[float]:
        """The drawn bars, top to bottom, as QtCharts holds them."""
        for series in self._chart.series():
            if isinstance(series, QHorizontalBarSeries):
                bar_set = series.barSets()[0]
                return [bar_set.at(i) for i in reversed(range(bar_set.count()))]
        return []


class MonthlyTargetChart(_ChartView):
    """A metric's target beside its actual for each month of the period (one org unit)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("monthlyTargetChart", parent)
        self._months: list[str] = []
        self._targets: list[Decimal | None] = []
        self._actuals: list[Decimal | None] = []
        self._unit = MetricUnit.COUNT
        self.set_figures([], [], [], "", "", MetricUnit.COUNT)

    def set_figures(
        self,
        months: Sequence[str],
        targets: Sequence[Decimal | None],
        actuals: Sequence[Decimal | None],
        metric_name: str,
        subject: str,
        unit: MetricUnit,
    ) -> None:
        """Draw `targets` and `actuals` (None: no value) per month label of `months`."""
        self._months = list(months)
        self._targets = list(targets)
        self._actuals = list(actuals)
        self._unit = unit
        chart = self._chart
        _clear(chart)
        if metric_name:
            chart.setTitle(
                self.tr("{metric}: target and actual per month — {subject}").format(
                    metric=metric_name, subject=subject
                )
                if subject
                else self.tr("{metric}: target and actual per month").format(metric=metric_name)
            )
        else:
            chart.setTitle(self.tr("Target and actual per month"))
        target_set = _bar_set(self.tr("Target"), TARGET_COLOUR)
        actual_set = _bar_set(self.tr("Actual"), ACTUAL_COLOUR)
        highest = 0.0
        for bar_set, values in ((target_set, self._targets), (actual_set, self._actuals)):
            for value in values:
                shown = self._scaled(value)
                highest = max(highest, shown)
                bar_set.append(shown)
            bar_set.hovered.connect(lambda on, i: self._tip(on, i))
        series = QBarSeries()
        series.append(target_set)
        series.append(actual_set)
        if 0 < len(self._months) * 2 <= MAX_LABELLED_BARS:
            _show_labels(series, self._label_precision(highest))
        chart.addSeries(series)
        categories = QBarCategoryAxis()
        categories.append(self._months or [""])
        categories.setTitleText(self.tr("Month"))
        chart.addAxis(categories, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(categories)
        axis = QValueAxis()
        axis.setRange(0, highest * 1.12 if highest > 0 else 1.0)
        axis.applyNiceNumbers()
        axis.setLabelFormat("%.0f" if highest >= 10 or highest == 0 else "%.1f")
        axis.setTitleText(self._axis_title(metric_name))
        chart.addAxis(axis, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(axis)

    def _scaled(self, value: Decimal | None) -> float:
        """A value in the axis's unit: money in 10,000s, percent as a percentage."""
        if value is None:
            return 0.0
        if self._unit is MetricUnit.MONEY:
            return float(value / MONEY_SCALE)
        if self._unit is MetricUnit.PERCENT:
            return float(value * 100)
        return float(value)

    @staticmethod
    def _label_precision(highest: float) -> int:
        # Significant digits (QtCharts' label precision): one decimal on a 7-digit bar.
        return max(3, len(str(int(highest))) + 1)

    def _axis_title(self, metric_name: str) -> str:
        name = metric_name or self.tr("Value")
        if self._unit is MetricUnit.MONEY:
            return self.tr("{metric} (10,000 yuan)").format(metric=name)
        if self._unit is MetricUnit.PERCENT:
            return self.tr("{metric} (%)").format(metric=name)
        return name

    def _tip(self, on: bool, index: int) -> None:
        if not on or not 0 <= index < len(self._months):
            QToolTip.hideText()
            return
        target = self._targets[index] if index < len(self._targets) else None
        actual = self._actuals[index] if index < len(self._actuals) else None
        none = self.tr("none")
        _show_tip(
            self.tr("{month}: target {target}, actual {actual}").format(
                month=self._months[index],
                target=format_value(self._unit, target) or none,
                actual=format_value(self._unit, actual) or none,
            )
        )

    def values(self) -> dict[str, list[Decimal | None]]:
        """The figures drawn, unscaled: {"target": [...], "actual": [...]} per month."""
        return {"target": list(self._targets), "actual": list(self._actuals)}

    def bar_values(self) -> list[list[float]]:
        """The drawn bar sets (target first) in the axis's unit."""
        shown: list[list[float]] = []
        for series in self._chart.series():
            if isinstance(series, QBarSeries):
                for bar_set in series.barSets():
                    shown.append([bar_set.at(i) for i in range(bar_set.count())])
        return shown

    def months(self) -> list[str]:
        return list(self._months)


__all__ = ["GradeDistributionChart", "MonthlyTargetChart", "UnitTotal", "UnitTotalsChart"]
