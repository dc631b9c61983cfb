"""The Schemes page's tables: the scheme list, and the items of one scheme, whose edits go
through SchemesService as one undo step each; the labels of the scheme vocabulary and the
text form of rule parameters (`floor 0.6, cap 1.2`).

The items model edits a copy of the scheme's JSON document (data-exchange §3a) and stores
the whole document through `SchemesService.update`, which checks it with every scheme rule
but the weight total. An undo step holds the documents before and after, so undoing a
change of an item's kind brings back its metric and rule too.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QIcon, QUndoCommand, QUndoStack
from PySide6.QtWidgets import QApplication, QStyle

from salesdesk.domain.decimals import parse_decimal
from salesdesk.domain.default_schemes import (
    CATEGORIES,
    CYCLE_TYPES,
    DISTRIBUTION_MODES,
    ITEM_KINDS,
    RATER_ROLES,
    RULE_PARAMETERS,
    SCOPES,
)
from salesdesk.domain.errors import Problem, StaleEditError, UserError, ValidationError
from salesdesk.domain.org import Role
from salesdesk.services.schemes import SchemeMetric, SchemesService, SchemeSummary
from salesdesk.ui.models.staff_model import role_label
from salesdesk.ui.undo import IdAliases, Reporter

AnyIndex = QModelIndex | QPersistentModelIndex

# Native values for sorting the scheme list.
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
# The scheme id of a row of the scheme list.
SCHEME_ID_ROLE = Qt.ItemDataRole.UserRole + 2

READ_ONLY_BACKGROUND = QColor(242, 242, 242)
READ_ONLY_FOREGROUND = QColor(110, 110, 110)
REFUSED_BACKGROUND = QColor(255, 228, 225)
WARNING_FOREGROUND = QColor(178, 34, 34)

HUNDRED = Decimal(100)

# --------------------------------------------------------------------------- labels


def category_label(code: str) -> str:
    labels = {
        "result": QCoreApplication.translate("SchemeLabels", "Results"),
        "customer_process": QCoreApplication.translate("SchemeLabels", "Customers & process"),
        "team": QCoreApplication.translate("SchemeLabels", "Team"),
        "capability": QCoreApplication.translate("SchemeLabels", "Capability & attitude"),
    }
    return labels.get(code, code)


def kind_label(code: str) -> str:
    labels = {
        "metric": QCoreApplication.translate("SchemeLabels", "Metric"),
        "rating": QCoreApplication.translate("SchemeLabels", "Rated"),
        "key_tasks": QCoreApplication.translate("SchemeLabels", "Key tasks"),
        "period_results": QCoreApplication.translate("SchemeLabels", "Period results"),
    }
    return labels.get(code, code)


def scope_label(code: str) -> str:
    labels = {
        "own": QCoreApplication.translate("SchemeLabels", "Own"),
        "team": QCoreApplication.translate("SchemeLabels", "Team"),
    }
    return labels.get(code, code)


def rule_label(code: str) -> str:
    labels = {
        "linear": QCoreApplication.translate("SchemeLabels", "Linear"),
        "interpolated": QCoreApplication.translate("SchemeLabels", "Interpolated"),
        "banded": QCoreApplication.translate("SchemeLabels", "Banded"),
        "threshold": QCoreApplication.translate("SchemeLabels", "Threshold"),
        "per_unit": QCoreApplication.translate("SchemeLabels", "Per unit"),
        "direct": QCoreApplication.translate("SchemeLabels", "Direct"),
    }
    return labels.get(code, code)


def cycle_type_label(code: str) -> str:
    labels = {
        "monthly": QCoreApplication.translate("SchemeLabels", "Monthly"),
        "quarterly": QCoreApplication.translate("SchemeLabels", "Quarterly"),
        "annual": QCoreApplication.translate("SchemeLabels", "Annual"),
    }
    return labels.get(code, code)


def rater_label(code: str) -> str:
    labels = {
        "supervisor": QCoreApplication.translate("SchemeLabels", "Supervisor"),
        "peer": QCoreApplication.translate("SchemeLabels", "Peers"),
        "self": QCoreApplication.translate("SchemeLabels", "Self"),
        "skip_level": QCoreApplication.translate("SchemeLabels", "Skip-level"),
    }
    return labels.get(code, code)


def distribution_label(code: str) -> str:
    labels = {
        "off": QCoreApplication.translate("SchemeLabels", "Off"),
        "advisory": QCoreApplication.translate("SchemeLabels", "Advisory"),
        "enforce": QCoreApplication.translate("SchemeLabels", "Enforce (caps S and A)"),
    }
    return labels.get(code, code)


def grade_label(grade: str) -> str:
    labels = {
        "S": QCoreApplication.translate("SchemeLabels", "S Outstanding"),
        "A": QCoreApplication.translate("SchemeLabels", "A Excellent"),
        "B": QCoreApplication.translate("SchemeLabels", "B Good"),
        "C": QCoreApplication.translate("SchemeLabels", "C Needs improvement"),
        "D": QCoreApplication.translate("SchemeLabels", "D Unsatisfactory"),
    }
    return labels.get(grade, grade)


def parameter_label(key: str) -> str:
    """A rule parameter's name as the parameter text writes it."""
    labels = {
        "floor": QCoreApplication.translate("SchemeLabels", "floor"),
        "cap": QCoreApplication.translate("SchemeLabels", "cap"),
        "low": QCoreApplication.translate("SchemeLabels", "low"),
        "high": QCoreApplication.translate("SchemeLabels", "high"),
        "bonus": QCoreApplication.translate("SchemeLabels", "bonus"),
        "baseline": QCoreApplication.translate("SchemeLabels", "baseline"),
        "unit": QCoreApplication.translate("SchemeLabels", "unit"),
        "points": QCoreApplication.translate("SchemeLabels", "points"),
    }
    return labels.get(key, key)


