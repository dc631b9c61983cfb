"""The main window: navigation between the pages, toolbar, menus, status bar, and what the
window remembers between sessions (size, splitters, column widths, last page, recent files).

The window owns the Services of its database and closes them when it closes. Switching to
another database (New, Open, Recent, Restore) and switching the language are requested by
signal; the application layer (salesdesk.app) answers by building a fresh window.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QSettings, QSize, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QFont,
    QKeyEvent,
    QKeySequence,
    QUndoGroup,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTextBrowser,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from salesdesk import __version__
from salesdesk.domain.org import check_name
from salesdesk.domain.workflow import CycleState
from salesdesk.paths import data_dir
from salesdesk.services.backup import restore_database
from salesdesk.services.registry import Services
from salesdesk.ui import i18n, icons
from salesdesk.ui.operations import Operation, run_operation
from salesdesk.ui.pages.base import Page
from salesdesk.ui.warm_up import ResultsWarmUp
from salesdesk.ui.widgets import messages

log = logging.getLogger(__name__)

# The navigation pages, in order; page `key` has objectName `page_<key>` and Ctrl+<n>.
PAGE_KEYS = ("staff", "targets", "actuals", "schemes", "cycles", "reports", "audit")
RECENT_KEY = "recent_databases"
RECENT_MAX = 5
SHOW_LEFT_KEY = "show_left"
DB_FILTER_SUFFIXES = "*.db *.sqlite *.sqlite3"
# On closing: how long to wait for a background preparation of results to stop (it stops
# at its next progress report, well within this) before the database is closed under it.
WARM_UP_STOP_S = 5.0


def user_settings() -> QSettings:
    """The per-user settings (window layout, recent files, language) as an INI file in the
    data folder, so tests (SALESDESK_HOME) never see a real user's settings and a user can
    reset the layout by deleting one file."""
    folder = data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)


def string_list(value: object) -> list[str]:
    """A list of strings from QSettings, which returns one string, a list or None for lists
    depending on the format and the number of entries."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value] if value else []
    if isinstance(value, list | tuple):
        return [str(v) for v in value if v]
    return []


