"""The k-hop neighbourhood of a node, bounded in radius and size."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx

from graph.algorithms._graph import check_kinds, require_nodes, undirected_view
from graph.algorithms.paths import Hop

__all__ = ["Neighbour", "Neighbourhood", "neighbourhood"]


@dataclass(frozen=True)
class Neighbour:
    """A node of the neighbourhood and its hop distance from the centre."""

    slug: str
    kind: str
    distance: int


@dataclass(frozen=True)
class Neighbourhood:
    """The result of :func:`neighbourhood`.

    Attributes
    ----------
    center : str
    radius : int
    kinds : tuple of str
        Edge kinds walked, sorted.
    nodes : tuple of Neighbour
        The centre first, then by distance, then by slug.
    edges : tuple of Hop
        Every edge of `kinds` between two kept nodes, in stored direction,
        sorted by source, target, kind.
    truncated : bool
        True when nodes within `radius` were left out to respect `max_nodes`
        (the farthest first, then the alphabetically last).
    """

    center: str
    radius: int
    kinds: tuple[str, ...]
    nodes: tuple[Neighbour, ...]
    edges: tuple[Hop, ...]
    truncated: bool


def neighbourhood(
    G: nx.MultiDiGraph,
    center: str,
    *,
    radius: int = 1,
    kinds: Iterable[str] | None = None,
    max_nodes: int = 100,
    max_radius: int = 3,
) -> Neighbourhood:
    """The subgraph within `radius` hops of `center`, edges walked either way.

    This is ``nx.ego_graph(G, center, radius, undirected=True)`` without
    its two costs at this scale: ego_graph copies the whole graph to make it
    undirected, and it cannot stop early. Here networkx's ``bfs_layers`` walks
    a lazy undirected, kind-filtered view layer by layer and stops as soon
    as `max_nodes` is reached, so a hub costs at most one layer.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The content graph.
    center : str
        Slug of any kind.
    radius : int, optional
        Hops, from 1 to `max_radius`.
    kinds : iterable of str, optional
        Edge kinds to walk; all by default.
    max_nodes : int, optional
        Most nodes to return, the centre included (at least 1).
    max_radius : int, optional
        Upper bound accepted for `radius`.

    Returns
    -------
    Neighbourhood

    Raises
    ------
    networkx.NodeNotFound
        When `center` is not in `G`.
    ValueError
        For a radius outside 1..`max_radius`, `max_nodes` below 1 or an
        unknown edge kind.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> _ = G.add_edge("embeddings", "ann", key="prerequisite", kind="prerequisite")
    >>> _ = G.add_edge("ann", "hnsw", key="prerequisite", kind="prerequisite")
    >>> nx.set_node_attributes(G, "concept", "kind")
    >>> hood = neighbourhood(G, "ann", radius=1)
    >>> [(n.slug, n.distance) for n in hood.nodes]
    [('ann', 0), ('embeddings', 1), ('hnsw', 1)]
    >>> neighbourhood(G, "ann", max_nodes=2).truncated
    True
    """
    if not 1 <= radius <= max_radius:
        raise ValueError(f"radius must be between 1 and {max_radius}")
    if max_nodes < 1:
        raise ValueError("max_nodes must be at least 1")
    chosen = check_kinds(kinds)
    require_nodes(G, [center])

    kept: dict[str, int] = {}
    truncated = False
    for distance, layer in enumerate(nx.bfs_layers(undirected_view(G, chosen), center)):
        room = max_nodes - len(kept)
        truncated = len(layer) > room
        kept.update((slug, distance) for slug in sorted(layer)[:room])
        if truncated or distance == radius:
            break  # before bfs_layers computes the next layer

    nodes = tuple(
        Neighbour(slug, G.nodes[slug]["kind"], d)
        for slug, d in sorted(kept.items(), key=lambda item: (item[1], item[0]))
    )
    edges = sorted(
        (
            Hop(u, v, kind)
            for u in kept
            for v, keys in G.succ[u].items()
            if v in kept
            for kind in chosen.intersection(keys)
        ),
        key=lambda h: (h.source, h.target, h.kind),
    )
    return Neighbourhood(center, radius, tuple(sorted(chosen)), nodes, tuple(edges), truncated)
