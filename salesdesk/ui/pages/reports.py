"""The Reports page (报表): pick a cycle, see its grade distribution against the quotas, the
mean total per org unit and a metric's target against its actual per month of the period,
and export what leaves SalesDesk (reports.md): the report workbook, the pay sheet, the PDF
forms, the published rules of the scheme and the rating packets.

Everything that reads the database runs in the background (scoring an open cycle takes a
while): choosing a cycle starts one operation that brings the results and the monthly
figures of the default metric; a generation counter drops what arrives for a cycle no
longer chosen. Exports run with a progress dialog and Cancel; the export modules are
imported when an export starts, so the page works before all of them exist.
"""

from __future__ import annotations

import html
import importlib
import logging
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtCore import QStandardPaths, Qt, QTimer, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QFont, QIcon, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import Shiboken

from salesdesk.domain.errors import UserError
from salesdesk.domain.metrics import MetricUnit
from salesdesk.domain.periods import parse_period
from salesdesk.domain.text import language
from salesdesk.domain.workflow import results_frozen, state_label
from salesdesk.exchange.packets import safe_file_stem
from salesdesk.services.actuals import ActualsService, FigureRequest
from salesdesk.services.cycle_scoring import CycleResults
from salesdesk.services.cycles import CycleSummary
from salesdesk.services.registry import Services
from salesdesk.ui.models.manual_metrics_model import month_headers
from salesdesk.ui.operations import Operation, OperationCancelled, ProgressCallback, run_operation
from salesdesk.ui.pages.base import Page
from salesdesk.ui.widgets import messages
from salesdesk.ui.widgets.report_charts import (
    GradeDistributionChart,
    MonthlyTargetChart,
    UnitTotal,
    UnitTotalsChart,
)

log = logging.getLogger(__name__)

MAIN_METRIC = "revenue"
INFO_STYLE = "color: palette(placeholder-text);"
NOTE_STYLE = (
    "QLabel#reportsExportNote { background: #e8f3ea; color: #1d4d2b;"
    " border: 1px solid #a9d3b4; border-radius: 3px; padding: 4px 8px; }"
)
REPORT_MODULE = "salesdesk.services.report_workbook"
FORMS_MODULE = "salesdesk.services.forms"
PACKETS_MODULE = "salesdesk.services.packets"
XLSX_FILTER = "*.xlsx"
PDF_FILTER = "*.pdf"


# --------------------------------------------------------------------------- what the charts show


@dataclass(frozen=True)
class ChartMetric:
    """A metric of the cycle's scheme the monthly chart offers."""

    code: str
    name: str
    unit: MetricUnit


@dataclass(frozen=True)
class MonthlyFigures:
    """One metric's target and actual per month of the period, for each unit of `units`
    (None: no value)."""

    metric: str
    months: tuple[str, ...]
    targets: dict[str, tuple[Decimal | None, ...]]
    actuals: dict[str, tuple[Decimal | None, ...]]


@dataclass(frozen=True)
class ReportData:
    """What the page shows of one cycle, read in the background."""

    summary: CycleSummary
    results: CycleResults
    metrics: tuple[ChartMetric, ...]
    units: tuple[str, ...]
    default_unit: str | None
    monthly: MonthlyFigures | None


def unit_totals(results: CycleResults) -> tuple[list[UnitTotal], Decimal | None]:
    """The mean total of each org unit's participants (those with a total), in unit path
    order, and the mean of everybody. The totals are those of `score --json`."""
    by_unit: dict[str, list[Decimal]] = defaultdict(list)
    everybody: list[Decimal] = []
    for row in results.rows:
        total = row.total
        if total is None:
            continue
        by_unit[str(row.card.get("unit") or "")].append(total)
        everybody.append(total)
    paths = sorted(by_unit)
    labels = short_unit_labels(paths)
    units = [
        UnitTotal(
            path=path,
            label=labels[path],
            headcount=len(by_unit[path]),
            mean=sum(by_unit[path], Decimal(0)) / len(by_unit[path]),
        )
        for path in paths
    ]
    overall = sum(everybody, Decimal(0)) / len(everybody) if everybody else None
    return units, overall


