"""Bring a database to the schema this build expects, whenever it is opened."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from salesdesk.db.engine import schema_change_connection
from salesdesk.domain.errors import UserError
from salesdesk.domain.text import t

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade_to_head(engine: Engine) -> None:
    """Apply every migration the database lacks; refuse a database from a newer SalesDesk."""
    config = alembic_config()
    script = ScriptDirectory.from_config(config)
    current = current_revision(engine)
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