class MainWindow(QMainWindow):
    """The main window of one open database."""

    # Open another database (or the same one afresh, after a restore).
    database_switch_requested = Signal(object)
    # The user picked another language in View → Language ('zh' or 'en').
    language_change_requested = Signal(str)

    def __init__(
        self,
        services: Services,
        parent: QWidget | None = None,
        *,
        settings: QSettings | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("MainWindow")
        self.setWindowIcon(icons.app_icon())
        self.services = services
        self.settings = settings if settings is not None else user_settings()
        self._closed = False
        self._page_toolbar_actions: list[QAction] = []
        self._search_texts: dict[str, str] = {}
        self._stale: set[str] = set()
        self.pages: dict[str, Page] = {}
        self.results_warm_up = ResultsWarmUp(
            self,
            lambda progress, figures_only: services.cycles.prepare_live(
                progress=progress, figures_only=figures_only
            ),
        )

        self.undo_group = QUndoGroup(self)
        self._build_central()
        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        self._build_status_bar()
        self._add_pages()
        self._remember_recent(self.services.db_path)
        self._restore_layout()
        self.update_title()
        self.update_counts()

    # ------------------------------------------------------------------ building

    def page_texts(self) -> dict[str, tuple[str, str]]:
        """Each page's navigation label and (for pages still to come) what it will do."""
        return {
            "staff": (
                self.tr("Staff"),
                self.tr("Keep the org chart and the sales staff, with managers and pay bases."),
            ),
            "targets": (
                self.tr("Targets"),
                self.tr(
                    "Set yearly targets, spread them over the months by seasonality and "
                    "split them from units down to people."
                ),
            ),
            "actuals": (
                self.tr("Actuals"),
                self.tr(
                    "Import sales ledgers and receipts, enter manual metrics and look at "
                    "any metric per person and month."
                ),
            ),
            "schemes": (
                self.tr("Schemes"),
                self.tr(
                    "Define appraisal schemes: weighted items, scoring rules, grade bands "
                    "and the grade distribution."
                ),
            ),
            "cycles": (
                self.tr("Cycles"),
                self.tr(
                    "Run appraisal cycles: scoring, ratings, calibration, interviews, "
                    "sign-off and appeals."
                ),
            ),
            "reports": (
                self.tr("Reports"),
                self.tr("Print scorecards and pay sheets and export report workbooks."),
            ),
            "audit": (
                self.tr("Audit"),
                self.tr("See who changed what and when, for every change to the data."),
            ),
        }

    def _build_central(self) -> None:
        self.navigation = QListWidget(self)
        self.navigation.setObjectName("navigation")
        self.navigation.setIconSize(QSize(28, 28))
        self.navigation.setSpacing(2)
        self.navigation.setUniformItemSizes(True)
        self.navigation.setMovement(QListView.Movement.Static)
        self.navigation.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.navigation.setMinimumWidth(120)
        font = QFont(self.navigation.font())
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.navigation.setFont(font)
        self.navigation.setStyleSheet(
            "QListWidget#navigation { border: none; padding-top: 6px; }"
            "QListWidget#navigation::item { padding: 6px 8px; border-radius: 4px; }"
            # A style sheet on ::item replaces the style's own selection painting; say it.
            "QListWidget#navigation::item:selected {"
            " background: palette(highlight); color: palette(highlighted-text); }"
            "QListWidget#navigation::item:hover:!selected { background: palette(midlight); }"
        )
        self.stack = QStackedWidget(self)
        self.stack.setObjectName("pages")
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.navigation)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setCollapsible(0, False)
        self.splitter.setCollapsible(1, False)
        self.splitter.setSizes([150, 1050])
        self.setCentralWidget(self.splitter)
        self.navigation.currentRowChanged.connect(self._on_page_changed)

    def _action(
        self,
        text: str,
        slot: Callable[[], Any],
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
        *,
        name: str = "",
    ) -> QAction:
        action = QAction(text, self)
        if name:
            action.setObjectName(name)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def _build_actions(self) -> None:
        Key = QKeySequence.StandardKey
        self.new_action = self._action(self.tr("&New database…"), self.new_database, Key.New)
        self.open_action = self._action(
            self.tr("&Open database…"), self.open_database_dialog, Key.Open
        )
        self.backup_action = self._action(self.tr("&Backup…"), self.backup)
        self.restore_action = self._action(self.tr("&Restore…"), self.restore)
        self.import_staff_action = self._action(
            self.tr("&Staff…"), lambda: self._call_page("staff", "import_staff"), name="importStaff"
        )
        self.export_staff_action = self._action(
            self.tr("&Staff list…"),
            lambda: self._call_page("staff", "export_staff"),
            name="exportStaff",
        )
        self.quit_action = self._action(self.tr("&Quit"), self.close, "Ctrl+Q")
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)

        self.undo_action = self.undo_group.createUndoAction(self, self.tr("Undo"))
        self.undo_action.setObjectName("undo")
        self.undo_action.setShortcut(QKeySequence(Key.Undo))
        self.undo_action.setIcon(icons.undo_icon())
        self.redo_action = self.undo_group.createRedoAction(self, self.tr("Redo"))
        self.redo_action.setObjectName("redo")
        # Excel users press Ctrl+Y; Qt's standard redo on Linux is Ctrl+Shift+Z. Offer both.
        redo_keys = [QKeySequence("Ctrl+Y"), *QKeySequence.keyBindings(Key.Redo)]
        self.redo_action.setShortcuts(list(dict.fromkeys(redo_keys)))
        self.redo_action.setIcon(icons.redo_icon())

        # Cut/Copy/Paste/Delete only show their keys in the menu (widget-shortcut context on
        # the menu): the keys themselves go straight to the focused table or text field,
        # which handle them; the menu entries forward to the same handlers.
        self.cut_action = self._action(self.tr("Cu&t"), lambda: self.edit_focused("cut"))
        self.copy_action = self._action(self.tr("&Copy"), lambda: self.edit_focused("copy"))
        self.paste_action = self._action(self.tr("&Paste"), lambda: self.edit_focused("paste"))
        self.delete_action = self._action(self.tr("&Delete"), lambda: self.edit_focused("delete"))
        for action, standard in (
            (self.cut_action, Key.Cut),
            (self.copy_action, Key.Copy),
            (self.paste_action, Key.Paste),
            (self.delete_action, Key.Delete),
        ):
            action.setShortcut(QKeySequence(standard))
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)

        self.find_action = self._action(self.tr("&Find…"), self.focus_search, Key.Find)
        self.addAction(self.find_action)

        self.page_group = QActionGroup(self)
        self.page_actions: dict[str, QAction] = {}
        texts = self.page_texts()
        for number, key in enumerate(PAGE_KEYS, start=1):
            action = self._action(
                texts[key][0], partial(self.show_page, key), f"Ctrl+{number}", name=f"go_{key}"
            )
            action.setCheckable(True)
            action.setStatusTip(texts[key][1])
            action.setIcon(icons.page_icon(key))
            self.page_group.addAction(action)
            self.page_actions[key] = action
            self.addAction(action)  # the shortcut works while the menu bar is hidden too

        self.language_group = QActionGroup(self)
        self.language_actions: dict[str, QAction] = {}
        current = i18n.current_language() or i18n.choose_language(self.settings)
        # Each language is named in itself, so a user who cannot read the current one finds
        # their own; these two names are deliberately not translated.
        for code, label in (("zh", "中文"), ("en", "English")):
            action = QAction(label, self)
            action.setCheckable(True)
            action.setChecked(code == current)
            action.setObjectName(f"language_{code}")
            action.triggered.connect(lambda _checked=False, c=code: self.set_language(c))
            self.language_group.addAction(action)
            self.language_actions[code] = action

        self.show_left_action = QAction(self.tr("Show people who &left"), self)
        self.show_left_action.setObjectName("showLeft")
        self.show_left_action.setCheckable(True)
        self.show_left_action.setChecked(
            self.settings.value(SHOW_LEFT_KEY, False, type=bool)  # type: ignore[arg-type]
        )
        self.show_left_action.toggled.connect(self.set_show_left)

        self.guide_action = self._action(self.tr("User &guide"), self.show_guide, Key.HelpContents)
        self.about_action = self._action(self.tr("&About SalesDesk"), self.show_about)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))
        file_menu.addAction(self.new_action)
        file_menu.addAction(self.open_action)
        self.recent_menu = file_menu.addMenu(self.tr("Open &recent"))
        self.recent_menu.setObjectName("recentMenu")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        file_menu.addSeparator()
        file_menu.addAction(self.backup_action)
        file_menu.addAction(self.restore_action)
        file_menu.addSeparator()
        import_menu = file_menu.addMenu(self.tr("&Import"))
        import_menu.addAction(self.import_staff_action)
        export_menu = file_menu.addMenu(self.tr("&Export"))
        export_menu.addAction(self.export_staff_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)

        edit_menu = bar.addMenu(self.tr("&Edit"))
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)
        edit_menu.addSeparator()
        for action in (self.cut_action, self.copy_action, self.paste_action, self.delete_action):
            edit_menu.addAction(action)
        edit_menu.addSeparator()
        edit_menu.addAction(self.find_action)

        view_menu = bar.addMenu(self.tr("&View"))
        for key in PAGE_KEYS:
            view_menu.addAction(self.page_actions[key])
        view_menu.addSeparator()
        language_menu = view_menu.addMenu(self.tr("&Language"))
        for action in self.language_actions.values():
            language_menu.addAction(action)
        view_menu.addAction(self.show_left_action)

        help_menu = bar.addMenu(self.tr("&Help"))
        help_menu.addAction(self.guide_action)
        help_menu.addSeparator()
        help_menu.addAction(self.about_action)
        self._menus = (file_menu, edit_menu, view_menu, help_menu)

    def _build_toolbar(self) -> None:
        self.toolbar = QToolBar(self.tr("Main toolbar"), self)
        self.toolbar.setObjectName("mainToolbar")
        self.toolbar.setMovable(False)
        self.toolbar.setIconSize(QSize(20, 20))
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.toolbar)
        # Page actions are inserted before this separator whenever the page changes.
        self._page_actions_end = self.toolbar.addSeparator()
        self.toolbar.addAction(self.undo_action)
        self.toolbar.addAction(self.redo_action)
        for action in (self.undo_action, self.redo_action):
            button = self.toolbar.widgetForAction(action)
            if button is not None:
                # The undo text grows with the command's name; the icon alone keeps its place.
                button.setProperty("toolButtonStyle", Qt.ToolButtonStyle.ToolButtonIconOnly)
        spacer = QWidget(self.toolbar)
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.toolbar.addWidget(spacer)
        self.search_box = QLineEdit(self.toolbar)
        self.search_box.setObjectName("searchBox")
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setPlaceholderText(self.tr("Search (Ctrl+F)"))
        self.search_box.setMinimumWidth(240)
        self.search_box.setMaximumWidth(320)
        self.search_box.textChanged.connect(self._on_search)
        clear = QAction(self.search_box)
        clear.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        clear.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        clear.triggered.connect(self.search_box.clear)
        self.search_box.addAction(clear)
        self.toolbar.addWidget(self.search_box)

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.status_message = QLabel(self)
        self.status_message.setObjectName("statusMessage")
        self.status_message.setMinimumWidth(80)
        self.status_message.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.status_counts = QLabel(self)
        self.status_counts.setObjectName("statusCounts")
        self.status_database = QLabel(self)
        self.status_database.setObjectName("statusDatabase")
        for label in (self.status_counts, self.status_database):
            label.setContentsMargins(8, 0, 8, 0)
        bar.addWidget(self.status_message, 1)
        bar.addPermanentWidget(self.status_counts)
        bar.addPermanentWidget(self.status_database)
        self.status_database.setText(self.services.db_path.name)
        self.status_database.setToolTip(str(self.services.db_path))

    def _add_pages(self) -> None:
        texts = self.page_texts()
        for key in PAGE_KEYS:
            label, description = texts[key]
            page = self._load_page(key)
            page.setObjectName(f"page_{key}")
            page.set_show_left(self.show_left_action.isChecked())
            page.status.connect(self.show_status)
            page.data_changed.connect(lambda k=key: self._on_data_changed(k))
            self.undo_group.addStack(page.undo_stack)
            self.pages[key] = page
            self.stack.addWidget(page)
            item = QListWidgetItem(icons.page_icon(key), label)
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setToolTip(f"{label}  (Ctrl+{PAGE_KEYS.index(key) + 1})\n{description}")
            self.navigation.addItem(item)
        scoring_started = getattr(self.pages["cycles"], "scoring_started", None)
        if scoring_started is not None:
            scoring_started.connect(self.results_warm_up.give_way)
        has_import = callable(getattr(self.pages["staff"], "import_staff", None))
        has_export = callable(getattr(self.pages["staff"], "export_staff", None))
        self.import_staff_action.setEnabled(has_import)
        self.export_staff_action.setEnabled(has_export)

    def _load_page(self, key: str) -> Page:
        """The page class `salesdesk.ui.pages.<key>.<Key>Page`, built on the services."""
        module = importlib.import_module(f"salesdesk.ui.pages.{key}")
        page_class = getattr(module, f"{key.capitalize()}Page")
        page: Page = page_class(self.services, self.stack)
        return page

    # ------------------------------------------------------------------ pages

    def current_key(self) -> str:
        return PAGE_KEYS[max(0, self.navigation.currentRow())]

    def current_page(self) -> Page:
        return self.pages[self.current_key()]

    def show_page(self, key: str) -> None:
        self.navigation.setCurrentRow(PAGE_KEYS.index(key))

    def _on_page_changed(self, row: int) -> None:
        if row < 0:
            return
        key = PAGE_KEYS[row]
        page = self.pages[key]
        if key in self._stale:
            # Before it is shown: a page that reloads when shown would otherwise start
            # twice (the Cycles page scoring a large cycle twice over).
            self._stale.discard(key)
            page.refresh()
        self.stack.setCurrentWidget(page)
        for action in self._page_toolbar_actions:
            self.toolbar.removeAction(action)
        self._page_toolbar_actions = list(page.toolbar_actions())
        self.toolbar.insertActions(self._page_actions_end, self._page_toolbar_actions)
        self.undo_group.setActiveStack(page.undo_stack)
        self.page_actions[key].setChecked(True)
        self.search_box.blockSignals(True)
        self.search_box.setText(self._search_texts.get(key, ""))
        self.search_box.blockSignals(False)
        self.search_box.setEnabled(page.main_view() is not None)

    def _on_search(self, text: str) -> None:
        self._search_texts[self.current_key()] = text
        self.current_page().search(text)

    def focus_search(self) -> None:
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    def _on_data_changed(self, key: str) -> None:
        # Other pages reload when next shown rather than all at once now.
        self._stale.update(k for k in PAGE_KEYS if k != key)
        if key != "cycles":  # the Cycles page scores its own changes at once
            self.results_warm_up.schedule()
        self.update_counts()
        self.update_title()

    def _call_page(self, key: str, method: str) -> None:
        self.show_page(key)
        handler = getattr(self.pages[key], method, None)
        if callable(handler):
            handler()

    def set_show_left(self, show: bool) -> None:
        self.settings.setValue(SHOW_LEFT_KEY, show)
        for page in self.pages.values():
            page.set_show_left(show)

    # ------------------------------------------------------------------ status and title

    def show_status(self, message: str) -> None:
        """Show the result of the last action (first line; the whole text as tooltip)."""
        first = message.splitlines()[0] if message else ""
        self.status_message.setText(first)
        self.status_message.setToolTip(message if message != first else "")

    def update_title(self) -> None:
        company = self.services.settings.company_name()
        parts = ["SalesDesk", company, self.services.db_path.name]
        self.setWindowTitle(" — ".join(p for p in parts if p))

    def update_counts(self) -> None:
        summary = self.services.staff.summary()
        parts = [
            self.tr("%n staff", "", summary["staff"]),
            self.tr("%n region(s)", "", summary["regions"]),
        ]
        cycle = self.current_cycle_text()
        if cycle:
            parts.append(cycle)
        self.status_counts.setText(" · ".join(parts))

    def current_cycle_text(self) -> str:
        """The appraisal under way ("2026-Q1 考核进行中"): the newest cycle that is open, in
        calibration or confirmed; empty when there is none."""
        under_way = (CycleState.OPEN, CycleState.CALIBRATION, CycleState.CONFIRMED)
        for cycle in self.services.cycles.list_cycles():
            if cycle.state in under_way:
                return self.tr("{period} appraisal {state}").format(
                    period=cycle.period, state=cycle.state_label
                )
        return ""

    # ------------------------------------------------------------------ edit menu

    def edit_focused(self, kind: str) -> None:
        """Cut, copy, paste or delete in the focused table (its own methods if it has them,
        else the standard key) or text field."""
        target = QApplication.focusWidget()
        if target is None or target.window() is not self:
            target = self.focusWidget()
        if target is None:
            return
        if isinstance(target, QAbstractItemView):
            copy = getattr(target, "copy_selection", None)
            clear = getattr(target, "clear_selection_cells", None)
            paste = getattr(target, "paste", None)
            if kind == "copy" and callable(copy):
                copy()
                return
            if kind == "paste" and callable(paste):
                paste()
                return
            if kind == "delete" and callable(clear):
                clear()
                return
            if kind == "cut" and callable(copy) and callable(clear):
                copy()
                clear()
                return
        control = Qt.KeyboardModifier.ControlModifier  # Qt maps it to Cmd on macOS
        key, modifiers = {
            "cut": (Qt.Key.Key_X, control),
            "copy": (Qt.Key.Key_C, control),
            "paste": (Qt.Key.Key_V, control),
            "delete": (Qt.Key.Key_Delete, Qt.KeyboardModifier.NoModifier),
        }[kind]
        for event_type in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(event_type, key, modifiers)
            QCoreApplication.sendEvent(target, event)

    # ------------------------------------------------------------------ file menu

    def _documents_dir(self) -> str:
        last = self.settings.value("last_folder")
        if isinstance(last, str) and Path(last).is_dir():
            return last
        return str(Path.home())

    def _remember_folder(self, path: Path) -> None:
        self.settings.setValue("last_folder", str(path.parent))

    def _db_filter(self) -> str:
        return ";;".join(
            (
                self.tr("SalesDesk databases ({patterns})").format(patterns=DB_FILTER_SUFFIXES),
                self.tr("All files (*)"),
            )
        )

    def new_database(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("New database"),
            str(Path(self._documents_dir()) / "salesdesk.db"),
            self._db_filter(),
            options=QFileDialog.Option.DontConfirmOverwrite,
        )
        if not chosen:
            return
        path = Path(chosen)
        if not path.suffix:
            path = path.with_suffix(".db")
        self._remember_folder(path)
        if path.exists() and path.stat().st_size > 0:
            messages.show_user_error(
                self,
                self.tr("{file} already exists. Use File → Open database… to open it.").format(
                    file=path
                ),
                self.tr("New database"),
            )
            return
        company, ok = QInputDialog.getText(self, self.tr("New database"), self.tr("Company name:"))
        if not ok:
            return

        def create(progress: Callable[[int, str], bool]) -> None:
            name = check_name(company, "company")
            services = Services.open(path)
            try:
                services.settings.set_company_name(name)
            finally:
                services.close()

        run_operation(
            self,
            create,
            title=self.tr("New database"),
            label=self.tr("Creating {file}…").format(file=path.name),
            cancellable=False,
            on_success=lambda _result: self.database_switch_requested.emit(path),
        )

    def open_database_dialog(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self, self.tr("Open database"), self._documents_dir(), self._db_filter()
        )
        if chosen:
            self._remember_folder(Path(chosen))
            self.database_switch_requested.emit(Path(chosen))

    def recent_databases(self) -> list[Path]:
        return [Path(p) for p in string_list(self.settings.value(RECENT_KEY))]

    def _remember_recent(self, path: Path) -> None:
        entries = [str(path.resolve())]
        entries += [p for p in string_list(self.settings.value(RECENT_KEY)) if p != entries[0]]
        self.settings.setValue(RECENT_KEY, entries[:RECENT_MAX])

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        current = self.services.db_path.resolve()
        for number, path in enumerate(self.recent_databases(), start=1):
            action = self.recent_menu.addAction(f"&{number}  {path.name}  —  {path.parent}")
            action.setEnabled(path != current)
            action.triggered.connect(lambda _checked=False, p=path: self.open_recent(p))
        if self.recent_menu.isEmpty():
            self.recent_menu.addAction(self.tr("(none)")).setEnabled(False)

    def open_recent(self, path: Path) -> None:
        if not path.exists():
            remaining = [p for p in string_list(self.settings.value(RECENT_KEY)) if p != str(path)]
            self.settings.setValue(RECENT_KEY, remaining)
            messages.show_user_error(
                self, self.tr("{file} no longer exists.").format(file=path), self.tr("Open recent")
            )
            return
        self.database_switch_requested.emit(path)

    def backup(self) -> Operation | None:
        stamp = datetime.now().strftime("%Y%m%d-%H%M")
        suggestion = Path(self._documents_dir()) / f"{self.services.db_path.stem}-{stamp}.db"
        chosen, _ = QFileDialog.getSaveFileName(
            self, self.tr("Back up the database"), str(suggestion), self._db_filter()
        )
        if not chosen:
            return None
        target = Path(chosen)
        self._remember_folder(target)
        if target.resolve() == self.services.db_path.resolve():
            messages.show_user_error(
                self, self.tr("Choose another file than the open database."), self.tr("Backup")
            )
            return None
        database = self.services.database
        return run_operation(
            self,
            lambda progress: database.backup(target),
            title=self.tr("Backup"),
            label=self.tr("Backing up to {file}…").format(file=target.name),
            cancellable=False,
            on_success=lambda _r: self.show_status(
                self.tr("Backed up to {file}").format(file=target)
            ),
        )

    def restore(self) -> Operation | None:
        chosen, _ = QFileDialog.getOpenFileName(
            self, self.tr("Restore from a backup"), self._documents_dir(), self._db_filter()
        )
        if not chosen:
            return None
        backup = Path(chosen)
        current = self.services.db_path
        question = self.tr(
            "Replace the open database {current} with the backup {backup}?\n\n"
            "Everything changed since that backup is lost. The current file is kept "
            "beside it as {current}.before-restore."
        ).format(current=current.name, backup=backup)
        if not messages.ask_yes_no(self, question, self.tr("Restore")):
            return None
        # Windows cannot replace a file with open handles; the pages reconnect on demand if
        # the restore is refused and this window stays.
        self.services.database.close()
        return run_operation(
            self,
            lambda progress: restore_database(backup, current),
            title=self.tr("Restore"),
            label=self.tr("Restoring {file}…").format(file=backup.name),
            cancellable=False,
            on_success=lambda _r: self.database_switch_requested.emit(current),
        )

    # ------------------------------------------------------------------ view and help

    def set_language(self, code: str) -> None:
        """Store the choice; the application rebuilds the window in that language."""
        self.settings.setValue(i18n.LANGUAGE_KEY, code)
        self.settings.sync()
        self.language_change_requested.emit(code)

    def show_guide(self) -> None:
        dialog = QDialog(self)
        dialog.setObjectName("userGuide")
        dialog.setWindowTitle(self.tr("SalesDesk user guide"))
        dialog.resize(640, 560)
        layout = QVBoxLayout(dialog)
        browser = QTextBrowser(dialog)
        browser.setOpenExternalLinks(False)
        browser.setHtml(self.guide_html())
        layout.addWidget(browser)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
        buttons.rejected.connect(dialog.reject)
        layout.addWidget(buttons)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()

    def guide_html(self) -> str:
        sections = [
            (
                self.tr("Getting started"),
                self.tr(
                    "Each company's data lives in one database file. Create or open one "
                    "with the File menu; the window title shows which file is open."
                ),
            ),
            (
                self.tr("Pages"),
                self.tr(
                    "Use the list on the left or Ctrl+1 to Ctrl+7 to switch between Staff, "
                    "Targets, Actuals, Schemes, Cycles, Reports and Audit."
                ),
            ),
            (
                self.tr("Working like in Excel"),
                self.tr(
                    "Click a cell to select it; double-click, F2 or just type to edit. "
                    "Enter moves down, Tab moves right. Ctrl+C and Ctrl+V copy and paste "
                    "blocks of cells to and from Excel. Delete clears the selected cells."
                ),
            ),
            (
                self.tr("Undo and search"),
                self.tr(
                    "Ctrl+Z undoes the last change and Ctrl+Y redoes it. Ctrl+F jumps to the "
                    "search box, which narrows the current table as you type."
                ),
            ),
            (
                self.tr("Refused changes"),
                self.tr(
                    "When a value breaks a rule, the old value stays and the status bar "
                    "says why and what is allowed."
                ),
            ),
            (
                self.tr("Safety"),
                self.tr(
                    "Every change is saved at once. Use File → Backup… regularly and keep "
                    "the copies somewhere else; File → Restore… brings one back."
                ),
            ),
        ]
        body = "".join(f"<h3>{title}</h3><p>{text}</p>" for title, text in sections)
        return f"<h2>{self.tr('SalesDesk user guide')}</h2>{body}"

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About SalesDesk"),
            self.tr(
                "<h3>SalesDesk {version}</h3>"
                "<p>Sales performance appraisal for a small company's sales team.</p>"
                "<p>Database: {path}</p><p>Data folder: {folder}</p>"
            ).format(version=__version__, path=self.services.db_path, folder=data_dir()),
        )

    # ------------------------------------------------------------------ remembering

    def _restore_layout(self) -> None:
        settings = self.settings
        geometry = settings.value("window/geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1200, 760)
        state = settings.value("window/state")
        if state is not None:
            self.restoreState(state)
        for splitter in self.findChildren(QSplitter):
            saved = settings.value(f"splitters/{splitter.objectName()}")
            if splitter.objectName() and saved is not None:
                splitter.restoreState(saved)
        for name, header in self._named_headers().items():
            saved = settings.value(f"headers/{name}")
            count = settings.value(f"headers/{name}/count", type=int)
            # A header saved with another number of columns would hide or swap the wrong ones.
            if saved is not None and count == header.count():
                header.restoreState(saved)
        last = settings.value("window/page")
        self.show_page(last if isinstance(last, str) and last in PAGE_KEYS else PAGE_KEYS[0])

    def _named_headers(self) -> dict[str, QHeaderView]:
        return {
            view.objectName(): view.horizontalHeader()
            for view in self.findChildren(QTableView)
            if view.objectName()
        }

    def save_layout(self) -> None:
        settings = self.settings
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/state", self.saveState())
        settings.setValue("window/page", self.current_key())
        for splitter in self.findChildren(QSplitter):
            if splitter.objectName():
                settings.setValue(f"splitters/{splitter.objectName()}", splitter.saveState())
        for name, header in self._named_headers().items():
            settings.setValue(f"headers/{name}", header.saveState())
            settings.setValue(f"headers/{name}/count", header.count())
        settings.sync()

    def shutdown(self) -> None:
        """Remember the layout and close the database; safe to call more than once."""
        if self._closed:
            return
        self._closed = True
        self.results_warm_up.stop(wait_s=WARM_UP_STOP_S)
        try:
            self.save_layout()
        finally:
            self.services.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)

    # ------------------------------------------------------------------ for the app layer

    def menus(self) -> tuple[QMenu, ...]:
        return self._menus
