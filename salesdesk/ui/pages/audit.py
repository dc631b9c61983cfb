"""The Audit page: the audit log as a table (time, user, what, old → new, reason), filtered
by date range, person, cycle and kind of change and by the toolbar's search box, with the
whole of the selected entry below it; exportable to a workbook.

The log can hold millions of entries: every change of the filters reads the first page and
the count in the background, the table reads further pages as it scrolls, and an export
writes every matching entry (not only those read) in the background with Cancel.
"""

from __future__ import annotations

import html
import logging
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, QItemSelection, QStringListModel, Qt, QTimer
from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import Shiboken

from salesdesk.services.audit_export import export_audit
from salesdesk.services.audit_log import (
    AuditChoices,
    AuditListing,
    AuditQuery,
    AuditRow,
    AuditService,
    entity_label,
)
from salesdesk.services.registry import Services
from salesdesk.ui.models.audit_model import (
    COL_CHANGE,
    COL_REASON,
    COL_TIME,
    COL_USER,
    COL_WHAT,
    AuditModel,
)
from salesdesk.ui.operations import Operation, run_operation
from salesdesk.ui.pages.base import Page
from salesdesk.ui.widgets.flow_layout import FlowLayout

log = logging.getLogger(__name__)

# Typing in the search box reads the log again once the user pauses this long.
SEARCH_DELAY_MS = 300
DATE_FORMAT = "yyyy-MM-dd"


