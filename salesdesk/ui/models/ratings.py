"""The 评分 (ratings) grid of the Cycles page: one person's rated items (rows) × their raters
(columns); beside the item, its rating R and score from the cycle's current results in grey
read-only columns, so an edit's effect shows once the page has rescored (appraisal-rules
§5.2).

Every edit — typed, pasted, cleared, a comment changed, an undo or a redo — goes through
`AppraisalInputsService.apply_ratings` with the versions the model holds, in one
transaction (a pasted block is written whole or not at all) and as one undo step (the
CellEditTarget protocol of `salesdesk.ui.undo`). A rating of 5, or of 2 and below, needs a
comment: a single typed value without one asks `comment_provider` for it (the tab shows a
dialog); without an answer, or in a paste, it is refused with the rule's reason on the
cell's tooltip and in `status`.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, NamedTuple

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont, QUndoStack

from salesdesk.domain.decimals import decimal_of
from salesdesk.domain.errors import StaleEditError, UserError, ValidationError
from salesdesk.domain.scoring import check_rating
from salesdesk.services.appraisal_inputs import (
    AppraisalInputsService,
    RatingChange,
    RatingItemRow,
    RatingRow,
    RatingsRefusedError,
)
from salesdesk.ui.models.manual_metrics_model import (
    LEFT,
    READ_ONLY_BACKGROUND,
    READ_ONLY_FOREGROUND,
    REFUSED_BACKGROUND,
    RIGHT,
    SORT_ROLE,
)
from salesdesk.ui.undo import RefusalMemory, Reporter

AnyIndex = QModelIndex | QPersistentModelIndex

# The comment of a rating cell ("" when none), for the comment marker and the side panel.
COMMENT_ROLE = Qt.ItemDataRole.UserRole + 10
# The RatingKey of a rating cell (None for the other columns).
KEY_ROLE = Qt.ItemDataRole.UserRole + 11

COL_ITEM = 0
COL_WEIGHT = 1
COL_R = 2
COL_SCORE = 3
COL_FIRST_RATER = 4
"""Rater columns start here, one per rater and role (ROLE_ORDER, then staff code)."""

# The order of rater columns, as ui.md names the roles: 本人, 上级, 同事, 隔级.
ROLE_ORDER = ("self", "supervisor", "peer", "skip_level")

# A rater role that cannot rate an item (the item names its raters): hatched grey.
BARRED_BACKGROUND = QBrush(QColor(228, 228, 228), Qt.BrushStyle.BDiagPattern)
PENDING_FOREGROUND = QColor(150, 150, 150)


class RaterColumn(NamedTuple):
    """One column of the grid: a rater in a role."""

    rater_id: int
    code: str
    name: str
    role: str


class RatingKey(NamedTuple):
    """A rating cell, valid across people, reloads and undo: cycle, ratee, item, rater."""

    cycle_id: int
    staff: str
    item: str
    rater_id: int
    role: str


@dataclass(frozen=True)
class CommentRequest:
    """What the comment dialog shows: the cell, the rating typed and its level anchor."""

    key: RatingKey
    item: RatingItemRow
    rater: RaterColumn
    rating: int
    anchor: str
    comment: str


CommentProvider = Callable[[CommentRequest], "str | None"]


def role_label(role: str) -> str:
    """A rater role as the grid's headers name it (本人 / 上级 / 同事 / 隔级)."""
    labels = {
        "self": QCoreApplication.translate("RatingsModel", "Self"),
        "supervisor": QCoreApplication.translate("RatingsModel", "Supervisor"),
        "peer": QCoreApplication.translate("RatingsModel", "Peer"),
        "skip_level": QCoreApplication.translate("RatingsModel", "Skip-level"),
    }
    return labels.get(role, role)


def level_label(rating: int) -> str:
    """5 卓越, 4 良好, 3 合格, 2 待改进, 1 不合格 (appraisal-rules §5.2)."""
    labels = {
        5: QCoreApplication.translate("RatingsModel", "Outstanding"),
        4: QCoreApplication.translate("RatingsModel", "Good"),
        3: QCoreApplication.translate("RatingsModel", "Meets expectations"),
        2: QCoreApplication.translate("RatingsModel", "Needs improvement"),
        1: QCoreApplication.translate("RatingsModel", "Unsatisfactory"),
    }
    return labels.get(rating, "")


def needs_comment(rating: int) -> bool:
    """A 5, a 2 or a 1 must carry a written example (appraisal-rules §5.2)."""
    return rating == 5 or rating <= 2