def short_unit_labels(paths: Sequence[str]) -> dict[str, str]:
    """Unit paths without the part all of them share (销售部/华东区/一组 → 华东区/一组), as
    long as every one keeps a name."""
    parts = [p.split("/") for p in paths]
    common = 0
    if len(parts) > 1:
        while all(len(p) > common + 1 for p in parts) and len({p[common] for p in parts}) == 1:
            common += 1
    return {path: "/".join(p[common:]) or path for path, p in zip(paths, parts, strict=True)}


def chart_units(results: CycleResults) -> tuple[list[str], str | None]:
    """The participants' units with every unit above them (path order), and the one the
    monthly chart starts with: the deepest unit above all participants, else the first."""
    paths: set[str] = set()
    chains: list[list[str]] = []
    for row in results.rows:
        unit = str(row.card.get("unit") or "")
        if not unit:
            continue
        parts = unit.split("/")
        chain = ["/".join(parts[: i + 1]) for i in range(len(parts))]
        chains.append(chain)
        paths.update(chain)
    ordered = sorted(paths)
    if not chains:
        return ordered, None
    shared = set(chains[0]).intersection(*chains[1:])
    default = max(shared, key=len) if shared else ordered[0]
    return ordered, default


def scheme_metrics(services: Services, cycle_id: int) -> list[ChartMetric]:
    """The metrics of the cycle's scheme (its metric items, first item first), the main
    revenue metric first when the scheme has it."""
    doc = services.cycles.snapshot(cycle_id)
    codes = list(
        dict.fromkeys(
            str(item["metric"])
            for item in doc.get("items", [])
            if item.get("kind") == "metric" and item.get("metric")
        )
    )
    known = {m.code: m for m in services.targets.list_metrics()}
    metrics = [
        ChartMetric(code, known[code].name(language()), known[code].unit)
        for code in codes
        if code in known
    ]
    metrics.sort(key=lambda m: m.code != MAIN_METRIC)
    return metrics


def load_monthly(
    services: Services,
    summary: CycleSummary,
    metric: str,
    units: Sequence[str],
    progress: ProgressCallback | None = None,
    *,
    start: int = 0,
    end: int = 100,
) -> MonthlyFigures:
    """`metric`'s target and actual per month of the cycle's period for each of `units`, as
    the actuals service computes them for a unit; the targets are those the cycle took when
    it opened (a draft: the targets as they are now)."""
    months = parse_period(summary.period).months()
    actuals = ActualsService(services.database)
    request = FigureRequest(metric, team=True)
    snapshot = summary.id if summary.opened_at is not None else None
    targets: dict[str, list[Decimal | None]] = {u: [] for u in units}
    values: dict[str, list[Decimal | None]] = {u: [] for u in units}
    for position, month in enumerate(months):
        if progress is not None:
            percent = start + (end - start) * position // max(len(months), 1)
            if progress(percent, month.code) is False:
                raise OperationCancelled()
        figures = actuals.figures(month, [request], [], list(units), cycle_id=snapshot)
        for unit in units:
            figure = figures.get((request, unit))
            targets[unit].append(None if figure is None else figure.target)
            values[unit].append(None if figure is None else figure.actual)
    return MonthlyFigures(
        metric=metric,
        months=tuple(m.code for m in months),
        targets={u: tuple(v) for u, v in targets.items()},
        actuals={u: tuple(v) for u, v in values.items()},
    )


