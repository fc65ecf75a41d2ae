"""Migrations build the schema on both backends, revert cleanly and agree with the models."""

from __future__ import annotations

import sqlite3

import pytest
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


async def _revision(url: str) -> str | None:
    return (await migrate.pending(url))[0]


async def test_a_seeded_database_steps_down_to_base_and_back(
    databases: Databases, backend: str
) -> None:
    """Every migration reverts over real content: SQLite's table rebuilds keep their keys."""
    url = await databases.fresh(backend, "fixture")
    _, head = await migrate.pending(url)
    seen = [head]
    while (revision := await _revision(url)) is not None:
        await migrate.downgrade(url)  # one step
        seen.append(await _revision(url) or "base")
        assert seen[-1] != revision
    assert await _tables(url) <= {"alembic_version"}
    assert len(seen) == len(set(seen)) >= 7
    await migrate.upgrade(url)
    assert await _revision(url) == head
    await migrate.check(url)


async def test_downgrade_losses_name_what_would_go_and_change_nothing(
    databases: Databases, backend: str
) -> None:
    url = await databases.fresh(backend, "fixture")
    _, head = await migrate.pending(url)
    one = await migrate.downgrade_losses(url)
    concepts = next(
        loss.rows
        for loss in await migrate.downgrade_losses(url, "base")
        if loss.table == "concepts" and loss.column is None
    )
    assert [str(loss) for loss in one] == [f"column concepts.aliases of {concepts} row(s)"]
    everything = {(loss.table, loss.column) for loss in await migrate.downgrade_losses(url, "base")}
    assert {("nodes", None), ("edges", None), ("concepts", None)} <= everything
    assert not any(table.startswith("search_") for table, _ in everything)
    assert await _revision(url) == head  # the trials were rolled back
    assert await _tables(url) >= TABLES


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
async def test_a_migration_that_leaves_dangling_keys_is_rolled_back(
    databases: Databases, backend: str
) -> None:
    """With SQLite's enforcement off during table rebuilds, the keys are checked afterwards."""
    url = await databases.fresh(backend, "fixture")
    _, head = await migrate.pending(url)
    path = url.split("///", 1)[1]
    with sqlite3.connect(path) as raw:  # foreign keys are off by default in sqlite3
        raw.execute("UPDATE edges SET target_id = 999999 WHERE id = (SELECT min(id) FROM edges)")
    with pytest.raises(migrate.IntegrityError, match="edges"):
        await migrate.downgrade(url)
    assert await _revision(url) == head
    assert "aliases" in await _columns(url, "concepts")


async def _columns(url: str, table: str) -> set[str]:
    engine = create_engine(url)
    try:
        async with engine.connect() as conn:
            columns = await conn.run_sync(lambda c: inspect(c).get_columns(table))
            return {str(column["name"]) for column in columns}
    finally:
        await engine.dispose()
