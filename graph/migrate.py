"""Run Alembic migrations from code (CLI, app start-up, tests)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncConnection

from graph.db import create_engine, is_sqlite

if TYPE_CHECKING:  # Alembic is imported when a migration runs, not by every CLI command
    from alembic.config import Config

ALEMBIC_INI = Path(__file__).resolve().parent.parent / "alembic.ini"


def alembic_config(database_url: str | None = None) -> Config:
    from alembic.config import Config

    config = Config(str(ALEMBIC_INI))
    config.attributes["configure_logging"] = False
    if database_url:
        config.attributes["database_url"] = database_url
    return config


class IntegrityError(RuntimeError):
    """A migration left rows whose foreign keys point nowhere; it was rolled back."""


@dataclass(frozen=True)
class Loss:
    """Data a downgrade removes: a column of ``rows`` rows, or ``rows`` whole rows."""

    table: str
    column: str | None
    rows: int

    def __str__(self) -> str:
        if self.column is not None:
            return f"column {self.table}.{self.column} of {self.rows} row(s)"
        return f"{self.rows} row(s) of {self.table}"


# Derived tables: the search index is rebuilt from the nodes, alembic keeps its own.
_DERIVED_PREFIXES = ("search_", "alembic_version")


def _migrate(sync_connection: Connection, database_url: str, action: str, revision: str) -> None:
    from alembic import command

    config = alembic_config(database_url)
    config.attributes["connection"] = sync_connection
    getattr(command, action)(config, revision)
    if sync_connection.dialect.name == "sqlite":
        broken = sync_connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        if broken:
            tables = sorted({str(row[0]) for row in broken})
            raise IntegrityError(
                f"{len(broken)} row(s) in {', '.join(tables)} would point at missing rows"
            )


async def _without_sqlite_foreign_keys(connection: AsyncConnection, database_url: str) -> None:
    """Turn SQLite's foreign keys off for this connection, before any transaction begins.

    Batch migrations rebuild a table by copying it and dropping the original, which a
    referenced table cannot survive with enforcement on (SQLite ignores the pragma inside a
    transaction, hence on the raw connection). ``_migrate`` checks every key afterwards.
    """
    if not is_sqlite(database_url):
        return

    def off(sync_connection: Connection) -> None:
        cursor = sync_connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        cursor.execute("PRAGMA foreign_keys=OFF")
        cursor.close()

    await connection.run_sync(off)


async def _run(database_url: str, action: str, revision: str) -> None:
    engine = create_engine(database_url)
    try:
        async with engine.connect() as connection:
            await _without_sqlite_foreign_keys(connection, database_url)
            async with connection.begin():
                await connection.run_sync(_migrate, database_url, action, revision)
    finally:
        await engine.dispose()


async def upgrade(database_url: str, revision: str = "head") -> None:
    await _run(database_url, "upgrade", revision)


async def downgrade(database_url: str, revision: str = "-1") -> None:
    await _run(database_url, "downgrade", revision)


def _shape(sync_connection: Connection) -> dict[str, tuple[set[str], int]]:
    """Each user table's columns and row count."""
    inspector = inspect(sync_connection)
    shape = {}
    for table in inspector.get_table_names():
        if table.startswith(_DERIVED_PREFIXES):
            continue
        columns = {str(column["name"]) for column in inspector.get_columns(table)}
        rows = sync_connection.execute(text(f'SELECT count(*) FROM "{table}"')).scalar_one()
        shape[table] = (columns, int(rows))
    return shape


async def downgrade_losses(database_url: str, revision: str = "-1") -> list[Loss]:
    """What ``downgrade(revision)`` would remove, found by running it and rolling it back.

    Both backends run DDL inside a transaction, so the trial leaves the database as it was.
    Tables that lose rows, tables dropped with rows in them and columns dropped from
    non-empty tables count; the derived search index does not.
    """
    engine = create_engine(database_url)
    try:
        async with engine.connect() as connection:
            await _without_sqlite_foreign_keys(connection, database_url)
            transaction = await connection.begin()
            try:
                before = await connection.run_sync(_shape)
                await connection.run_sync(_migrate, database_url, "downgrade", revision)
                after = await connection.run_sync(_shape)
            finally:
                await transaction.rollback()
    finally:
        await engine.dispose()
    losses = []
    for table, (columns, rows) in sorted(before.items()):
        if rows == 0:
            continue
        if table not in after:
            losses.append(Loss(table, None, rows))
            continue
        kept_columns, kept_rows = after[table]
        if kept_rows < rows:
            losses.append(Loss(table, None, rows - kept_rows))
        losses.extend(Loss(table, column, kept_rows) for column in sorted(columns - kept_columns))
    return losses


async def check(database_url: str) -> None:
    """Raise ``alembic.util.CommandError`` when the models and the migrations disagree."""
    engine = create_engine(database_url)
    try:
        async with engine.connect() as connection:

            def run(sync_connection: Connection) -> None:
                from alembic import command

                config = alembic_config(database_url)
                config.attributes["connection"] = sync_connection
                command.check(config)

            await connection.run_sync(run)
    finally:
        await engine.dispose()


async def pending(database_url: str) -> tuple[str | None, str]:
    """The database's current revision (None: never migrated) and the latest one."""
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config(database_url)).get_current_head()
    engine = create_engine(database_url)
    try:
        async with engine.connect() as connection:

            def current(sync_connection: Connection) -> str | None:
                return MigrationContext.configure(sync_connection).get_current_revision()

            revision = await connection.run_sync(current)
    finally:
        await engine.dispose()
    return revision, str(head)
