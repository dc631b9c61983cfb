"""Reusable cell editors for every grid: pick-lists, dates, money and plain text, plus the
parsers that turn what people type or paste (from Excel) into native values.

Delegates hand the model what the user entered; the model parses and checks it through the
service, so a typed, pasted or programmatic `setData` all take the same path.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractProxyModel,
    QCoreApplication,
    QDate,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRegularExpression,
    Qt,
)
from PySide6.QtGui import QKeyEvent, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDateEdit,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from salesdesk.domain.decimals import parse_decimal
from salesdesk.domain.errors import ValidationError

AnyIndex = QModelIndex | QPersistentModelIndex

DATE_FORMAT = "yyyy-MM-dd"
# QDateEdit cannot be empty: its minimum date stands for "no date" in clearable editors.
NO_DATE = QDate(1900, 1, 1)

_DATE_PATTERN = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")


# --------------------------------------------------------------------------- parsing


def parse_date_value(value: Any) -> date | None:
    """A date from what a cell editor or a paste gives: a date, a QDate, or text as Excel
    shows it (`2026-03-05`, `2026/3/5`, `2026.3.5`, `2026年3月5日`). Empty means None."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, QDate):
        if not value.isValid() or value == NO_DATE:
            return None
        return date(value.year(), value.month(), value.day())
    text = str(value).strip()
    if not text:
        return None
    match = _DATE_PATTERN.match(text.split(" ")[0] if " " in text and ":" in text else text)
    if match:
        try:
            return date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            pass
    raise ValidationError.single(
        QCoreApplication.translate("Delegates", "not a date: {v}").format(v=text),
        allowed=QCoreApplication.translate("Delegates", "a date such as 2026-03-05"),
    )


