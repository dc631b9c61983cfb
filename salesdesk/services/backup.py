"""Backup and restore of a whole database file."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

from salesdesk.db.engine import is_sqlite_file
from salesdesk.domain.errors import UserError
from salesdesk.domain.text import t
from salesdesk.services.database import open_database


def restore_database(backup: Path, target: Path) -> None:
    """Replace `target` with the backup `backup`, after checking it is a SalesDesk database.

    The current file is kept beside it as `<name>.before-restore` until the copy is in place.
    """
    if not backup.is_file() or not is_sqlite_file(backup):
        raise UserError(t("{f} is not a SalesDesk backup", "{f} 不是 SalesDesk 备份文件", f=backup))
    try:
        with sqlite3.connect(f"file:{backup.as_posix()}?mode=ro", uri=True) as check:
            result = check.execute("PRAGMA integrity_check").fetchone()
            tables = {r[0] for r in check.execute("SELECT name FROM sqlite_master")}
    except sqlite3.DatabaseError as exc:
        raise UserError(t("{f} is damaged: {e}", "{f} 已损坏：{e}", f=backup, e=exc)) from exc
    if result is None or result[0] != "ok" or "staff" not in tables:
        raise UserError(t("{f} is not a SalesDesk backup", "{f} 不是 SalesDesk 备份文件", f=backup))
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = target.with_name(target.name + ".restoring")
    shutil.copyfile(backup, staging)
    # Make sure the staged copy opens and migrates before it replaces anything.
    open_database(staging, create=False).close()
    for suffix in ("-wal", "-shm"):
        side = target.with_name(target.name + suffix)
        if side.exists():
            side.unlink()
    if target.exists():
        shutil.copyfile(target, target.with_name(target.name + ".before-restore"))
    os.replace(staging, target)
    for suffix in ("-wal", "-shm"):
        side = staging.with_name(staging.name + suffix)
        if side.exists():
            side.unlink()
