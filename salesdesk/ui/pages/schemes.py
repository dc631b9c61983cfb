"""The Schemes page (方案, appraisal-rules §5 and §7): the scheme list on the left; on the
right the selected scheme's items table with its weight total, the selected item's rule
curve and details, and the scheme's settings (rater weights, bonus cap, grade bands and
coefficients, distribution).

Everything is stored through SchemesService as whole scheme documents, one undo step per
user action. A scheme whose weights do not add up to 100 can be stored but cannot open a
cycle; the list marks it and the total says by how much it is off.
"""

from __future__ import annotations

import logging
from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QItemSelectionModel, QModelIndex, Qt
from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QTableView,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from salesdesk.domain.decimals import parse_decimal
from salesdesk.domain.default_schemes import (
    CATEGORIES,
    CYCLE_TYPES,
    DISTRIBUTION_MODES,
    FILTER_KEYS,
    GRADES,
    ITEM_KINDS,
    LEVEL_KEYS,
    RATER_ROLES,
    RULE_PARAMETERS,
    SCOPES,
)
from salesdesk.domain.errors import UserError, ValidationError
from salesdesk.domain.org import Role
from salesdesk.services.registry import Services
from salesdesk.services.schemes import FilterChoices, SchemesService, SchemeSummary
from salesdesk.ui.delegates import ComboDelegate, TextDelegate
from salesdesk.ui.dialogs.scheme_new import NewSchemeDialog
from salesdesk.ui.models.schemes import (
    COL_CATEGORY,
    COL_KIND,
    COL_METRIC,
    COL_NAME,
    COL_PARAMETERS,
    COL_RULE,
    COL_SCOPE,
    COL_WEIGHT,
    COLUMN_WIDTHS,
    HUNDRED,
    SCHEME_ID_ROLE,
    ItemsFilterProxy,
    SchemeCreatedCommand,
    SchemeDeletedCommand,
    SchemeDocumentCommand,
    SchemeItemsModel,
    SchemeListModel,
    SchemeListProxy,
    category_label,
    cycle_type_label,
    distribution_label,
    grade_label,
    json_number,
    kind_label,
    plain_number,
    rater_label,
    role_label,
    rule_label,
    scope_label,
    weight_total_warning,
)
from salesdesk.ui.pages.base import Page
from salesdesk.ui.widgets import messages
from salesdesk.ui.widgets.grid import ExcelGrid, to_source
from salesdesk.ui.widgets.rule_chart import RuleChart

log = logging.getLogger(__name__)

WARNING_STYLE = "color: #b22222; font-weight: 600;"
OK_STYLE = "color: #2e7d32; font-weight: 600;"
MESSAGE_STYLE = "color: #b22222;"
JSON_FILTER = "*.json"


def _kept(original: Any, typed: Decimal, written: int | str) -> Any:
    """The stored value when the typed one is the same number (`1.0` shown as `1`), so
    applying unchanged settings changes nothing; else the typed value."""
    try:
        if original is not None and Decimal(str(original).strip()) == typed:
            return original
    except ArithmeticError:
        pass
    return written


def _decimal_text(text: str, what: str) -> Decimal:
    """A number typed into a settings box (`70`, `1.2`, `10%` for 10); ValidationError
    naming the box otherwise."""
    cleaned = text.strip().rstrip("%％")
    try:
        return parse_decimal(cleaned)
    except ValueError:
        raise ValidationError.single(
            QCoreApplication.translate("SchemesPage", "{what}: not a number: {v}").format(
                what=what, v=text.strip()
            )
        ) from None


# --------------------------------------------------------------------------- settings