def _list_separator() -> str:
    return QCoreApplication.translate("SchemeLabels", ", ")


def plain_number(value: Any) -> str:
    """A decimal of a scheme document as people write it: 25, 7.5, 0.6 (no exponent)."""
    try:
        number = Decimal(str(value).strip())
    except ArithmeticError:
        return str(value)
    if not number.is_finite():
        return str(value)
    if number == number.to_integral_value():
        return str(int(number))
    return format(number.normalize(), "f")


def json_number(value: Decimal) -> int | str:
    """A weight or points value as a scheme document holds it: a whole number as an
    integer, anything else as a decimal string."""
    if value == value.to_integral_value():
        return int(value)
    return format(value.normalize(), "f")


# --------------------------------------------------------------------------- parameter text


def parameters_text(rule: Any) -> str:
    """A rule's parameters as one line: `floor 0.6, cap 1.2`; banded `1.0: 1.0, 0.9: 0.8`;
    empty for threshold and direct."""
    if not isinstance(rule, dict):
        return ""
    kind = rule.get("type")
    if kind not in RULE_PARAMETERS:
        return ""
    separator = _list_separator()
    if kind == "banded":
        bands = rule.get("bands", RULE_PARAMETERS["banded"]["bands"])
        if not isinstance(bands, list):
            return str(bands)
        return separator.join(
            f"{plain_number(band[0])}: {plain_number(band[1])}"
            if isinstance(band, list | tuple) and len(band) == 2
            else str(band)
            for band in bands
        )
    parts = []
    for key, default in RULE_PARAMETERS[kind].items():
        parts.append(f"{parameter_label(key)} {plain_number(rule.get(key, default))}")
    return separator.join(parts)


# Bands are separated by any comma or semicolon; named parameters only where the next
# entry starts with a name, so a thousands separator (`unit 10,000`) stays in its number.
_SPLIT_BANDS = re.compile(r"[,，;；、\n]+")
_SPLIT_NAMED = re.compile(r"[;；、\n]+|[,，]\s*(?=[^\d\s])")
_BAND_PAIR = re.compile(r"^\s*≥?\s*([^:：=→]+?)\s*[:：=→]\s*(.+?)\s*$")


def _parse_number(text: str, where: str) -> str:
    """A parameter value typed as 0.6, 60% or 10,000; returned as a plain decimal string."""
    cleaned = text.strip()
    percent = cleaned.endswith(("%", "％"))
    if percent:
        cleaned = cleaned[:-1]
    try:
        number = parse_decimal(cleaned)
    except ValueError:
        raise ValidationError.single(
            QCoreApplication.translate("SchemeLabels", "{w}: not a number: {v}").format(
                w=where, v=text.strip()
            )
        ) from None
    if percent:
        number = number / HUNDRED
    return format(number.normalize(), "f") if number != 0 else "0"


