"""Where SalesDesk keeps its files: the per-user data folder, logs, and bundled resources."""

from __future__ import annotations

import os
import sys
from importlib import resources
from pathlib import Path

APP_NAME = "SalesDesk"
DB_FILE_NAME = "salesdesk.db"


def data_dir() -> Path:
    """The per-user data folder: Qt's AppLocalDataLocation (`%LOCALAPPDATA%\\SalesDesk` on
    Windows, `~/.local/share/SalesDesk` on Linux). SALESDESK_HOME overrides it (tests)."""
    override = os.environ.get("SALESDESK_HOME")
    if override:
        return Path(override)
    from PySide6.QtCore import QCoreApplication, QStandardPaths

    QCoreApplication.setOrganizationName("")
    QCoreApplication.setApplicationName(APP_NAME)
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppLocalDataLocation)
    return Path(location) if location else Path.home() / APP_NAME


def default_db_path() -> Path:
    return data_dir() / DB_FILE_NAME


def log_dir() -> Path:
    return data_dir() / "logs"


def resource_path(*parts: str) -> Path:
    """A bundled resource (icons, translations, templates); works from a checkout, an
    installed wheel and the frozen app alike."""
    if is_frozen():
        # The bundle keeps resources/ as plain files next to the code (build.spec datas).
        root = (
            Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent)) / "salesdesk" / "resources"
        )
    else:
        root = Path(str(resources.files("salesdesk.resources")))
    return root.joinpath(*parts)


def is_frozen() -> bool:
    return bool(getattr(sys, "frozen", False))
