"""A bar chart of a cycle's grade distribution (appraisal-rules §7): per grade the quota
beside the number of people by band and the final number after calibration."""

from __future__ import annotations

from typing import Any

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QWidget

QUOTA_COLOUR = QColor("#b0b7c0")
BAND_COLOUR = QColor("#8fb8e6")
FINAL_COLOUR = QColor("#1f5fa8")


class GradeChart(QChartView):
    """Quota, count by band and final count per grade, from `CycleResults.distribution`
    (`grades[].quota`, `count_before`, `count_final`)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("gradeChart")
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumSize(160, 100)
        self._chart = QChart()
        self._chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        self._chart.setMargins(QMargins(4, 4, 4, 4))
        self._chart.setBackgroundRoundness(0)
        self._chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self.setChart(self._chart)
        self._grades: list[dict[str, Any]] = []
        self.set_distribution(None)

    def set_distribution(self, distribution: dict[str, Any] | None) -> None:
        """Draw the distribution summary (None: an empty chart)."""
        self._grades = [dict(g) for g in (distribution or {}).get("grades", [])]
        chart = self._chart
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)  # hands the axis back without deleting it
            axis.deleteLater()
        series = QBarSeries()
        sets = (
            (self.tr("Quota"), "quota", QUOTA_COLOUR),
            (self.tr("By band"), "count_before", BAND_COLOUR),
            (self.tr("Final"), "count_final", FINAL_COLOUR),
        )
        highest = 1
        for label, key, colour in sets:
            bar_set = QBarSet(label)
            bar_set.setColor(colour)
            bar_set.setBorderColor(colour.darker(115))
            for grade in self._grades:
                value = int(grade.get(key) or 0)
                highest = max(highest, value)
                bar_set.append(value)
            series.append(bar_set)
        chart.addSeries(series)
        categories = QBarCategoryAxis()
        categories.append([str(g.get("grade", "")) for g in self._grades] or [""])
        chart.addAxis(categories, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(categories)
        counts = QValueAxis()
        top = highest + max(1, highest // 10)
        counts.setRange(0, top)
        counts.setTickType(QValueAxis.TickType.TicksDynamic)
        counts.setTickAnchor(0)
        counts.setTickInterval(_tick_interval(top))
        counts.setLabelFormat("%d")
        chart.addAxis(counts, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(counts)

    def values(self) -> dict[str, list[int]]:
        """What the bars show, per set label ("Quota", "By band", "Final"): one value per
        grade (tests read it)."""
        shown: dict[str, list[int]] = {}
        for series in self._chart.series():
            if isinstance(series, QBarSeries):
                for bar_set in series.barSets():
                    shown[bar_set.label()] = [int(bar_set.at(i)) for i in range(bar_set.count())]
        return shown

    def grades(self) -> list[str]:
        return [str(g.get("grade", "")) for g in self._grades]


def _tick_interval(top: int) -> int:
    """Whole-number ticks, about five of them."""
    for step in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000):
        if top / step <= 8:
            return step
    return max(1, top // 5)


__all__ = ["GradeChart"]
