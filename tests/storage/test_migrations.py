"""Migrations build the schema on both backends, revert cleanly and agree with the models."""

from __future__ import annotations

from sqlalchemy import inspect

from graph import migrate
from graph.db import create_engine
from tests.conftest import Databases

TABLES = {
    "nodes",
    "domains",
    "concepts",
    "articles",
    "prompts",
    "roadmap_days",
    "edges",
    "content_version",
}


async def _tables(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        async with engine.connect() as conn:
            return set(await conn.run_sync(lambda c: inspect(c).get_table_names()))
    finally:
        await engine.dispose()


async def test_upgrade_downgrade_upgrade(databases: Databases, backend: str) -> None:
    url = await databases.blank(backend)
    await migrate.upgrade(url)
    assert await _tables(url) >= TABLES
    await migrate.downgrade(url, "base")
    assert await _tables(url) <= {"alembic_version"}
    await migrate.upgrade(url)
    assert await _tables(url) >= TABLES
    await migrate.check(url)  # raises when models and migrations disagree
