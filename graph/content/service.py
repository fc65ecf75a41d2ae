"""Load content into a database in one transaction."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from graph.content.dump import read_dump
from graph.content.importer import ImportSummary, Progress, apply_content
from graph.content.model import ContentSet
from graph.content.reader import read_seeds
from graph.content.validate import validate_content
from graph.db import transaction
from graph.snapshot import build_graph
from graph.store.content import ContentRepository

DEFAULT_SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def load_content(path: Path | str) -> ContentSet:
    """Read and validate a seeds folder or a JSON dump; ContentError lists every problem."""
    path = Path(path)
    if path.is_file() and path.suffix == ".json":
        return validate_content(read_dump(path))
    return validate_content(read_seeds(path))


async def seed(
    sessionmaker: async_sessionmaker[AsyncSession],
    content: ContentSet,
    *,
    prune: bool = True,
    only_if_empty: bool = False,
    progress: Progress | None = None,
) -> ImportSummary | None:
    """Apply ``content`` in one write transaction; None when skipped by ``only_if_empty``."""
    async with transaction(sessionmaker, write=True) as session:
        if only_if_empty and await ContentRepository(session).count_nodes():
            return None
        return await apply_content(session, content, prune=prune, progress=progress)


def content_graph(content: ContentSet) -> nx.MultiDiGraph:
    """The content graph of validated content, as a snapshot of the database holds it.

    Lets the algorithms (a study plan, an export) run on a seeds folder
    without a database, for editors checking their changes.
    """
    nodes = [
        {
            "kind": node.kind.value,
            "slug": node.slug,
            "title": node.title,
            "summary": node.summary,
            "tags": tuple(node.tags),
            "domain": node.domain,
            **{k: tuple(v) if isinstance(v, list) else v for k, v in node.fields.items()},
        }
        for node in content.nodes
    ]
    edges = [
        {
            "source": edge.source,
            "target": edge.target,
            "kind": edge.kind.value,
            "weight": edge.weight,
            "note": edge.note,
            "position": edge.position,
        }
        for edge in content.edges
    ]
    return build_graph(nodes, edges, 0)
