"""GUI test fixtures: the main window on a fresh database, and message boxes that record
instead of waiting for a click (a modal dialog would hang the test run)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from salesdesk.app import build_main_window
from salesdesk.ui import i18n
from salesdesk.ui.main_window import MainWindow
from salesdesk.ui.operations import Operation, State, running_operations


@pytest.fixture(autouse=True)
def _empty_clipboard(qapp: QApplication) -> Iterator[None]:
    """Leave the clipboard empty: mime data still owned by the clipboard when the process
    exits makes Qt's offscreen platform crash during interpreter shutdown (after a green
    run, with exit status 139)."""
    yield
    clipboard = QApplication.clipboard()
    if clipboard is not None:
        clipboard.clear()


@dataclass
class ShownMessages:
    """Message boxes the code under test asked for: (kind, title, text)."""

    shown: list[tuple[str, str, str]] = field(default_factory=list)
    answer: QMessageBox.StandardButton = QMessageBox.StandardButton.Yes

    def texts(self, kind: str | None = None) -> list[str]:
        return [text for k, _title, text in self.shown if kind is None or k == kind]


@pytest.fixture(autouse=True)
def shown_messages(monkeypatch: pytest.MonkeyPatch) -> ShownMessages:
    """Every QMessageBox static call is recorded and answered at once (Yes by default)."""
    record = ShownMessages()

    def recorder(kind: str) -> Any:
        def show(_parent: object, title: str, text: str, *_args: object, **_kw: object) -> Any:
            record.shown.append((kind, title, text))
            return record.answer if kind == "question" else QMessageBox.StandardButton.Ok

        return show

    for kind in ("information", "warning", "critical", "question", "about"):
        monkeypatch.setattr(QMessageBox, kind, staticmethod(recorder(kind)))
    return record


def finish(qtbot: QtBot, operation: Operation | None) -> None:
    """Wait for background work to end (at once when it already has)."""
    assert operation is not None
    if operation.state is State.RUNNING:
        with qtbot.waitSignal(operation.finished, timeout=20_000):
            pass


@pytest.fixture
def english(qapp: QApplication) -> Iterator[None]:
    """English interface whatever the machine's locale is."""
    i18n.install_translators(qapp, "en")
    yield


@pytest.fixture
def chinese(qapp: QApplication) -> Iterator[None]:
    """The Chinese interface for one test, back to English afterwards."""
    i18n.install_translators(qapp, "zh")
    yield
    i18n.install_translators(qapp, "en")


@pytest.fixture
def make_window(qtbot: QtBot, english: None) -> Iterator[Any]:
    """Build main windows (each on its own or the same database); all are closed, and their
    databases with them, after the test."""
    windows: list[MainWindow] = []

    def make(path: Path) -> MainWindow:
        window = build_main_window(path)
        qtbot.addWidget(window)
        windows.append(window)
        return window

    yield make
    # Background work (a scoring, a reading, a preparation) ends before the databases close.
    for operation in running_operations():
        finish(qtbot, operation)
    for window in windows:
        window.shutdown()


@pytest.fixture
def main_window(make_window: Any, db_path: Path) -> MainWindow:
    """The main window on a fresh database, not shown."""
    window: MainWindow = make_window(db_path)
    return window
