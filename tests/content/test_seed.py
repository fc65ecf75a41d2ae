"""Seeding: validate everything, then write one transaction; idempotent; prunes."""

from __future__ import annotations

import shutil
from itertools import pairwise
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from graph.content.service import load_content, seed
from graph.db import transaction
from graph.store.content import ContentRepository
from tests.conftest import FIXTURE_SEEDS


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    target = tmp_path / "seeds"
    shutil.copytree(FIXTURE_SEEDS, target)
    return target


async def _state(sessionmaker: async_sessionmaker[AsyncSession]) -> tuple[int, dict, list]:
    async with sessionmaker() as session:
        repo = ContentRepository(session)
        nodes = {r["slug"]: (r["title"], r["version"]) for r in await repo.fetch_nodes()}
        edges = sorted((e["source"], e["target"], e["kind"]) for e in await repo.fetch_edges())
        return await repo.content_version(), nodes, edges


async def test_seed_then_reseed_changes_nothing(
    sessionmaker: async_sessionmaker[AsyncSession], seeds: Path
) -> None:
    first = await seed(sessionmaker, load_content(seeds))
    assert first is not None
    assert first.created["concept"] == 10
    assert first.created["edges"] == 27
    before = await _state(sessionmaker)
    second = await seed(sessionmaker, load_content(seeds))
    assert second is not None
    assert not second.changed
    assert second.unchanged["concept"] == 10
    assert await _state(sessionmaker) == before


async def test_edit_updates_and_removal_prunes(
    sessionmaker: async_sessionmaker[AsyncSession], seeds: Path
) -> None:
    await seed(sessionmaker, load_content(seeds))
    path = seeds / "ml-system-design" / "concepts.yaml"
    text = path.read_text()
    text = text.replace("title: HNSW\n", "title: HNSW graphs\n")
    text = text.replace("    prerequisites: [product-quantization]\n", "")
    path.write_text(text)
    (seeds / "ml-system-design" / "articles" / "feature-stores.md").unlink()

    summary = await seed(sessionmaker, load_content(seeds))
    assert summary is not None
    assert summary.updated["concept"] == 1
    assert summary.deleted["article"] == 1
    assert summary.deleted["edges"] == 4  # the article's 3 covers + one prerequisite
    version, nodes, edges = await _state(sessionmaker)
    assert nodes["hnsw"] == ("HNSW graphs", 2)
    assert "feature-stores" not in nodes
    assert ("product-quantization", "ivf-pq", "prerequisite") not in edges
    assert version == 2


async def test_keep_leaves_missing_nodes(
    sessionmaker: async_sessionmaker[AsyncSession], seeds: Path
) -> None:
    await seed(sessionmaker, load_content(seeds))
    (seeds / "ml-system-design" / "articles" / "feature-stores.md").unlink()
    summary = await seed(sessionmaker, load_content(seeds), prune=False)
    assert summary is not None and not summary.changed
    _, nodes, _ = await _state(sessionmaker)
    assert "feature-stores" in nodes


async def test_if_empty_skips_a_database_with_content(
    sessionmaker: async_sessionmaker[AsyncSession], seeds: Path
) -> None:
    assert await seed(sessionmaker, load_content(seeds), only_if_empty=True) is not None
    assert await seed(sessionmaker, load_content(seeds), only_if_empty=True) is None


async def test_failure_mid_import_leaves_database_as_it_was(
    sessionmaker: async_sessionmaker[AsyncSession], seeds: Path
) -> None:
    await seed(sessionmaker, load_content(seeds))
    before = await _state(sessionmaker)
    path = seeds / "ml-system-design" / "concepts.yaml"
    path.write_text(path.read_text().replace("title: HNSW\n", "title: Changed\n"))
    content = load_content(seeds)

    def explode(stage: str, done: int, total: int) -> None:
        if stage == "edges":
            raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        async with transaction(sessionmaker, write=True) as session:
            from graph.content.importer import apply_content

            await apply_content(session, content, progress=explode)
    assert await _state(sessionmaker) == before


async def test_progress_moves_in_real_steps_to_the_total(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    """The shipped seeds report progress chunk by chunk, never going back, ending at total."""
    from graph.content.importer import CHUNK
    from graph.content.service import DEFAULT_SEEDS

    content = load_content(DEFAULT_SEEDS)
    calls: list[tuple[str, int, int]] = []
    await seed(sessionmaker, content, progress=lambda *call: calls.append(call))
    totals = {total for _, _, total in calls}
    assert len(totals) == 1
    (total,) = totals
    # every node written, every edge written, every node indexed
    assert total == 2 * len(content.nodes) + len(content.edges)
    done = [d for _, d, _ in calls]
    assert done == sorted(done) and done[0] == 0 and done[-1] == total
    steps = [b - a for a, b in pairwise(done) if b > a]
    assert len(steps) >= total // CHUNK and max(steps) <= CHUNK
    assert [stage for stage, _, _ in calls][-1] == "search index"
    assert {"nodes", "edges", "search index"} <= {stage for stage, _, _ in calls}

    again: list[tuple[str, int, int]] = []
    await seed(sessionmaker, content, progress=lambda *call: again.append(call))
    assert again[-1][1] == again[-1][2] == len(content.edges)  # unchanged edges still count
