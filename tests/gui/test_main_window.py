"""The main window: object names, navigation, toolbar routing, status bar, title, menus,
language, and what it remembers between two builds."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QInputDialog,
    QLineEdit,
    QListWidget,
    QTableView,
    QWidget,
)
from pytestqt.qtbot import QtBot

from salesdesk.services.registry import Services
from salesdesk.services.staff import StaffRow
from salesdesk.ui import i18n
from salesdesk.ui.main_window import PAGE_KEYS, MainWindow, user_settings

if TYPE_CHECKING:
    from tests.gui.conftest import ShownMessages


def _shown(qtbot: QtBot, window: MainWindow) -> None:
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def test_object_names(main_window: MainWindow) -> None:
    assert main_window.objectName() == "MainWindow"
    assert isinstance(main_window.findChild(QListWidget, "navigation"), QListWidget)
    assert isinstance(main_window.findChild(QLineEdit, "searchBox"), QLineEdit)
    for key in PAGE_KEYS:
        page = main_window.findChild(QWidget, f"page_{key}")
        assert page is not None, key
        assert page is main_window.pages[key]
    assert main_window.navigation.count() == len(PAGE_KEYS)


def test_staff_page_is_the_real_one(main_window: MainWindow) -> None:
    assert type(main_window.pages["staff"]).__name__ == "StaffPage"


def test_ctrl_number_switches_pages(qtbot: QtBot, main_window: MainWindow) -> None:
    _shown(qtbot, main_window)
    for number, key in reversed(list(enumerate(PAGE_KEYS, start=1))):
        qtbot.keyClick(
            main_window, Qt.Key(Qt.Key.Key_0 + number), Qt.KeyboardModifier.ControlModifier
        )
        assert main_window.stack.currentWidget() is main_window.pages[key]
        assert main_window.navigation.currentRow() == number - 1
        assert main_window.page_actions[key].isChecked()


def test_navigation_click_switches_page(main_window: MainWindow) -> None:
    main_window.navigation.setCurrentRow(4)
    assert main_window.stack.currentWidget() is main_window.pages["cycles"]
    assert main_window.undo_group.activeStack() is main_window.pages["cycles"].undo_stack


def test_every_page_is_its_own_class(main_window: MainWindow) -> None:
    for key in PAGE_KEYS:
        page = main_window.pages[key]
        assert type(page).__name__ == f"{key.capitalize()}Page"
        assert page.objectName() == f"page_{key}"


def test_title_has_company_and_file(make_window: Any, tmp_path: Path) -> None:
    path = tmp_path / "华东销售.db"
    services = Services.open(path)
    services.settings.set_company_name("示例贸易有限公司")
    services.close()
    window = make_window(path)
    assert window.windowTitle() == "SalesDesk — 示例贸易有限公司 — 华东销售.db"


def test_title_without_company(main_window: MainWindow) -> None:
    assert main_window.windowTitle() == "SalesDesk — salesdesk.db"


def test_status_bar_shows_database_and_counts(
    make_window: Any, db_path: Path, small_org: dict[str, StaffRow]
) -> None:
    window = make_window(db_path)
    assert window.status_database.text() == "salesdesk.db"
    assert window.status_database.toolTip() == str(db_path)
    assert window.status_counts.text() == "4 staff · 0 regions"


def test_page_status_reaches_status_bar(main_window: MainWindow) -> None:
    main_window.pages["staff"].status.emit("Imported 1,204 rows\nsecond line")
    assert main_window.status_message.text() == "Imported 1,204 rows"
    assert "second line" in main_window.status_message.toolTip()


def test_data_changed_updates_counts_and_marks_pages_stale(
    main_window: MainWindow, monkeypatch: pytest.MonkeyPatch, small_org: dict[str, StaffRow]
) -> None:
    refreshed: list[str] = []
    monkeypatch.setattr(main_window.pages["targets"], "refresh", lambda: refreshed.append("t"))
    assert main_window.status_counts.text() == "0 staff · 0 regions"
    main_window.pages["staff"].data_changed.emit()
    assert main_window.status_counts.text() == "4 staff · 0 regions"
    main_window.show_page("targets")
    main_window.show_page("staff")
    main_window.show_page("targets")
    assert refreshed == ["t"]  # once, when first shown after the change


def test_search_box_filters_current_page(
    qtbot: QtBot, main_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    searched: list[str] = []
    monkeypatch.setattr(main_window.pages["staff"], "search", searched.append)
    main_window.show_page("staff")
    qtbot.keyClicks(main_window.search_box, "S0")
    assert searched == ["S", "S0"]
    main_window.show_page("targets")
    assert main_window.search_box.text() == ""
    main_window.show_page("staff")
    assert main_window.search_box.text() == "S0"  # each page keeps its own search


def test_ctrl_f_focuses_search(qtbot: QtBot, main_window: MainWindow) -> None:
    _shown(qtbot, main_window)
    main_window.navigation.setFocus()
    qtbot.keyClick(main_window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(main_window.search_box.hasFocus)


def test_toolbar_shows_current_page_actions(main_window: MainWindow) -> None:
    main_window.show_page("staff")
    staff_actions = main_window.pages["staff"].toolbar_actions()
    toolbar_actions = main_window.toolbar.actions()
    assert all(a in toolbar_actions for a in staff_actions)
    assert main_window.undo_action in toolbar_actions
    assert main_window.redo_action in toolbar_actions
    main_window.show_page("audit")
    assert not any(a in main_window.toolbar.actions() for a in staff_actions)


def test_undo_acts_on_current_page_stack(main_window: MainWindow) -> None:
    from PySide6.QtGui import QUndoCommand

    done: list[str] = []

    class Command(QUndoCommand):
        def redo(self) -> None:
            done.append("redo")

        def undo(self) -> None:
            done.append("undo")

    main_window.show_page("targets")
    main_window.pages["targets"].undo_stack.push(Command("step"))
    assert main_window.undo_action.isEnabled()
    main_window.undo_action.trigger()
    assert done == ["redo", "undo"]
    main_window.show_page("schemes")
    assert not main_window.undo_action.isEnabled()


def test_edit_actions_forward_to_focused_table(qtbot: QtBot, main_window: MainWindow) -> None:
    calls: list[str] = []

    class Table(QTableView):
        def copy_selection(self) -> None:
            calls.append("copy")

        def paste(self) -> None:
            calls.append("paste")

        def clear_selection_cells(self) -> None:
            calls.append("clear")

    page = main_window.pages["reports"]
    table = Table(page)
    layout = page.layout()
    assert layout is not None
    layout.addWidget(table)
    main_window.show_page("reports")
    _shown(qtbot, main_window)
    table.setFocus()
    qtbot.waitUntil(table.hasFocus)
    for action in (
        main_window.copy_action,
        main_window.paste_action,
        main_window.delete_action,
        main_window.cut_action,
    ):
        action.trigger()
    assert calls == ["copy", "paste", "clear", "copy", "clear"]


def test_edit_actions_send_keys_to_text_fields(qtbot: QtBot, main_window: MainWindow) -> None:
    _shown(qtbot, main_window)
    box = main_window.search_box
    box.setFocus()
    qtbot.waitUntil(box.hasFocus)
    box.setText("abc")
    box.selectAll()
    main_window.cut_action.trigger()
    assert box.text() == ""
    main_window.paste_action.trigger()
    assert box.text() == "abc"


def test_show_left_reaches_pages_and_is_remembered(
    make_window: Any, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window(db_path)
    seen: list[bool] = []
    monkeypatch.setattr(window.pages["staff"], "set_show_left", seen.append)
    window.show_left_action.setChecked(True)
    assert seen == [True]
    window.close()
    again = make_window(db_path)
    assert again.show_left_action.isChecked()


def test_language_choice_is_stored_and_requested(qtbot: QtBot, main_window: MainWindow) -> None:
    with qtbot.waitSignal(main_window.language_change_requested) as signal:
        main_window.language_actions["zh"].trigger()
    assert signal.args == ["zh"]
    assert i18n.stored_language(user_settings()) == "zh"


def test_chinese_interface(chinese: None, qtbot: QtBot, db_path: Path) -> None:
    from salesdesk.app import build_main_window

    window = build_main_window(db_path)
    qtbot.addWidget(window)
    try:
        texts = [window.navigation.item(i).text() for i in range(window.navigation.count())]
        assert texts == ["人员", "目标", "实绩", "方案", "考核", "报表", "审计"]
        assert window.status_counts.text() == "0 人 · 0 个区域"
        assert [m.title() for m in window.menus()] == [
            "文件(&F)",
            "编辑(&E)",
            "视图(&V)",
            "帮助(&H)",
        ]
        assert window.pages["audit"].title() == "审计"
    finally:
        window.close()


def test_layout_and_last_page_remembered(qtbot: QtBot, make_window: Any, db_path: Path) -> None:
    first = make_window(db_path)
    first.show()
    qtbot.waitExposed(first)
    first.resize(700, 500)  # within the offscreen screen (800 × 600)
    first.splitter.setSizes([200, 500])
    first.show_page("actuals")
    first.close()

    second = make_window(db_path)
    second.show()
    qtbot.waitExposed(second)
    assert second.current_key() == "actuals"
    assert second.size().width() == 700
    assert second.size().height() == 500
    assert second.splitter.sizes()[0] == 200


def test_recent_databases(make_window: Any, tmp_path: Path) -> None:
    make_window(tmp_path / "a.db").close()
    window = make_window(tmp_path / "b.db")
    recent = window.recent_databases()
    assert recent[:2] == [(tmp_path / "b.db").resolve(), (tmp_path / "a.db").resolve()]
    window._fill_recent_menu()
    entries = window.recent_menu.actions()
    assert [a.isEnabled() for a in entries[:2]] == [False, True]  # the open one is greyed


def test_open_recent_requests_switch(qtbot: QtBot, main_window: MainWindow, tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    Services.open(other).close()
    with qtbot.waitSignal(main_window.database_switch_requested) as signal:
        main_window.open_recent(other)
    assert signal.args == [other]


def test_open_recent_missing_file(main_window: MainWindow, shown_messages: ShownMessages) -> None:
    main_window.open_recent(Path("/nowhere/gone.db"))
    assert any("no longer exists" in t for t in shown_messages.texts("warning"))


def test_open_database_dialog(
    qtbot: QtBot, main_window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    chosen = tmp_path / "chosen.db"
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(chosen), ""))
    with qtbot.waitSignal(main_window.database_switch_requested) as signal:
        main_window.open_action.trigger()
    assert signal.args == [chosen]


def test_new_database(
    qtbot: QtBot, main_window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    target = tmp_path / "新公司"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("新公司有限公司", True))
    with qtbot.waitSignal(main_window.database_switch_requested, timeout=10_000) as signal:
        main_window.new_action.trigger()
    created = target.with_suffix(".db")
    assert signal.args == [created]
    services = Services.open(created, create=False)
    try:
        assert services.settings.company_name() == "新公司有限公司"
    finally:
        services.close()


def test_new_database_refuses_existing_file(
    main_window: MainWindow,
    monkeypatch: pytest.MonkeyPatch,
    db_path: Path,
    shown_messages: ShownMessages,
) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(db_path), ""))
    main_window.new_database()
    assert any("already exists" in t for t in shown_messages.texts("warning"))


def test_backup_and_restore(
    qtbot: QtBot,
    main_window: MainWindow,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    shown_messages: ShownMessages,
) -> None:
    copy = tmp_path / "backups" / "copy.db"
    copy.parent.mkdir()
    main_window.services.settings.set_company_name("Before")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(copy), ""))
    operation = main_window.backup()
    assert operation is not None
    qtbot.waitUntil(lambda: operation.state.value != "running", timeout=10_000)
    assert copy.exists()
    assert "Backed up to" in main_window.status_message.text()

    main_window.services.settings.set_company_name("After")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(copy), ""))
    with qtbot.waitSignal(main_window.database_switch_requested, timeout=10_000) as signal:
        main_window.restore()
    assert signal.args == [main_window.services.db_path]
    assert any("before-restore" in t for t in shown_messages.texts("question"))
    assert main_window.services.settings.company_name() == "Before"


def test_restore_refused_keeps_window_working(
    qtbot: QtBot,
    main_window: MainWindow,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    shown_messages: ShownMessages,
) -> None:
    junk = tmp_path / "junk.db"
    junk.write_text("not a database")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(junk), ""))
    operation = main_window.restore()
    assert operation is not None
    with qtbot.waitSignal(operation.finished, timeout=10_000):
        pass
    assert any("not a SalesDesk backup" in t for t in shown_messages.texts("warning"))
    main_window.update_counts()  # the database still answers


def test_import_and_export_reach_the_staff_page(
    main_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    page = main_window.pages["staff"]
    monkeypatch.setattr(page, "import_staff", lambda: calls.append("import"))
    monkeypatch.setattr(page, "export_staff", lambda: calls.append("export"))
    main_window.show_page("audit")
    main_window.import_staff_action.trigger()
    assert main_window.current_key() == "staff"
    main_window.export_staff_action.trigger()
    assert calls == ["import", "export"]


def test_help_guide_and_about(
    qtbot: QtBot, main_window: MainWindow, shown_messages: ShownMessages
) -> None:
    main_window.guide_action.trigger()
    guide = main_window.findChild(QWidget, "userGuide")
    assert guide is not None and guide.isVisible()
    guide.close()
    main_window.about_action.trigger()
    kind, _title, text = shown_messages.shown[-1]
    assert kind == "about"
    assert "0.1.0" in text or "SalesDesk" in text
    assert str(main_window.services.db_path) in text


def test_closing_closes_the_database(make_window: Any, db_path: Path) -> None:
    window = make_window(db_path)
    closed: list[bool] = []
    original = window.services.close

    def close() -> None:
        closed.append(True)
        original()

    window.services.close = close
    window.close()
    window.close()
    assert closed == [True]


# --------------------------------------------------------------------------- run_gui


@pytest.fixture
def quiet_run(monkeypatch: pytest.MonkeyPatch, english: None) -> None:
    """run_gui in English, quitting by itself, leaving the test's excepthook in place."""
    import sys

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setenv("SALESDESK_EXIT_AFTER_MS", "300")
    settings = user_settings()
    settings.setValue(i18n.LANGUAGE_KEY, "en")
    settings.sync()


