"""The curve of a scheme item's scoring rule (appraisal-rules §5.1) as a chart: the item
score against the achievement 0–150 % (linear, interpolated, banded, threshold), against
the actual over the baseline (per_unit) or against the actual 0–100 points (direct).

The points come from the domain's rule functions (`salesdesk.domain.scoring`); this module
only chooses where to sample them, including just before and at every step of a rule, so a
banded or threshold curve is drawn with square steps.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal
from typing import Any

from PySide6.QtCharts import QChart, QChartView, QLineSeries, QValueAxis
from PySide6.QtCore import QMargins, QPointF, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QWidget

from salesdesk.domain.scoring import (
    BandedRule,
    DirectRule,
    InterpolatedRule,
    LinearRule,
    PerUnitRule,
    ThresholdRule,
    achievement_score,
    direct_score,
    per_unit_score,
    rule_from_document,
)

CURVE_COLOR = QColor(31, 119, 180)
REFERENCE_COLOR = QColor(150, 150, 150)

ACHIEVEMENT_MAX = Decimal("1.5")
ACHIEVEMENT_STEP = Decimal("0.01")
# How far before a step the curve is sampled (in the x axis' own unit, per mille of it).
_BEFORE = Decimal("0.001")
# A per_unit curve shows at most this many steps.
MAX_UNIT_STEPS = 60


@dataclass(frozen=True)
class RuleCurve:
    """Sampled points of a rule: `axis` says what x is — `achievement` (a fraction, shown as
    a percentage), `over_baseline` (A − baseline, per_unit) or `points` (A, direct)."""

    axis: str
    points: tuple[tuple[Decimal, Decimal], ...]
    x_max: Decimal


def _unique_sorted(xs: set[Decimal], low: Decimal, high: Decimal) -> list[Decimal]:
    return sorted(x for x in xs if low <= x <= high)


def rule_curve(rule_doc: Mapping[str, Any], weight: Decimal) -> RuleCurve:
    """The points of an item's rule for weight W. Raises ValueError for a rule the domain
    cannot read."""
    rule = rule_from_document(rule_doc)
    if isinstance(rule, PerUnitRule):
        return _per_unit_curve(rule, weight)
    if isinstance(rule, DirectRule):
        xs = [Decimal(x) for x in range(0, 101, 5)]
        return RuleCurve("points", tuple((x, direct_score(weight, x)) for x in xs), Decimal(100))
    steps: set[Decimal] = set()
    if isinstance(rule, LinearRule):
        steps = {rule.floor, rule.cap}
    elif isinstance(rule, InterpolatedRule):
        steps = {rule.low, Decimal(1), rule.high}
    elif isinstance(rule, BandedRule):
        steps = {low for low, _ in rule.bands}
    elif isinstance(rule, ThresholdRule):
        steps = {Decimal(1)}
    count = int(ACHIEVEMENT_MAX / ACHIEVEMENT_STEP)
    samples = {ACHIEVEMENT_STEP * i for i in range(count + 1)}
    for step in steps:
        samples.add(step)
        samples.add(step - _BEFORE)
    points = tuple(
        (a, achievement_score(rule, weight, a))
        for a in _unique_sorted(samples, Decimal(0), ACHIEVEMENT_MAX)
    )
    return RuleCurve("achievement", points, ACHIEVEMENT_MAX)


def _per_unit_curve(rule: PerUnitRule, weight: Decimal) -> RuleCurve:
    """Steps of `points` every `unit` over the baseline, until the score reaches 0."""
    if rule.points > 0 and weight > 0:
        to_zero = int((weight / rule.points).to_integral_value(rounding=ROUND_CEILING))
    else:
        to_zero = 4
    steps = min(to_zero + 1, MAX_UNIT_STEPS)
    x_max = rule.unit * steps
    before = rule.unit * _BEFORE
    xs = {Decimal(0), x_max}
    for k in range(1, steps + 1):
        xs.add(rule.unit * k)
        xs.add(rule.unit * k - before)
    points = tuple(
        (x, per_unit_score(weight, rule.baseline + x, rule.baseline, rule.unit, rule.points))
        for x in _unique_sorted(xs, Decimal(0), x_max)
    )
    return RuleCurve("over_baseline", points, x_max)


class RuleChart(QChartView):
    """The selected item's rule curve with the full weight and a = 100 % marked; shows a
    message instead where the item has no rule (rated items, key tasks, period results)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        chart = QChart()
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        chart.legend().hide()
        chart.setMargins(QMargins(4, 4, 4, 4))
        chart.setBackgroundRoundness(0)
        super().__init__(chart, parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumSize(180, 150)
        self.curve = QLineSeries(chart)
        self.curve.setName(self.tr("Score"))
        self.curve.setPen(QPen(CURVE_COLOR, 2.2))
        self.weight_line = QLineSeries(chart)
        self.target_line = QLineSeries(chart)
        for reference in (self.weight_line, self.target_line):
            pen = QPen(REFERENCE_COLOR, 1.0)
            pen.setStyle(Qt.PenStyle.DashLine)
            reference.setPen(pen)
        self.x_axis = QValueAxis(chart)
        self.y_axis = QValueAxis(chart)
        self.x_axis.setLabelFormat("%.0f")
        self.y_axis.setLabelFormat("%.1f")
        self.y_axis.setTitleText(self.tr("Score"))
        chart.addAxis(self.x_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(self.y_axis, Qt.AlignmentFlag.AlignLeft)
        for series in (self.target_line, self.weight_line, self.curve):
            chart.addSeries(series)
            series.attachAxis(self.x_axis)
            series.attachAxis(self.y_axis)
        self._curve: RuleCurve | None = None
        self.show_message("")

    def rule_curve(self) -> RuleCurve | None:
        """The curve shown (None while a message is shown)."""
        return self._curve

    def show_message(self, text: str) -> None:
        """No curve: an empty chart with `text` as its title."""
        self._curve = None
        for series in (self.curve, self.weight_line, self.target_line):
            series.clear()
        self.chart().setTitle(text)
        for axis in (self.x_axis, self.y_axis):
            axis.setVisible(False)

    def show_rule(self, rule_doc: Mapping[str, Any], weight: Decimal, title: str) -> bool:
        """Draw the curve of this rule for weight W; False (and a message) when the rule
        cannot be read."""
        try:
            curve = rule_curve(rule_doc, weight)
        except (ValueError, ArithmeticError, TypeError):
            self.show_message(self.tr("The rule's parameters cannot be drawn"))
            return False
        self._curve = curve
        for axis in (self.x_axis, self.y_axis):
            axis.setVisible(True)
        scale = Decimal(100) if curve.axis == "achievement" else Decimal(1)
        self.curve.replace([QPointF(float(x * scale), float(y)) for x, y in curve.points])
        x_max = float(curve.x_max * scale)
        top = max([float(y) for _, y in curve.points] + [float(weight), 1.0])
        self.weight_line.replace([QPointF(0, float(weight)), QPointF(x_max, float(weight))])
        if curve.axis == "achievement":
            self.target_line.replace([QPointF(100, 0), QPointF(100, top * 1.15)])
            self.x_axis.setTitleText(self.tr("Achievement (%)"))
            self.x_axis.setLabelFormat("%.0f")
            self.x_axis.setTickCount(7)
        elif curve.axis == "over_baseline":
            self.target_line.clear()
            self.x_axis.setTitleText(self.tr("Actual over the baseline"))
            self.x_axis.setLabelFormat("%.0f")
            self.x_axis.setTickCount(5)
        else:
            self.target_line.clear()
            self.x_axis.setTitleText(self.tr("Actual (points, 0–100)"))
            self.x_axis.setLabelFormat("%.0f")
            self.x_axis.setTickCount(6)
        self.x_axis.setRange(0, x_max)
        # The same scale for the same curve, whatever was shown before: nice numbers
        # start from the same tick count each time.
        self.y_axis.setTickCount(5)
        self.y_axis.setRange(0, top * 1.15)
        self.y_axis.applyNiceNumbers()
        # Labels of one character make QtCharts elide a Chinese axis title to "…".
        self.y_axis.setLabelFormat("%.0f" if self.y_axis.max() >= 10 else "%.1f")
        self.chart().setTitle(title)
        return True


__all__ = ["RuleChart", "RuleCurve", "rule_curve"]
