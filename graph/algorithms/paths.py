"""How two nodes of the content graph are connected."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

import networkx as nx

from graph.algorithms._graph import check_kinds, require_nodes, undirected_view

__all__ = ["GraphPath", "Hop", "path_between"]


@dataclass(frozen=True)
class Hop:
    """One stored edge: ``source -kind-> target`` in its stored direction."""

    source: str
    target: str
    kind: str


@dataclass(frozen=True)
class GraphPath:
    """A path as the nodes visited and the edge used for each step.

    ``hops[i]`` joins ``nodes[i]`` and ``nodes[i + 1]``; its ``source`` is
    ``nodes[i + 1]`` when the path walks the edge against its direction.
    """

    nodes: tuple[str, ...]
    hops: tuple[Hop, ...]

    @property
    def length(self) -> int:
        return len(self.hops)


def path_between(
    G: nx.MultiDiGraph,
    source: str,
    target: str,
    *,
    kinds: Iterable[str] | None = None,
) -> GraphPath | None:
    """The shortest path from `source` to `target`, edges walked either way.

    Knowledge relations are navigable both ways (a prerequisite explains its
    dependent and the reverse), so direction is ignored while searching and
    reported on each hop. Among several shortest paths the one whose node
    sequence is lexicographically smallest is returned, so the answer does
    not depend on how the graph was built or on hash seeds. Between two
    nodes the hop uses the stored direction ``a -> b`` when there is one,
    then the alphabetically first kind.

    The length comes from networkx's bidirectional BFS; the canonical path
    is then traced through the BFS balls of half that radius around both
    ends, so the cost stays with the balls the search touches.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The content graph.
    source, target : str
        Slugs of any kind.
    kinds : iterable of str, optional
        Edge kinds to walk; all kinds by default.

    Returns
    -------
    GraphPath or None
        None when no path uses only `kinds`.

    Raises
    ------
    networkx.NodeNotFound
        Naming every unknown endpoint.
    ValueError
        For an unknown edge kind.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> _ = G.add_edge("embeddings", "ann", key="prerequisite", kind="prerequisite")
    >>> _ = G.add_edge("hnsw", "ann", key="related_to", kind="related_to")
    >>> p = path_between(G, "embeddings", "hnsw")
    >>> p.nodes
    ('embeddings', 'ann', 'hnsw')
    >>> [(h.source, h.target, h.kind) for h in p.hops]
    [('embeddings', 'ann', 'prerequisite'), ('hnsw', 'ann', 'related_to')]
    >>> path_between(G, "embeddings", "hnsw", kinds=["prerequisite"]) is None
    True
    """
    chosen = check_kinds(kinds)
    require_nodes(G, [source, target])
    if source == target:
        return GraphPath((source,), ())
    U = undirected_view(G, chosen)
    try:
        length = len(nx.bidirectional_shortest_path(U, source, target)) - 1
    except nx.NetworkXNoPath:
        return None
    nodes = _smallest_shortest_path(U, source, target, length)
    return GraphPath(nodes, tuple(_hop(G, a, b, chosen) for a, b in pairwise(nodes)))


def _smallest_shortest_path(U: nx.MultiGraph, s: str, t: str, length: int) -> tuple[str, ...]:
    """The lexicographically smallest of the shortest `s`-`t` paths."""
    a = length // 2
    from_s = nx.single_source_shortest_path_length(U, s, cutoff=a)
    to_t = nx.single_source_shortest_path_length(U, t, cutoff=length - a)
    # on_path[k]: nodes k steps from s that lie on some shortest path, k <= a.
    layers: list[set[str]] = [set() for _ in range(a + 1)]
    for node, k in from_s.items():
        layers[k].add(node)
    on_path: list[set[str]] = [set() for _ in range(a + 1)]
    on_path[a] = {v for v in layers[a] if to_t.get(v) == length - a}
    for k in range(a - 1, -1, -1):
        on_path[k] = {v for v in layers[k] if any(w in on_path[k + 1] for w in U[v])}
    path, node = [s], s
    for k in range(1, length + 1):
        if k <= a:
            node = min(w for w in U[node] if w in on_path[k])
        else:  # any step that gets one closer to t stays on a shortest path
            node = min(w for w in U[node] if to_t.get(w) == length - k)
        path.append(node)
    return tuple(path)


def _hop(G: nx.MultiDiGraph, a: str, b: str, kinds: frozenset[str]) -> Hop:
    forward = sorted(kinds.intersection(G.succ[a].get(b, ())))
    if forward:
        return Hop(a, b, forward[0])
    return Hop(b, a, min(kinds.intersection(G.succ[b][a])))
