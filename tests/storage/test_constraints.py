"""Database constraints back the domain rules on both backends."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from graph.db import transaction
from graph.models import Concept, Edge, Node
from graph.store.content import ContentRepository


async def _concept(session: AsyncSession, slug: str) -> Concept:
    concept = Concept(slug=slug, title=slug, summary="s", difficulty="beginner", minutes=10)
    session.add(concept)
    await session.flush()
    return concept


async def test_slug_unique_across_graph(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    with pytest.raises(IntegrityError):
        async with transaction(sessionmaker) as session:
            await _concept(session, "a")
            await _concept(session, "a")
    async with sessionmaker() as session:
        assert await ContentRepository(session).count_nodes() == 0


@pytest.mark.parametrize(
    ("source", "target", "kind"),
    [("a", "a", "prerequisite"), ("a", "b", "no-such-kind")],
    ids=["self-loop", "unknown-kind"],
)
async def test_edge_checks(
    sessionmaker: async_sessionmaker[AsyncSession], source: str, target: str, kind: str
) -> None:
    async with transaction(sessionmaker) as session:
        ids = {c.slug: c.id for c in [await _concept(session, "a"), await _concept(session, "b")]}
    with pytest.raises(IntegrityError):
        async with transaction(sessionmaker) as session:
            session.add(Edge(source_id=ids[source], target_id=ids[target], kind=kind))
            await session.flush()


async def test_deleting_a_node_cascades_its_edges_and_kind_row(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    async with transaction(sessionmaker) as session:
        a, b = await _concept(session, "a"), await _concept(session, "b")
        session.add(Edge(source_id=a.id, target_id=b.id, kind="prerequisite"))
    async with transaction(sessionmaker) as session:
        await ContentRepository(session).delete_nodes([a.id])
    async with sessionmaker() as session:
        assert (await session.scalars(select(Edge))).all() == []
        rows = await session.execute(text("SELECT count(*) FROM concepts"))
        assert rows.scalar_one() == 1


async def test_stale_version_is_refused(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    from sqlalchemy.orm.exc import StaleDataError

    async with transaction(sessionmaker) as session:
        concept = await _concept(session, "a")
    async with transaction(sessionmaker) as session:
        fresh = await session.get(Concept, concept.id)
        assert fresh is not None
        fresh.title = "first"
    assert concept.version == 1
    with pytest.raises(StaleDataError):
        async with transaction(sessionmaker) as session:
            stale = await session.merge(concept, load=False)
            stale.title = "second"
    async with sessionmaker() as session:
        node = await session.get(Node, concept.id)
        assert node is not None
        assert (node.title, node.version) == ("first", 2)


async def test_content_version_bumps_in_the_transaction(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    async with transaction(sessionmaker) as session:
        assert await ContentRepository(session).bump_content_version() == 1
    with pytest.raises(RuntimeError):
        async with transaction(sessionmaker) as session:
            await ContentRepository(session).bump_content_version()
            raise RuntimeError("roll back")
    async with sessionmaker() as session:
        assert await ContentRepository(session).content_version() == 1