def parse_parameters(rule_type: str, text: Any, current: dict[str, Any]) -> dict[str, Any]:
    """The rule object for parameters typed as text (`floor 0.6, cap 1.2`, names in either
    language or as in the scheme JSON; `60%` for 0.6). Parameters left out keep their
    current value; empty text restores the rule's defaults. Raises ValidationError
    saying what the rule takes."""
    defaults = copy.deepcopy(RULE_PARAMETERS[rule_type])
    raw = "" if text is None else str(text).strip()
    if not raw:
        return {"type": rule_type, **defaults}
    if rule_type == "banded":
        bands = []
        for entry in _SPLIT_BANDS.split(raw):
            if not entry.strip():
                continue
            match = _BAND_PAIR.match(entry)
            if match is None:
                raise ValidationError.single(
                    QCoreApplication.translate("SchemeLabels", "not a band: {v}").format(
                        v=entry.strip()
                    ),
                    allowed=QCoreApplication.translate(
                        "SchemeLabels",
                        "bands as minimum achievement: fraction, such as 1.0: 1.0, 0.9: 0.8",
                    ),
                )
            bands.append(
                [_parse_number(match[1], entry.strip()), _parse_number(match[2], entry.strip())]
            )
        return {"type": rule_type, "bands": bands}
    allowed_keys = list(RULE_PARAMETERS[rule_type])
    if not allowed_keys:
        raise ValidationError.single(
            QCoreApplication.translate("SchemeLabels", "rule {r} takes no parameters").format(
                r=rule_label(rule_type)
            )
        )
    names: dict[str, str] = {}
    for key in allowed_keys:
        names[key.casefold()] = key
        names[parameter_label(key).casefold()] = key
    allowed = _list_separator().join(parameter_label(k) for k in allowed_keys)
    values = {k: v for k, v in current.items() if k in allowed_keys}
    for entry in _SPLIT_NAMED.split(raw):
        entry = entry.strip()
        if not entry:
            continue
        match = re.match(r"^(.*?)\s*[:：=]?\s*([-+]?[0-9.,，]+\s*[%％]?)$", entry)
        if match is None or not match[1].strip():
            raise ValidationError.single(
                QCoreApplication.translate("SchemeLabels", "not a parameter: {v}").format(v=entry),
                allowed=QCoreApplication.translate(
                    "SchemeLabels", "name and value, such as {example}"
                ).format(example=parameters_text({"type": rule_type, **defaults})),
            )
        found = names.get(match[1].strip().casefold())
        if found is None:
            raise ValidationError.single(
                QCoreApplication.translate("SchemeLabels", "rule {r} has no parameter {p}").format(
                    r=rule_label(rule_type), p=match[1].strip()
                ),
                allowed=allowed,
            )
        values[found] = _parse_number(match[2], entry)
    return {"type": rule_type, **{k: values.get(k, defaults[k]) for k in allowed_keys}}


# --------------------------------------------------------------------------- scheme list


LIST_HEADERS = ("name", "role", "cycle_type", "used_by")


def _warning_icon() -> QIcon:
    style = QApplication.style()
    return style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)


