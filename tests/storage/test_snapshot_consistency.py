"""Snapshots come from one consistent database snapshot, and a failed rebuild never fails reads."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
import pytest_asyncio
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from graph import snapshot as snapshot_module
from graph.db import create_engine, create_sessionmaker, transaction
from graph.editing import Actor, create_node, update_node
from graph.models.enums import EdgeKind, NodeKind
from graph.snapshot import Snapshot, SnapshotStore
from graph.store.content import ContentRepository

EDITOR = Actor("editor", "editor")


@pytest_asyncio.fixture(loop_scope="session")
async def reader(seeded_url: str) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    """The engine a process builds its snapshots with."""
    engine = create_engine(seeded_url)
    yield create_sessionmaker(engine)
    await engine.dispose()


@pytest_asyncio.fixture(loop_scope="session")
async def writer(seeded_url: str) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    """A second engine on the same database: another process's writes."""
    engine = create_engine(seeded_url)
    yield create_sessionmaker(engine)
    await engine.dispose()


async def _rename(sessionmaker: async_sessionmaker[AsyncSession], title: str) -> None:
    async with transaction(sessionmaker, write=True) as session:
        record = await ContentRepository(session).fetch_node("hnsw")
        assert record is not None
        await update_node(session, EDITOR, "hnsw", record["version"], {"title": title})


async def _add_concept_with_edge(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    values = {
        "slug": "scann",
        "title": "ScaNN",
        "summary": "Anisotropic vector quantization.",
        "domain": "ml-system-design",
        "difficulty": "advanced",
        "minutes": 40,
    }
    async with transaction(sessionmaker, write=True) as session:
        edges = [("product-quantization", "scann", EdgeKind.PREREQUISITE)]
        await create_node(session, EDITOR, NodeKind.CONCEPT, values, edges=edges)


async def test_a_write_between_the_node_and_edge_reads_is_wholly_out(
    reader: async_sessionmaker[AsyncSession],
    writer: async_sessionmaker[AsyncSession],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    store = SnapshotStore(reader, check_interval=0)
    first = await store.refresh()
    await _rename(writer, "HNSW graphs")  # the version moves: the next refresh rebuilds

    original = ContentRepository.fetch_nodes
    raced = False

    async def nodes_then_a_write(self: ContentRepository) -> Any:
        nonlocal raced
        found = await original(self)
        if not raced:  # another process commits a node and its edge right now
            raced = True
            await _add_concept_with_edge(writer)
        return found

    monkeypatch.setattr(ContentRepository, "fetch_nodes", nodes_then_a_write)
    second = await store.refresh()
    assert raced
    assert second.version > first.version  # rebuilt, not kept for want of a consistent read
    assert second.graph.nodes["hnsw"]["title"] == "HNSW graphs"
    assert "scann" not in second.graph  # neither the node nor its edge
    assert all("kind" in attrs for _, attrs in second.graph.nodes(data=True))

    monkeypatch.setattr(ContentRepository, "fetch_nodes", original)
    third = await store.refresh()  # labelled with the version it read: the race is picked up
    assert third.version > second.version
    assert third.graph.has_edge("product-quantization", "scann", key="prerequisite")


async def test_a_failed_rebuild_keeps_serving_the_previous_snapshot(
    reader: async_sessionmaker[AsyncSession],
    writer: async_sessionmaker[AsyncSession],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    store = SnapshotStore(reader, check_interval=0)
    first = await store.refresh()
    await _rename(writer, "HNSW graphs")
    build = Snapshot.build
    failures = 0

    def broken(*args: Any, **kwargs: Any) -> Snapshot:
        nonlocal failures
        failures += 1
        raise RuntimeError("the database went away mid-read")

    monkeypatch.setattr(Snapshot, "build", broken)
    assert await store.get() is first  # a read is answered from the last good snapshot
    assert await store.refresh() is first  # so is the refresh after a write
    assert failures == 2
    monkeypatch.setattr(Snapshot, "build", build)
    recovered = await store.get()  # retried on the next call
    assert recovered.version > first.version
    assert recovered.graph.nodes["hnsw"]["title"] == "HNSW graphs"


async def test_the_first_build_is_retried_before_a_start_fails(
    reader: async_sessionmaker[AsyncSession], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(snapshot_module, "START_BACKOFF", 0.001)
    build = Snapshot.build
    calls = 0

    def flaky(*args: Any, **kwargs: Any) -> Snapshot:
        nonlocal calls
        calls += 1
        if calls < 3:
            raise RuntimeError("not yet")
        return build(*args, **kwargs)

    monkeypatch.setattr(Snapshot, "build", flaky)
    started = await SnapshotStore(reader).refresh()
    assert calls == 3 and len(started.graph) > 0

    def never(*args: Any, **kwargs: Any) -> Snapshot:
        raise RuntimeError("the database is down")

    monkeypatch.setattr(Snapshot, "build", never)
    with pytest.raises(RuntimeError, match="the database is down"):
        await SnapshotStore(reader).refresh()
