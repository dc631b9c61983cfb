"""The first-start dialog: create a demo company, start empty, open a database, or import
staff from Excel. It prepares the default database as chosen and tells app.py which
database to open (`chosen_path`)."""

from __future__ import annotations

import importlib.util
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCommandLinkButton,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from salesdesk.domain.org import check_name
from salesdesk.services.registry import Services
from salesdesk.ui import icons
from salesdesk.ui.operations import Operation, ProgressCallback, run_operation
from salesdesk.ui.widgets import messages

log = logging.getLogger(__name__)

DEMO_STAFF = 40
WELCOME_ICONS = {
    "demoButton": "actuals",
    "emptyButton": "schemes",
    "openButton": "reports",
    "importButton": "staff",
}
DEMO_SEED = 1


def _available(module: str) -> bool:
    # The demo and the importers are optional pieces while the program grows; their
    # buttons are disabled rather than failing when clicked.
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False


def build_demo_company(path: Path, progress: ProgressCallback) -> Any:
    """Work for the background: the demo company in a new database at `path`."""
    from salesdesk.services.demo import build_demo

    return build_demo(path, staff=DEMO_STAFF, seed=DEMO_SEED, replace=False, progress=progress)


def create_empty_company(path: Path, company: str) -> None:
    """Work for the background: an empty database at `path` with the company's name."""
    name = check_name(company, "company")  # refuse a bad name before creating any file
    services = Services.open(path)
    try:
        services.settings.set_company_name(name)
    finally:
        services.close()


def import_staff_file(path: Path, workbook: Path) -> Any:
    """Work for the background: a database at `path` with the staff of `workbook`.

    An import with errors writes nothing; then a database created here is removed again,
    so the next start still offers this dialog.
    """
    from salesdesk.services.imports import import_file

    existed = path.exists()
    services = Services.open(path)
    try:
        report = import_file(services.database, "staff", workbook, dry_run=False)
    except BaseException:
        services.close()
        if not existed:
            for file in (path, *(path.with_name(path.name + s) for s in ("-wal", "-shm"))):
                file.unlink(missing_ok=True)
        raise
    services.close()
    return report


class WelcomeDialog(QDialog):
    """Shown when the default database does not exist yet."""

    def __init__(self, default_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("WelcomeDialog")
        self.setWindowTitle(self.tr("Welcome to SalesDesk"))
        self.setWindowIcon(icons.app_icon())
        self.default_path = default_path
        # The database app.py opens once the dialog is accepted.
        self.chosen_path: Path | None = None
        # The background work running now, if any (tests wait for its `finished`).
        self.operation: Operation | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(10)
        header = QHBoxLayout()
        logo = QLabel(self)
        logo.setPixmap(icons.app_icon().pixmap(QSize(56, 56)))
        header.addWidget(logo, 0, Qt.AlignmentFlag.AlignTop)
        titles = QVBoxLayout()
        heading = QLabel(self.tr("Welcome to SalesDesk"), self)
        font = QFont(heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        heading.setFont(font)
        titles.addWidget(heading)
        intro = QLabel(
            self.tr(
                "Targets, results and appraisals of your sales team, kept on this PC. "
                "How would you like to start?"
            ),
            self,
        )
        intro.setWordWrap(True)
        titles.addWidget(intro)
        header.addLayout(titles, 1)
        layout.addLayout(header)
        layout.addSpacing(6)

        self.demo_button = self._choice(
            "demoButton",
            self.tr("Create a demo company"),
            self.tr(
                "A made-up company with {n} sales staff, targets and two years of sales, "
                "to try everything out."
            ).format(n=DEMO_STAFF),
            self.create_demo,
        )
        self.empty_button = self._choice(
            "emptyButton",
            self.tr("Start empty"),
            self.tr("Enter your company's name and build up your own data."),
            self.start_empty,
        )
        self.open_button = self._choice(
            "openButton",
            self.tr("Open a database…"),
            self.tr("Continue with a SalesDesk database file you already have."),
            self.open_existing,
        )
        self.import_button = self._choice(
            "importButton",
            self.tr("Import staff from Excel…"),
            self.tr("Start with your staff list from an Excel workbook."),
            self.import_staff,
        )
        for button in (self.demo_button, self.empty_button, self.open_button, self.import_button):
            layout.addWidget(button)
        if not _available("salesdesk.services.demo"):
            self.demo_button.setEnabled(False)
        if not _available("salesdesk.services.imports"):
            self.import_button.setEnabled(False)

        where = QLabel(self.tr("New data is kept in {path}").format(path=default_path.parent), self)
        where.setWordWrap(True)
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        where.setStyleSheet("color: palette(placeholder-text);")
        layout.addSpacing(4)
        layout.addWidget(where)
        buttons = QDialogButtonBox(self)
        quit_button = buttons.addButton(self.tr("Quit"), QDialogButtonBox.ButtonRole.RejectRole)
        quit_button.setObjectName("quitButton")
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)

    def _choice(
        self, name: str, title: str, description: str, slot: Callable[[], object]
    ) -> QCommandLinkButton:
        button = QCommandLinkButton(title, description, self)
        button.setObjectName(name)
        button.setIcon(icons.page_icon(WELCOME_ICONS[name]))
        button.setIconSize(QSize(28, 28))
        button.clicked.connect(lambda _checked=False: slot())
        return button

    # ------------------------------------------------------------------ choices

    def _finish(self, path: Path) -> None:
        self.chosen_path = path
        self.accept()

    def _run(self, work: Callable[[ProgressCallback], Any], title: str, **kwargs: Any) -> Operation:
        self.operation = run_operation(self, work, title=title, **kwargs)
        return self.operation

    def create_demo(self) -> Operation:
        path = self.default_path

        def done(summary: object) -> None:
            describe = getattr(summary, "describe", None)
            if callable(describe):
                messages.show_info(self, str(describe()), self.tr("Demo company"))
            self._finish(path)

        return self._run(
            lambda progress: build_demo_company(path, progress),
            self.tr("Creating the demo company"),
            label=self.tr("Creating the demo company…"),
            on_success=done,
        )

    def start_empty(self) -> Operation | None:
        company, ok = QInputDialog.getText(
            self, self.tr("Start empty"), self.tr("Your company's name:")
        )
        if not ok:
            return None
        path = self.default_path
        return self._run(
            lambda progress: create_empty_company(path, company),
            self.tr("Start empty"),
            label=self.tr("Creating the database…"),
            cancellable=False,
            on_success=lambda _result: self._finish(path),
        )

    def open_existing(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Open a database"),
            str(Path.home()),
            ";;".join(
                (self.tr("SalesDesk databases (*.db *.sqlite *.sqlite3)"), self.tr("All files (*)"))
            ),
        )
        if chosen:
            self._finish(Path(chosen))

    def import_staff(self) -> Operation | None:
        chosen, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Import staff from Excel"),
            str(Path.home()),
            ";;".join(
                (
                    self.tr("Workbooks (*.xlsx *.xls *.ods *.csv)"),
                    self.tr("All files (*)"),
                )
            ),
        )
        if not chosen:
            return None
        workbook = Path(chosen)
        path = self.default_path

        def done(report: object) -> None:
            describe = getattr(report, "describe", None)
            text = str(describe()) if callable(describe) else ""
            if text:
                messages.show_info(self, text, self.tr("Import staff"))
            self._finish(path)

        return self._run(
            lambda progress: import_staff_file(path, workbook),
            self.tr("Import staff"),
            label=self.tr("Importing {file}…").format(file=workbook.name),
            cancellable=False,
            on_success=done,
        )