def load_report(
    services: Services, summary: CycleSummary, progress: ProgressCallback
) -> ReportData:
    """The results of the cycle and the monthly figures of its main metric."""

    def scoring(percent: int, message: str) -> bool:
        return progress(percent * 7 // 10, message)

    results = services.cycles.results(summary.id, progress=scoring)
    metrics = scheme_metrics(services, summary.id)
    units, default_unit = chart_units(results)
    monthly = None
    if metrics and units:
        monthly = load_monthly(services, summary, metrics[0].code, units, progress, start=70)
    return ReportData(summary, results, tuple(metrics), tuple(units), default_unit, monthly)


def _export_service(module: str, name: str, missing: str) -> Callable[..., Any]:
    """An export function, imported when its export starts: the page works without the
    export modules, and one that is missing makes only its own export refuse."""
    try:
        loaded = importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name != module:
            raise  # the module exists but something it imports is missing: a real bug
        raise UserError(missing) from exc
    function: Callable[..., Any] = getattr(loaded, name)
    return function


def _written_count(result: object) -> int | None:
    """How many files an export says it wrote (a list of them, or a number)."""
    if isinstance(result, bool):
        return None
    if isinstance(result, int):
        return result
    if isinstance(result, list | tuple | set | frozenset):
        return len(result)
    return None


# --------------------------------------------------------------------------- the page


class ReportsPage(Page):
    """Reports: the cycle picker, three charts and the export buttons."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self.setObjectName("page_reports")
        self._cycles: list[CycleSummary] = []
        self._summary: CycleSummary | None = None
        self._data: ReportData | None = None
        self._monthly: dict[str, MonthlyFigures] = {}
        self._generation = 0
        self._stale = True
        self._building = True
        self._last_dir: Path | None = None
        self.last_export_folder: Path | None = None

        # The running operations (tests wait for them).
        self.operation: Operation | None = None
        self.monthly_operation: Operation | None = None
        self.export_operation: Operation | None = None

        self._make_actions()
        self._build_layout()
        self.cycle_combo.currentIndexChanged.connect(self._cycle_chosen)
        self.metric_combo.currentIndexChanged.connect(self._metric_chosen)
        self.unit_combo.currentIndexChanged.connect(lambda _i: self._show_monthly())
        self.refresh()
        self._building = False

    # ---- Page interface

    def title(self) -> str:
        return self.tr("Reports")

    def toolbar_actions(self) -> list[QAction]:
        return [self.report_action, self.paysheet_action, self.forms_action, self.refresh_action]

    def refresh(self) -> None:
        """Reload the cycle list (keeping the chosen cycle) and what the charts show."""
        chosen = None if self._summary is None else self._summary.id
        try:
            cycles = self.services.cycles.list_cycles()
        except UserError as exc:
            self.status.emit(str(exc))
            return
        self._cycles = cycles
        if chosen is None or all(c.id != chosen for c in cycles):
            chosen = self.default_cycle_id(cycles)
        self.cycle_combo.blockSignals(True)
        self.cycle_combo.clear()
        for cycle in cycles:
            self.cycle_combo.addItem(
                self.tr("{cycle} ({state})").format(
                    cycle=cycle.name, state=state_label(cycle.state)
                ),
                cycle.id,
            )
        self.cycle_combo.setCurrentIndex(
            max(self.cycle_combo.findData(chosen), 0) if chosen is not None else -1
        )
        self.cycle_combo.blockSignals(False)
        self._show_cycle(next((c for c in cycles if c.id == chosen), None))

    @staticmethod
    def default_cycle_id(cycles: Sequence[CycleSummary]) -> int | None:
        """The newest confirmed (or closed) cycle, else the newest."""
        for cycle in cycles:
            if results_frozen(cycle.state):
                return cycle.id
        return cycles[0].id if cycles else None

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # Later, not now: the main window may call refresh() right after showing the page,
        # and the cycle should then be read (scored) once, not twice.
        QTimer.singleShot(0, self, self._load_if_stale)

    def _load_if_stale(self) -> None:
        if self._stale and self._summary is not None and not self._building:
            self.load()

    # ---- the cycle

    def current_cycle(self) -> CycleSummary | None:
        return self._summary

    def current_data(self) -> ReportData | None:
        return self._data

    def select_cycle(self, cycle_id: int) -> bool:
        """Show the cycle with this id (its figures load in the background)."""
        position = self.cycle_combo.findData(cycle_id)
        if position < 0:
            return False
        if position == self.cycle_combo.currentIndex():
            self._show_cycle(self._cycles[position])
        else:
            self.cycle_combo.setCurrentIndex(position)
        return True

    def _cycle_chosen(self, position: int) -> None:
        summary = self._cycles[position] if 0 <= position < len(self._cycles) else None
        self._show_cycle(summary)

    def _show_cycle(self, summary: CycleSummary | None) -> None:
        self._summary = summary
        self._data = None
        self._monthly = {}
        self._generation += 1  # what is on its way for another cycle is dropped
        self._show_header()
        self._clear_charts()
        for action in self.export_actions():
            action.setEnabled(summary is not None)
        if summary is None:
            self._stale = False
            self.info.setText(
                self.tr("No appraisal cycle yet. Create one on the Cycles page.")
                if not self._cycles
                else ""
            )
            return
        self._stale = True
        if not self._building:
            self.load()

    def _show_header(self) -> None:
        summary = self._summary
        if summary is None:
            self.details.setText("")
            return
        parts = [
            summary.scheme,
            summary.period,
            self.tr("%n participant(s)", "", summary.participants),
            state_label(summary.state),
        ]
        self.details.setText(" · ".join(parts))

    def load(self) -> Operation | None:
        """Read the chosen cycle's results and monthly figures in the background."""
        summary = self._summary
        if summary is None:
            return None
        self._stale = False
        self._generation += 1
        generation = self._generation
        services = self.services
        self.info.setText(self.tr("Loading {cycle}…").format(cycle=summary.name))

        def done(data: ReportData) -> None:
            if not Shiboken.isValid(self) or generation != self._generation:
                return  # another cycle was chosen meanwhile
            self._set_data(data)

        def failed(error: BaseException) -> None:
            if not Shiboken.isValid(self) or generation != self._generation:
                return
            self._stale = True
            if isinstance(error, UserError):
                self.info.setText(str(error).splitlines()[0])
                self.status.emit(str(error))
            else:
                log.error("reports failed", exc_info=(type(error), error, error.__traceback__))
                self.info.setText(self.tr("Reading the cycle failed; see the log"))
                messages.show_unexpected_error(self)

        def cancelled() -> None:
            if not Shiboken.isValid(self) or generation != self._generation:
                return
            self._stale = True
            self.info.setText(self.tr("Cancelled — press Refresh to read the cycle again"))

        self.operation = run_operation(
            self,
            lambda progress: load_report(services, summary, progress),
            title=self.tr("Reports"),
            label=self.tr("Reading {cycle}…").format(cycle=summary.name),
            on_success=done,
            on_failure=failed,
            on_cancel=cancelled,
            show_errors=False,
        )
        return self.operation

    def _set_data(self, data: ReportData) -> None:
        self._data = data
        results = data.results
        self.grade_chart.set_distribution(results.distribution)
        units, overall = unit_totals(results)
        self.unit_chart.set_units(units, overall)
        parts = [self.tr("%n people", "", len(results.rows))]
        if overall is not None:
            parts.append(self.tr("average total {mean}").format(mean=f"{overall:.2f}"))
        if results.frozen:
            parts.append(self.tr("results frozen at confirmation"))
        else:
            parts.append(self.tr("results scored from the data as it is now"))
        self.info.setText(" · ".join(parts))

        self.metric_combo.blockSignals(True)
        self.metric_combo.clear()
        for metric in data.metrics:
            self.metric_combo.addItem(metric.name, metric.code)
        self.metric_combo.blockSignals(False)
        self.unit_combo.blockSignals(True)
        self.unit_combo.clear()
        for path in data.units:
            self.unit_combo.addItem(path, path)
        if data.default_unit is not None:
            self.unit_combo.setCurrentIndex(max(self.unit_combo.findData(data.default_unit), 0))
        self.unit_combo.blockSignals(False)
        if data.monthly is not None:
            self._monthly[data.monthly.metric] = data.monthly
        self._show_monthly()

    # ---- the monthly chart

    def current_metric(self) -> ChartMetric | None:
        data = self._data
        code = self.metric_combo.currentData()
        if data is None or code is None:
            return None
        return next((m for m in data.metrics if m.code == code), None)

    def select_metric(self, code: str) -> Operation | None:
        """Chart `code` (a metric of the scheme); returns the loading operation, if any."""
        position = self.metric_combo.findData(code)
        if position < 0:
            return None
        self.metric_combo.setCurrentIndex(position)
        return self.monthly_operation if code not in self._monthly else None

    def select_unit(self, path: str) -> bool:
        position = self.unit_combo.findData(path)
        if position < 0:
            return False
        self.unit_combo.setCurrentIndex(position)
        return True

    def _metric_chosen(self, _position: int) -> None:
        metric = self.current_metric()
        data = self._data
        if metric is None or data is None:
            return
        if metric.code in self._monthly:
            self._show_monthly()
            return
        generation = self._generation
        services = self.services
        summary = data.summary
        units = data.units
        self.monthly_chart.set_figures([], [], [], metric.name, "", metric.unit)

        def done(figures: MonthlyFigures) -> None:
            if not Shiboken.isValid(self) or generation != self._generation:
                return
            self._monthly[figures.metric] = figures
            self._show_monthly()

        def failed(error: BaseException) -> None:
            if Shiboken.isValid(self) and generation == self._generation:
                self.status.emit(str(error).splitlines()[0] if str(error) else repr(error))

        self.monthly_operation = run_operation(
            self,
            lambda progress: load_monthly(services, summary, metric.code, units, progress),
            title=self.tr("Reports"),
            label=self.tr("Reading {metric} per month…").format(metric=metric.name),
            on_success=done,
            on_failure=failed,
        )

    def _show_monthly(self) -> None:
        metric = self.current_metric()
        unit = self.unit_combo.currentData()
        figures = None if metric is None else self._monthly.get(metric.code)
        if metric is None or figures is None or unit is None:
            if metric is None:
                self.monthly_chart.set_figures([], [], [], "", "", MetricUnit.COUNT)
            return
        names = month_headers()
        labels = [names[parse_period(code).index - 1] for code in figures.months]
        self.monthly_chart.set_figures(
            labels,
            figures.targets.get(unit, ()),
            figures.actuals.get(unit, ()),
            metric.name,
            str(unit),
            metric.unit,
        )

    def _clear_charts(self) -> None:
        self.grade_chart.set_distribution(None)
        self.unit_chart.set_units([])
        self.metric_combo.blockSignals(True)
        self.metric_combo.clear()
        self.metric_combo.blockSignals(False)
        self.unit_combo.blockSignals(True)
        self.unit_combo.clear()
        self.unit_combo.blockSignals(False)
        self.monthly_chart.set_figures([], [], [], "", "", MetricUnit.COUNT)

    # ---- exports

    def export_actions(self) -> list[QAction]:
        return [
            self.report_action,
            self.paysheet_action,
            self.forms_action,
            self.packets_action,
            self.rules_action,
        ]

    def export_report(self, path: str | Path | None = None) -> Operation | None:
        """The report workbook (reports.md) of the chosen cycle to `path` (None: ask)."""
        summary = self._summary
        if summary is None:
            return self._no_cycle()
        target = self._file_target(
            path,
            self.tr("Export report workbook"),
            self.tr("{cycle} report").format(cycle=summary.name),
            self.tr("Excel workbooks ({patterns})").format(patterns=XLSX_FILTER),
            ".xlsx",
        )
        if target is None:
            return None
        database, cycle_id = self.services.database, summary.id
        missing = self._unavailable()

        def work(progress: ProgressCallback) -> Any:
            export_report = _export_service(REPORT_MODULE, "export_report", missing)
            return export_report(database, cycle_id, target, progress=progress)

        return self._run_export(
            work,
            target,
            title=self.tr("Export report workbook"),
            label=self.tr("Writing the report workbook of {cycle}…").format(cycle=summary.name),
            written=self.tr("Wrote the report workbook {file}"),
        )

    def export_paysheet(self, path: str | Path | None = None) -> Operation | None:
        """The pay sheet of the chosen cycle to `path` (None: ask)."""
        summary = self._summary
        if summary is None:
            return self._no_cycle()
        target = self._file_target(
            path,
            self.tr("Export pay sheet"),
            self.tr("{cycle} pay sheet").format(cycle=summary.name),
            self.tr("Excel workbooks ({patterns})").format(patterns=XLSX_FILTER),
            ".xlsx",
        )
        if target is None:
            return None
        database, cycle_id = self.services.database, summary.id
        missing = self._unavailable()

        def work(progress: ProgressCallback) -> Any:
            export_paysheet = _export_service(REPORT_MODULE, "export_paysheet", missing)
            return export_paysheet(database, cycle_id, target, progress=progress)

        return self._run_export(
            work,
            target,
            title=self.tr("Export pay sheet"),
            label=self.tr("Writing the pay sheet of {cycle}…").format(cycle=summary.name),
            written=self.tr("Wrote the pay sheet {file}"),
        )

    def export_forms(self, folder: str | Path | None = None) -> Operation | None:
        """One PDF form per participant of the chosen cycle into `folder` (None: ask)."""
        summary = self._summary
        if summary is None:
            return self._no_cycle()
        target = self._folder_target(folder, self.tr("Export PDF forms: choose a folder"))
        if target is None:
            return None
        database, cycle_id = self.services.database, summary.id
        missing = self._unavailable()

        def work(progress: ProgressCallback) -> Any:
            export_forms = _export_service(FORMS_MODULE, "export_forms", missing)
            return export_forms(database, cycle_id, target, progress=progress)

        return self._run_export(
            work,
            target,
            title=self.tr("Export PDF forms"),
            label=self.tr("Writing the PDF forms of {cycle}…").format(cycle=summary.name),
            written=self.tr("Wrote the PDF forms to {file}"),
            counted=self.tr("Wrote {count} PDF forms to {file}"),
        )

    def export_packets(self, folder: str | Path | None = None) -> Operation | None:
        """One rating packet per rater of the chosen cycle into `folder` (None: ask)."""
        summary = self._summary
        if summary is None:
            return self._no_cycle()
        target = self._folder_target(folder, self.tr("Export rating packets: choose a folder"))
        if target is None:
            return None
        database, cycle_id = self.services.database, summary.id
        missing = self._unavailable()

        def work(progress: ProgressCallback) -> Any:
            export_packets = _export_service(PACKETS_MODULE, "export_packets", missing)
            return export_packets(database, cycle_id, target, rater=None, progress=progress)

        return self._run_export(
            work,
            target,
            title=self.tr("Export rating packets"),
            label=self.tr("Writing the rating packets of {cycle}…").format(cycle=summary.name),
            written=self.tr("Wrote the rating packets to {file}"),
            counted=self.tr("Wrote {count} rating packets to {file}"),
        )

    def export_rules(self, path: str | Path | None = None) -> Operation | None:
        """The published rules (考核方案说明) of the chosen cycle's scheme to `path`."""
        summary = self._summary
        if summary is None:
            return self._no_cycle()
        scheme = summary.scheme
        target = self._file_target(
            path,
            self.tr("Export published rules"),
            self.tr("{scheme} rules").format(scheme=scheme),
            self.tr("PDF documents ({patterns})").format(patterns=PDF_FILTER),
            ".pdf",
        )
        if target is None:
            return None
        database = self.services.database
        missing = self._unavailable()

        def work(progress: ProgressCallback) -> Any:
            export_rules = _export_service(FORMS_MODULE, "export_rules", missing)
            return export_rules(database, scheme, target, progress=progress)

        return self._run_export(
            work,
            target,
            title=self.tr("Export published rules"),
            label=self.tr("Writing the rules of {scheme}…").format(scheme=scheme),
            written=self.tr("Wrote the published rules {file}"),
        )

    def _unavailable(self) -> str:
        return self.tr("This export is not available in this version of SalesDesk.")

    def _no_cycle(self) -> Operation | None:
        self.status.emit(self.tr("Choose a cycle first"))
        return None

    def _start_dir(self) -> Path:
        if self._last_dir is not None and self._last_dir.is_dir():
            return self._last_dir
        documents = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation
        )
        return Path(documents) if documents and Path(documents).is_dir() else Path.home()

    def _file_target(
        self, path: str | Path | None, title: str, stem: str, file_filter: str, suffix: str
    ) -> Path | None:
        if path is None:
            suggested = self._start_dir() / f"{safe_file_stem(stem)}{suffix}"
            chosen, _ = QFileDialog.getSaveFileName(self, title, str(suggested), file_filter)
            if not chosen:
                return None
            path = chosen
        target = Path(path)
        if target.suffix.lower() != suffix:
            target = target.with_name(target.name + suffix)
        return target

    def _folder_target(self, folder: str | Path | None, title: str) -> Path | None:
        if folder is None:
            chosen = QFileDialog.getExistingDirectory(self, title, str(self._start_dir()))
            if not chosen:
                return None
            folder = chosen
        return Path(folder)

    def _run_export(
        self,
        work: Callable[[ProgressCallback], Any],
        target: Path,
        *,
        title: str,
        label: str,
        written: str,
        counted: str | None = None,
    ) -> Operation:
        # The exports into a folder say how many files they wrote (`counted`).
        folder = target if counted is not None else target.parent

        def done(result: object) -> None:
            if not Shiboken.isValid(self):
                return
            count = _written_count(result)
            if counted is not None and count is not None:
                message = counted.format(count=count, file=target)
            else:
                message = written.format(file=target)
            self._last_dir = folder if folder.is_dir() else self._last_dir
            self._exported(message, folder)

        def failed(error: BaseException) -> None:
            if not Shiboken.isValid(self):
                return
            if isinstance(error, UserError):
                self.status.emit(str(error).splitlines()[0])
            else:
                self.status.emit(self.tr("The export failed; see the log"))

        def cancelled() -> None:
            if Shiboken.isValid(self):
                self.status.emit(self.tr("Export cancelled; nothing was written"))

        self.export_operation = run_operation(
            self,
            work,
            title=title,
            label=label,
            on_success=done,
            on_failure=failed,
            on_cancel=cancelled,
        )
        return self.export_operation

    def _exported(self, message: str, folder: Path) -> None:
        self.last_export_folder = folder
        self.status.emit(message)
        link = self.tr("Open folder")
        self.export_note.setText(f"{html.escape(message)} — <a href='open'>{html.escape(link)}</a>")
        self.export_note.setToolTip(str(folder))
        self.export_note.setVisible(True)

    def open_export_folder(self) -> bool:
        """Show the folder of the last export in the file manager."""
        folder = self.last_export_folder
        if folder is None:
            return False
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    # ---- building

    def _make_actions(self) -> None:
        def action(name: str, text: str, tip: str, icon: QIcon.ThemeIcon | None) -> QAction:
            made = QAction(text, self)
            # Buttons show the icon text, from which Qt drops the "…" that says a dialog
            # comes first.
            made.setIconText(text)
            made.setObjectName(name)
            made.setToolTip(tip)
            made.setStatusTip(tip)
            if icon is not None:
                made.setIcon(QIcon.fromTheme(icon))
            return made

        save = QIcon.ThemeIcon.DocumentSaveAs
        self.report_action = action(
            "exportReportAction",
            self.tr("Report workbook…"),
            self.tr(
                "The cycle's report workbook: summary, scorecards, teams, targets, "
                "distribution and development"
            ),
            save,
        )
        self.report_action.triggered.connect(lambda: self.export_report())
        self.paysheet_action = action(
            "exportPaysheetAction",
            self.tr("Pay sheet…"),
            self.tr("One row per participant with grade, coefficient and performance pay"),
            save,
        )
        self.paysheet_action.triggered.connect(lambda: self.export_paysheet())
        self.forms_action = action(
            "exportFormsAction",
            self.tr("PDF forms…"),
            self.tr("One appraisal form to sign per participant, into a folder"),
            QIcon.ThemeIcon.DocumentPrint,
        )
        self.forms_action.triggered.connect(lambda: self.export_forms())
        self.packets_action = action(
            "exportPacketsAction",
            self.tr("Rating packets…"),
            self.tr("One rating workbook per rater to fill in offline, into a folder"),
            save,
        )
        self.packets_action.triggered.connect(lambda: self.export_packets())
        self.rules_action = action(
            "exportRulesAction",
            self.tr("Published rules…"),
            self.tr("The scheme's rules as a document to hand to staff (考核方案说明)"),
            QIcon.ThemeIcon.DocumentPrint,
        )
        self.rules_action.triggered.connect(lambda: self.export_rules())
        self.refresh_action = QAction(self.tr("Refresh"), self)
        self.refresh_action.setObjectName("refreshReportsAction")
        self.refresh_action.setIcon(QIcon.fromTheme(QIcon.ThemeIcon.ViewRefresh))
        self.refresh_action.setShortcut(QKeySequence.StandardKey.Refresh)
        self.refresh_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.refresh_action.triggered.connect(lambda: self.refresh())
        self.addActions([self.refresh_action])

    def _build_layout(self) -> None:
        self.cycle_combo = QComboBox(self)
        self.cycle_combo.setObjectName("reportsCycle")
        self.cycle_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.cycle_combo.setMinimumContentsLength(20)
        caption = QLabel(self.tr("Cycle"), self)
        caption.setBuddy(self.cycle_combo)
        font = QFont(caption.font())
        font.setBold(True)
        caption.setFont(font)
        self.details = QLabel(self)
        self.details.setObjectName("reportsDetails")
        self.details.setStyleSheet(INFO_STYLE)
        self.details.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        top = QHBoxLayout()
        top.addWidget(caption)
        top.addWidget(self.cycle_combo)
        top.addSpacing(12)
        top.addWidget(self.details, 1)

        self.info = QLabel(self)
        self.info.setObjectName("reportsInfo")
        self.info.setStyleSheet(INFO_STYLE)
        self.info.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

        exports = QFrame(self)
        exports.setObjectName("reportsExports")
        exports.setFrameShape(QFrame.Shape.StyledPanel)
        export_row = QHBoxLayout(exports)
        export_row.setContentsMargins(8, 4, 8, 4)
        export_caption = QLabel(self.tr("Export"), exports)
        export_caption.setFont(font)
        export_row.addWidget(export_caption)
        self.export_buttons: dict[str, QToolButton] = {}
        for key, act in (
            ("report", self.report_action),
            ("paysheet", self.paysheet_action),
            ("forms", self.forms_action),
            ("packets", self.packets_action),
            ("rules", self.rules_action),
        ):
            button = QToolButton(exports)
            button.setObjectName(f"{key}ExportButton")
            button.setDefaultAction(act)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            button.setAutoRaise(False)
            export_row.addWidget(button)
            self.export_buttons[key] = button
        export_row.addStretch(1)
        # A narrow window clips the buttons rather than growing its minimum width.
        exports.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)

        self.export_note = QLabel(self)
        self.export_note.setObjectName("reportsExportNote")
        self.export_note.setStyleSheet(NOTE_STYLE)
        self.export_note.setTextFormat(Qt.TextFormat.RichText)
        self.export_note.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse)
        self.export_note.setWordWrap(True)
        self.export_note.linkActivated.connect(lambda _link: self.open_export_folder())
        self.export_note.setVisible(False)

        self.grade_chart = GradeDistributionChart(self)
        self.unit_chart = UnitTotalsChart(self)
        self.monthly_chart = MonthlyTargetChart(self)
        self.metric_combo = QComboBox(self)
        self.metric_combo.setObjectName("reportsMetric")
        self.metric_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.unit_combo = QComboBox(self)
        self.unit_combo.setObjectName("reportsUnit")
        self.unit_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        metric_caption = QLabel(self.tr("Metric"), self)
        metric_caption.setBuddy(self.metric_combo)
        unit_caption = QLabel(self.tr("Unit"), self)
        unit_caption.setBuddy(self.unit_combo)
        monthly_bar = QHBoxLayout()
        monthly_bar.addWidget(metric_caption)
        monthly_bar.addWidget(self.metric_combo)
        monthly_bar.addSpacing(12)
        monthly_bar.addWidget(unit_caption)
        monthly_bar.addWidget(self.unit_combo)
        monthly_bar.addStretch(1)

        charts = QGridLayout()
        charts.setSpacing(8)
        charts.addWidget(self.grade_chart, 0, 0)
        charts.addWidget(self.unit_chart, 0, 1)
        monthly = QVBoxLayout()
        monthly.setSpacing(2)
        monthly.addLayout(monthly_bar)
        monthly.addWidget(self.monthly_chart, 1)
        charts.addLayout(monthly, 1, 0, 1, 2)
        charts.setColumnStretch(0, 1)
        charts.setColumnStretch(1, 1)
        charts.setRowStretch(0, 1)
        charts.setRowStretch(1, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(6)
        layout.addLayout(top)
        layout.addWidget(exports)
        layout.addWidget(self.export_note)
        layout.addWidget(self.info)
        layout.addLayout(charts, 1)


__all__ = ["ReportsPage", "chart_units", "load_monthly", "load_report", "unit_totals"]