def rater_header(rater: RaterColumn) -> str:
    return QCoreApplication.translate("RatingsModel", "{name} ({role})").format(
        name=rater.name, role=role_label(rater.role)
    )


def rater_sort_key(rater: RaterColumn) -> tuple[int, str]:
    order = ROLE_ORDER.index(rater.role) if rater.role in ROLE_ORDER else len(ROLE_ORDER)
    return order, rater.code


def parse_rating_text(value: Any) -> Any:
    """What a cell editor or a paste gives as a rating: None for empty, an int for a whole
    number (`4`, ` 4 `, `4.0` as Excel may copy it), else the value itself, which
    `check_rating` then refuses saying what is allowed."""
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    text = str(value).strip()
    if not text:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        return text
    if number.is_finite() and number == number.to_integral_value():
        return int(number)
    return text


class RatingsModel(RefusalMemory, QAbstractTableModel):
    """One person's ratings in one cycle. Implements CellEditTarget: a cell's key is a
    RatingKey and its value `(rating, comment)` or None (no rating)."""

    # The result of an edit or the reason it was refused, for the status bar.
    status = Signal(str)
    # Ratings of this staff code were written (an edit, an undo or a redo): scores change.
    written = Signal(str)

    def __init__(self, service: AppraisalInputsService, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.undo_stack: QUndoStack | None = None
        self.reporter = Reporter(self)
        self.reporter.message.connect(self.status)
        # Asked for the comment of a typed 5, 2 or 1 (None: such values are refused).
        self.comment_provider: CommentProvider | None = None
        self._cycle_id: int | None = None
        self._items: list[RatingItemRow] = []
        self._staff: str | None = None
        self._staff_id: int | None = None
        self._person_name = ""
        self._raters: list[RaterColumn] = []
        self._suggested: list[RaterColumn] = []
        self._added: dict[tuple[int, str], list[RaterColumn]] = {}
        self._cells: dict[RatingKey, RatingRow] = {}
        self._scores: dict[str, dict[str, Any]] = {}
        self._scores_pending = False
        self._editable = False
        self._read_only_reason = ""
        self._refused: dict[Hashable, str] = {}

    # ---- loading

    def set_cycle(self, cycle_id: int | None, items: list[RatingItemRow]) -> None:
        """The cycle and its rated items (the scheme's order); no person yet."""
        self.beginResetModel()
        self._cycle_id = cycle_id
        self._items = list(items)
        self._staff = None
        self._staff_id = None
        self._person_name = ""
        self._raters = []
        self._cells = {}
        self._scores = {}
        self._refused = {}
        self.endResetModel()

    def set_editable(self, editable: bool, reason: str = "") -> None:
        """Whether ratings can change (the cycle's state); `reason` says why not."""
        if (editable, reason) == (self._editable, self._read_only_reason):
            return
        self._editable = editable
        self._read_only_reason = reason
        self._all_changed()

    def set_person(
        self,
        code: str | None,
        staff_id: int | None = None,
        name: str = "",
        suggested: list[RaterColumn] | None = None,
    ) -> None:
        """Show `code`'s ratings (read through the service). `suggested` raters get a
        column even before they rated (the person themselves, their manager)."""
        self._staff = code
        self._staff_id = staff_id
        self._person_name = name
        self._suggested = list(suggested or [])
        self.reload()

    def reload(self) -> None:
        """Read the shown person's ratings again; columns the user added stay."""
        rows: list[RatingRow] = []
        if self._cycle_id is not None and self._staff is not None:
            rows = self.service.list_ratings(self._cycle_id, self._staff)
        cells = {
            RatingKey(row.cycle_id, self._staff or "", row.item, row.rater_id, row.rater_role): row
            for row in rows
        }
        raters = {RaterColumn(r.rater_id, r.rater_code, r.rater_name, r.rater_role) for r in rows}
        raters.update(self._suggested)
        raters.update(self._added.get(self._person_key(), []))
        ordered = sorted(raters, key=rater_sort_key)
        if ordered == self._raters and set(cells) == set(self._cells):
            self._cells = cells
            self._all_changed()
            return
        self.beginResetModel()
        self._raters = ordered
        self._cells = cells
        self._refused = {}
        self.endResetModel()

    def set_scores(self, card_items: list[dict[str, Any]] | None) -> None:
        """The items of the person's scorecard in the current results (None: not scored)."""
        self._scores = {
            str(item.get("name")): item
            for item in card_items or []
            if isinstance(item, dict) and item.get("kind") == "rating"
        }
        self._scores_pending = False
        if self._items:
            first, last = COL_R, COL_SCORE
            self.dataChanged.emit(self.index(0, first), self.index(len(self._items) - 1, last))

    def add_rater(self, rater: RaterColumn) -> int:
        """Give `rater` a column (kept while the person is shown again); its column."""
        if rater not in self._raters:
            self._added.setdefault(self._person_key(), []).append(rater)
            self._insert_rater(rater)
        return COL_FIRST_RATER + self._raters.index(rater)

    def _insert_rater(self, rater: RaterColumn) -> None:
        ordered = sorted([*self._raters, rater], key=rater_sort_key)
        position = ordered.index(rater)
        column = COL_FIRST_RATER + position
        self.beginInsertColumns(QModelIndex(), column, column)
        self._raters = ordered
        self.endInsertColumns()

    # ---- what the model shows

    @property
    def cycle_id(self) -> int | None:
        return self._cycle_id

    @property
    def staff(self) -> str | None:
        return self._staff

    @property
    def editable(self) -> bool:
        return self._editable

    def items(self) -> list[RatingItemRow]:
        return list(self._items)

    def raters(self) -> list[RaterColumn]:
        return list(self._raters)

    def ratings(self) -> list[RatingRow]:
        return list(self._cells.values())

    def item_at(self, row: int) -> RatingItemRow | None:
        return self._items[row] if 0 <= row < len(self._items) else None

    def rater_at(self, column: int) -> RaterColumn | None:
        position = column - COL_FIRST_RATER
        return self._raters[position] if 0 <= position < len(self._raters) else None

    def column_of(self, rater: RaterColumn) -> int | None:
        if rater not in self._raters:
            return None
        return COL_FIRST_RATER + self._raters.index(rater)

    def row_of(self, item: str) -> int | None:
        for position, each in enumerate(self._items):
            if each.name == item:
                return position
        return None

    def rating_at(self, index: AnyIndex) -> RatingRow | None:
        key = self.key_at(index)
        return None if key is None else self._cells.get(key)

    def score_of(self, item: str) -> dict[str, Any] | None:
        return self._scores.get(item)

    def key_at(self, index: AnyIndex) -> RatingKey | None:
        """The key of a rating cell, editable or not; None for the other columns."""
        if not index.isValid() or self._cycle_id is None or self._staff is None:
            return None
        item = self.item_at(index.row())
        rater = self.rater_at(index.column())
        if item is None or rater is None:
            return None
        return RatingKey(self._cycle_id, self._staff, item.name, rater.rater_id, rater.role)

    def refusal_for(self, index: AnyIndex) -> str | None:
        """Why the cell cannot be edited (None when it can)."""
        if not index.isValid():
            return None
        column = index.column()
        item = self.item_at(index.row())
        if column in (COL_R, COL_SCORE):
            return self.tr("R and the score are computed from the ratings")
        if column < COL_FIRST_RATER:
            return self.tr("Rate the item in a rater's column")
        if not self._editable:
            return self._read_only_reason or self.tr("Ratings cannot be changed now")
        rater = self.rater_at(column)
        if item is not None and rater is not None and not self._role_allowed(item, rater.role):
            return self.tr("{item} is rated by {roles} only").format(
                item=item.name, roles=", ".join(role_label(r) for r in item.raters)
            )
        return None

    @staticmethod
    def _role_allowed(item: RatingItemRow, role: str) -> bool:
        return not item.raters or role in item.raters

    def search_text(self, row: int) -> str:
        item = self.item_at(row)
        return "" if item is None else item.name

    # ---- Qt model interface

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else COL_FIRST_RATER + len(self._raters)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < self.columnCount():
            return None
        rater = self.rater_at(section)
        if role == Qt.ItemDataRole.DisplayRole:
            if section == COL_ITEM:
                return self.tr("Item")
            if section == COL_WEIGHT:
                return self.tr("Weight")
            if rater is not None:
                # Name over role keeps the columns narrow enough for five raters.
                return f"{rater.name}\n{role_label(rater.role)}"
            if section == COL_R:
                return "R"
            return self.tr("Score")
        if role == Qt.ItemDataRole.ToolTipRole:
            if rater is not None:
                return f"{rater.code} {rater.name} · {role_label(rater.role)}"
            if section == COL_R:
                return self.tr(
                    "The item's rating R: the rater-weighted mean of the roles' mean ratings"
                )
            if section == COL_SCORE:
                return self.tr("The item's score: weight × R ÷ 5")
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if rater is not None:
                return int(Qt.AlignmentFlag.AlignCenter)
            return LEFT if section == COL_ITEM else RIGHT
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.cell_key(self.index(index.row(), index.column())) is not None:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item = self._items[index.row()]
        column = index.column()
        if column == COL_ITEM:
            return self._item_data(item, role)
        if column == COL_WEIGHT:
            return self._weight_data(item, role)
        if self.rater_at(column) is not None:
            return self._rating_data(index, item, role)
        if column in (COL_R, COL_SCORE):
            return self._score_data(item, column == COL_R, role)
        return None

    def _item_data(self, item: RatingItemRow, role: int) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return item.name
        if role == SORT_ROLE:
            return item.name.casefold()
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return LEFT
        if role == Qt.ItemDataRole.ToolTipRole:
            if item.raters:
                return self.tr("{item}: rated by {roles}").format(
                    item=item.name, roles=", ".join(role_label(r) for r in item.raters)
                )
            return item.name
        return None

    def _weight_data(self, item: RatingItemRow, role: int) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return f"{item.weight.normalize():f}"
        if role == SORT_ROLE:
            return item.weight
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return RIGHT
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(READ_ONLY_BACKGROUND)
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(READ_ONLY_FOREGROUND)
        return None

    def _rating_data(self, index: AnyIndex, item: RatingItemRow, role: int) -> Any:
        key = self.key_at(index)
        if key is None:
            return None
        row = self._cells.get(key)
        if role == Qt.ItemDataRole.DisplayRole:
            return "" if row is None else str(row.rating)
        if role == Qt.ItemDataRole.EditRole:
            return "" if row is None else str(row.rating)
        if role == SORT_ROLE:
            return None if row is None else row.rating
        if role == COMMENT_ROLE:
            return "" if row is None else row.comment
        if role == KEY_ROLE:
            return key
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return RIGHT
        if role == Qt.ItemDataRole.BackgroundRole:
            if key in self._refused:
                return QBrush(REFUSED_BACKGROUND)
            rater = self.rater_at(index.column())
            if rater is not None and not self._role_allowed(item, rater.role):
                return BARRED_BACKGROUND
            if not self._editable:
                return QBrush(READ_ONLY_BACKGROUND)
            return None
        if role == Qt.ItemDataRole.ForegroundRole and not self._editable:
            return QBrush(READ_ONLY_FOREGROUND)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._rating_tooltip(index, key, row)
        return None

    def _rating_tooltip(self, index: AnyIndex, key: RatingKey, row: RatingRow | None) -> str:
        lines: list[str] = []
        refused = self._refused.get(key)
        if refused:
            lines.append(refused)
        rater = self.rater_at(index.column())
        if rater is not None:
            lines.append(f"{key.item} · {rater_header(rater)}")
        if row is not None:
            lines.append(f"{row.rating} {level_label(row.rating)}")
            if row.comment:
                lines.append(self.tr("Comment: {comment}").format(comment=row.comment))
        blocked = self.refusal_for(index)
        if blocked and not refused:
            lines.append(blocked)
        return "\n".join(lines)

    def _score_data(self, item: RatingItemRow, is_r: bool, role: int) -> Any:
        scored = self._scores.get(item.name)
        raw = None if scored is None else scored.get("actual" if is_r else "score")
        value = decimal_of(raw)
        if role == Qt.ItemDataRole.DisplayRole:
            return "" if value is None else f"{value:,.2f}"
        if role == SORT_ROLE:
            return value
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return RIGHT
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(READ_ONLY_BACKGROUND)
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(PENDING_FOREGROUND if self._scores_pending else READ_ONLY_FOREGROUND)
        if role == Qt.ItemDataRole.FontRole and self._scores_pending:
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            if self._scores_pending:
                return self.tr("Scoring again…")
            if scored is None:
                return None
            lines = [str(scored.get("explanation") or "")]
            lines.extend(str(w) for w in scored.get("warnings") or [])
            return "\n".join(line for line in lines if line)
        return None

    # ---- editing

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Edit one cell the way typing does: the value is checked and written by the
        service as one undo step. A typed 5, 2 or 1 on a cell without a comment asks
        `comment_provider` for one. A refused value leaves the cell as it was, and the
        cell's tooltip and `status` say why."""
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        source = self.index(index.row(), index.column())
        key = self.key_at(source)
        if key is None:
            return False
        blocked = self.refusal_for(source)
        if blocked is not None:
            self._set_refusal(key, blocked)
            self.status.emit(blocked)
            return False
        value = self._with_comment(source, key, value)
        try:
            changed = self.edit_cells(
                [(source, value)], self.tr("Rate {cell}").format(cell=self.cell_label(key))
            )
        except UserError:
            return False
        if changed:
            row = self._cells.get(key)
            self.status.emit(
                self.tr("{cell}: cleared").format(cell=self.cell_label(key))
                if row is None
                else self.tr("{cell}: {rating} {level}").format(
                    cell=self.cell_label(key), rating=row.rating, level=level_label(row.rating)
                )
            )
        return True

    def set_comment(self, index: AnyIndex, comment: str) -> bool:
        """Change the comment of a rated cell (one undo step); refused like any edit, e.g.
        when a 5 would be left without one."""
        source = self.index(index.row(), index.column())
        key = self.key_at(source)
        row = None if key is None else self._cells.get(key)
        if key is None or row is None:
            return False
        blocked = self.refusal_for(source)
        if blocked is not None:
            self._set_refusal(key, blocked)
            self.status.emit(blocked)
            return False
        try:
            changed = self.edit_cells(
                [(source, (row.rating, comment))],
                self.tr("Comment on {cell}").format(cell=self.cell_label(key)),
            )
        except UserError:
            return False
        return changed >= 0

    def comment_needed(self, index: AnyIndex, value: Any) -> bool:
        """Whether typing `value` into the cell would ask for a comment (a 5, 2 or 1 on a
        cell without one)."""
        key = self.key_at(index)
        if key is None or self.refusal_for(index) is not None:
            return False
        rating = parse_rating_text(value)
        if not isinstance(rating, int) or not 1 <= rating <= 5 or not needs_comment(rating):
            return False
        row = self._cells.get(key)
        return row is None or not row.comment.strip()

    def _with_comment(self, index: AnyIndex, key: RatingKey, value: Any) -> Any:
        """A typed value that needs a comment the cell does not have, with the comment the
        provider gives (or the value as typed, which is then refused)."""
        if self.comment_provider is None or not self.comment_needed(index, value):
            return value
        rating = parse_rating_text(value)
        assert isinstance(rating, int)
        item = self.item_at(index.row())
        rater = self.rater_at(index.column())
        if item is None or rater is None:
            return value
        anchor = dict(item.levels).get(rating, "")
        existing = self._cells.get(key)
        answer = self.comment_provider(
            CommentRequest(
                key, item, rater, rating, anchor, "" if existing is None else existing.comment
            )
        )
        if answer is None or not answer.strip():
            return value
        return (rating, answer.strip())

    def _refusal_cell(self, key: Hashable) -> Hashable:
        return key

    def _refusal_index(self, cell: Any) -> QModelIndex:
        if not isinstance(cell, RatingKey) or (cell.cycle_id, cell.staff) != (
            self._cycle_id,
            self._staff,
        ):
            return QModelIndex()
        row = self.row_of(cell.item)
        column = self.column_of_key(cell)
        if row is None or column is None:
            return QModelIndex()
        return self.index(row, column)

    def column_of_key(self, key: RatingKey) -> int | None:
        for position, rater in enumerate(self._raters):
            if (rater.rater_id, rater.role) == (key.rater_id, key.role):
                return COL_FIRST_RATER + position
        return None

    def refusal(self, key: RatingKey) -> str | None:
        return self._refused.get(key)

    # ---- CellEditTarget protocol

    def cell_key(self, index: QModelIndex) -> Hashable | None:
        if not index.isValid() or index.model() is not self:
            return None
        key = self.key_at(index)
        if key is None or self.refusal_for(index) is not None:
            return None
        return key

    def cell_value(self, key: Hashable) -> Any:
        row = self._current(self._as_key(key))
        return None if row is None else (row.rating, row.comment)

    def parse_cell(self, key: Hashable, value: Any) -> Any:
        """`(rating, comment)` or None (clear). A bare rating keeps the cell's comment;
        `check_rating` refuses what §5.2 does not allow, saying what is."""
        rating_key = self._as_key(key)
        if isinstance(value, tuple):
            rating, comment = value
        else:
            rating = parse_rating_text(value)
            if rating is None:
                return None
            existing = self._current(rating_key)
            comment = "" if existing is None else existing.comment
        number = check_rating(rating, comment)
        return (number, str(comment or "").strip())

    def cell_label(self, key: Hashable) -> str:
        rating_key = self._as_key(key)
        rater = next(
            (
                r
                for r in self._raters
                if (r.rater_id, r.role) == (rating_key.rater_id, rating_key.role)
            ),
            None,
        )
        who = (
            rater_header(rater)
            if rater is not None
            else f"{rating_key.rater_id} ({role_label(rating_key.role)})"
        )
        return f"{rating_key.staff} {rating_key.item} · {who}"

    def write_cells(self, values: Mapping[Hashable, Any]) -> None:
        """Write every value through the service in one transaction
        (`AppraisalInputsService.apply_ratings`): all or nothing, every refused cell named
        in the error; a cell changed elsewhere reloads the shown person."""
        if not self._editable:
            raise ValidationError.single(
                self._read_only_reason or self.tr("Ratings cannot be changed now")
            )
        planned: dict[int, list[tuple[RatingKey, RatingChange]]] = {}
        for raw_key, value in values.items():
            key = self._as_key(raw_key)
            current = self._current(key)
            if value is None and current is None:
                continue
            rating, comment = (None, "") if value is None else value
            planned.setdefault(key.cycle_id, []).append(
                (
                    key,
                    RatingChange(
                        key.staff,
                        key.item,
                        key.rater_id,
                        key.role,
                        rating,
                        comment,
                        None if current is None else current.version,
                    ),
                )
            )
        done: list[tuple[RatingKey, RatingRow | None]] = []
        # The cells of one edit are of one cycle (one person's grid): one batch.
        for cycle_id, batch in planned.items():
            try:
                rows = self.service.apply_ratings(cycle_id, [change for _key, change in batch])
            except UserError as exc:
                if isinstance(exc, StaleEditError) or (
                    isinstance(exc, RatingsRefusedError) and exc.stale
                ):
                    self.reload()
                raise
            done.extend(zip((key for key, _change in batch), rows, strict=True))
        for key, row in done:
            self._store(key, row)
        if done:
            self._scores_pending = True
            self._score_columns_changed()
        for staff in dict.fromkeys(key.staff for key, _row in done):
            self.written.emit(staff)

    # ---- helpers

    @staticmethod
    def _as_key(key: Hashable) -> RatingKey:
        assert isinstance(key, tuple) and len(key) == 5
        return RatingKey(*key)

    def _person_key(self) -> tuple[int, str]:
        return (self._cycle_id or 0, self._staff or "")

    def _shown(self, key: RatingKey) -> bool:
        return (key.cycle_id, key.staff) == (self._cycle_id, self._staff)

    def _current(self, key: RatingKey) -> RatingRow | None:
        """The rating the key names as the model knows it, or (for a person not shown, e.g.
        an undo after another person was chosen) as the service has it now."""
        if self._shown(key):
            return self._cells.get(key)
        for row in self.service.list_ratings(key.cycle_id, key.staff):
            if (row.item, row.rater_id, row.rater_role) == (key.item, key.rater_id, key.role):
                return row
        return None

    def _store(self, key: RatingKey, row: RatingRow | None) -> None:
        if not self._shown(key):
            return
        if row is None:
            self._cells.pop(key, None)
        else:
            self._cells[key] = row
            rater = RaterColumn(row.rater_id, row.rater_code, row.rater_name, row.rater_role)
            if self.column_of_key(key) is None:
                self._insert_rater(rater)
        index = self._refusal_index(key)
        if index.isValid():
            self.dataChanged.emit(index, index)

    def _score_columns_changed(self) -> None:
        if self._items:
            self.dataChanged.emit(
                self.index(0, COL_R),
                self.index(len(self._items) - 1, COL_SCORE),
            )

    def _all_changed(self) -> None:
        if self._items and self.columnCount():
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._items) - 1, self.columnCount() - 1)
            )


__all__ = [
    "COL_FIRST_RATER",
    "COL_ITEM",
    "COL_R",
    "COL_SCORE",
    "COL_WEIGHT",
    "COMMENT_ROLE",
    "KEY_ROLE",
    "ROLE_ORDER",
    "CommentProvider",
    "CommentRequest",
    "RaterColumn",
    "RatingKey",
    "RatingsModel",
    "level_label",
    "needs_comment",
    "parse_rating_text",
    "rater_header",
    "role_label",
]
