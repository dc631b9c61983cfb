"""Bring a database to the schema this build expects, whenever it is opened.

Opening a database that is already up to date reads its revision with one select and
compares it with HEAD_REVISION: Alembic (a fifth of a command's start-up) is imported
only when there is something to migrate."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, column, inspect, select, table

from salesdesk.db.engine import schema_change_connection
from salesdesk.domain.errors import UserError
from salesdesk.domain.text import t

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

HEAD_REVISION = "0005"
"""The newest migration in migrations/versions (a test holds it to Alembic's own head)."""

_VERSION_TABLE = table("alembic_version", column("version_num"))


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at (None: a new, empty database)."""
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        revision = connection.execute(select(_VERSION_TABLE.c.version_num)).scalar()
        return None if revision is None else str(revision)


def upgrade_to_head(engine: Engine) -> None:
    """Apply every migration the database lacks; refuse a database from a newer SalesDesk."""
    current = current_revision(engine)
    if current == HEAD_REVISION:
        return
    from alembic import command
    from alembic.script import ScriptDirectory

    config = alembic_config()
    script = ScriptDirectory.from_config(config)
    if current is not None and current not in {rev.revision for rev in script.walk_revisions()}:
        raise UserError(
            t(
                "this database was written by a newer SalesDesk (schema {r}); please update",
                "此数据库由更新版本的 SalesDesk 写入（结构版本 {r}），请先升级程序",
                r=current,
            )
        )
    if current == script.get_current_head():
        return
    with schema_change_connection(engine) as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
