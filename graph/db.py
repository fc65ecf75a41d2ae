"""Engine and session factory for both backends.

SQLite gets foreign keys, WAL and a busy timeout on every connection so that
concurrent writers wait instead of failing; PostgreSQL goes through asyncpg.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

SQLITE_BUSY_TIMEOUT_MS = 30_000

MAX_DATABASE_ID = 2**31 - 1
"""Row ids are 32-bit integers on PostgreSQL (and kept so on SQLite)."""


def parse_database_id(text: str) -> int | None:
    """A row id written in ASCII digits within the id range; None for anything else.

    ``str.isdigit`` alone accepts "²" and "٣", which ``int`` then rejects or
    reads, and a number past 2**31 - 1 overflows PostgreSQL's integer
    parameters: neither may reach a query.
    """
    if not (0 < len(text) <= 10 and text.isascii() and text.isdigit()):
        return None
    value = int(text)
    return value if 0 < value <= MAX_DATABASE_ID else None


def normalise_url(url: str) -> str:
    """Map plain ``sqlite://`` and ``postgresql://`` URLs onto the async drivers."""
    parsed = make_url(url)
    if parsed.drivername in ("sqlite", "sqlite+pysqlite"):
        parsed = parsed.set(drivername="sqlite+aiosqlite")
    elif parsed.drivername in ("postgresql", "postgres", "postgresql+psycopg2"):
        parsed = parsed.set(drivername="postgresql+asyncpg")
    return parsed.render_as_string(hide_password=False)


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    # aiosqlite opens in the driver's default transaction mode; SQLAlchemy emits BEGIN itself.
    # Let SQLAlchemy's "begin" event issue BEGIN instead of pysqlite's deferred implicit one.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.close()


def create_engine(url: str, *, echo: bool = False, pool_size: int = 10) -> AsyncEngine:
    url = normalise_url(url)
    if is_sqlite(url):
        engine = create_async_engine(
            url, echo=echo, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}
        )
        event.listen(engine.sync_engine, "connect", _sqlite_on_connect)
        event.listen(engine.sync_engine, "begin", _sqlite_begin)
        return engine
    return create_async_engine(
        url, echo=echo, pool_size=pool_size, max_overflow=pool_size, pool_pre_ping=True
    )


def _sqlite_begin(conn: Any) -> None:
    mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
    conn.exec_driver_sql(f"BEGIN {mode}")


def create_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=False)


@asynccontextmanager
async def transaction(
    sessionmaker: async_sessionmaker[AsyncSession], *, write: bool = False
) -> AsyncIterator[AsyncSession]:
    """One unit of work: commit on success, roll back on any exception.

    ``write=True`` takes SQLite's write lock at BEGIN, so read-modify-write
    sequences in the transaction see the latest committed state and concurrent
    writers queue on the busy timeout instead of failing with "database is locked".
    """
    async with sessionmaker() as session:
        bind = session.bind
        if write and isinstance(bind, AsyncEngine) and is_sqlite(str(bind.url)):
            await session.connection(execution_options={"sqlite_begin": "IMMEDIATE"})
        try:
            yield session
            await session.commit()
        except BaseException:
            await session.rollback()
            raise


@asynccontextmanager
async def consistent_read(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> AsyncIterator[AsyncSession]:
    """A read-only unit of work whose statements all see one database snapshot.

    PostgreSQL runs it as REPEATABLE READ READ ONLY (under the default READ
    COMMITTED each statement would see the commits made between them); SQLite
    reads in one deferred transaction, which WAL pins to the snapshot of its
    first read.
    """
    async with sessionmaker() as session:
        bind = session.bind
        if isinstance(bind, AsyncEngine) and not is_sqlite(str(bind.url)):
            await session.connection(
                execution_options={
                    "isolation_level": "REPEATABLE READ",
                    "postgresql_readonly": True,
                }
            )
        try:
            yield session
        finally:
            await session.rollback()