def _to_date(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def _to_qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


class AuditPage(Page):
    """The audit log, its filters, the selected entry in full, and the export."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self.setObjectName("page_audit")
        self.audit = AuditService(services.database)
        self._search = ""
        self._newest_first = True
        self._generation = 0
        self._choices: AuditChoices | None = None
        self._loaded_query: AuditQuery | None = None
        # The running background work (tests wait for it).
        self.load_operation: Operation | None = None
        self.choices_operation: Operation | None = None
        self.operation: Operation | None = None

        audit = self.audit
        self.model = AuditModel(
            lambda query, after, limit, by_time: audit.fetch(
                query, after=after, limit=limit, by_time=by_time
            ),
            self,
        )
        self._build_filters()
        self._build_table()
        self._build_detail()
        self._make_actions()
        self._build_layout()

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_filters)

        self.model.counts_changed.connect(self._update_notice)
        self.model.status.connect(self.status)
        self.model.modelReset.connect(self._show_selected)
        self.refresh()

    # ---- Page interface

    def title(self) -> str:
        return self.tr("Audit")

    def toolbar_actions(self) -> list[QAction]:
        return [self.export_action, self.reload_action]

    def main_view(self) -> QAbstractItemView:
        return self.table

    def search(self, text: str) -> None:
        """Narrow the log to entries holding every word (read again after a short pause)."""
        self._search = text
        self._search_timer.start()

    def refresh(self) -> None:
        """Read the filter choices and the entries again (the log grew)."""
        self.load_choices()
        self.apply_filters(force=True)

    # ---- building

    def _build_filters(self) -> None:
        self.from_check = QCheckBox(self.tr("From"), self)
        self.from_check.setObjectName("auditFromEnabled")
        self.from_date = self._date_edit("auditFrom")
        self.to_check = QCheckBox(self.tr("to"), self)
        self.to_check.setObjectName("auditToEnabled")
        self.to_date = self._date_edit("auditTo")
        for check, edit in ((self.from_check, self.from_date), (self.to_check, self.to_date)):
            check.setToolTip(self.tr("Only entries from this day on / up to this day"))
            check.toggled.connect(lambda _on: self.apply_filters())
            # Picking a date means filtering by it.
            edit.dateChanged.connect(lambda _d, c=check: self._date_picked(c))

        self.person_edit = QLineEdit(self)
        self.person_edit.setObjectName("auditPerson")
        self.person_edit.setPlaceholderText(self.tr("All people"))
        self.person_edit.setClearButtonEnabled(True)
        self.person_edit.setToolTip(
            self.tr("A staff code or name; type a few letters and pick from the list")
        )
        self.person_edit.setMinimumWidth(160)
        self.person_names = QStringListModel(self)
        completer = QCompleter(self.person_names, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setMaxVisibleItems(12)
        self.person_edit.setCompleter(completer)
        completer.activated.connect(lambda _text: self.apply_filters())
        self.person_edit.editingFinished.connect(self.apply_filters)
        # Clearing with the clear button does not finish editing; read the log again then.
        self.person_edit.textChanged.connect(lambda text: text or self.apply_filters())

        self.cycle_combo = QComboBox(self)
        self.cycle_combo.setObjectName("auditCycle")
        self.cycle_combo.setMinimumWidth(170)
        self.cycle_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.cycle_combo.addItem(self.tr("All cycles"), None)
        self.cycle_combo.currentIndexChanged.connect(lambda _i: self.apply_filters())

        self.kind_combo = QComboBox(self)
        self.kind_combo.setObjectName("auditKind")
        self.kind_combo.setMinimumWidth(150)
        self.kind_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.kind_combo.addItem(self.tr("All kinds of change"), None)
        self.kind_combo.currentIndexChanged.connect(lambda _i: self.apply_filters())

        self.clear_button = QPushButton(self.tr("Clear"), self)
        self.clear_button.setObjectName("auditClear")
        self.clear_button.setToolTip(self.tr("Show the whole log again"))
        self.clear_button.clicked.connect(self.clear_filters)

    def _date_edit(self, name: str) -> QDateEdit:
        edit = QDateEdit(self)
        edit.setObjectName(name)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat(DATE_FORMAT)
        edit.setDate(QDate.currentDate())
        edit.setKeyboardTracking(False)
        return edit

    def _build_table(self) -> None:
        self.table = QTableView(self)
        self.table.setObjectName("auditTable")
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        # One line per entry: the view never measures rows, so a million stay light.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.table.horizontalHeader()
        for column, width in (
            (COL_TIME, 150),
            (COL_USER, 80),
            (COL_WHAT, 420),
            (COL_CHANGE, 240),
            (COL_REASON, 180),
        ):
            header.resizeSection(column, width)
        # "What" takes the room the window has; the other columns keep their widths.
        header.setSectionResizeMode(COL_WHAT, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        # Sorting happens in SQL and only by time: the indicator is the order the log is read.
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(COL_TIME, Qt.SortOrder.DescendingOrder)
        header.sortIndicatorChanged.connect(self._sort_changed)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)

    def _build_detail(self) -> None:
        self.detail = QTextBrowser(self)
        self.detail.setObjectName("auditDetail")
        self.detail.setOpenLinks(False)
        self.detail.setPlaceholderText(self.tr("Select an entry to see all of it here."))

    def _make_actions(self) -> None:
        self.export_action = QAction(
            QIcon.fromTheme(QIcon.ThemeIcon.DocumentSaveAs), self.tr("Export…"), self
        )
        self.export_action.setObjectName("exportAuditAction")
        self.export_action.setToolTip(
            self.tr("Write every entry the filters show to an Excel workbook")
        )
        self.export_action.triggered.connect(lambda: self.export_log())
        self.reload_action = QAction(
            QIcon.fromTheme(QIcon.ThemeIcon.ViewRefresh), self.tr("Reload"), self
        )
        self.reload_action.setObjectName("reloadAuditAction")
        self.reload_action.setToolTip(self.tr("Read the log again, with changes made since"))
        self.reload_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Refresh))
        self.reload_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.reload_action.triggered.connect(self.refresh)
        self.addAction(self.reload_action)

    def _group(self, *widgets: QWidget) -> QWidget:
        """Widgets kept together on one line of the filter bar."""
        group = QWidget(self)
        row = QHBoxLayout(group)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        for widget in widgets:
            widget.setParent(group)
            row.addWidget(widget)
        return group

    def _build_layout(self) -> None:
        person_label = QLabel(self.tr("Person"), self)
        person_label.setBuddy(self.person_edit)
        cycle_label = QLabel(self.tr("Cycle"), self)
        cycle_label.setBuddy(self.cycle_combo)
        kind_label = QLabel(self.tr("Kind"), self)
        kind_label.setBuddy(self.kind_combo)
        # The filters wrap onto a second line in a narrow window instead of widening it.
        self.filter_bar = QWidget(self)
        self.filter_bar.setObjectName("auditFilters")
        bar = FlowLayout(self.filter_bar, spacing=14)
        for group in (
            self._group(self.from_check, self.from_date, self.to_check, self.to_date),
            self._group(person_label, self.person_edit),
            self._group(cycle_label, self.cycle_combo),
            self._group(kind_label, self.kind_combo),
            self.clear_button,
        ):
            bar.addWidget(group)

        self.notice = QLabel(self)
        self.notice.setObjectName("auditNotice")
        self.notice.setStyleSheet("color: palette(placeholder-text);")
        self.notice.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setObjectName("auditSplitter")
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 4)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setCollapsible(0, False)
        self.splitter.setSizes([520, 150])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(4)
        layout.addWidget(self.filter_bar)
        layout.addWidget(self.notice)
        layout.addWidget(self.splitter, 1)

    # ---- filters

    def query(self) -> AuditQuery:
        """The filters as they stand, with the search box's words and the order."""
        kind = self.kind_combo.currentData()
        entity, action = (None, None)
        if isinstance(kind, str) and kind:
            entity, _, action_part = kind.partition("/")
            action = action_part or None
        cycle = self.cycle_combo.currentData()
        return AuditQuery(
            date_from=_to_date(self.from_date.date()) if self.from_check.isChecked() else None,
            date_to=_to_date(self.to_date.date()) if self.to_check.isChecked() else None,
            person=self.person_edit.text().strip(),
            cycle_id=cycle if isinstance(cycle, int) else None,
            entity=entity or None,
            action=action,
            text=self._search,
            newest_first=self._newest_first,
        )

    def _date_picked(self, check: QCheckBox) -> None:
        if check.isChecked():
            self.apply_filters()
        else:
            check.setChecked(True)  # toggling reads the log

    def clear_filters(self) -> None:
        """All filters off (the search box stays: it belongs to the window)."""
        widgets = (
            self.from_check,
            self.to_check,
            self.person_edit,
            self.cycle_combo,
            self.kind_combo,
        )
        for widget in widgets:
            widget.blockSignals(True)
        self.from_check.setChecked(False)
        self.to_check.setChecked(False)
        self.person_edit.clear()
        self.cycle_combo.setCurrentIndex(0)
        self.kind_combo.setCurrentIndex(0)
        for widget in widgets:
            widget.blockSignals(False)
        self._reset_dates()
        self.apply_filters()

    def _reset_dates(self) -> None:
        """The date boxes at the first and last day of the log (without filtering)."""
        choices = self._choices
        today = date.today()
        first = choices.first if choices and choices.first else today
        last = choices.last if choices and choices.last else today
        for edit, value in ((self.from_date, first), (self.to_date, last)):
            edit.blockSignals(True)
            edit.setDate(_to_qdate(value))
            edit.blockSignals(False)

    def _sort_changed(self, column: int, order: Qt.SortOrder) -> None:
        header = self.table.horizontalHeader()
        if column != COL_TIME:
            # Only time orders the log; put the indicator back where the order really is.
            header.blockSignals(True)
            header.setSortIndicator(
                COL_TIME,
                Qt.SortOrder.DescendingOrder if self._newest_first else Qt.SortOrder.AscendingOrder,
            )
            header.blockSignals(False)
            return
        newest_first = order == Qt.SortOrder.DescendingOrder
        if newest_first != self._newest_first:
            self._newest_first = newest_first
            self.apply_filters()

    # ---- reading

    def apply_filters(self, force: bool = False) -> Operation | None:
        """Read the first page and the count of the current filters in the background;
        nothing happens when they are those already shown (unless `force`)."""
        self._search_timer.stop()
        query = self.query()
        if not force and query == self._loaded_query:
            return self.load_operation
        self._loaded_query = query
        self._generation += 1
        generation = self._generation
        audit = self.audit

        def done(listing: AuditListing) -> None:
            if not Shiboken.isValid(self) or generation != self._generation:
                return  # later filters are being read
            self.model.set_listing(listing)

        def failed(_error: BaseException) -> None:
            if Shiboken.isValid(self) and generation == self._generation:
                self._loaded_query = None
                self.notice.setText(self.tr("The audit log could not be read"))

        self.notice.setText(self.tr("Reading the audit log…"))
        # No progress dialog: a newer choice replaces this one, and the page stays usable.
        self.load_operation = run_operation(
            self,
            lambda progress: audit.listing(query),
            title=self.tr("Audit log"),
            on_success=done,
            on_failure=failed,
            show_progress=False,
        )
        return self.load_operation

    def load_choices(self) -> Operation:
        """Fill the person, cycle and kind filters with what the log holds."""
        audit = self.audit
        self.choices_operation = run_operation(
            self,
            lambda progress: audit.choices(),
            title=self.tr("Audit log"),
            on_success=self._set_choices,
            show_progress=False,
        )
        return self.choices_operation

    def _set_choices(self, choices: AuditChoices) -> None:
        if not Shiboken.isValid(self):
            return
        first_time = self._choices is None
        self._choices = choices
        self.person_names.setStringList([person.label for person in choices.people])

        cycle = self.cycle_combo.currentData()
        kind = self.kind_combo.currentData()
        for combo in (self.cycle_combo, self.kind_combo):
            combo.blockSignals(True)
            while combo.count() > 1:
                combo.removeItem(1)
        for choice in choices.cycles:
            self.cycle_combo.addItem(choice.name, choice.cycle_id)
        actions: dict[str, list[tuple[str, str]]] = {}
        for kind_choice in choices.kinds:
            actions.setdefault(kind_choice.entity, []).append(
                (kind_choice.action, kind_choice.label)
            )
        for entity, labelled in actions.items():
            if len(labelled) > 1:
                self.kind_combo.addItem(
                    self.tr("{kind} (all)").format(kind=entity_label(entity)), entity
                )
                for action, label in labelled:
                    self.kind_combo.addItem(f"    {label}", f"{entity}/{action}")
            else:
                action, label = labelled[0]
                self.kind_combo.addItem(label, f"{entity}/{action}")
        # What was chosen stays chosen (a filter whose entries are gone stays too).
        for combo, value in ((self.cycle_combo, cycle), (self.kind_combo, kind)):
            index = combo.findData(value) if value is not None else 0
            if index < 0:
                combo.addItem(str(value), value)
                index = combo.count() - 1
            combo.setCurrentIndex(index)
            combo.blockSignals(False)
        if first_time or not (self.from_check.isChecked() or self.to_check.isChecked()):
            self._reset_dates()

    def _update_notice(self) -> None:
        shown, total = self.model.rowCount(), self.model.total
        filtered = self.model.query.is_filtered()
        if total == 0:
            text = (
                self.tr("No entries match the filters.")
                if filtered
                else self.tr("The audit log is empty.")
            )
        elif shown < total:
            text = self.tr("Showing {shown} of {total} entries — scroll down for more").format(
                shown=f"{shown:,}", total=f"{total:,}"
            )
        elif total == 1:
            text = self.tr("1 entry")
        else:
            text = self.tr("{total} entries").format(total=f"{total:,}")
        self.notice.setText(text)

    # ---- the selected entry

    def selected_entry(self) -> AuditRow | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.entry_at(rows[0].row())

    def _selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._show_selected()

    def _show_selected(self) -> None:
        entry = self.selected_entry()
        self.detail.setHtml(self.detail_html(entry) if entry is not None else "")

    def detail_html(self, entry: AuditRow) -> str:
        """The whole entry: the short facts two to a line, then old, new and reason in full
        with their line breaks."""

        def label(text: str) -> str:
            return (
                "<td style='padding-right: 10px; color: gray; white-space: nowrap'>"
                f"{html.escape(text)}</td>"
            )

        def value(text: str, span: int = 1) -> str:
            shown = html.escape(text).replace("\n", "<br>") if text else "—"
            return f"<td colspan='{span}' style='padding-right: 24px'>{shown}</td>"

        time = entry.at.strftime("%Y-%m-%d %H:%M:%S")
        pairs = [
            ((self.tr("Time"), time), (self.tr("User"), entry.user)),
            ((self.tr("Kind of change"), entry.kind), (self.tr("Cycle"), entry.cycle_name)),
            ((self.tr("Concerns"), entry.subject), (self.tr("Field"), entry.field)),
        ]
        rows = [f"<tr>{label(a)}{value(x)}{label(b)}{value(y)}</tr>" for (a, x), (b, y) in pairs]
        for name, text in (
            (self.tr("Old value"), entry.old_value),
            (self.tr("New value"), entry.new_value),
            (self.tr("Reason"), entry.reason),
        ):
            rows.append(f"<tr>{label(name)}{value(text, span=3)}</tr>")
        return f"<table cellspacing='2'>{''.join(rows)}</table>"

    def select_row(self, row: int) -> None:
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0))

    # ---- export

    def export_log(self, path: str | Path | None = None) -> Operation | None:
        """Write every entry the filters match (not only those read) to a workbook, in the
        background with progress and Cancel; without `path`, ask for the file."""
        if path is None:
            suggestion = self.tr("audit-log-{date}.xlsx").format(date=date.today().isoformat())
            chosen, _ = QFileDialog.getSaveFileName(
                self,
                self.tr("Export the audit log"),
                suggestion,
                self.tr("Excel workbook (*.xlsx)"),
            )
            if not chosen:
                return None
            path = chosen
        out = Path(path)
        if out.suffix.lower() != ".xlsx":
            out = out.with_suffix(".xlsx")
        query = self.query()
        audit = self.audit

        def cancelled() -> None:
            self.status.emit(self.tr("Export cancelled; no file was written"))

        self.operation = run_operation(
            self,
            lambda progress: export_audit(audit, query, out, progress=progress),
            title=self.tr("Export the audit log"),
            label=self.tr("Writing {file}…").format(file=out.name),
            on_success=lambda count: self.status.emit(
                self.tr("Exported {n} entries to {file}").format(n=f"{int(count):,}", file=out.name)
            ),
            on_cancel=cancelled,
        )
        return self.operation


__all__ = ["AuditPage"]