class SchemeListModel(QAbstractTableModel):
    """Every scheme: name (with a warning where the weights are not 100), role, cycle
    type and the number of cycles that use it. Read-only."""

    COL_NAME = 0
    COL_ROLE = 1
    COL_CYCLE_TYPE = 2
    COL_USED_BY = 3

    def __init__(self, service: SchemesService, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self._rows: list[SchemeSummary] = []
        self._icon: QIcon | None = None

    def reload(self) -> None:
        rows = self.service.list_schemes()
        if [r.id for r in rows] == [r.id for r in self._rows]:
            self._rows = rows
            if rows:
                self.dataChanged.emit(
                    self.index(0, 0), self.index(len(rows) - 1, len(LIST_HEADERS) - 1)
                )
            return
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def rows(self) -> list[SchemeSummary]:
        return list(self._rows)

    def row_of(self, scheme_id: int) -> int | None:
        for position, row in enumerate(self._rows):
            if row.id == scheme_id:
                return position
        return None

    def summary(self, scheme_id: int) -> SchemeSummary | None:
        position = self.row_of(scheme_id)
        return self._rows[position] if position is not None else None

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(LIST_HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        headers = [self.tr("Name"), self.tr("Role"), self.tr("Cycle type"), self.tr("Used by")]
        return headers[section] if 0 <= section < len(headers) else None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.COL_NAME:
                return row.name
            if column == self.COL_ROLE:
                return _roles_text(row.roles)
            if column == self.COL_CYCLE_TYPE:
                return cycle_type_label(row.cycle_type)
            return str(row.used_by)
        if role == SORT_ROLE:
            if column == self.COL_NAME:
                return row.name
            if column == self.COL_ROLE:
                return _role_order(row.role)
            if column == self.COL_CYCLE_TYPE:
                return CYCLE_TYPES.index(row.cycle_type) if row.cycle_type in CYCLE_TYPES else 9
            return row.used_by
        if role == SCHEME_ID_ROLE:
            return row.id
        if role == Qt.ItemDataRole.DecorationRole and column == self.COL_NAME:
            if not row.weights_ok:
                if self._icon is None:
                    self._icon = _warning_icon()
                return self._icon
            return None
        if role == Qt.ItemDataRole.ForegroundRole and column == self.COL_NAME:
            return QBrush(WARNING_FOREGROUND) if not row.weights_ok else None
        if role == Qt.ItemDataRole.ToolTipRole:
            if not row.weights_ok and column == self.COL_NAME:
                return weight_total_warning(row.weight_total)
            if column == self.COL_USED_BY and row.used_by:
                return self.tr(
                    "Used by {n} cycle(s); they keep the copy taken when they opened"
                ).format(n=row.used_by)
            if column == self.COL_ROLE:
                return _roles_text(row.roles)
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.COL_USED_BY:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


def _role_order(role: str) -> int:
    values = [r.value for r in Role]
    return values.index(role) if role in values else len(values)


def _roles_text(roles: Iterable[str]) -> str:
    labels = []
    for role in roles:
        try:
            labels.append(role_label(Role(role)))
        except ValueError:
            labels.append(role)
    return _list_separator().join(labels)


def weight_total_warning(total: Decimal) -> str:
    """Why a scheme is blocked: its weights and by how much they are off."""
    gap = total - HUNDRED
    if gap < 0:
        text = QCoreApplication.translate(
            "SchemeLabels", "Weights add up to {t}, {d} short of 100: it cannot open a cycle"
        )
    else:
        text = QCoreApplication.translate(
            "SchemeLabels", "Weights add up to {t}, {d} over 100: it cannot open a cycle"
        )
    return text.format(t=plain_number(total), d=plain_number(abs(gap)))


class SchemeListProxy(QSortFilterProxyModel):
    """Sorts the scheme list by native values and narrows it to names matching words."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self._words: tuple[str, ...] = ()

    def set_search(self, text: str) -> None:
        self.beginFilterChange()
        self._words = tuple(word.casefold() for word in text.split())
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        if not self._words:
            return True
        model = self.sourceModel()
        texts = [
            str(model.index(source_row, column, source_parent).data() or "")
            for column in range(model.columnCount())
        ]
        haystack = " ".join(texts).casefold()
        return all(word in haystack for word in self._words)


# --------------------------------------------------------------------------- items


COL_NAME = 0
COL_CATEGORY = 1
COL_WEIGHT = 2
COL_KIND = 3
COL_METRIC = 4
COL_SCOPE = 5
COL_RULE = 6
COL_PARAMETERS = 7
ITEM_FIELDS = ("name", "category", "weight", "kind", "metric", "scope", "rule", "parameters")
# The columns only metric items have.
METRIC_COLUMNS = frozenset({COL_METRIC, COL_SCOPE, COL_RULE, COL_PARAMETERS})
COLUMN_WIDTHS = (150, 100, 56, 80, 110, 56, 80, 200)


def shorter_cycle_type(cycle_type: str) -> str:
    """The cycle type a period_results item averages by default: the next shorter one."""
    position = CYCLE_TYPES.index(cycle_type) if cycle_type in CYCLE_TYPES else 0
    return CYCLE_TYPES[max(position - 1, 0)]


class SchemeItemsModel(QAbstractTableModel):
    """The items of the scheme shown (名称, 类别, 权重, 类型, 指标, 范围, 规则, 参数).

    Every change — a typed or pasted cell, an added, removed or moved item, the item
    details, the scheme's settings — is a new document stored by `SchemesService.update`
    and one step on the undo stack. A refused change keeps the old values; the status
    signal and the cell's tooltip say why.
    """

    # The result of an edit or why it was refused, for the status bar.
    status = Signal(str)
    # The document shown changed (edit, undo, another scheme chosen).
    document_changed = Signal()
    # A stored scheme changed (the scheme list reloads its row).
    schemes_changed = Signal()
    # An undo or redo changed this scheme (the page shows it).
    scheme_touched = Signal(int)

    def __init__(self, service: SchemesService, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.undo_stack: QUndoStack | None = None
        self.aliases = IdAliases()
        self.reporter = Reporter(self)
        self.reporter.message.connect(self.status)
        self._summary: SchemeSummary | None = None
        self._doc: dict[str, Any] | None = None
        self._metrics: list[SchemeMetric] = []
        self._refused: dict[tuple[int, int, str], str] = {}

    # ---- loading

    def load(self, scheme_id: int | None) -> None:
        """Show the scheme with this id (None: nothing)."""
        self._metrics = self.service.metrics()
        summary = self.service.summary(scheme_id) if scheme_id is not None else None
        doc = self.service.get(scheme_id) if scheme_id is not None else None
        self._show(summary, doc)

    def reload(self) -> None:
        """Re-read the scheme shown (it may have been deleted meanwhile)."""
        if self._summary is None:
            self.load(None)
            return
        try:
            self.load(self.aliases.resolve(self._summary.id))
        except UserError:
            self.load(None)

    def _show(self, summary: SchemeSummary | None, doc: dict[str, Any] | None) -> None:
        old_count = len(self._items())
        same_scheme = (
            summary is not None and self._summary is not None and summary.id == self._summary.id
        )
        if same_scheme and doc is not None and len(doc.get("items", [])) == old_count:
            self._summary, self._doc = summary, doc
            if old_count:
                self.dataChanged.emit(
                    self.index(0, 0), self.index(old_count - 1, len(ITEM_FIELDS) - 1)
                )
        else:
            self.beginResetModel()
            self._summary, self._doc = summary, doc
            if not same_scheme:
                self._refused.clear()
            self.endResetModel()
        self.document_changed.emit()

    def scheme_summary(self) -> SchemeSummary | None:
        return self._summary

    def scheme_id(self) -> int | None:
        return self._summary.id if self._summary is not None else None

    def document(self) -> dict[str, Any] | None:
        """A copy of the document shown."""
        return copy.deepcopy(self._doc) if self._doc is not None else None

    def item(self, row: int) -> dict[str, Any]:
        return copy.deepcopy(self._items()[row])

    def metrics(self) -> list[SchemeMetric]:
        return list(self._metrics)

    def metric(self, code: Any) -> SchemeMetric | None:
        return next((m for m in self._metrics if m.code == code), None)

    def weight_total(self) -> Decimal:
        """The item weights' total of the scheme shown (as the service summarises it)."""
        return self._summary.weight_total if self._summary is not None else Decimal(0)

    def refusal(self, row: int, column: int) -> str | None:
        """Why the last edit of this cell was refused (None after a successful edit)."""
        if self._summary is None:
            return None
        return self._refused.get((self._summary.id, row, ITEM_FIELDS[column]))

    def _items(self) -> list[dict[str, Any]]:
        return list(self._doc.get("items", [])) if self._doc is not None else []

    # ---- Qt model interface

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items())

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(ITEM_FIELDS)

    def headers(self) -> list[str]:
        return [
            self.tr("Name"),
            self.tr("Category"),
            self.tr("Weight"),
            self.tr("Kind"),
            self.tr("Metric"),
            self.tr("Scope"),
            self.tr("Rule"),
            self.tr("Parameters"),
        ]

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal:
            if role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(ITEM_FIELDS):
                return self.headers()[section]
            if role == Qt.ItemDataRole.TextAlignmentRole and section == COL_WEIGHT:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return None
        if role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self._items()):
            return str(section + 1)
        return None

    def _editable(self, row: int, column: int) -> bool:
        if column in METRIC_COLUMNS:
            return self._items()[row].get("kind") == "metric"
        return True

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self._editable(index.row(), index.column()):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        items = self._items()
        if not index.isValid() or not (0 <= index.row() < len(items)):
            return None
        item = items[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(item, column)
        if role == Qt.ItemDataRole.EditRole:
            return self._edit_value(item, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            refused = self.refusal(index.row(), column)
            if refused:
                return refused
            return self._tooltip(item, column)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column == COL_WEIGHT:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole:
            if self.refusal(index.row(), column):
                return QBrush(REFUSED_BACKGROUND)
            if not self._editable(index.row(), column):
                return QBrush(READ_ONLY_BACKGROUND)
            return None
        if role == Qt.ItemDataRole.ForegroundRole and not self._editable(index.row(), column):
            return QBrush(READ_ONLY_FOREGROUND)
        return None

    def _display(self, item: dict[str, Any], column: int) -> str:
        kind = item.get("kind")
        if column == COL_NAME:
            return str(item.get("name", ""))
        if column == COL_CATEGORY:
            return category_label(str(item.get("category", "")))
        if column == COL_WEIGHT:
            return plain_number(item.get("weight", 0))
        if column == COL_KIND:
            return kind_label(str(kind))
        if column == COL_METRIC:
            if kind == "metric":
                metric = self.metric(item.get("metric"))
                return metric.name if metric is not None else str(item.get("metric", ""))
            if kind == "period_results":
                return self.tr("{type} results").format(
                    type=cycle_type_label(str(item.get("source", "")))
                )
            return ""
        if kind != "metric":
            return ""
        rule = item.get("rule") or {}
        if column == COL_SCOPE:
            return scope_label(str(item.get("scope", "own")))
        if column == COL_RULE:
            return rule_label(str(rule.get("type", "")))
        if column == COL_PARAMETERS:
            return parameters_text(rule)
        return ""

    def _edit_value(self, item: dict[str, Any], column: int) -> Any:
        """What an editor starts with: the code for pick-lists, the text otherwise."""
        if column == COL_CATEGORY:
            return item.get("category")
        if column == COL_KIND:
            return item.get("kind")
        if column == COL_METRIC:
            return item.get("metric")
        if column == COL_SCOPE:
            return item.get("scope", "own")
        if column == COL_RULE:
            return (item.get("rule") or {}).get("type")
        return self._display(item, column)

    def _tooltip(self, item: dict[str, Any], column: int) -> str | None:
        if column == COL_NAME and item.get("description"):
            return str(item["description"])
        if column == COL_PARAMETERS and item.get("kind") == "metric":
            return self.tr("Type the parameters as {example}").format(
                example=parameters_text(item.get("rule")) or self.tr("nothing (this rule has none)")
            )
        if column == COL_METRIC and item.get("kind") == "metric":
            return str(item.get("metric", ""))
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Edit one cell the way typing does: checked and stored by the service as one undo
        step. A refused value leaves the cell as it was and says why."""
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        if not self._editable(index.row(), index.column()):
            return False
        item = self._items()[index.row()]
        text = self.tr("Edit {item} {column}").format(
            item=item.get("name", ""), column=self.headers()[index.column()]
        )
        try:
            self.edit_cells([(self.index(index.row(), index.column()), value)], text)
        except UserError:
            return False
        return True

    # ---- editing

    def edit_cells(self, entries: Sequence[tuple[QModelIndex, Any]], text: str) -> int:
        """Apply typed, pasted or cleared values (source indexes) as one undo step; returns
        how many cells changed. Raises UserError, with nothing changed, when any value is
        refused (the reason is also on the cells' tooltips and `status`)."""
        if self._doc is None or self._summary is None:
            return 0
        scheme_id = self._summary.id
        doc = copy.deepcopy(self._doc)
        items = doc.get("items", [])
        problems: list[Problem] = []
        keys: list[tuple[int, int, str]] = []
        for index, raw in entries:
            row, column = index.row(), index.column()
            if not (0 <= row < len(items)) or not self._editable(row, column):
                continue
            keys.append((scheme_id, row, ITEM_FIELDS[column]))
            try:
                items[row] = self._edited_item(items[row], column, raw, doc)
            except ValidationError as exc:
                label = f"{self._items()[row].get('name', '')} {self.headers()[column]}"
                for problem in exc.problems or [Problem(exc.message)]:
                    problems.append(Problem(f"{label}: {problem.message}", allowed=problem.allowed))
        if problems:
            if len(problems) == 1:
                error = ValidationError(problems[0].message, problems=problems)
            else:
                error = ValidationError(
                    self.tr("{n} value(s) refused; nothing was changed").format(n=len(problems)),
                    problems=problems,
                )
            self._refuse(keys, error)
            raise error
        changed = sum(
            1
            for key in keys
            if self._cell_text(doc, key[1], key[2]) != self._cell_text(self._doc, key[1], key[2])
        )
        if doc == self._doc:
            self._clear_refusals(keys)
            return 0
        self.apply_document(doc, text, keys=keys)
        return max(changed, 1)

    def _cell_text(self, doc: dict[str, Any], row: int, field: str) -> str:
        return self._display(doc["items"][row], ITEM_FIELDS.index(field))

    def apply_document(
        self,
        doc: dict[str, Any],
        text: str,
        *,
        keys: Sequence[tuple[int, int, str]] = (),
    ) -> SchemeSummary:
        """Store a changed document of the scheme shown as one undo step. Raises UserError
        (nothing stored) when the service refuses it; a stale scheme is reloaded."""
        if self._doc is None or self._summary is None:
            raise UserError(self.tr("No scheme is selected"))
        if doc == self._doc:
            return self._summary
        scheme_id = self._summary.id
        old = copy.deepcopy(self._doc)
        try:
            summary = self.service.update(
                scheme_id, doc, expected_version=self._summary.version, reason=text
            )
        except StaleEditError as exc:
            self.status.emit(str(exc))
            self.reload()
            self.schemes_changed.emit()
            raise
        except UserError as exc:
            self._refuse(keys, exc)
            raise
        self._clear_refusals(keys)
        stored = self.service.get(scheme_id)
        self._show(summary, stored)
        self.schemes_changed.emit()
        if self.undo_stack is not None:
            self.undo_stack.push(SchemeDocumentCommand(self, scheme_id, old, stored, text))
        return summary

    def write_document(self, scheme_id: int, doc: dict[str, Any]) -> None:
        """Store a document for undo/redo (the current version, whatever it is now)."""
        current = self.aliases.resolve(scheme_id)
        try:
            self.service.update(current, doc, reason=self.tr("Undo or redo"))
        except UserError as exc:
            self.reporter.message.emit(str(exc))
        self.after_undo_step(current)

    def after_undo_step(self, scheme_id: int | None) -> None:
        """An undo or redo changed a scheme: reload and show it."""
        self.schemes_changed.emit()
        if scheme_id is not None:
            self.scheme_touched.emit(scheme_id)
        self.reload()

    def _refuse(self, keys: Iterable[tuple[int, int, str]], error: UserError) -> None:
        for key in keys:
            self._refused[key] = str(error)
            self._cell_changed(key)
        self.status.emit(str(error))

    def _clear_refusals(self, keys: Iterable[tuple[int, int, str]]) -> None:
        for key in keys:
            if self._refused.pop(key, None) is not None:
                self._cell_changed(key)

    def _cell_changed(self, key: tuple[int, int, str]) -> None:
        if self._summary is None or key[0] != self._summary.id:
            return
        if 0 <= key[1] < self.rowCount():
            index = self.index(key[1], ITEM_FIELDS.index(key[2]))
            self.dataChanged.emit(index, index)

    # ---- parsing one cell into an item

    def _edited_item(
        self, item: dict[str, Any], column: int, raw: Any, doc: dict[str, Any]
    ) -> dict[str, Any]:
        item = copy.deepcopy(item)
        if column == COL_NAME:
            item["name"] = "" if raw is None else str(raw).strip()
        elif column == COL_CATEGORY:
            item["category"] = self._pick(raw, CATEGORIES, category_label, self.tr("category"))
        elif column == COL_WEIGHT:
            item["weight"] = self._parse_weight(raw)
        elif column == COL_KIND:
            kind = self._pick(raw, ITEM_KINDS, kind_label, self.tr("kind"))
            if kind != item.get("kind"):
                item = self._with_kind(item, kind, str(doc.get("cycle_type", "")))
        elif column == COL_METRIC:
            item["metric"] = self._parse_metric(raw)
        elif column == COL_SCOPE:
            item["scope"] = self._pick(raw, SCOPES, scope_label, self.tr("scope"))
        elif column == COL_RULE:
            rule_type = self._pick(raw, tuple(RULE_PARAMETERS), rule_label, self.tr("rule"))
            if rule_type != (item.get("rule") or {}).get("type"):
                item["rule"] = {"type": rule_type, **copy.deepcopy(RULE_PARAMETERS[rule_type])}
        elif column == COL_PARAMETERS:
            rule = item.get("rule") or {}
            current_type = rule.get("type")
            if current_type not in RULE_PARAMETERS:
                raise ValidationError.single(self.tr("choose a rule first"))
            item["rule"] = parse_parameters(str(current_type), raw, rule)
        return item

    def _pick(self, raw: Any, codes: Sequence[str], label: Callable[[str], str], what: str) -> str:
        """A code from a pick-list value: the code itself or its label (any case)."""
        text = "" if raw is None else str(raw).strip()
        allowed = _list_separator().join(label(code) for code in codes)
        if not text:
            raise ValidationError.single(
                self.tr("{what} is required").format(what=what), allowed=allowed
            )
        for code in codes:
            if text.casefold() in (code.casefold(), label(code).casefold()):
                return code
        raise ValidationError.single(
            self.tr("unknown {what}: {v}").format(what=what, v=text), allowed=allowed
        )

    def _parse_weight(self, raw: Any) -> int | str:
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            return 0
        if isinstance(raw, bool):
            raise ValidationError.single(self.tr("not a number"))
        if isinstance(raw, int | Decimal):
            return json_number(Decimal(raw))
        if isinstance(raw, float):
            return json_number(Decimal(repr(raw)))
        try:
            return json_number(parse_decimal(str(raw).strip().rstrip("分")))
        except ValueError:
            raise ValidationError.single(
                self.tr("not a number: {v}").format(v=str(raw).strip()),
                allowed=self.tr("points ≥ 0 with at most 2 decimals, such as 25 or 7.5"),
            ) from None

    def _parse_metric(self, raw: Any) -> str:
        text = "" if raw is None else str(raw).strip()
        allowed = _list_separator().join(m.name for m in self._metrics)
        if not text:
            raise ValidationError.single(self.tr("metric is required"), allowed=allowed)
        for metric in self._metrics:
            names = (metric.code, metric.name_zh, metric.name_en, metric.name)
            if text.casefold() in (name.casefold() for name in names):
                return metric.code
        raise ValidationError.single(self.tr("unknown metric: {v}").format(v=text), allowed=allowed)

    def _with_kind(self, item: dict[str, Any], kind: str, cycle_type: str) -> dict[str, Any]:
        """The item made another kind: name, category, weight and description stay; the
        new kind's own keys start from their defaults."""
        changed: dict[str, Any] = {
            key: item[key] for key in ("name", "category", "weight", "description") if key in item
        }
        changed["kind"] = kind
        if kind == "metric":
            first = self._metrics[0].code if self._metrics else "revenue"
            changed["metric"] = first
            changed["scope"] = "own"
            changed["rule"] = {"type": "linear", **copy.deepcopy(RULE_PARAMETERS["linear"])}
        elif kind == "period_results":
            changed["source"] = shorter_cycle_type(cycle_type)
        return changed

    # ---- whole items

    def new_item_name(self) -> str:
        names = {str(item.get("name", "")) for item in self._items()}
        base = self.tr("New item")
        if base not in names:
            return base
        number = 2
        while f"{base} {number}" in names:
            number += 1
        return f"{base} {number}"

    def add_item(self, kind: str = "metric", after: int | None = None) -> int:
        """Add an item of weight 0 (after row `after`, else at the end); returns its row."""
        doc = self._require_document()
        cycle_type = str(doc.get("cycle_type", ""))
        item = self._with_kind(
            {"name": self.new_item_name(), "category": "result", "weight": 0}, kind, cycle_type
        )
        items = doc["items"]
        row = len(items) if after is None else min(after + 1, len(items))
        items.insert(row, item)
        self.apply_document(doc, self.tr("Add item {name}").format(name=item["name"]))
        return row

    def remove_items(self, rows: Iterable[int]) -> int:
        """Remove items (one undo step); a scheme keeps at least one item."""
        doc = self._require_document()
        wanted = sorted({row for row in rows if 0 <= row < len(doc["items"])}, reverse=True)
        if not wanted:
            return 0
        names = [str(doc["items"][row].get("name", "")) for row in sorted(wanted)]
        for row in wanted:
            del doc["items"][row]
        self.apply_document(
            doc, self.tr("Delete item {names}").format(names=_list_separator().join(names))
        )
        return len(wanted)

    def move_item(self, row: int, delta: int) -> int | None:
        """Move an item up (-1) or down (+1); returns its new row, None at either end."""
        doc = self._require_document()
        items = doc["items"]
        target = row + delta
        if not (0 <= row < len(items)) or not (0 <= target < len(items)):
            return None
        items[row], items[target] = items[target], items[row]
        self.apply_document(
            doc, self.tr("Move item {name}").format(name=items[target].get("name", ""))
        )
        return target

    def replace_item(self, row: int, item: dict[str, Any], text: str) -> None:
        """Store an item changed outside the grid (the details panel)."""
        doc = self._require_document()
        doc["items"][row] = item
        if doc != self._doc:
            self.apply_document(doc, text)

    def _require_document(self) -> dict[str, Any]:
        doc = self.document()
        if doc is None:
            raise UserError(self.tr("No scheme is selected"))
        return doc


class ItemsFilterProxy(QSortFilterProxyModel):
    """Narrows the items table to rows whose name, category, kind or metric match every
    word typed in the search box; keeps the scheme's own order."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._words: tuple[str, ...] = ()

    def set_search(self, text: str) -> None:
        self.beginFilterChange()
        self._words = tuple(word.casefold() for word in text.split())
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        if not self._words:
            return True
        model = self.sourceModel()
        haystack = " ".join(
            str(model.index(source_row, column, source_parent).data() or "")
            for column in (COL_NAME, COL_CATEGORY, COL_KIND, COL_METRIC, COL_RULE)
        ).casefold()
        return all(word in haystack for word in self._words)


# --------------------------------------------------------------------------- undo


class SchemeDocumentCommand(QUndoCommand):
    """One change of a scheme: the documents before and after. Pushed after the change
    was stored, so the first redo does nothing."""

    def __init__(
        self,
        model: SchemeItemsModel,
        scheme_id: int,
        old: dict[str, Any],
        new: dict[str, Any],
        text: str,
    ) -> None:
        super().__init__(text)
        self.model = model
        self.scheme_id = scheme_id
        self.old = old
        self.new = new
        self._applied = True

    def redo(self) -> None:
        if self._applied:
            self._applied = False
            return
        self.model.write_document(self.scheme_id, self.new)

    def undo(self) -> None:
        self.model.write_document(self.scheme_id, self.old)


class SchemeCreatedCommand(QUndoCommand):
    """A scheme that was added (new, copy, import): undo deletes it, redo adds it again
    under a new id (mapped through the aliases)."""

    def __init__(
        self, model: SchemeItemsModel, scheme_id: int, doc: dict[str, Any], text: str
    ) -> None:
        super().__init__(text)
        self.model = model
        self.scheme_id = scheme_id
        self.doc = doc
        self.builtin = False
        self._applied = True

    def redo(self) -> None:
        if self._applied:
            self._applied = False
            return
        self._add()

    def undo(self) -> None:
        self._remove()

    def _add(self) -> None:
        try:
            created = self.model.service.create(self.doc, builtin=self.builtin)
        except UserError as exc:
            self.model.reporter.message.emit(str(exc))
            self.model.after_undo_step(None)
            return
        self.model.aliases.alias(self.model.aliases.resolve(self.scheme_id), created.id)
        self.model.after_undo_step(created.id)

    def _remove(self) -> None:
        current = self.model.aliases.resolve(self.scheme_id)
        try:
            # Keep what the scheme holds now, so a redo brings back the edited scheme.
            self.doc = self.model.service.get(current)
            self.builtin = self.model.service.summary(current).builtin
            self.model.service.delete(current)
        except UserError as exc:
            self.model.reporter.message.emit(str(exc))
        self.model.after_undo_step(None)


class SchemeDeletedCommand(SchemeCreatedCommand):
    """A scheme that was deleted: the mirror of adding one."""

    def __init__(
        self,
        model: SchemeItemsModel,
        scheme_id: int,
        doc: dict[str, Any],
        text: str,
        *,
        builtin: bool = False,
    ) -> None:
        super().__init__(model, scheme_id, doc, text)
        self.builtin = builtin

    def redo(self) -> None:
        if self._applied:
            self._applied = False
            return
        self._remove()

    def undo(self) -> None:
        self._add()


__all__ = [
    "COLUMN_WIDTHS",
    "COL_CATEGORY",
    "COL_KIND",
    "COL_METRIC",
    "COL_NAME",
    "COL_PARAMETERS",
    "COL_RULE",
    "COL_SCOPE",
    "COL_WEIGHT",
    "DISTRIBUTION_MODES",
    "ITEM_FIELDS",
    "RATER_ROLES",
    "SCHEME_ID_ROLE",
    "ItemsFilterProxy",
    "SchemeCreatedCommand",
    "SchemeDeletedCommand",
    "SchemeDocumentCommand",
    "SchemeItemsModel",
    "SchemeListModel",
    "SchemeListProxy",
    "category_label",
    "cycle_type_label",
    "distribution_label",
    "grade_label",
    "json_number",
    "kind_label",
    "parameter_label",
    "parameters_text",
    "parse_parameters",
    "plain_number",
    "rater_label",
    "role_label",
    "rule_label",
    "scope_label",
    "weight_total_warning",
]
