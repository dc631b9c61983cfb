"""The New scheme dialog: a name and the scheme to start from (a default scheme or any
other), as appraisal-rules §8 ships its defaults as starting points to edit."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from salesdesk.services.schemes import SchemeSummary


class NewSchemeDialog(QDialog):
    """Asks for the new scheme's name and its template; `chosen()` gives both."""

    def __init__(
        self,
        schemes: Sequence[SchemeSummary],
        parent: QWidget | None = None,
        *,
        template_id: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("newSchemeDialog")
        self.setWindowTitle(self.tr("New scheme"))
        self.name = QLineEdit(self)
        self.name.setObjectName("newSchemeName")
        self.name.setMaxLength(96)
        self.name.setPlaceholderText(self.tr("such as 销售代表季度考核方案（2027）"))
        self.template = QComboBox(self)
        self.template.setObjectName("newSchemeTemplate")
        # The default schemes first: they are the usual starting points.
        ordered = sorted(schemes, key=lambda s: (not s.builtin, s.name))
        for summary in ordered:
            label = summary.name
            if summary.builtin:
                label = self.tr("{name} (default)").format(name=summary.name)
            self.template.addItem(label, summary.id)
            if summary.id == template_id:
                self.template.setCurrentIndex(self.template.count() - 1)
        hint = QLabel(
            self.tr(
                "The new scheme starts as a copy of the template: its items, rules, "
                "rater weights, grade bands and distribution. Edit it afterwards."
            ),
            self,
        )
        hint.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Start from"), self.template)
        form.addRow(hint)
        form.addRow(self.buttons)
        self.resize(460, self.sizeHint().height())

    def chosen(self) -> tuple[int, str] | None:
        """The template's id and the new name (None without a template)."""
        template = self.template.currentData()
        if template is None:
            return None
        return int(template), self.name.text().strip()