def parse_money_value(value: Any) -> Decimal | None:
    """Money from a number or text with thousands separators and ¥ (`¥1,234.50`)."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        # Excel and spin boxes hand over floats; their shortest repr is what people typed.
        return Decimal(repr(value))
    text = str(value).strip()
    if not text:
        return None
    try:
        return parse_decimal(text)
    except ValueError:
        raise ValidationError.single(
            QCoreApplication.translate("Delegates", "not an amount: {v}").format(v=text),
            allowed=QCoreApplication.translate("Delegates", "an amount such as 1,234.50"),
        ) from None


MONEY_PATTERN = r"^\s*-?\s*[¥￥$]?\s*-?[0-9,，]*(\.[0-9]{0,4})?\s*$"


def money_validator(parent: QObject) -> QRegularExpressionValidator:
    """Lets through what people type as money (`¥1,234.50`); a leading minus too, so
    the service, not the keyboard, says why a negative amount is refused."""
    return QRegularExpressionValidator(QRegularExpression(MONEY_PATTERN), parent)


def to_qdate(value: Any) -> QDate:
    if isinstance(value, QDate):
        return value
    if isinstance(value, date):
        return QDate(value.year, value.month, value.day)
    return QDate()


# --------------------------------------------------------------------------- delegates


class TextDelegate(QStyledItemDelegate):
    """Plain one-line text; the editor starts with the whole text selected, as in Excel."""

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex
    ) -> QWidget:
        editor = QLineEdit(parent)
        editor.setFrame(False)
        return editor

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        value = index.data(Qt.ItemDataRole.EditRole)
        assert isinstance(editor, QLineEdit)
        editor.setText("" if value is None else str(value))
        editor.selectAll()

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: AnyIndex) -> None:
        assert isinstance(editor, QLineEdit)
        model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)


class MoneyDelegate(TextDelegate):
    """Money typed as text (`1,234.50`, `¥3000`); the model turns it into a Decimal."""

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex
    ) -> QWidget:
        editor = QLineEdit(parent)
        editor.setFrame(False)
        editor.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        editor.setValidator(money_validator(editor))
        return editor

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        value = index.data(Qt.ItemDataRole.EditRole)
        assert isinstance(editor, QLineEdit)
        editor.setText("" if value is None else f"{Decimal(value):.2f}")
        editor.selectAll()


class DateDelegate(QStyledItemDelegate):
    """A date with a calendar popup, shown as 2026-03-05. A clearable date (leave date)
    shows "(none)" at its minimum; Delete or Backspace in the editor clears it."""

    def __init__(self, parent: QObject | None = None, *, clearable: bool = False) -> None:
        super().__init__(parent)
        self.clearable = clearable

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex
    ) -> QWidget:
        editor = QDateEdit(parent)
        editor.setDisplayFormat(DATE_FORMAT)
        editor.setCalendarPopup(True)
        editor.setFrame(False)
        if self.clearable:
            editor.setMinimumDate(NO_DATE)
            editor.setSpecialValueText(QCoreApplication.translate("Delegates", "(none)"))
            editor.installEventFilter(self)
        return editor

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        assert isinstance(editor, QDateEdit)
        value = to_qdate(index.data(Qt.ItemDataRole.EditRole))
        if not value.isValid():
            # An empty leave date opens on today: the usual reason to edit it is leaving now.
            value = QDate.currentDate()
        editor.setDate(value)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: AnyIndex) -> None:
        assert isinstance(editor, QDateEdit)
        chosen = editor.date()
        value = None if self.clearable and chosen == NO_DATE else parse_date_value(chosen)
        model.setData(index, value, Qt.ItemDataRole.EditRole)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            isinstance(watched, QDateEdit)
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
            and event.modifiers() == Qt.KeyboardModifier.NoModifier
            and watched.lineEdit().selectedText() == watched.text()
        ):
            watched.setDate(NO_DATE)
            return True
        return super().eventFilter(watched, event)


# A pick-list: (label shown, value stored) pairs, computed for the cell being edited.
Choices = Sequence[tuple[str, Any]]


class ComboDelegate(QStyledItemDelegate):
    """A pick-list (role, unit path, manager). With `searchable`, the user can type part
    of a label (`S0012` or `张`) and pick from the matches; with `allow_empty`, an empty
    entry stores None."""

    def __init__(
        self,
        choices: Callable[[AnyIndex], Choices],
        parent: QObject | None = None,
        *,
        searchable: bool = False,
        allow_empty: bool = False,
    ) -> None:
        super().__init__(parent)
        self.choices = choices
        self.searchable = searchable
        self.allow_empty = allow_empty

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex
    ) -> QWidget:
        editor = QComboBox(parent)
        editor.setFrame(False)
        editor.setMaxVisibleItems(20)
        if self.allow_empty:
            editor.addItem(QCoreApplication.translate("Delegates", "(none)"), None)
        for label, value in self.choices(index):
            editor.addItem(label, value)
        if self.searchable:
            editor.setEditable(True)
            editor.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            completer = QCompleter(editor.model(), editor)
            completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            editor.setCompleter(completer)
        return editor

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        assert isinstance(editor, QComboBox)
        current = index.data(Qt.ItemDataRole.EditRole)
        position = combo_index_of(editor, current)
        editor.setCurrentIndex(max(position, 0))
        line = editor.lineEdit()
        if line is not None:
            line.selectAll()

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: AnyIndex) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, combo_value(editor, allow_empty=self.allow_empty))


def combo_index_of(combo: QComboBox, value: Any) -> int:
    """The row of `value` among a combo box's item data (-1 if absent)."""
    for row in range(combo.count()):
        if combo.itemData(row) == value:
            return row
    return -1


def combo_value(combo: QComboBox, *, allow_empty: bool = False) -> Any:
    """The value picked in a combo box; for an editable one, the typed text when it names
    no item exactly (the model then explains what is allowed)."""
    if not combo.isEditable():
        return combo.currentData()
    text = combo.currentText().strip()
    if not text:
        return None if allow_empty else ""
    for row in range(combo.count()):
        if combo.itemText(row) == text:
            return combo.itemData(row)
    # A unique partial match (typed "张三" or "S0012") is as good as picking it.
    matches = [
        row for row in range(combo.count()) if text.casefold() in combo.itemText(row).casefold()
    ]
    if len(matches) == 1:
        return combo.itemData(matches[0])
    return text


def proxied_source(model: QAbstractItemModel | None) -> QAbstractItemModel | None:
    """The model at the bottom of a chain of proxies."""
    while isinstance(model, QAbstractProxyModel):
        model = model.sourceModel()
    return model


__all__ = [
    "DATE_FORMAT",
    "NO_DATE",
    "Choices",
    "ComboDelegate",
    "DateDelegate",
    "MoneyDelegate",
    "TextDelegate",
    "combo_index_of",
    "combo_value",
    "money_validator",
    "parse_date_value",
    "parse_money_value",
    "proxied_source",
    "to_qdate",
]
