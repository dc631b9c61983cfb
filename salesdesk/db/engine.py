"""The engine for a SalesDesk database: URL, per-connection PRAGMAs, sessions, migration.

This is the only module that knows it talks to SQLite; everything else uses dialect-neutral
SQLAlchemy constructs so a shared PostgreSQL server can take its place later.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import URL, Connection, Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool

BUSY_TIMEOUT_MS = 10_000


def sqlite_url(path: Path | str) -> URL:
    """A database URL for a file path; built with URL.create so any path (C:\\Users\\张伟) works."""
    return URL.create("sqlite+pysqlite", database=str(Path(path)))


def _on_connect(dbapi_connection: Any, connection_record: Any) -> None:
    # The sqlite3 driver's own transaction handling is switched off so that SQLAlchemy
    # emits BEGIN itself; otherwise savepoints and transactional DDL misbehave.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.close()


WRITE_OPTION = "salesdesk_write"


def _on_begin(connection: Any) -> None:
    # A unit of work that writes takes the write lock at once (BEGIN IMMEDIATE), so two
    # windows queue on busy_timeout instead of failing halfway with "database is locked";
    # reads stay deferred so they never hold the lock.
    if connection.get_execution_options().get(WRITE_OPTION):
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        connection.exec_driver_sql("BEGIN")


def make_engine(path: Path | str, *, echo: bool = False) -> Engine:
    """An engine for the SQLite file at `path` (created on first connect)."""
    engine = create_engine(
        sqlite_url(path),
        echo=echo,
        poolclass=NullPool,
        connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
    )
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


@contextmanager
def schema_change_connection(engine: Engine) -> Iterator[Connection]:
    """A connection for schema changes: foreign keys are off while Alembic rebuilds tables
    (SQLite's batch mode copies them), then checked as a whole before the commit."""
    with engine.connect() as connection:
        # Outside any transaction (PRAGMA foreign_keys is a no-op inside one), so on the
        # driver's connection rather than through SQLAlchemy's autobegin.
        driver = connection.connection.driver_connection
        assert driver is not None
        driver.execute("PRAGMA foreign_keys = OFF")
        try:
            with connection.begin():
                yield connection
                problems = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if problems:
                    raise RuntimeError(f"foreign key check failed after migration: {problems[:5]}")
        finally:
            driver.execute("PRAGMA foreign_keys = ON")


def make_session_factory(engine: Engine, *, write: bool = True) -> sessionmaker[Session]:
    """Sessions for units of work that write (the default) or only read."""
    bind = engine.execution_options(**{WRITE_OPTION: True}) if write else engine
    return sessionmaker(bind=bind, expire_on_commit=False)


def backup_database(engine: Engine, target: Path) -> None:
    """A consistent copy of the live database (SQLite's online backup), even while in use."""
    target.parent.mkdir(parents=True, exist_ok=True)
    raw = engine.raw_connection()
    try:
        source = raw.driver_connection
        assert isinstance(source, sqlite3.Connection)
        dest = sqlite3.connect(str(target))
        try:
            source.backup(dest)
        finally:
            dest.close()
    finally:
        raw.close()


def is_sqlite_file(path: Path) -> bool:
    """Whether `path` starts with SQLite's file header."""
    try:
        with path.open("rb") as handle:
            return handle.read(16) == b"SQLite format 3\x00"
    except OSError:
        return False
