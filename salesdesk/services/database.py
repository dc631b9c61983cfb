"""Open a SalesDesk database: create it if needed, migrate it, and install what every
database holds (built-in metrics, default schemes)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Session, sessionmaker

from salesdesk.db.engine import backup_database, is_sqlite_file, make_engine, make_session_factory
from salesdesk.db.migrate import upgrade_to_head
from salesdesk.db.models import Metric, Setting
from salesdesk.domain.errors import UserError
from salesdesk.domain.metrics import BUILTIN_METRICS
from salesdesk.domain.text import t

log = logging.getLogger(__name__)


@dataclass
class Database:
    """An open database: where it is, its engine and its session factory."""

    path: Path
    engine: Engine
    sessions: sessionmaker[Session]
    read_sessions: sessionmaker[Session]

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: commits at the end, rolls back on any error."""
        with self.sessions.begin() as session:
            yield session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A read-only look: nothing is committed; the session closes at the end (objects
        read stay usable, detached, as with expire_on_commit=False)."""
        with self.read_sessions() as session:
            yield session

    def backup(self, target: Path) -> None:
        backup_database(self.engine, target)

    def close(self) -> None:
        self.engine.dispose()


def open_database(path: Path | str, *, create: bool = True) -> Database:
    """Open (creating and migrating as needed) the database at `path`."""
    db_path = Path(path).expanduser()
    exists = db_path.exists() and db_path.stat().st_size > 0
    if not exists and not create:
        raise UserError(t("no database at {p}", "找不到数据库：{p}", p=db_path))
    if exists and not is_sqlite_file(db_path):
        raise UserError(
            t(
                "{p} is not a SalesDesk database (not an SQLite file)",
                "{p} 不是 SalesDesk 数据库（不是 SQLite 文件）",
                p=db_path,
            )
        )
    db_path.parent.mkdir(parents=True, exist_ok=True)
    engine = make_engine(db_path)
    try:
        upgrade_to_head(engine)
    except DatabaseError as exc:
        engine.dispose()
        raise UserError(
            t("cannot open {p}: {e}", "无法打开 {p}：{e}", p=db_path, e=exc.orig)
        ) from exc
    except BaseException:
        engine.dispose()
        raise
    database = Database(
        db_path, engine, make_session_factory(engine), make_session_factory(engine, write=False)
    )
    with database.transaction() as session:
        install_builtins(session)
    return database


def install_builtins(session: Session) -> None:
    """Put in what every database holds: the built-in metrics and the default schemes.

    Runs at every open and adds only what is missing, so a newer release can add metrics;
    default schemes go in once (a user may delete or rename them afterwards).
    """
    existing = set(session.scalars(select(Metric.code)))
    for position, definition in enumerate(BUILTIN_METRICS):
        if definition.code in existing:
            continue
        session.add(
            Metric(
                code=definition.code,
                name_zh=definition.name_zh,
                name_en=definition.name_en,
                unit=definition.unit.value,
                direction=definition.direction.value,
                aggregation=definition.aggregation.value,
                numerator=definition.numerator,
                denominator=definition.denominator,
                source=definition.source.value,
                builtin=True,
                position=position,
            )
        )
    if session.get(Setting, "default_schemes_installed") is None:
        from salesdesk.services.default_schemes import install_default_schemes

        install_default_schemes(session)
        session.add(Setting(key="default_schemes_installed", value="1"))