class SchemeSettingsPanel(QWidget):
    """The scheme's own settings: role and cycle type, rater weights (adding up to 100),
    bonus cap, grade bands with their coefficients and distribution shares (adding up to
    100), and the distribution mode. Apply stores them all as one step."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("schemeSettings")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)

        general = QGroupBox(self.tr("Scheme"), self)
        form = QFormLayout(general)
        self.role_box = QComboBox(general)
        self.role_box.setObjectName("schemeRole")
        for role in Role:
            self.role_box.addItem(role_label(role), role.value)
        self.also_roles: dict[str, QCheckBox] = {}
        also = QGridLayout()
        for position, role in enumerate(Role):
            box = QCheckBox(role_label(role), general)
            box.setObjectName(f"schemeAlsoRole_{role.value}")
            self.also_roles[role.value] = box
            also.addWidget(box, position // 2, position % 2)
        self.cycle_box = QComboBox(general)
        self.cycle_box.setObjectName("schemeCycleType")
        for code in CYCLE_TYPES:
            self.cycle_box.addItem(cycle_type_label(code), code)
        self.description = QLineEdit(general)
        self.description.setObjectName("schemeDescription")
        form.addRow(self.tr("Role"), self.role_box)
        form.addRow(self.tr("Applies to"), also)
        form.addRow(self.tr("Cycle type"), self.cycle_box)
        form.addRow(self.tr("Description"), self.description)
        self.role_box.currentIndexChanged.connect(self._primary_role_changed)
        layout.addWidget(general)

        raters = QGroupBox(self.tr("Rater weights (add up to 100)"), self)
        rater_grid = QGridLayout(raters)
        self.rater_edits: dict[str, QLineEdit] = {}
        for column, code in enumerate(RATER_ROLES):
            edit = QLineEdit(raters)
            edit.setObjectName(f"raterWeight_{code}")
            edit.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            edit.setMaximumWidth(70)
            edit.textChanged.connect(self._update_totals)
            self.rater_edits[code] = edit
            rater_grid.addWidget(QLabel(rater_label(code), raters), 0, column)
            rater_grid.addWidget(edit, 1, column)
        self.rater_total = QLabel(raters)
        self.rater_total.setObjectName("raterWeightTotal")
        rater_grid.addWidget(self.rater_total, 1, len(RATER_ROLES))
        rater_grid.setColumnStretch(len(RATER_ROLES) + 1, 1)
        layout.addWidget(raters)

        grades = QGroupBox(self.tr("Grades and distribution"), self)
        grade_grid = QGridLayout(grades)
        grade_grid.addWidget(QLabel(self.tr("Grade"), grades), 0, 0)
        grade_grid.addWidget(QLabel(self.tr("Minimum total"), grades), 0, 1)
        grade_grid.addWidget(QLabel(self.tr("Coefficient"), grades), 0, 2)
        grade_grid.addWidget(QLabel(self.tr("Share %"), grades), 0, 3)
        self.band_edits: dict[str, QLineEdit] = {}
        self.coefficient_edits: dict[str, QLineEdit] = {}
        self.share_edits: dict[str, QLineEdit] = {}
        for row, grade in enumerate(GRADES, start=1):
            grade_grid.addWidget(QLabel(grade_label(grade), grades), row, 0)
            for column, (store, name) in enumerate(
                (
                    (self.band_edits, "gradeMin"),
                    (self.coefficient_edits, "gradeCoefficient"),
                    (self.share_edits, "gradeShare"),
                ),
                start=1,
            ):
                edit = QLineEdit(grades)
                edit.setObjectName(f"{name}_{grade}")
                edit.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                edit.setMaximumWidth(80)
                store[grade] = edit
                grade_grid.addWidget(edit, row, column)
            self.share_edits[grade].textChanged.connect(self._update_totals)
        self.share_total = QLabel(grades)
        self.share_total.setObjectName("distributionShareTotal")
        grade_grid.addWidget(self.share_total, len(GRADES) + 1, 3)
        self.mode_box = QComboBox(grades)
        self.mode_box.setObjectName("distributionMode")
        for code in DISTRIBUTION_MODES:
            self.mode_box.addItem(distribution_label(code), code)
        self.bonus_cap = QLineEdit(grades)
        self.bonus_cap.setObjectName("bonusCap")
        self.bonus_cap.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.bonus_cap.setMaximumWidth(80)
        grade_grid.addWidget(QLabel(self.tr("Distribution"), grades), len(GRADES) + 2, 0)
        grade_grid.addWidget(self.mode_box, len(GRADES) + 2, 1, 1, 3)
        grade_grid.addWidget(QLabel(self.tr("Bonus cap (points)"), grades), len(GRADES) + 3, 0)
        grade_grid.addWidget(self.bonus_cap, len(GRADES) + 3, 1)
        grade_grid.setColumnStretch(4, 1)
        layout.addWidget(grades)

        # Buttons and the reason of a refusal on top, where they are seen without scrolling.
        self.message = QLabel(self)
        self.message.setObjectName("schemeSettingsMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(MESSAGE_STYLE)
        buttons = QHBoxLayout()
        self.apply_button = QPushButton(self.tr("Apply settings"), self)
        self.apply_button.setObjectName("applySchemeSettings")
        self.revert_button = QPushButton(self.tr("Revert"), self)
        self.revert_button.setObjectName("revertSchemeSettings")
        buttons.addStretch(1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.apply_button)
        layout.insertLayout(0, buttons)
        layout.insertWidget(1, self.message)
        layout.addStretch(1)
        self._doc: dict[str, Any] | None = None
        self.revert_button.clicked.connect(self.revert)

    def _primary_role_changed(self, _index: int) -> None:
        primary = self.role_box.currentData()
        for code, box in self.also_roles.items():
            if code == primary:
                box.setChecked(True)
            box.setEnabled(code != primary)

    def set_document(self, doc: dict[str, Any] | None) -> None:
        """Show the settings of a scheme document (None: nothing to edit)."""
        self._doc = doc
        self.setEnabled(doc is not None)
        self.message.clear()
        if doc is None:
            return
        self.role_box.setCurrentIndex(max(self.role_box.findData(doc.get("role")), 0))
        roles = set(doc.get("roles") or [doc.get("role")])
        for code, box in self.also_roles.items():
            box.setChecked(code in roles)
        self._primary_role_changed(0)
        self.cycle_box.setCurrentIndex(max(self.cycle_box.findData(doc.get("cycle_type")), 0))
        self.description.setText(str(doc.get("description", "")))
        rater_weights = doc.get("rater_weights") or {}
        for code, edit in self.rater_edits.items():
            edit.setText(plain_number(rater_weights.get(code, 0)))
        bands = {str(band[0]): band[1] for band in doc.get("bands") or []}
        coefficients = doc.get("coefficients") or {}
        distribution = doc.get("distribution") or {}
        shares = distribution.get("shares") or {}
        for grade in GRADES:
            self.band_edits[grade].setText(plain_number(bands.get(grade, "")))
            self.coefficient_edits[grade].setText(plain_number(coefficients.get(grade, "")))
            self.share_edits[grade].setText(plain_number(shares.get(grade, 0)))
        self.mode_box.setCurrentIndex(
            max(self.mode_box.findData(distribution.get("mode", "advisory")), 0)
        )
        self.bonus_cap.setText(plain_number(doc.get("bonus_cap", "10")))
        self._update_totals()

    def revert(self) -> None:
        self.set_document(self._doc)

    def _total(self, edits: dict[str, QLineEdit]) -> Decimal | None:
        total = Decimal(0)
        for edit in edits.values():
            text = edit.text().strip().rstrip("%％")
            if not text:
                continue
            try:
                total += parse_decimal(text)
            except ValueError:
                return None
        return total

    def _update_totals(self, *_: object) -> None:
        for label, edits in (
            (self.rater_total, self.rater_edits),
            (self.share_total, self.share_edits),
        ):
            total = self._total(edits)
            if total is None:
                label.setText("")
                continue
            label.setText(self.tr("Total {t}").format(t=plain_number(total)))
            label.setStyleSheet(OK_STYLE if total == HUNDRED else WARNING_STYLE)

    def edited_document(self, doc: dict[str, Any]) -> dict[str, Any]:
        """`doc` with the settings as typed; ValidationError for a box that holds no
        number (the scheme rules themselves are the service's to check)."""
        changed = dict(doc)
        role = str(self.role_box.currentData())
        changed["role"] = role
        roles = [r.value for r in Role if r.value == role or self.also_roles[r.value].isChecked()]
        stored_roles = doc.get("roles") or []
        changed["roles"] = stored_roles if set(stored_roles) == set(roles) else roles
        changed["cycle_type"] = str(self.cycle_box.currentData())
        changed["description"] = self.description.text().strip()
        rater_weights = doc.get("rater_weights") or {}
        changed["rater_weights"] = {}
        for code, edit in self.rater_edits.items():
            number = _decimal_text(edit.text() or "0", rater_label(code))
            changed["rater_weights"][code] = _kept(
                rater_weights.get(code), number, json_number(number)
            )
        bands = {str(band[0]): band[1] for band in doc.get("bands") or [] if len(band) == 2}
        coefficients = doc.get("coefficients") or {}
        distribution = doc.get("distribution") or {}
        shares = distribution.get("shares") or {}
        changed["bands"] = []
        changed["coefficients"] = {}
        new_shares: dict[str, Any] = {}
        for grade in GRADES:
            low = _decimal_text(self.band_edits[grade].text(), grade)
            changed["bands"].append([grade, _kept(bands.get(grade), low, plain_number(low))])
            factor = _decimal_text(self.coefficient_edits[grade].text(), grade)
            changed["coefficients"][grade] = _kept(
                coefficients.get(grade), factor, plain_number(factor)
            )
            share = _decimal_text(self.share_edits[grade].text() or "0", grade)
            new_shares[grade] = _kept(shares.get(grade), share, json_number(share))
        changed["distribution"] = {"mode": str(self.mode_box.currentData()), "shares": new_shares}
        cap = _decimal_text(self.bonus_cap.text(), self.tr("Bonus cap"))
        changed["bonus_cap"] = _kept(doc.get("bonus_cap"), cap, plain_number(cap))
        return changed

    def show_refusal(self, text: str) -> None:
        self.message.setText(text)


# --------------------------------------------------------------------------- item details


class ItemDetailsPanel(QWidget):
    """What the items table has no column for: a metric item's filter (product line,
    region, customer segment), a rated item's five level anchors and raters, the cycle
    type a period-results item averages, and every item's description."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("schemeItemDetails")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.heading = QLabel(self)
        self.heading.setObjectName("itemDetailsHeading")
        self.heading.setStyleSheet("font-weight: 600;")
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        form = QFormLayout()
        self.description = QLineEdit(self)
        self.description.setObjectName("itemDescription")
        form.addRow(self.tr("Description"), self.description)
        layout.addLayout(form)

        self.filter_group = QGroupBox(self.tr("Count only (filter)"), self)
        filter_form = QFormLayout(self.filter_group)
        self.filter_boxes: dict[str, QComboBox] = {}
        filter_names = {
            "product_line": self.tr("Product line"),
            "region": self.tr("Region"),
            "segment": self.tr("Customer segment"),
        }
        for key in FILTER_KEYS:
            combo = QComboBox(self.filter_group)
            combo.setObjectName(f"itemFilter_{key}")
            combo.setEditable(True)
            combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            self.filter_boxes[key] = combo
            filter_form.addRow(filter_names[key], combo)
        layout.addWidget(self.filter_group)

        self.levels_group = QGroupBox(self.tr("Level anchors (rated 1–5)"), self)
        levels_form = QFormLayout(self.levels_group)
        level_names = {
            "5": self.tr("5 Outstanding"),
            "4": self.tr("4 Good"),
            "3": self.tr("3 Meets"),
            "2": self.tr("2 Needs improvement"),
            "1": self.tr("1 Unsatisfactory"),
        }
        self.level_edits: dict[str, QPlainTextEdit] = {}
        for key in LEVEL_KEYS:
            edit = QPlainTextEdit(self.levels_group)
            edit.setObjectName(f"itemLevel_{key}")
            edit.setTabChangesFocus(True)
            edit.setFixedHeight(edit.fontMetrics().lineSpacing() * 3 + 12)
            self.level_edits[key] = edit
            levels_form.addRow(level_names[key], edit)
        raters = QHBoxLayout()
        self.rater_boxes: dict[str, QCheckBox] = {}
        for code in RATER_ROLES:
            box = QCheckBox(rater_label(code), self.levels_group)
            box.setObjectName(f"itemRater_{code}")
            self.rater_boxes[code] = box
            raters.addWidget(box)
        raters.addStretch(1)
        levels_form.addRow(self.tr("Rated by (none ticked: all)"), raters)
        layout.addWidget(self.levels_group)

        self.source_group = QGroupBox(self.tr("Mean of the confirmed totals of"), self)
        source_form = QFormLayout(self.source_group)
        self.source_box = QComboBox(self.source_group)
        self.source_box.setObjectName("itemSource")
        for code in CYCLE_TYPES:
            self.source_box.addItem(cycle_type_label(code), code)
        source_form.addRow(self.tr("Cycle type"), self.source_box)
        layout.addWidget(self.source_group)

        self.message = QLabel(self)
        self.message.setObjectName("itemDetailsMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(MESSAGE_STYLE)
        self.apply_button = QPushButton(self.tr("Apply"), self)
        self.apply_button.setObjectName("applyItemDetails")
        self.revert_button = QPushButton(self.tr("Revert"), self)
        self.revert_button.setObjectName("revertItemDetails")
        # The heading with the buttons beside it, and the reason of a refusal below.
        layout.removeWidget(self.heading)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.revert_button)
        top.addWidget(self.apply_button)
        layout.insertLayout(0, top)
        layout.insertWidget(1, self.message)
        layout.addStretch(1)
        self.revert_button.clicked.connect(self.revert)
        self._item: dict[str, Any] | None = None
        self._choices = FilterChoices()
        self.row: int | None = None

    def set_choices(self, choices: FilterChoices) -> None:
        self._choices = choices

    def set_item(self, row: int | None, item: dict[str, Any] | None) -> None:
        """Show an item (None: no item selected)."""
        self.row = row
        self._item = item
        self.message.clear()
        self.setEnabled(item is not None)
        if item is None:
            self.heading.setText(self.tr("Select an item to see its details"))
            for group in (self.filter_group, self.levels_group, self.source_group):
                group.setVisible(False)
            self.description.clear()
            return
        kind = str(item.get("kind", ""))
        self.heading.setText(
            self.tr("{name} · {kind}").format(name=item.get("name", ""), kind=kind_label(kind))
        )
        self.description.setText(str(item.get("description", "")))
        self.filter_group.setVisible(kind == "metric")
        self.levels_group.setVisible(kind == "rating")
        self.source_group.setVisible(kind == "period_results")
        narrowing = item.get("filter") or {}
        for key, combo in self.filter_boxes.items():
            combo.clear()
            combo.addItem(self.tr("(all)"), "")
            for name in getattr(self._choices, key):
                combo.addItem(name, name)
            value = str(narrowing.get(key, ""))
            position = combo.findData(value)
            if position < 0:
                combo.addItem(value, value)
                position = combo.count() - 1
            combo.setCurrentIndex(position)
        levels = item.get("levels") or {}
        for key, edit in self.level_edits.items():
            edit.setPlainText(str(levels.get(key, "")))
        raters = set(item.get("raters") or [])
        for code, box in self.rater_boxes.items():
            box.setChecked(code in raters)
        self.source_box.setCurrentIndex(max(self.source_box.findData(item.get("source")), 0))

    def revert(self) -> None:
        self.set_item(self.row, self._item)

    def edited_item(self) -> dict[str, Any] | None:
        """The item shown with the details as typed (None when no item is shown)."""
        if self._item is None:
            return None
        item = dict(self._item)
        description = self.description.text().strip()
        if description:
            item["description"] = description
        else:
            item.pop("description", None)
        kind = item.get("kind")
        if kind == "metric":
            narrowing = {}
            for key, combo in self.filter_boxes.items():
                text = combo.currentText().strip()
                value = (
                    combo.currentData() if text == combo.itemText(combo.currentIndex()) else text
                )
                if value:
                    narrowing[key] = str(value)
            if narrowing:
                item["filter"] = narrowing
            else:
                item.pop("filter", None)
        elif kind == "rating":
            levels = {key: edit.toPlainText().strip() for key, edit in self.level_edits.items()}
            if any(levels.values()):
                item["levels"] = levels
            else:
                item.pop("levels", None)
            raters = [code for code, box in self.rater_boxes.items() if box.isChecked()]
            if raters:
                item["raters"] = raters
            else:
                item.pop("raters", None)
        elif kind == "period_results":
            item["source"] = str(self.source_box.currentData())
        return item

    def show_refusal(self, text: str) -> None:
        self.message.setText(text)


# --------------------------------------------------------------------------- the page


class SchemesPage(Page):
    """Scheme list + the selected scheme's items, rule curve, item details and settings.
    Every change goes through SchemesService and is one step on the page's undo stack."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self.setObjectName("page_schemes")
        self.schemes: SchemesService = getattr(services, "schemes", None) or SchemesService(
            services.database
        )

        self.list_model = SchemeListModel(self.schemes, self)
        self.list_proxy = SchemeListProxy(self)
        self.list_proxy.setSourceModel(self.list_model)
        self.scheme_list = QTableView(self)
        self.scheme_list.setObjectName("schemeList")
        self.scheme_list.setModel(self.list_proxy)
        self.scheme_list.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.scheme_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.scheme_list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.scheme_list.setSortingEnabled(True)
        self.scheme_list.sortByColumn(SchemeListModel.COL_NAME, Qt.SortOrder.AscendingOrder)
        self.scheme_list.verticalHeader().setVisible(False)
        self.scheme_list.setWordWrap(False)
        self.scheme_list.setAlternatingRowColors(True)
        list_header = self.scheme_list.horizontalHeader()
        list_header.setSectionResizeMode(SchemeListModel.COL_NAME, QHeaderView.ResizeMode.Stretch)
        list_header.setSectionResizeMode(
            SchemeListModel.COL_ROLE, QHeaderView.ResizeMode.Interactive
        )
        list_header.resizeSection(SchemeListModel.COL_ROLE, 84)
        for column in (SchemeListModel.COL_CYCLE_TYPE, SchemeListModel.COL_USED_BY):
            list_header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)

        self.model = SchemeItemsModel(self.schemes, self)
        self.model.undo_stack = self.undo_stack
        self.proxy = ItemsFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = ExcelGrid(self)
        self.table.setObjectName("schemeItemsTable")
        self.table.setModel(self.proxy)
        self.table.verticalHeader().setVisible(False)
        self._install_delegates()

        self.chart = RuleChart(self)
        self.chart.setObjectName("schemeRuleChart")
        self.details = ItemDetailsPanel(self)
        self.settings_panel = SchemeSettingsPanel(self)

        self._make_actions()
        self._build_layout()

        self.model.status.connect(self.status)
        self.table.status.connect(self.status)
        self.model.document_changed.connect(self._document_changed)
        self.model.schemes_changed.connect(self._schemes_changed)
        self.model.scheme_touched.connect(self.select_scheme)
        self.scheme_list.selectionModel().currentRowChanged.connect(self._scheme_chosen)
        self.table.selectionModel().currentRowChanged.connect(self._item_chosen)
        self.undo_stack.indexChanged.connect(self._after_undo_step)
        self.details.apply_button.clicked.connect(lambda: self.apply_item_details())
        self.settings_panel.apply_button.clicked.connect(lambda: self.apply_settings())
        self.refresh()

    # ---- Page interface

    def title(self) -> str:
        return self.tr("Schemes")

    def toolbar_actions(self) -> list[QAction]:
        return [
            self.new_action,
            self.copy_action,
            self.rename_action,
            self.delete_action,
            self.import_action,
            self.export_action,
        ]

    def main_view(self) -> QAbstractItemView:
        return self.table

    def search(self, text: str) -> None:
        self.proxy.set_search(text)

    def refresh(self) -> None:
        self.details.set_choices(self.schemes.filter_choices())
        self._reload_list(self.model.scheme_id())
        if self.model.scheme_id() is not None:
            self.model.reload()

    # ---- building

    def _install_delegates(self) -> None:
        table = self.table
        text = TextDelegate(table)
        table.setItemDelegateForColumn(COL_NAME, text)
        table.setItemDelegateForColumn(COL_WEIGHT, text)
        table.setItemDelegateForColumn(COL_PARAMETERS, text)
        table.setItemDelegateForColumn(
            COL_CATEGORY,
            ComboDelegate(lambda _: [(category_label(c), c) for c in CATEGORIES], table),
        )
        table.setItemDelegateForColumn(
            COL_KIND, ComboDelegate(lambda _: [(kind_label(k), k) for k in ITEM_KINDS], table)
        )
        table.setItemDelegateForColumn(
            COL_METRIC,
            ComboDelegate(
                lambda _: [(f"{m.name} ({m.code})", m.code) for m in self.model.metrics()],
                table,
                searchable=True,
            ),
        )
        table.setItemDelegateForColumn(
            COL_SCOPE, ComboDelegate(lambda _: [(scope_label(s), s) for s in SCOPES], table)
        )
        table.setItemDelegateForColumn(
            COL_RULE,
            ComboDelegate(lambda _: [(rule_label(r), r) for r in RULE_PARAMETERS], table),
        )
        header = table.horizontalHeader()
        for column, width in enumerate(COLUMN_WIDTHS):
            header.resizeSection(column, width)
        header.setStretchLastSection(True)

    def _make_actions(self) -> None:
        def action(text: str, slot: Any, name: str, icon: QIcon.ThemeIcon | None = None) -> QAction:
            made = QAction(text, self)
            made.setObjectName(name)
            if icon is not None:
                made.setIcon(QIcon.fromTheme(icon))
            made.triggered.connect(lambda _checked=False: slot())
            return made

        self.new_action = action(
            self.tr("New scheme…"), self.new_scheme, "newSchemeAction", QIcon.ThemeIcon.DocumentNew
        )
        self.copy_action = action(self.tr("Copy…"), self.copy_scheme, "copySchemeAction")
        self.rename_action = action(self.tr("Rename…"), self.rename_scheme, "renameSchemeAction")
        self.delete_action = action(
            self.tr("Delete scheme"),
            self.delete_scheme,
            "deleteSchemeAction",
            QIcon.ThemeIcon.EditDelete,
        )
        self.import_action = action(
            self.tr("Import JSON…"),
            self.import_json,
            "importSchemeAction",
            QIcon.ThemeIcon.DocumentOpen,
        )
        self.export_action = action(
            self.tr("Export JSON…"),
            self.export_json,
            "exportSchemeAction",
            QIcon.ThemeIcon.DocumentSaveAs,
        )
        self.scheme_list.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.scheme_list.addActions(
            [
                self.new_action,
                self.copy_action,
                self.rename_action,
                self.delete_action,
                self.export_action,
            ]
        )

        self.add_item_action = action(
            self.tr("Add item"), self.add_item, "addSchemeItemAction", QIcon.ThemeIcon.ListAdd
        )
        self.add_item_action.setShortcut(QKeySequence("Ctrl+Shift+N"))
        self.add_item_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.delete_item_action = action(
            self.tr("Delete item"),
            self.delete_items,
            "deleteSchemeItemAction",
            QIcon.ThemeIcon.ListRemove,
        )
        self.move_up_action = action(
            self.tr("Move up"),
            lambda: self.move_item(-1),
            "moveSchemeItemUpAction",
            QIcon.ThemeIcon.GoUp,
        )
        self.move_up_action.setShortcut(QKeySequence("Ctrl+Shift+Up"))
        self.move_up_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.move_down_action = action(
            self.tr("Move down"),
            lambda: self.move_item(1),
            "moveSchemeItemDownAction",
            QIcon.ThemeIcon.GoDown,
        )
        self.move_down_action.setShortcut(QKeySequence("Ctrl+Shift+Down"))
        self.move_down_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.item_actions = [
            self.add_item_action,
            self.delete_item_action,
            self.move_up_action,
            self.move_down_action,
        ]
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.table.addActions(self.item_actions)

    def _build_layout(self) -> None:
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.setSpacing(4)
        heading = QLabel(self.tr("Schemes"), left)
        heading.setStyleSheet("font-weight: 600; padding: 2px 2px;")
        left_layout.addWidget(heading)
        left_layout.addWidget(self.scheme_list, 1)
        buttons = QGridLayout()
        buttons.setSpacing(2)
        for position, list_action in enumerate(
            (
                self.new_action,
                self.copy_action,
                self.rename_action,
                self.delete_action,
                self.import_action,
                self.export_action,
            )
        ):
            button = QToolButton(left)
            button.setDefaultAction(list_action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.setAutoRaise(True)
            buttons.addWidget(button, position // 3, position % 3)
        left_layout.addLayout(buttons)

        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.setSpacing(4)
        top = QHBoxLayout()
        self.scheme_heading = QLabel(right)
        self.scheme_heading.setObjectName("schemeHeading")
        self.scheme_heading.setStyleSheet("font-weight: 600; font-size: 110%;")
        self.scheme_info = QLabel(right)
        self.scheme_info.setObjectName("schemeInfo")
        self.scheme_info.setStyleSheet("color: palette(placeholder-text);")
        self.scheme_info.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.total_label = QLabel(right)
        self.total_label.setObjectName("schemeWeightTotal")
        top.addWidget(self.scheme_heading)
        top.addWidget(self.scheme_info, 1)
        top.addWidget(self.total_label)
        right_layout.addLayout(top)
        item_bar = QHBoxLayout()
        item_bar.setSpacing(2)
        for item_action in self.item_actions:
            button = QToolButton(right)
            button.setDefaultAction(item_action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            button.setAutoRaise(True)
            item_bar.addWidget(button)
        item_bar.addStretch(1)
        right_layout.addLayout(item_bar)

        self.tabs = QTabWidget(right)
        self.tabs.setObjectName("schemeTabs")
        self.tabs.addTab(self._scrolled(self.details), self.tr("Item details"))
        self.tabs.addTab(self._scrolled(self.settings_panel), self.tr("Scheme settings"))
        self.lower_splitter = QSplitter(Qt.Orientation.Horizontal, right)
        self.lower_splitter.setObjectName("schemesLowerSplitter")
        self.lower_splitter.addWidget(self.chart)
        self.lower_splitter.addWidget(self.tabs)
        self.lower_splitter.setStretchFactor(0, 1)
        self.lower_splitter.setStretchFactor(1, 1)
        self.lower_splitter.setChildrenCollapsible(False)
        self.lower_splitter.setSizes([440, 560])
        self.right_splitter = QSplitter(Qt.Orientation.Vertical, right)
        self.right_splitter.setObjectName("schemesRightSplitter")
        self.table.setMinimumHeight(120)
        self.right_splitter.addWidget(self.table)
        self.right_splitter.addWidget(self.lower_splitter)
        self.right_splitter.setStretchFactor(0, 1)
        self.right_splitter.setStretchFactor(1, 1)
        self.right_splitter.setSizes([300, 320])
        self.right_splitter.setChildrenCollapsible(False)
        right_layout.addWidget(self.right_splitter, 1)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("schemesSplitter")
        left.setMinimumWidth(160)
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([380, 820])
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.splitter)

    def _scrolled(self, panel: QWidget) -> QScrollArea:
        area = QScrollArea(self)
        area.setWidgetResizable(True)
        area.setFrameShape(QScrollArea.Shape.NoFrame)
        area.setWidget(panel)
        return area

    # ---- the scheme list

    def _reload_list(self, select_id: int | None = None) -> None:
        self.list_model.reload()
        wanted = select_id if select_id is not None else self.model.scheme_id()
        if wanted is None or self.list_model.row_of(wanted) is None:
            wanted = None
            if self.list_proxy.rowCount():
                wanted = int(self.list_proxy.index(0, 0).data(SCHEME_ID_ROLE))
        if wanted is None:
            self.model.load(None)
            self._update_actions()
            return
        self.select_scheme(wanted)

    def select_scheme(self, scheme_id: int) -> None:
        """Make the scheme with this id the one shown."""
        position = self.list_model.row_of(scheme_id)
        if position is None:
            self.list_model.reload()
            position = self.list_model.row_of(scheme_id)
            if position is None:
                return
        index = self.list_proxy.mapFromSource(self.list_model.index(position, 0))
        if index.isValid() and index != self.scheme_list.currentIndex():
            self.scheme_list.selectionModel().setCurrentIndex(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
            self.scheme_list.scrollTo(index)
        elif self.model.scheme_id() != scheme_id:
            self._load_scheme(scheme_id)

    def _scheme_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        scheme_id = int(current.data(SCHEME_ID_ROLE))
        if scheme_id != self.model.scheme_id():
            self._load_scheme(scheme_id)

    def _load_scheme(self, scheme_id: int) -> None:
        try:
            self.model.load(scheme_id)
        except UserError as exc:
            self.status.emit(str(exc))
            self.list_model.reload()
            return
        if self.proxy.rowCount():
            self._set_current_item(self.proxy.index(0, COL_NAME))
        self._item_chosen(self.table.currentIndex(), QModelIndex())
        self._update_actions()

    def current_summary(self) -> SchemeSummary | None:
        return self.model.scheme_summary()

    def _schemes_changed(self) -> None:
        self.list_model.reload()
        self._update_actions()

    def _after_undo_step(self, _index: int) -> None:
        self.data_changed.emit()

    # ---- showing the scheme

    def _document_changed(self) -> None:
        summary = self.model.scheme_summary()
        doc = self.model.document()
        if summary is None or doc is None:
            self.scheme_heading.setText(self.tr("No scheme"))
            self.scheme_info.clear()
            self.total_label.clear()
            self.settings_panel.set_document(None)
            self.details.set_item(None, None)
            self.chart.show_message("")
            return
        self.scheme_heading.setText(summary.name)
        info = [_roles_label(summary.roles), cycle_type_label(summary.cycle_type)]
        if summary.used_by:
            info.append(self.tr("used by {n} cycle(s)").format(n=summary.used_by))
        self.scheme_info.setText(" · ".join(info))
        self.scheme_info.setToolTip(
            self.tr(
                "Cycles keep the copy of the scheme taken when they opened; "
                "editing it changes only cycles opened later."
            )
            if summary.used_by
            else ""
        )
        self._update_total(summary.weight_total)
        self.settings_panel.set_document(doc)
        self._item_chosen(self.table.currentIndex(), QModelIndex())
        self._update_actions()

    def _update_total(self, total: Decimal) -> None:
        gap = total - HUNDRED
        if gap == 0:
            text = self.tr("Total {total} / 100").format(total=plain_number(total))
            self.total_label.setStyleSheet(OK_STYLE)
            self.total_label.setToolTip("")
        elif gap < 0:
            text = self.tr("Total {total} / 100, {gap} short").format(
                total=plain_number(total), gap=plain_number(-gap)
            )
            self.total_label.setStyleSheet(WARNING_STYLE)
            self.total_label.setToolTip(weight_total_warning(total))
        else:
            text = self.tr("Total {total} / 100, {gap} over").format(
                total=plain_number(total), gap=plain_number(gap)
            )
            self.total_label.setStyleSheet(WARNING_STYLE)
            self.total_label.setToolTip(weight_total_warning(total))
        self.total_label.setText(text)
        self.total_label.setProperty("weightsOk", gap == 0)

    def current_item_row(self) -> int | None:
        """The source row of the current item (None when there is none)."""
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        source = to_source(index)
        return source.row() if source.isValid() else None

    def _item_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        row = self.current_item_row() if current.isValid() else None
        if row is None or row >= self.model.rowCount():
            self.details.set_item(None, None)
            self.chart.show_message(self.tr("Select an item to see its rule"))
            self._update_item_actions()
            return
        item = self.model.item(row)
        self.details.set_item(row, item)
        self.show_item_chart(item)
        self._update_item_actions()

    def show_item_chart(self, item: dict[str, Any]) -> None:
        """Draw the item's rule curve, or say why an item has none."""
        name = str(item.get("name", ""))
        kind = item.get("kind")
        try:
            weight = Decimal(str(item.get("weight", 0)))
        except ArithmeticError:
            weight = Decimal(0)
        if kind == "metric":
            rule = item.get("rule") or {}
            title = self.tr("{name} · {rule}").format(
                name=name, rule=rule_label(str(rule.get("type", "")))
            )
            self.chart.show_rule(rule, weight, title)
        elif kind == "rating":
            self.chart.show_message(
                self.tr("{name}: rated 1–5; score = weight × rating ÷ 5").format(name=name)
            )
        elif kind == "key_tasks":
            self.chart.show_message(
                self.tr("{name}: score = weight × weighted completion of the key tasks").format(
                    name=name
                )
            )
        else:
            self.chart.show_message(
                self.tr("{name}: the mean of the confirmed {type} totals").format(
                    name=name, type=cycle_type_label(str(item.get("source", "")))
                )
            )

    def _update_actions(self) -> None:
        has_scheme = self.model.scheme_id() is not None
        for scheme_action in (
            self.copy_action,
            self.rename_action,
            self.delete_action,
            self.export_action,
        ):
            scheme_action.setEnabled(has_scheme)
        summary = self.model.scheme_summary()
        if summary is not None and summary.used_by:
            self.delete_action.setToolTip(
                self.tr("Used by {n} cycle(s): it cannot be deleted").format(n=summary.used_by)
            )
        else:
            self.delete_action.setToolTip(self.tr("Delete scheme"))
        self._update_item_actions()

    def _update_item_actions(self) -> None:
        has_scheme = self.model.scheme_id() is not None
        row = self.current_item_row()
        self.add_item_action.setEnabled(has_scheme)
        self.delete_item_action.setEnabled(row is not None and self.model.rowCount() > 1)
        self.move_up_action.setEnabled(row is not None and row > 0)
        self.move_down_action.setEnabled(row is not None and row < self.model.rowCount() - 1)

    def select_item(self, row: int) -> None:
        """Make the item in this source row current."""
        index = self.proxy.mapFromSource(self.model.index(row, COL_NAME))
        if index.isValid():
            self._set_current_item(index)
            self.table.scrollTo(index)

    def _set_current_item(self, index: QModelIndex) -> None:
        # Only this cell selected, whatever keys are held (setCurrentIndex would extend
        # the selection while Shift is down).
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
        )

    # ---- scheme actions (each takes its input as arguments; the action slots ask for it)

    def new_scheme(
        self, template: int | str | None = None, name: str | None = None
    ) -> SchemeSummary | None:
        """A new scheme that starts as a copy of `template` (asked for when not given)."""
        if template is None or name is None:
            dialog = NewSchemeDialog(
                self.list_model.rows(), self, template_id=self.model.scheme_id()
            )
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            chosen = dialog.chosen()
            if chosen is None:
                return None
            template, name = chosen
        return self._copy(template, name, self.tr("New scheme {name}"))

    def copy_scheme(self, name: str | None = None) -> SchemeSummary | None:
        """A copy of the selected scheme under a new name (asked for when not given)."""
        summary = self.current_summary()
        if summary is None:
            return None
        if name is None:
            name, ok = QInputDialog.getText(
                self,
                self.tr("Copy scheme"),
                self.tr("Name of the copy of {name}:").format(name=summary.name),
                text=self.tr("{name} (copy)").format(name=summary.name),
            )
            if not ok:
                return None
        return self._copy(summary.id, name, self.tr("Copy scheme {name}"))

    def _copy(self, template: int | str, name: str, text: str) -> SchemeSummary | None:
        try:
            created = self.schemes.copy(template, name)
        except UserError as exc:
            self._refused(exc)
            return None
        doc = self.schemes.get(created.id)
        self.undo_stack.push(
            SchemeCreatedCommand(self.model, created.id, doc, text.format(name=created.name))
        )
        self._reload_list(created.id)
        self.status.emit(self.tr("Added scheme {name}").format(name=created.name))
        return created

    def rename_scheme(self, name: str | None = None) -> bool:
        summary = self.current_summary()
        doc = self.model.document()
        if summary is None or doc is None:
            return False
        if name is None:
            name, ok = QInputDialog.getText(
                self,
                self.tr("Rename scheme"),
                self.tr("New name of {name}:").format(name=summary.name),
                text=summary.name,
            )
            if not ok:
                return False
        new_name = name.strip()
        if new_name == summary.name:
            return False
        doc["name"] = new_name
        try:
            self.model.apply_document(
                doc, self.tr("Rename {old} to {new}").format(old=summary.name, new=new_name)
            )
        except UserError as exc:
            self._refused(exc)
            return False
        self.status.emit(self.tr("Renamed {old} to {new}").format(old=summary.name, new=new_name))
        return True

    def delete_scheme(self, *, confirm: bool = True) -> bool:
        """Delete the selected scheme (refused while a cycle uses it)."""
        summary = self.current_summary()
        if summary is None:
            return False
        if confirm and not messages.ask_yes_no(
            self,
            self.tr("Delete the scheme {name}?").format(name=summary.name),
            self.tr("Delete scheme"),
        ):
            return False
        doc = self.schemes.get(summary.id)
        try:
            self.schemes.delete(summary.id)
        except UserError as exc:
            self._refused(exc)
            return False
        self.undo_stack.push(
            SchemeDeletedCommand(
                self.model,
                summary.id,
                doc,
                self.tr("Delete scheme {name}").format(name=summary.name),
                builtin=summary.builtin,
            )
        )
        self.model.load(None)
        self._reload_list()
        self.status.emit(self.tr("Deleted scheme {name}").format(name=summary.name))
        return True

    def import_json(
        self, path: str | Path | None = None, *, replace: bool | None = None
    ) -> SchemeSummary | None:
        """Add the scheme of a JSON file; one of the same name is replaced only when the
        user agrees (`replace`) and no cycle uses it."""
        if path is None:
            chosen, _ = QFileDialog.getOpenFileName(
                self,
                self.tr("Import scheme"),
                "",
                self.tr("Scheme JSON ({patterns})").format(patterns=JSON_FILTER),
            )
            if not chosen:
                return None
            path = chosen
        try:
            doc = self.schemes.read_json_file(path)
        except UserError as exc:
            self._refused(exc)
            return None
        name = doc.get("name") if isinstance(doc, dict) else None
        existing = next((s for s in self.list_model.rows() if s.name == name), None)
        if existing is not None:
            if replace is None:
                replace = messages.ask_yes_no(
                    self,
                    self.tr("A scheme named {name} exists. Replace it with the file's?").format(
                        name=name
                    ),
                    self.tr("Import scheme"),
                )
            if not replace:
                return None
        old = self.schemes.get(existing.id) if existing is not None else None
        try:
            summary = self.schemes.import_document(doc, replace=existing is not None)
        except UserError as exc:
            self._refused(exc)
            return None
        text = self.tr("Import scheme {name}").format(name=summary.name)
        stored = self.schemes.get(summary.id)
        if old is not None:
            self.undo_stack.push(SchemeDocumentCommand(self.model, summary.id, old, stored, text))
        else:
            self.undo_stack.push(SchemeCreatedCommand(self.model, summary.id, stored, text))
        self._reload_list(summary.id)
        if self.model.scheme_id() == summary.id:
            self.model.reload()
        self.status.emit(
            self.tr("Imported scheme {name} from {file}").format(
                name=summary.name, file=Path(path).name
            )
        )
        return summary

    def export_json(self, path: str | Path | None = None) -> Path | None:
        """Write the selected scheme as a JSON file (data-exchange §3a)."""
        summary = self.current_summary()
        if summary is None:
            return None
        if path is None:
            chosen, _ = QFileDialog.getSaveFileName(
                self,
                self.tr("Export scheme"),
                f"{summary.name}.json",
                self.tr("Scheme JSON ({patterns})").format(patterns=JSON_FILTER),
            )
            if not chosen:
                return None
            path = chosen
        target = Path(path)
        if target.suffix.lower() != ".json":
            target = target.with_suffix(".json")
        try:
            written = self.schemes.write_json_file(summary.id, target)
        except UserError as exc:
            self._refused(exc)
            return None
        self.status.emit(
            self.tr("Exported {name} to {file}").format(name=summary.name, file=written.name)
        )
        return written

    # ---- item actions

    def add_item(self, kind: str = "metric") -> int | None:
        """Add an item of weight 0 after the current one; returns its row."""
        try:
            row = self.model.add_item(kind, after=self.current_item_row())
        except UserError as exc:
            self._refused(exc)
            return None
        self.select_item(row)
        self.table.setFocus()
        return row

    def delete_items(self) -> int:
        rows = sorted(
            {to_source(index).row() for index in self.table.selectionModel().selectedIndexes()}
        )
        if not rows and self.current_item_row() is not None:
            rows = [self.current_item_row() or 0]
        try:
            removed = self.model.remove_items(rows)
        except UserError as exc:
            self._refused(exc)
            return 0
        if self.model.rowCount():
            self.select_item(min(rows[0], self.model.rowCount() - 1))
        return removed

    def move_item(self, delta: int) -> bool:
        row = self.current_item_row()
        if row is None:
            return False
        try:
            moved = self.model.move_item(row, delta)
        except UserError as exc:
            self._refused(exc)
            return False
        if moved is None:
            return False
        self.select_item(moved)
        return True

    def apply_item_details(self) -> bool:
        """Store the details panel's filter, levels, raters, source and description."""
        row = self.details.row
        item = self.details.edited_item()
        if row is None or item is None:
            return False
        try:
            self.model.replace_item(
                row, item, self.tr("Edit the details of {name}").format(name=item.get("name"))
            )
        except UserError as exc:
            self.details.show_refusal(str(exc))
            self.status.emit(str(exc))
            return False
        self.select_item(row)
        self.status.emit(self.tr("Saved the details of {name}").format(name=item.get("name")))
        return True

    def apply_settings(self) -> bool:
        """Store the settings panel (rater weights, bonus cap, grades, distribution) as
        one step; a refusal keeps what is stored and says why."""
        doc = self.model.document()
        summary = self.current_summary()
        if doc is None or summary is None:
            return False
        try:
            changed = self.settings_panel.edited_document(doc)
            self.model.apply_document(
                changed, self.tr("Edit the settings of {name}").format(name=summary.name)
            )
        except UserError as exc:
            self.settings_panel.show_refusal(str(exc))
            self.status.emit(str(exc))
            return False
        self.status.emit(self.tr("Saved the settings of {name}").format(name=summary.name))
        return True

    def _refused(self, exc: UserError) -> None:
        self.status.emit(str(exc))
        messages.show_user_error(self, exc)


def _roles_label(roles: tuple[str, ...]) -> str:
    labels = []
    for role in roles:
        try:
            labels.append(role_label(Role(role)))
        except ValueError:
            labels.append(role)
    return " / ".join(labels)
