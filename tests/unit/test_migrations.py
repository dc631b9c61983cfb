"""Migrations: a fresh database upgraded to head matches the models exactly, on any path."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from salesdesk.db.engine import make_engine
from salesdesk.db.migrate import current_revision, head_revision, upgrade_to_head
from salesdesk.db.models import Base
from salesdesk.domain.errors import UserError
from salesdesk.services.database import open_database


def test_fresh_database_matches_models(tmp_path: Path) -> None:
    engine = make_engine(tmp_path / "fresh.db")
    upgrade_to_head(engine)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []
        assert set(inspect(connection).get_table_names()) >= set(Base.metadata.tables)
    assert current_revision(engine) == head_revision()
    engine.dispose()


def test_opening_twice_is_harmless_and_keeps_data(tmp_path: Path) -> None:
    path = tmp_path / "twice.db"
    first = open_database(path)
    with first.transaction() as s:
        s.execute(Base.metadata.tables["settings"].insert().values(key="k", value="v"))
    first.close()
    second = open_database(path)
    with second.reading() as s:
        rows = s.execute(Base.metadata.tables["settings"].select()).all()
    second.close()
    assert ("k", "v") in [tuple(r) for r in rows]


def test_non_ascii_folder(tmp_path: Path) -> None:
    """A Windows user folder such as C:\\Users\\张伟 must work (URL built with URL.create)."""
    path = tmp_path / "Users" / "张伟" / "销售 数据" / "salesdesk.db"
    database = open_database(path)
    database.close()
    assert path.exists()
    with sqlite3.connect(path) as raw:
        assert (
            raw.execute("SELECT version_num FROM alembic_version").fetchone()[0] == head_revision()
        )


def test_pragmas_on_every_connection(database) -> None:  # type: ignore[no-untyped-def]
    with database.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 10_000


def test_refuses_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("hello, not sqlite", encoding="utf-8")
    with pytest.raises(UserError, match="not a SalesDesk database"):
        open_database(path)
    assert path.read_text(encoding="utf-8") == "hello, not sqlite"


def test_refuses_a_database_from_a_newer_release(tmp_path: Path) -> None:
    path = tmp_path / "newer.db"
    open_database(path).close()
    with sqlite3.connect(path) as raw:
        raw.execute("UPDATE alembic_version SET version_num = 'ffff_future'")
    with pytest.raises(UserError, match="newer SalesDesk"):
        open_database(path)


def test_builtin_metrics_installed_once(tmp_path: Path) -> None:
    path = tmp_path / "m.db"
    open_database(path).close()
    open_database(path).close()
    with sqlite3.connect(path) as raw:
        codes = [r[0] for r in raw.execute("SELECT code FROM metrics")]
    assert len(codes) == len(set(codes)) == 18
    assert {"revenue", "collection_rate", "staff_turnover"} <= set(codes)


def test_confirmed_appraisals_get_the_terms_they_were_confirmed_with_on_upgrade(
    demo_file: Path, tmp_path: Path
) -> None:
    """Migration 0005 down and up on the demo: cycles confirmed before it take the pay base
    and employment dates from the staff record; open ones keep none frozen."""
    import shutil

    from alembic import command

    from salesdesk.db.engine import schema_change_connection
    from salesdesk.db.migrate import alembic_config

    path = tmp_path / "demo.db"
    shutil.copy(demo_file, path)
    engine = make_engine(path)
    config = alembic_config()
    with schema_change_connection(engine) as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0004")
    assert current_revision(engine) == "0004"
    with engine.begin() as connection:
        assert "frozen_pay_base" not in {
            c["name"] for c in inspect(connection).get_columns("appraisals")
        }
        connection.exec_driver_sql("UPDATE staff SET pay_base = pay_base + 100000")
    upgrade_to_head(engine)
    with engine.connect() as connection:
        rows = connection.exec_driver_sql(
            "SELECT c.state, a.frozen_pay_base = s.pay_base, a.frozen_hire_date = s.hire_date,"
            " a.frozen_leave_date IS s.leave_date, a.frozen_pay_base IS NULL"
            " FROM appraisals a JOIN cycles c ON c.id = a.cycle_id"
            " JOIN staff s ON s.id = a.staff_id"
        ).all()
    engine.dispose()
    confirmed = [r for r in rows if r[0] == "confirmed"]
    still_open = [r for r in rows if r[0] == "open"]
    assert confirmed and still_open
    assert all(r[1:] == (1, 1, 1, 0) for r in confirmed)
    assert all(r[4] == 1 for r in still_open)


def test_head_revision_constant_is_alembics_head() -> None:
    from salesdesk.db.migrate import HEAD_REVISION

    assert head_revision() == HEAD_REVISION


def test_opening_an_up_to_date_database_does_not_load_alembic(tmp_path: Path) -> None:
    """Every command opens the database: one that needs no migration is opened without
    importing Alembic (a fifth of a command's start-up)."""
    import subprocess
    import sys

    path = tmp_path / "current.db"
    open_database(path).close()
    probe = (
        "import sys\n"
        "from salesdesk.services.database import open_database\n"
        f"open_database({str(path)!r}).close()\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'alembic'))\n"
    )
    shown = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    assert shown.strip() == "[]"
