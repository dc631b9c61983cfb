"""Message boxes for the whole interface: user errors, unexpected errors, information, questions.

Every message box of the program goes through these helpers, so tests can replace them in one
place and the wording of the standard cases (a refused action, a bug) stays the same.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from salesdesk.domain.errors import UserError
from salesdesk.paths import log_dir


def _app_title() -> str:
    return QCoreApplication.translate("messages", "SalesDesk")


def show_user_error(parent: QWidget | None, error: UserError | str, title: str = "") -> None:
    """Show an error the user can fix (bad file, refused value): its text, no traceback."""
    QMessageBox.warning(parent, title or _app_title(), str(error))


def show_unexpected_error(parent: QWidget | None) -> None:
    """Tell the user something went wrong that is not their fault; the log has the details."""
    QMessageBox.critical(
        parent,
        QCoreApplication.translate("messages", "SalesDesk — unexpected error"),
        QCoreApplication.translate(
            "messages",
            "Something unexpected went wrong; nothing further was changed.\n"
            "The details are in the log file in {folder}.",
        ).format(folder=log_dir()),
    )


def show_info(parent: QWidget | None, text: str, title: str = "") -> None:
    """Tell the user the result of something they asked for."""
    QMessageBox.information(parent, title or _app_title(), text)


def ask_yes_no(parent: QWidget | None, text: str, title: str = "") -> bool:
    """Ask before something that cannot be taken back; No is the default."""
    answer = QMessageBox.question(
        parent,
        title or _app_title(),
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes
