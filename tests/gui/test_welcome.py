"""The first-start dialog: each of its four ways to start prepares the default database
and names the database to open."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from PySide6.QtWidgets import QCommandLinkButton, QFileDialog, QInputDialog
from pytestqt.qtbot import QtBot

from salesdesk.services.registry import Services
from salesdesk.ui.dialogs import welcome
from salesdesk.ui.dialogs.welcome import WelcomeDialog
from salesdesk.ui.operations import ProgressCallback, State

if TYPE_CHECKING:
    from tests.gui.conftest import ShownMessages


@pytest.fixture
def dialog(qtbot: QtBot, english: None, tmp_path: Path) -> WelcomeDialog:
    widget = WelcomeDialog(tmp_path / "data" / "salesdesk.db")
    qtbot.addWidget(widget)
    return widget


def _wait(qtbot: QtBot, dialog: WelcomeDialog) -> None:
    operation = dialog.operation
    assert operation is not None
    qtbot.waitUntil(lambda: operation.state is not State.RUNNING, timeout=15_000)


def test_offers_four_ways_to_start(dialog: WelcomeDialog) -> None:
    names = {b.objectName() for b in dialog.findChildren(QCommandLinkButton)}
    assert names == {"demoButton", "emptyButton", "openButton", "importButton"}


def test_start_empty_stores_company_name(
    qtbot: QtBot, dialog: WelcomeDialog, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("华信贸易有限公司", True))
    with qtbot.waitSignal(dialog.accepted, timeout=15_000):
        dialog.empty_button.click()
    assert dialog.chosen_path == dialog.default_path
    services = Services.open(dialog.default_path, create=False)
    try:
        assert services.settings.company_name() == "华信贸易有限公司"
    finally:
        services.close()


def test_start_empty_refuses_blank_name_without_creating_a_file(
    qtbot: QtBot,
    dialog: WelcomeDialog,
    monkeypatch: pytest.MonkeyPatch,
    shown_messages: ShownMessages,
) -> None:
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("   ", True))
    dialog.empty_button.click()
    _wait(qtbot, dialog)
    assert dialog.chosen_path is None
    assert not dialog.default_path.exists()
    assert [kind for kind, _t, _x in shown_messages.shown] == ["warning"]


def test_start_empty_cancelled(dialog: WelcomeDialog, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("", False))
    assert dialog.start_empty() is None
    assert dialog.chosen_path is None


def test_open_existing_database(
    dialog: WelcomeDialog, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    existing = tmp_path / "old.db"
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(existing), ""))
    dialog.open_button.click()
    assert dialog.chosen_path == existing
    assert dialog.result() == WelcomeDialog.DialogCode.Accepted


def test_demo_company(
    qtbot: QtBot,
    dialog: WelcomeDialog,
    monkeypatch: pytest.MonkeyPatch,
    shown_messages: ShownMessages,
) -> None:
    class Summary:
        def describe(self) -> str:
            return "demo: 40 staff"

    def fake_demo(path: Path, progress: ProgressCallback) -> Summary:
        progress(50, "people")
        Services.open(path).close()
        return Summary()

    monkeypatch.setattr(welcome, "build_demo_company", fake_demo)
    dialog.demo_button.setEnabled(True)
    with qtbot.waitSignal(dialog.accepted, timeout=15_000):
        dialog.demo_button.click()
    assert dialog.chosen_path == dialog.default_path
    assert shown_messages.texts("information") == ["demo: 40 staff"]


def test_demo_cancelled_stays_in_dialog(
    qtbot: QtBot, dialog: WelcomeDialog, monkeypatch: Any
) -> None:
    def slow_demo(path: Path, progress: ProgressCallback) -> None:
        while progress(1, "people"):
            pass

    monkeypatch.setattr(welcome, "build_demo_company", slow_demo)
    operation = dialog.create_demo()
    operation.cancel()
    with qtbot.waitSignal(operation.finished, timeout=5000):
        pass
    assert operation.state is State.CANCELLED
    assert dialog.chosen_path is None


def test_import_staff(
    qtbot: QtBot,
    dialog: WelcomeDialog,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    shown_messages: ShownMessages,
) -> None:
    workbook = tmp_path / "staff.xlsx"
    seen: list[tuple[Path, Path]] = []

    class Report:
        def describe(self) -> str:
            return "staff: 12 added"

    def fake_import(path: Path, book: Path) -> Report:
        seen.append((path, book))
        return Report()

    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(workbook), ""))
    monkeypatch.setattr(welcome, "import_staff_file", fake_import)
    dialog.import_button.setEnabled(True)
    with qtbot.waitSignal(dialog.accepted, timeout=15_000):
        dialog.import_button.click()
    assert seen == [(dialog.default_path, workbook)]
    assert shown_messages.texts("information") == ["staff: 12 added"]


def test_failed_import_leaves_no_database(
    qtbot: QtBot,
    dialog: WelcomeDialog,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    shown_messages: ShownMessages,
) -> None:
    pytest.importorskip("salesdesk.services.imports")
    workbook = tmp_path / "broken.xlsx"
    workbook.write_bytes(b"this is not a workbook")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(workbook), ""))
    dialog.import_staff()
    _wait(qtbot, dialog)
    assert dialog.chosen_path is None
    assert not dialog.default_path.exists()
    assert [kind for kind, _t, _x in shown_messages.shown] == ["warning"]
