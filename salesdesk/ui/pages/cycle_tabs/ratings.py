"""The 评分 (ratings) tab of the Cycles page (appraisal-rules §5.2): pick a participant; their
rated items × raters in the grid `ratingsGrid`, edited like Excel; the selected item's five
level anchors, the way its R was computed and the selected rating's comment beside it.

A 5, or a 2 and below, needs a written example: typing one into a cell without a comment
asks for it in a small dialog that shows the level's anchor; without one the rating is
refused. Confirmed and closed cycles are read-only (grey; an edit is refused with the
reason). Every change is one undo step on the page's stack and makes the page rescore."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QCoreApplication,
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPointF,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QColor,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPainterPath,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import Shiboken

from salesdesk.domain.errors import UserError
from salesdesk.domain.workflow import inputs_editable, state_label
from salesdesk.services.appraisal_inputs import AppraisalInputsService, RatingItemRow
from salesdesk.services.cycle_scoring import CycleResults, ParticipantInfo
from salesdesk.services.cycles import CycleSummary
from salesdesk.services.staff import StaffRow
from salesdesk.ui.models.ratings import (
    COL_FIRST_RATER,
    COL_ITEM,
    COL_R,
    COL_SCORE,
    COL_WEIGHT,
    COMMENT_ROLE,
    ROLE_ORDER,
    CommentRequest,
    RaterColumn,
    RatingsModel,
    level_label,
    needs_comment,
    rater_header,
    role_label,
)
from salesdesk.ui.pages.cycle_tabs import TAB_ORDER, CycleTabHost, CycleTabSpec
from salesdesk.ui.widgets.grid import ExcelGrid

AnyIndex = QModelIndex | QPersistentModelIndex

COMMENT_MARK = QColor("#d9822b")
ANCHOR_STYLE = "QLabel { padding: 3px 5px; border-radius: 3px; }"
ANCHOR_CURRENT_STYLE = (
    "QLabel { padding: 3px 5px; border-radius: 3px; background: #e1ecfa;"
    " border: 1px solid #9bbbe3; }"
)
HINT_STYLE = "color: #a15c00;"
MUTED_STYLE = "color: palette(placeholder-text);"
MAX_COMMENT = 2000


# --------------------------------------------------------------------------- the comment dialog


class CommentDialog(QDialog):
    """Asks for the written example a 5, a 2 or a 1 needs, showing the level's anchor."""

    def __init__(self, request: CommentRequest, person: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ratingCommentDialog")
        self.setWindowTitle(self.tr("Comment required"))
        self.setModal(True)
        heading = QLabel(
            self.tr("{person} · {item} · {rater}").format(
                person=person, item=request.item.name, rater=rater_header(request.rater)
            ),
            self,
        )
        heading.setStyleSheet("font-weight: 600;")
        heading.setWordWrap(True)
        rule = QLabel(
            self.tr(
                "A rating of {rating} ({level}) needs a written example: what did the person "
                "do that shows it?"
            ).format(rating=request.rating, level=level_label(request.rating)),
            self,
        )
        rule.setWordWrap(True)
        anchor_caption = QLabel(
            self.tr("Level {rating} — {level}:").format(
                rating=request.rating, level=level_label(request.rating)
            ),
            self,
        )
        anchor_caption.setStyleSheet(MUTED_STYLE)
        anchor = QLabel(request.anchor or self.tr("(no description for this level)"), self)
        anchor.setObjectName("commentAnchor")
        anchor.setWordWrap(True)
        anchor.setStyleSheet(
            "QLabel { background: #f4f6f8; border: 1px solid #d5dbe1; border-radius: 3px;"
            " padding: 6px; }"
        )
        self.editor = QPlainTextEdit(self)
        self.editor.setObjectName("commentText")
        self.editor.setPlaceholderText(self.tr("A concrete example (required)"))
        self.editor.setPlainText(request.comment)
        self.editor.setTabChangesFocus(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.editor.textChanged.connect(self._update_ok)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(rule)
        layout.addWidget(anchor_caption)
        layout.addWidget(anchor)
        layout.addWidget(self.editor, 1)
        layout.addWidget(self.buttons)
        self.resize(460, 320)
        self._update_ok()

    def _update_ok(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        if ok is not None:
            ok.setEnabled(bool(self.comment()))

    def comment(self) -> str:
        return self.editor.toPlainText().strip()[:MAX_COMMENT]

    @staticmethod
    def ask(parent: QWidget | None, request: CommentRequest, person: str) -> str | None:
        """The comment typed, or None when the user cancelled (tests replace this)."""
        dialog = CommentDialog(request, person, parent)
        try:
            if dialog.exec() == QDialog.DialogCode.Accepted:
                return dialog.comment() or None
            return None
        finally:
            dialog.deleteLater()


# --------------------------------------------------------------------------- the cell editor


class RatingDelegate(QStyledItemDelegate):
    """Ratings typed as text (the model refuses what is not 1–5 and says why); a cell with a
    comment shows a small triangle in its corner, as Excel marks a cell note."""

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex
    ) -> QWidget:
        editor = QLineEdit(parent)
        editor.setFrame(False)
        editor.setMaxLength(8)
        editor.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return editor

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        assert isinstance(editor, QLineEdit)
        value = index.data(Qt.ItemDataRole.EditRole)
        editor.setText("" if value is None else str(value))
        editor.selectAll()

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: AnyIndex) -> None:
        assert isinstance(editor, QLineEdit)
        text = editor.text()
        if isinstance(model, RatingsModel) and model.comment_needed(index, text):
            # The comment dialog opens once the editor has closed: a dialog opened while the
            # editor commits takes its focus, and the lost focus would commit a second time.
            target = QPersistentModelIndex(index)

            def later() -> None:
                if Shiboken.isValid(model) and target.isValid():
                    model.setData(model.index(target.row(), target.column()), text)

            QTimer.singleShot(0, model, later)
            return
        model.setData(index, text, Qt.ItemDataRole.EditRole)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        super().paint(painter, option, index)
        if not index.data(COMMENT_ROLE):
            return
        rect = option.rect
        size = 7.0
        right, top = float(rect.right()) + 1.0, float(rect.top())
        path = QPainterPath(QPointF(right - size, top))
        path.lineTo(QPointF(right, top))
        path.lineTo(QPointF(right, top + size))
        path.closeSubpath()
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillPath(path, COMMENT_MARK)
        painter.restore()


# --------------------------------------------------------------------------- the tab


class RatingsTab(QWidget):
    """评分: a participant picker, the items × raters grid, adding a rater column, and the
    side panel with the level anchors, the item's R explained and the rating's comment."""

    status = Signal(str)
    data_changed = Signal()

    def __init__(self, host: CycleTabHost, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ratingsTab")
        self.host = host
        self.inputs: AppraisalInputsService = host.services.appraisal_inputs
        self.summary: CycleSummary | None = None
        self.results: CycleResults | None = None
        self._loaded_cycle: int | None = None
        self._items: list[RatingItemRow] = []
        self._participants: list[ParticipantInfo] = []
        self._staff_by_code: dict[str, StaffRow] = {}
        self._staff_by_id: dict[int, StaffRow] = {}
        self._search_words: tuple[str, ...] = ()
        self._page_person: str | None = None
        self._filling = False

        self.model = RatingsModel(self.inputs, self)
        self.model.undo_stack = host.undo_stack
        self.model.comment_provider = self._ask_comment
        self.model.status.connect(self.status)
        self.model.written.connect(self._written)

        self.grid = ExcelGrid(self)
        self.grid.setObjectName("ratingsGrid")
        self.grid.setModel(self.model)
        self.grid.setItemDelegate(RatingDelegate(self.grid))
        self.grid.verticalHeader().setVisible(False)
        self.grid.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.grid.horizontalHeader().setStretchLastSection(False)
        self.grid.horizontalHeader().setMinimumSectionSize(40)
        self.grid.status.connect(self.status)
        self.grid.installEventFilter(self)
        self.grid.viewport().installEventFilter(self)

        self._make_person_bar()
        self._make_rater_bar()
        self._make_side_panel()
        self._make_actions()
        self._build_layout()

        self.person.currentIndexChanged.connect(self._person_chosen)
        self.rater_role.currentIndexChanged.connect(self._role_chosen)
        self.grid.selectionModel().currentChanged.connect(self._current_changed)
        self.model.dataChanged.connect(self._model_changed)
        self.model.modelReset.connect(self._model_reset)
        self.model.columnsInserted.connect(self._model_reset)
        self.set_cycle(None, None)

    # ---- building

    def _make_person_bar(self) -> None:
        self.person = QComboBox(self)
        self.person.setObjectName("ratingsPerson")
        self.person.setEditable(True)
        self.person.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.person.setMinimumContentsLength(10)
        self.person.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        completer = self.person.completer()
        if completer is not None:
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        line = self.person.lineEdit()
        if line is not None:
            line.setPlaceholderText(self.tr("Code or name"))
        self.previous_button = QToolButton(self)
        self.previous_button.setObjectName("ratingsPrevious")
        self.previous_button.setArrowType(Qt.ArrowType.LeftArrow)
        self.previous_button.setToolTip(self.tr("Previous person (Alt+Up)"))
        self.previous_button.setShortcut(QKeySequence("Alt+Up"))
        self.previous_button.clicked.connect(lambda: self.step_person(-1))
        self.next_button = QToolButton(self)
        self.next_button.setObjectName("ratingsNext")
        self.next_button.setArrowType(Qt.ArrowType.RightArrow)
        self.next_button.setToolTip(self.tr("Next person (Alt+Down)"))
        self.next_button.setShortcut(QKeySequence("Alt+Down"))
        self.next_button.clicked.connect(lambda: self.step_person(1))
        self.person_info = QLabel(self)
        self.person_info.setObjectName("ratingsPersonInfo")
        self.person_info.setStyleSheet(MUTED_STYLE)
        self.person_info.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.read_only_hint = QLabel(self)
        self.read_only_hint.setObjectName("ratingsReadOnly")
        self.read_only_hint.setStyleSheet(HINT_STYLE)
        self.read_only_hint.setVisible(False)

    def _make_rater_bar(self) -> None:
        self.rater_role = QComboBox(self)
        self.rater_role.setObjectName("raterRole")
        for role in ROLE_ORDER:
            self.rater_role.addItem(role_label(role), role)
        # Self and the manager have columns already: a peer is the usual one to add.
        self.rater_role.setCurrentIndex(self.rater_role.findData("peer"))
        self.rater_person = QComboBox(self)
        self.rater_person.setObjectName("raterPerson")
        self.rater_person.setEditable(True)
        self.rater_person.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.rater_person.setMinimumContentsLength(8)
        self.rater_person.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        completer = self.rater_person.completer()
        if completer is not None:
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        rater_line = self.rater_person.lineEdit()
        if rater_line is not None:
            rater_line.setPlaceholderText(self.tr("Rater: code or name"))
        self.rater_role.setToolTip(self.tr("The role of the rater column to add"))
        self.add_rater_button = QPushButton(self.tr("Add rater"), self)
        self.add_rater_button.setObjectName("addRater")
        self.add_rater_button.setToolTip(
            self.tr("Add a column for this rater in this role (it stays empty until rated)")
        )
        self.add_rater_button.clicked.connect(lambda: self.add_rater())

    def _make_side_panel(self) -> None:
        self.anchors_box = QGroupBox(self.tr("Levels"), self)
        self.anchors_box.setObjectName("ratingAnchors")
        anchors_layout = QVBoxLayout(self.anchors_box)
        anchors_layout.setSpacing(3)
        self.anchor_labels: dict[int, QLabel] = {}
        for rating in (5, 4, 3, 2, 1):
            label = QLabel(self.anchors_box)
            label.setObjectName(f"ratingAnchor{rating}")
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            label.setStyleSheet(ANCHOR_STYLE)
            self.anchor_labels[rating] = label
            anchors_layout.addWidget(label)
        self.comment_rule = QLabel(
            self.tr("5, 2 and 1 need a written example in the comment."), self.anchors_box
        )
        self.comment_rule.setWordWrap(True)
        self.comment_rule.setStyleSheet(MUTED_STYLE)
        anchors_layout.addWidget(self.comment_rule)

        self.explanation = QLabel(self)
        self.explanation.setObjectName("ratingExplanation")
        self.explanation.setWordWrap(True)
        self.explanation.setStyleSheet(MUTED_STYLE)
        self.explanation.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.comment_box = QGroupBox(self.tr("Comment"), self)
        self.comment_box.setObjectName("ratingCommentBox")
        comment_layout = QVBoxLayout(self.comment_box)
        self.comment_caption = QLabel(self.comment_box)
        self.comment_caption.setWordWrap(True)
        self.comment_caption.setStyleSheet(MUTED_STYLE)
        self.comment_edit = QPlainTextEdit(self.comment_box)
        self.comment_edit.setObjectName("ratingComment")
        self.comment_edit.setTabChangesFocus(True)
        self.comment_edit.setPlaceholderText(self.tr("A concrete example behind the rating"))
        self.comment_edit.setMinimumHeight(44)
        self.comment_edit.setMaximumHeight(80)
        self.save_comment_button = QPushButton(self.tr("Save comment"), self.comment_box)
        self.save_comment_button.setObjectName("saveComment")
        self.save_comment_button.clicked.connect(lambda: self.save_comment())
        edit_row = QHBoxLayout()
        edit_row.addWidget(self.comment_edit, 1)
        buttons = QVBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_comment_button)
        edit_row.addLayout(buttons)
        comment_layout.addWidget(self.comment_caption)
        comment_layout.addLayout(edit_row)

    def _make_actions(self) -> None:
        self.edit_comment_action = QAction(self.tr("Edit comment"), self)
        self.edit_comment_action.setObjectName("editRatingComment")
        self.edit_comment_action.setShortcut(QKeySequence("Shift+F2"))
        self.edit_comment_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.edit_comment_action.triggered.connect(self._focus_comment)
        self.clear_action = QAction(self.tr("Clear rating"), self)
        self.clear_action.setObjectName("clearRating")
        self.clear_action.triggered.connect(lambda: self.grid.clear_selection_cells())
        self.grid.addActions([self.edit_comment_action, self.clear_action])
        self.grid.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)

    def _build_layout(self) -> None:
        person_bar = QHBoxLayout()
        person_bar.setContentsMargins(0, 4, 0, 0)
        caption = QLabel(self.tr("Person"), self)
        caption.setBuddy(self.person)
        person_bar.addWidget(caption)
        person_bar.addWidget(self.person)
        person_bar.addWidget(self.previous_button)
        person_bar.addWidget(self.next_button)
        person_bar.addSpacing(10)
        person_bar.addWidget(self.person_info, 1)
        person_bar.addWidget(self.read_only_hint)

        rater_bar = QHBoxLayout()
        rater_bar.setContentsMargins(0, 0, 0, 0)
        rater_bar.addWidget(self.rater_role)
        rater_bar.addWidget(self.rater_person, 1)
        rater_bar.addWidget(self.add_rater_button)

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.grid, 1)
        left_layout.addLayout(rater_bar)
        left_layout.addWidget(self.comment_box)

        side = QWidget(self)
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 4, 0)
        side_layout.addWidget(self.anchors_box)
        side_layout.addWidget(self.explanation)
        side_layout.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setObjectName("ratingSidePanel")
        scroll.setWidget(side)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        # Explicit minimums: a narrow window clips the panels instead of growing.
        left.setMinimumSize(150, 160)
        scroll.setMinimumSize(140, 160)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("ratingsSplitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(scroll)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([680, 290])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(person_bar)
        layout.addWidget(self.splitter, 1)

    # ---- the CycleTab protocol

    def set_cycle(self, summary: CycleSummary | None, results: CycleResults | None) -> None:
        self.summary = summary
        self.results = results if summary is not None else None
        if summary is None:
            self._loaded_cycle = None
            self._items = []
            self._participants = []
            self.model.set_cycle(None, [])
            self._fill_people()
        elif summary.id != self._loaded_cycle:
            self._load_cycle(summary)
        elif results is None:
            # The same cycle chosen again, or the page refreshed: read the ratings afresh.
            self._reload_ratings()
        self._apply_state()
        self._apply_scores()

    def refresh(self) -> None:
        """Reload the participants, the staff and the shown person's ratings."""
        if self.summary is None or self._loaded_cycle is None:
            return
        try:
            self._read_lists(self.summary)
        except UserError as exc:
            self.status.emit(str(exc))
            return
        self._fill_people()
        self._reload_ratings()

    def set_person(self, code: str | None) -> None:
        """Show `code` (the person chosen in the results table), if they take part. The page
        repeats its person after every rescoring: only a new choice there moves this tab."""
        if code is None or code == self._page_person:
            return
        self._page_person = code
        self.select_person(code)

    def select_person(self, code: str) -> None:
        """Show `code`'s ratings (a participant; the search box's filter gives way)."""
        if code == self.current_code():
            return
        position = self.person.findData(code)
        if position < 0 and any(p.code == code for p in self._participants):
            self._search_words = ()
            self._fill_people()
            position = self.person.findData(code)
        if position >= 0:
            self.person.setCurrentIndex(position)

    def main_view(self) -> QAbstractItemView:
        return self.grid

    def search(self, text: str) -> None:
        """The search box narrows the people to choose from (code, name or unit)."""
        words = tuple(word.casefold() for word in text.split())
        if words == self._search_words:
            return
        self._search_words = words
        self._fill_people()

    # ---- loading

    def _load_cycle(self, summary: CycleSummary) -> None:
        self._loaded_cycle = summary.id
        try:
            self._items = self.inputs.rating_items(summary.id)
            self._read_lists(summary)
        except UserError as exc:
            self.status.emit(str(exc))
            self._items = []
            self._participants = []
        self.model.set_cycle(summary.id, self._items)
        self._page_person = self.host.current_person()
        self._fill_people(prefer=self._page_person)
        self._fit_columns()

    def _read_lists(self, summary: CycleSummary) -> None:
        self._participants = self.host.services.cycles.participants(summary.id)
        staff = self.host.services.staff.list_staff()
        self._staff_by_code = {row.code: row for row in staff}
        self._staff_by_id = {row.id: row for row in staff}
        chosen = self.rater_person.currentData()
        self.rater_person.blockSignals(True)
        self.rater_person.clear()
        for row in staff:
            if not row.has_left:
                self.rater_person.addItem(f"{row.code} {row.name}", row.id)
        position = self.rater_person.findData(chosen) if chosen is not None else -1
        self.rater_person.setCurrentIndex(max(position, 0) if self.rater_person.count() else -1)
        self.rater_person.blockSignals(False)

    def _matches(self, person: ParticipantInfo) -> bool:
        haystack = f"{person.code} {person.name} {person.unit}".casefold()
        return all(word in haystack for word in self._search_words)

    def _fill_people(self, prefer: str | None = None) -> None:
        """The combo's people (narrowed by the search box), keeping the chosen one."""
        chosen = prefer or self.current_code()
        self._filling = True
        try:
            self.person.clear()
            for each in self._participants:
                if self._matches(each):
                    self.person.addItem(f"{each.code} {each.name}", each.code)
            position = self.person.findData(chosen) if chosen is not None else -1
            self.person.setCurrentIndex(position if position >= 0 else 0)
        finally:
            self._filling = False
        self._show_person()

    def _person_chosen(self, _index: int) -> None:
        if not self._filling:
            self._show_person()

    def current_code(self) -> str | None:
        code = self.person.currentData()
        return None if code is None else str(code)

    def current_participant(self) -> ParticipantInfo | None:
        code = self.current_code()
        return next((p for p in self._participants if p.code == code), None)

    def _show_person(self) -> None:
        """Show the chosen person's ratings, with columns for them and their manager."""
        person = self.current_participant()
        if person is None or self.model.cycle_id is None:
            self.model.set_person(None)
            self._apply_scores()
            self._apply_state()
            return
        if person.code == self.model.staff:
            return  # the same person (the list was only narrowed or refilled)
        suggested = [RaterColumn(person.staff_id, person.code, person.name, "self")]
        manager = self._manager_of(person.staff_id)
        if manager is not None:
            suggested.append(RaterColumn(manager.id, manager.code, manager.name, "supervisor"))
        column = self.grid.currentIndex().column()
        row = self.grid.currentIndex().row()
        try:
            self.model.set_person(person.code, person.staff_id, person.name, suggested)
        except UserError as exc:
            self.status.emit(str(exc))
            self.model.set_person(None)
        self._fit_columns()
        self._apply_scores()
        self._apply_state()
        self._restore_current(row, column)

    def _manager_of(self, staff_id: int) -> StaffRow | None:
        row = self._staff_by_id.get(staff_id)
        if row is None or row.manager_id is None:
            return None
        return self._staff_by_id.get(row.manager_id)

    def _reload_ratings(self) -> None:
        row, column = self.grid.currentIndex().row(), self.grid.currentIndex().column()
        try:
            self.model.reload()
        except UserError as exc:
            self.status.emit(str(exc))
        self._restore_current(row, column)

    def _restore_current(self, row: int, column: int) -> None:
        """Keep the cursor where it was (or on the first rating cell)."""
        if self.model.rowCount() == 0:
            return
        if row < 0 or column < 0:
            row, column = 0, COL_FIRST_RATER
        row = min(row, self.model.rowCount() - 1)
        column = min(column, self.model.columnCount() - 1)
        if self.grid.currentIndex() != self.model.index(row, column):
            self.grid.selectionModel().setCurrentIndex(
                self.model.index(row, column), QItemSelectionModel.SelectionFlag.ClearAndSelect
            )
        self._update_side()

    def step_person(self, step: int) -> None:
        """The previous (-1) or next (+1) person in the list."""
        count = self.person.count()
        if count:
            self.person.setCurrentIndex(min(max(self.person.currentIndex() + step, 0), count - 1))

    # ---- state and scores

    def _apply_state(self) -> None:
        summary = self.summary
        editable = summary is not None and inputs_editable(summary.state)
        reason = ""
        if summary is not None and not editable:
            reason = self.tr("Ratings cannot be changed while the cycle is {state}").format(
                state=state_label(summary.state)
            )
        self.model.set_editable(editable, reason)
        self.read_only_hint.setText(
            self.tr("Read-only: the cycle is {state}").format(state=state_label(summary.state))
            if summary is not None and not editable
            else ""
        )
        self.read_only_hint.setVisible(bool(self.read_only_hint.text()))
        has_person = self.current_participant() is not None
        for widget in (self.rater_role, self.rater_person, self.add_rater_button):
            widget.setEnabled(editable and has_person)
        self.previous_button.setEnabled(self.person.count() > 1)
        self.next_button.setEnabled(self.person.count() > 1)
        self._update_rater_defaults()
        self._update_side()

    def _apply_scores(self) -> None:
        person = self.current_participant()
        row = None if self.results is None or person is None else self.results.row_for(person.code)
        self.model.set_scores(None if row is None else row.card.get("items"))
        self._describe_person(person, row.card if row is not None else None)
        self._update_side()

    def _describe_person(self, person: ParticipantInfo | None, card: dict[str, Any] | None) -> None:
        if person is None:
            self.person_info.setText(
                self.tr("This cycle has no participants.")
                if self.summary is not None
                else self.tr("No cycle selected.")
            )
            return
        parts = [person.unit]
        manager = self._manager_of(person.staff_id)
        if manager is not None:
            parts.append(self.tr("manager {name}").format(name=manager.name))
        rated = sum(1 for item in self._items if self._rated(item.name))
        parts.append(
            self.tr("{rated} of {items} items rated").format(rated=rated, items=len(self._items))
        )
        if card is not None and card.get("total") is not None:
            parts.append(
                self.tr("total {total} · grade {grade}").format(
                    total=card.get("total"), grade=card.get("final_grade") or "–"
                )
            )
        elif self.summary is not None and self.results is None:
            parts.append(self.tr("scoring…"))
        text = " · ".join(part for part in parts if part)
        self.person_info.setText(text)
        self.person_info.setToolTip(text)

    def _rated(self, item: str) -> bool:
        return any(row.item == item for row in self.model.ratings())

    def _fit_columns(self) -> None:
        header = self.grid.horizontalHeader()
        metrics = self.grid.fontMetrics()
        widest = max((metrics.horizontalAdvance(i.name) for i in self._items), default=80)
        header.resizeSection(COL_ITEM, min(max(widest + 24, 110), 240))
        header.resizeSection(COL_WEIGHT, max(metrics.horizontalAdvance(self.tr("Weight")) + 20, 48))
        for position, rater in enumerate(self.model.raters()):
            title = max(rater.name, role_label(rater.role), key=metrics.horizontalAdvance)
            width = min(max(metrics.horizontalAdvance(title) + 24, 64), 140)
            header.resizeSection(COL_FIRST_RATER + position, width)
        header.resizeSection(COL_R, 56)
        header.resizeSection(COL_SCORE, max(metrics.horizontalAdvance(self.tr("Score")) + 24, 60))
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)

    # ---- the side panel

    def _current_changed(self, _current: QModelIndex, _previous: QModelIndex) -> None:
        self._update_side()

    def _model_changed(self, *_args: object) -> None:
        self._update_side()

    def _model_reset(self, *_args: object) -> None:
        self._fit_columns()
        self._update_side()

    def _update_side(self) -> None:
        index = self.grid.currentIndex()
        item = self.model.item_at(index.row()) if index.isValid() else None
        if item is None and self.model.rowCount():
            item = self.model.item_at(0)
        rating = self.model.rating_at(index) if index.isValid() else None
        levels = dict(item.levels) if item is not None else {}
        self.anchors_box.setTitle(
            self.tr("Levels of {item}").format(item=item.name)
            if item is not None
            else self.tr("Levels")
        )
        for value, label in self.anchor_labels.items():
            text = levels.get(value, "")
            label.setText(
                f"<b>{value} {level_label(value)}</b>"
                + (" <span style='color:#a15c00'>✎</span>" if needs_comment(value) else "")
                + (f"<br>{_escape(text)}" if text else "")
            )
            label.setStyleSheet(
                ANCHOR_CURRENT_STYLE
                if rating is not None and rating.rating == value
                else ANCHOR_STYLE
            )
            label.setVisible(item is not None)
        self.comment_rule.setVisible(item is not None)
        scored = self.model.score_of(item.name) if item is not None else None
        self.explanation.setText(str(scored.get("explanation") or "") if scored else "")
        self.explanation.setVisible(bool(self.explanation.text()))

        rater = self.model.rater_at(index.column()) if index.isValid() else None
        if rater is None or item is None:
            self.comment_box.setTitle(self.tr("Comment"))
            self.comment_caption.setText(self.tr("Choose a rating in the grid to see its comment."))
            self._set_comment_text("")
            self.comment_edit.setEnabled(False)
            self.save_comment_button.setEnabled(False)
            return
        self.comment_box.setTitle(self.tr("Comment — {rater}").format(rater=rater_header(rater)))
        if rating is None:
            self.comment_caption.setText(
                self.tr("{item}: not rated by {rater} yet.").format(
                    item=item.name, rater=rater.name
                )
            )
        else:
            self.comment_caption.setText(
                self.tr("{item}: {rating} {level}").format(
                    item=item.name, rating=rating.rating, level=level_label(rating.rating)
                )
            )
        self._set_comment_text("" if rating is None else rating.comment)
        can_edit = rating is not None and self.model.refusal_for(index) is None
        self.comment_edit.setEnabled(rating is not None)
        self.comment_edit.setReadOnly(not can_edit)
        self.save_comment_button.setEnabled(can_edit)

    def _set_comment_text(self, text: str) -> None:
        if self.comment_edit.toPlainText() != text:
            self.comment_edit.setPlainText(text)

    def _focus_comment(self) -> None:
        if self.comment_edit.isEnabled():
            self.comment_edit.setFocus()
            self.comment_edit.selectAll()
        else:
            reason = self.model.refusal_for(self.grid.currentIndex())
            self.status.emit(reason or self.tr("Rate the cell first, then add its comment"))

    def save_comment(self) -> bool:
        """Store the side panel's comment on the current rating (one undo step)."""
        index = self.grid.currentIndex()
        if self.model.rating_at(index) is None:
            return False
        if not self.model.set_comment(index, self.comment_edit.toPlainText()[:MAX_COMMENT]):
            return False
        self.status.emit(self.tr("Comment saved"))
        self.grid.setFocus()
        return True

    # ---- raters

    def _role_chosen(self, _index: int) -> None:
        self._update_rater_defaults()

    def _update_rater_defaults(self) -> None:
        """Self is the person; a supervisor defaults to their manager, a skip-level rater
        to the manager's manager."""
        person = self.current_participant()
        role = self.rater_role.currentData()
        if person is None:
            return
        wanted: int | None = None
        if role == "self":
            wanted = person.staff_id
        elif role in ("supervisor", "skip_level"):
            manager = self._manager_of(person.staff_id)
            if manager is not None and role == "skip_level":
                manager = self._manager_of(manager.id)
            wanted = None if manager is None else manager.id
        if wanted is not None:
            position = self.rater_person.findData(wanted)
            if position >= 0:
                self.rater_person.setCurrentIndex(position)
        self.rater_person.setEnabled(
            role != "self" and self.add_rater_button.isEnabled() and self.summary is not None
        )

    def _chosen_rater(self) -> StaffRow | None:
        position = self.rater_person.currentIndex()
        typed = self.rater_person.currentText().strip()
        if position >= 0 and self.rater_person.itemText(position) == typed:
            return self._staff_by_id.get(int(self.rater_person.itemData(position)))
        # Typed text: a code or a name that names exactly one person.
        found = [
            row
            for row in self._staff_by_id.values()
            if typed and typed.casefold() in (row.code.casefold(), row.name.casefold())
        ]
        return found[0] if len(found) == 1 else None

    def add_rater(self, role: str | None = None, staff_code: str | None = None) -> bool:
        """Add a column for a rater in a role (by default the ones chosen in the bar)."""
        person = self.current_participant()
        if person is None or self.summary is None:
            return False
        if not inputs_editable(self.summary.state):
            self.status.emit(
                self.tr("Ratings cannot be changed while the cycle is {state}").format(
                    state=state_label(self.summary.state)
                )
            )
            return False
        role = role or str(self.rater_role.currentData())
        staff = (
            self._staff_by_code.get(staff_code) if staff_code is not None else self._chosen_rater()
        )
        if role == "self":
            staff = self._staff_by_id.get(person.staff_id)
        if staff is None:
            self.status.emit(self.tr("Choose the rater: a staff code or name"))
            return False
        if role != "self" and staff.id == person.staff_id:
            self.status.emit(
                self.tr("{name} rates themselves only as {role}").format(
                    name=person.name, role=role_label("self")
                )
            )
            return False
        rater = RaterColumn(staff.id, staff.code, staff.name, role)
        existed = rater in self.model.raters()
        column = self.model.add_rater(rater)
        self._fit_columns()
        row = max(self.grid.currentIndex().row(), 0)
        self.grid.selectionModel().setCurrentIndex(
            self.model.index(row, column), QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        self.grid.scrollTo(self.model.index(row, column))
        self.grid.setFocus()
        self.status.emit(
            self.tr("{rater} already has a column").format(rater=rater_header(rater))
            if existed
            else self.tr("Added a column for {rater}").format(rater=rater_header(rater))
        )
        return True

    # ---- edits

    def _ask_comment(self, request: CommentRequest) -> str | None:
        person = self.current_participant()
        name = request.key.staff if person is None else f"{person.code} {person.name}"
        return CommentDialog.ask(self, request, name)

    def _written(self, code: str) -> None:
        """Ratings changed (an edit, an undo or a redo): the page rescores; an undo of
        another person's rating shows that person."""
        if code != self.current_code():
            self.select_person(code)
        self._describe_person(self.current_participant(), self._card())
        self.data_changed.emit()

    def _card(self) -> dict[str, Any] | None:
        person = self.current_participant()
        row = None if self.results is None or person is None else self.results.row_for(person.code)
        return None if row is None else row.card

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """An edit attempted on a cell that cannot change (a read-only cycle, R, the score)
        says why in the status bar instead of doing nothing."""
        if watched is self.grid and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if self.grid.state() != QAbstractItemView.State.EditingState and self._edit_attempt(
                event
            ):
                index = self.grid.currentIndex()
                reason = self.model.refusal_for(index) if index.isValid() else None
                if reason is not None and not self._selection_editable():
                    self.status.emit(reason)
                    return True
        elif (
            watched is self.grid.viewport()
            and event.type() == QEvent.Type.MouseButtonDblClick
            and isinstance(event, QMouseEvent)
        ):
            index = self.grid.indexAt(event.position().toPoint())
            reason = self.model.refusal_for(index) if index.isValid() else None
            if reason is not None:
                self.status.emit(reason)
        return super().eventFilter(watched, event)

    @staticmethod
    def _edit_attempt(event: QKeyEvent) -> bool:
        if event.matches(QKeySequence.StandardKey.Paste) or event.matches(
            QKeySequence.StandardKey.Cut
        ):
            return True
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace, Qt.Key.Key_F2):
            return True
        modifiers = event.modifiers() & ~(
            Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier
        )
        text = event.text()
        return modifiers == Qt.KeyboardModifier.NoModifier and bool(text) and text.isprintable()

    def _selection_editable(self) -> bool:
        return any(
            self.model.flags(index) & Qt.ItemFlag.ItemIsEditable
            for index in self.grid.selectionModel().selectedIndexes()
        )


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _title() -> str:
    return QCoreApplication.translate("RatingsTab", "Ratings")


CYCLE_TAB = CycleTabSpec(
    key="ratings",
    order=TAB_ORDER["ratings"],
    title=_title,
    build=lambda host: RatingsTab(host),
)

__all__ = ["CYCLE_TAB", "CommentDialog", "RatingDelegate", "RatingsTab"]