def test_run_gui_exits_after_the_given_time(quiet_run: None, db_path: Path) -> None:
    from salesdesk.app import run_gui

    assert run_gui(db_path) == 0
    assert db_path.exists()


def test_run_gui_first_start_shows_welcome_and_never_blocks(
    quiet_run: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from salesdesk.app import run_gui
    from salesdesk.paths import default_db_path
    from salesdesk.ui.dialogs import welcome

    shown: list[str] = []
    original_init = welcome.WelcomeDialog.__init__

    def init(self: welcome.WelcomeDialog, *args: Any, **kwargs: Any) -> None:
        original_init(self, *args, **kwargs)
        shown.append(self.objectName())

    monkeypatch.setattr(welcome.WelcomeDialog, "__init__", init)
    assert run_gui(None) == 0  # the timer ends the dialog's event loop too
    assert shown == ["WelcomeDialog"]
    assert not default_db_path().exists()


def test_run_gui_refuses_a_file_that_is_not_a_database(quiet_run: None, tmp_path: Path) -> None:
    from salesdesk.app import run_gui

    junk = tmp_path / "junk.db"
    junk.write_text("hello")
    assert run_gui(junk) == 2


def test_window_manager_switches_database_and_language(
    qtbot: QtBot, english: None, qapp: Any, tmp_path: Path
) -> None:
    from salesdesk.app import WindowManager

    manager = WindowManager(qapp)
    first_path, second_path = tmp_path / "one.db", tmp_path / "two.db"
    try:
        assert manager.open(first_path)
        first = manager.window
        assert first is not None and first.isVisible()
        first.database_switch_requested.emit(second_path)
        second = manager.window
        assert second is not None and second is not first
        assert second.services.db_path == second_path
        assert not first.isVisible()
        second.language_actions["zh"].trigger()
        third = manager.window
        assert third is not None and third is not second
        assert third.navigation.item(0).text() == "人员"
        assert third.services.db_path == second_path
    finally:
        i18n.install_translators(qapp, "en")
        if manager.window is not None:
            manager.window.close()


def test_unexpected_error_in_a_slot_is_logged_not_shown_when_unattended(
    caplog: pytest.LogCaptureFixture, shown_messages: ShownMessages, capsys: Any
) -> None:
    from salesdesk.app import _excepthook, unattended

    assert unattended()  # offscreen
    try:
        raise RuntimeError("boom")
    except RuntimeError as exc:
        with caplog.at_level(logging.ERROR, logger="salesdesk"):
            _excepthook(type(exc), exc, exc.__traceback__)
    assert any("unexpected error" in r.message for r in caplog.records)
    assert shown_messages.shown == []
    assert "boom" in capsys.readouterr().err
