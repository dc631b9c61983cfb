"""Start the desktop program: application object, logging, error hook, translations, the
first-start dialog and the main window. Wiring only; no logic of its own.

Environment variables:

- ``SALESDESK_EXIT_AFTER_MS=<n>``: quit with exit code 0 after n milliseconds (the packaged
  app's smoke test starts the program this way and checks that it comes up and goes down).
- ``SALESDESK_UNATTENDED=1``: nobody is watching; unexpected errors are only logged, never
  shown in a dialog that would wait for a click. ``QT_QPA_PLATFORM=offscreen`` counts too.
- ``SALESDESK_HOME=<folder>``: the per-user data folder (database, settings.ini, logs).
"""

from __future__ import annotations

import logging
import os
import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QDialog

from salesdesk import __version__
from salesdesk.domain.errors import UserError
from salesdesk.logs import setup_logging
from salesdesk.paths import APP_NAME, default_db_path, log_dir
from salesdesk.services.registry import Services
from salesdesk.ui import i18n, icons
from salesdesk.ui.main_window import MainWindow, user_settings
from salesdesk.ui.operations import cancel_all_and_wait
from salesdesk.ui.widgets import messages

log = logging.getLogger("salesdesk.app")

EXIT_AFTER_ENV = "SALESDESK_EXIT_AFTER_MS"
UNATTENDED_ENV = "SALESDESK_UNATTENDED"


def build_main_window(db_path: Path | str) -> MainWindow:
    """The fully wired main window for the database at `db_path`, not shown, without any
    first-start dialog. The caller owns the QApplication; closing the window closes the
    database."""
    services = Services.open(db_path)
    try:
        return MainWindow(services)
    except BaseException:
        services.close()
        raise


def unattended() -> bool:
    """True when no one could click a dialog away (smoke tests, CI, offscreen)."""
    if os.environ.get(UNATTENDED_ENV, "") not in ("", "0"):
        return True
    if os.environ.get("QT_QPA_PLATFORM", "") == "offscreen":
        return True
    return QGuiApplication.platformName() in ("offscreen", "minimal")


def _excepthook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
    """Slots that raise end up here: a UserError is shown as such, a bug is logged with its
    traceback and reported briefly; in an unattended run nothing ever waits for a click."""
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, error, tb)
        return
    if isinstance(error, UserError):
        log.info("refused: %s", error)
    else:
        log.error("unexpected error", exc_info=(kind, error, tb))
        if sys.stderr is not None and unattended():
            traceback.print_exception(kind, error, tb, file=sys.stderr)
    if unattended() or QApplication.instance() is None:
        return
    try:
        parent = QApplication.activeWindow()
        if isinstance(error, UserError):
            messages.show_user_error(parent, error)
        else:
            messages.show_unexpected_error(parent)
    except Exception:  # showing the message must never raise into Qt again
        log.exception("could not show the error message")


class WindowManager(QObject):
    """Keeps the one main window; builds a new one for another database or language."""

    def __init__(self, app: QApplication) -> None:
        super().__init__()
        self.app = app
        self.window: MainWindow | None = None

    def open(self, path: Path) -> bool:
        """Show the main window for `path`; on failure the current window stays."""
        old = self.window
        if old is not None:
            old.save_layout()  # the new window starts with the old one's layout
        try:
            window = build_main_window(path)
        except UserError as exc:
            log.warning("cannot open %s: %s", path, exc)
            if unattended():
                if sys.stderr is not None:
                    print(f"salesdesk: {exc}", file=sys.stderr)
            else:
                messages.show_user_error(old, exc)
            return False
        window.database_switch_requested.connect(self.open)
        window.language_change_requested.connect(self.change_language)
        window.show()
        # Data may have changed since the last session (an import from the command line):
        # the open cycles' results are prepared while the user looks around.
        window.results_warm_up.schedule()
        self.window = window
        if old is not None:
            # Shown first, closed second: otherwise the last window closing quits the app.
            old.close()
            old.deleteLater()
        log.info("opened %s", path)
        return True

    def change_language(self, language: str) -> None:
        i18n.install_translators(self.app, language)
        if self.window is not None:
            self.open(self.window.services.db_path)


def _first_start(default: Path) -> Path | None:
    from salesdesk.ui.dialogs.welcome import WelcomeDialog

    dialog = WelcomeDialog(default)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.chosen_path


def run_gui(db_path: Path | None) -> int:
    """Run the desktop program on `db_path` (None: the default database, with the welcome
    dialog on first start). Returns the process exit code."""
    setup_logging(console=False)
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName("")
    app.setApplicationVersion(__version__)
    app.setWindowIcon(icons.app_icon())
    sys.excepthook = _excepthook
    settings = user_settings()
    language = i18n.choose_language(settings)
    i18n.install_translators(app, language)
    log.info("SalesDesk %s starting (language %s, log in %s)", __version__, language, log_dir())

    state = {"timed_out": False, "running": False}

    def leave() -> None:
        state["timed_out"] = True
        if state["running"]:
            app.exit(0)  # ends app.exec() and any modal dialog's loop inside it
            return
        # Before app.exec() (the welcome dialog): exit() here would leave Qt refusing to
        # run any later event loop in this process, so close the dialogs instead.
        for _ in range(10):
            modal = QApplication.activeModalWidget()
            if modal is None:
                break
            if isinstance(modal, QDialog):
                modal.reject()
            else:
                modal.close()

    # A timer object, not QTimer.singleShot: it must die with this call, never firing
    # later into whatever the process does next (the test suite, say).
    exit_timer = QTimer()
    exit_timer.setSingleShot(True)
    exit_timer.timeout.connect(leave)
    exit_after = os.environ.get(EXIT_AFTER_ENV, "").strip()
    if exit_after:
        try:
            exit_timer.start(int(exit_after))
        except ValueError:
            log.warning("ignoring %s=%r: not a number of milliseconds", EXIT_AFTER_ENV, exit_after)

    manager = WindowManager(app)
    try:
        code = _open_and_run(app, manager, db_path, state)
    finally:
        exit_timer.stop()
        cancel_all_and_wait()
        if manager.window is not None:
            # Closing the last window after exec() would post a quit for no loop at all.
            quit_on_close = app.quitOnLastWindowClosed()
            app.setQuitOnLastWindowClosed(False)
            manager.window.close()
            manager.window.deleteLater()
            manager.window = None
            app.setQuitOnLastWindowClosed(quit_on_close)
    return 0 if state["timed_out"] else code


def _open_and_run(
    app: QApplication, manager: WindowManager, db_path: Path | None, state: dict[str, bool]
) -> int:
    default = default_db_path()
    if db_path is not None or default.exists():
        if not manager.open(db_path if db_path is not None else default):
            return 2
    else:
        while True:
            chosen = _first_start(default)
            if chosen is None or state["timed_out"]:
                return 0
            if manager.open(chosen):
                break
    if state["timed_out"]:
        return 0
    state["running"] = True
    return app.exec()
