"""Moving a cycle back (appraisal-rules §6: a move back needs a reason and is audited): the
dialog asks for the reason and will not accept an empty one."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

MAX_REASON = 500


class MoveBackDialog(QDialog):
    """Asks why a cycle moves back from one state to an earlier one; OK stays disabled until
    a reason is written. `reason()` is the text once accepted."""

    def __init__(
        self, cycle: str, current: str, target: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("moveBackDialog")
        self.setWindowTitle(self.tr("Move the cycle back"))
        self.setMinimumWidth(420)
        intro = QLabel(
            self.tr(
                "{cycle} moves back from {current} to {target}. The move and its reason "
                "are kept in the audit log."
            ).format(cycle=cycle, current=current, target=target),
            self,
        )
        intro.setWordWrap(True)
        prompt = QLabel(self.tr("Reason (required):"), self)
        self.reason_edit = QPlainTextEdit(self)
        self.reason_edit.setObjectName("moveBackReason")
        self.reason_edit.setPlaceholderText(
            self.tr("e.g. the February ledger was imported again after corrections")
        )
        self.reason_edit.setTabChangesFocus(True)
        self.reason_edit.setMinimumHeight(80)
        prompt.setBuddy(self.reason_edit)
        self.hint = QLabel(self.tr("A move back needs a reason."), self)
        self.hint.setObjectName("moveBackHint")
        self.hint.setStyleSheet("color: palette(placeholder-text);")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button().setText(self.tr("Move back to {target}").format(target=target))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(prompt)
        layout.addWidget(self.reason_edit, 1)
        layout.addWidget(self.hint)
        layout.addWidget(self.buttons)
        self.reason_edit.textChanged.connect(self._update)
        self._update()

    def ok_button(self) -> QPushButton:
        button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert button is not None
        return button

    def reason(self) -> str:
        return self.reason_edit.toPlainText().strip()[:MAX_REASON]

    def _update(self) -> None:
        has_reason = bool(self.reason())
        self.ok_button().setEnabled(has_reason)
        self.hint.setVisible(not has_reason)

    def accept(self) -> None:
        if not self.reason():  # Enter in a field may reach here with OK disabled
            self.hint.setVisible(True)
            return
        super().accept()


__all__ = ["MoveBackDialog"]
