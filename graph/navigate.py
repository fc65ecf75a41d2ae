"""Neighbour look-ups on the content graph used by the read API.

Pure functions of a content graph (node key = slug, edge key = edge kind).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import networkx as nx

__all__ = ["linked", "prerequisite_layers", "related", "title_key"]


def title_key(G: nx.MultiDiGraph, slug: str) -> tuple[str, str]:
    return (G.nodes[slug]["title"].casefold(), slug)


def _ordered(G: nx.MultiDiGraph, slugs: Iterable[str]) -> list[str]:
    return sorted(slugs, key=lambda s: title_key(G, s))


def linked(G: nx.MultiDiGraph, slug: str, kind: str, *, incoming: bool = False) -> list[str]:
    """Nodes joined to ``slug`` by edges of ``kind``, out-going (default) or in-coming.

    ``schedules`` edges out of a day and a case's ``part_of`` edges in keep their
    stored position (a day's order, a case's parts most important first);
    others are ordered by title.
    """
    adjacency: Mapping[str, Mapping[str, Any]] = G.pred[slug] if incoming else G.succ[slug]
    found = [(other, keys[kind]) for other, keys in adjacency.items() if kind in keys]
    if (kind == "schedules" and not incoming) or (kind == "part_of" and incoming):
        found.sort(key=lambda item: (item[1].get("position") or 0, item[0]))
        return [other for other, _ in found]
    return _ordered(G, (other for other, _ in found))


def related(G: nx.MultiDiGraph, slug: str) -> list[str]:
    """Concepts related to ``slug`` in either stored direction (the relation is symmetric)."""
    found = set(linked(G, slug, "related_to")) | set(linked(G, slug, "related_to", incoming=True))
    return _ordered(G, found)


def prerequisite_layers(
    G: nx.MultiDiGraph, slug: str, *, depth: int = 1, dependents: bool = False
) -> list[str]:
    """Prerequisites (or dependents) of ``slug`` up to ``depth`` hops, nearest first.

    Within one distance, concepts are ordered by title.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> for s in "abc":
    ...     G.add_node(s, title=s)
    >>> G.add_edge("a", "b", key="prerequisite")
    'prerequisite'
    >>> G.add_edge("b", "c", key="prerequisite")
    'prerequisite'
    >>> prerequisite_layers(G, "c", depth=2)
    ['b', 'a']
    """
    seen = {slug}
    frontier = [slug]
    result: list[str] = []
    for _ in range(depth):
        layer: set[str] = set()
        for node in frontier:
            for other in linked(G, node, "prerequisite", incoming=not dependents):
                if other not in seen:
                    seen.add(other)
                    layer.add(other)
        if not layer:
            break
        frontier = _ordered(G, layer)
        result.extend(frontier)
    return result
