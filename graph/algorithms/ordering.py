"""A deterministic study order that keeps prerequisite clusters together."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import networkx as nx

from graph.algorithms._graph import DIFFICULTY_LEVELS, node_attrs, prerequisites
from graph.algorithms.closure import Closure

__all__ = ["OrderWeights", "study_order"]


@dataclass(frozen=True)
class OrderWeights:
    """How siblings are ordered when several prerequisites could come next.

    Each concept gets the score ``difficulty * level + minutes * minutes``,
    where ``level`` is the index of its difficulty in `levels` (0 for
    beginner). Lower scores come first; equal scores fall back to the slug,
    so the order is total and never depends on how the graph was built.

    With the defaults a difficulty level outweighs up to 1,000 minutes, i.e.
    easier first, then shorter first, then by slug.

    Attributes
    ----------
    difficulty : float
        Weight of one difficulty level.
    minutes : float
        Weight of one minute of study.
    levels : tuple of str
        Difficulty names from easiest to hardest.
    """

    difficulty: float = 1.0
    minutes: float = 0.001
    levels: tuple[str, ...] = DIFFICULTY_LEVELS

    def key(self, G: nx.MultiDiGraph) -> Callable[[str], tuple[float, str]]:
        """Return the sort key ``slug -> (score, slug)`` for concepts of `G`."""
        rank = {name: i for i, name in enumerate(self.levels)}
        nodes = node_attrs(G)

        def key(slug: str) -> tuple[float, str]:
            data = nodes[slug]
            level = rank.get(data.get("difficulty", ""), len(self.levels))
            return (self.difficulty * level + self.minutes * data.get("minutes", 0), slug)

        return key


def study_order(
    G: nx.MultiDiGraph, closure: Closure, *, weights: OrderWeights = OrderWeights()
) -> tuple[str, ...]:
    """Order the concepts of `closure` so each comes after its prerequisites.

    The order is the depth-first post-order from the targets over the
    prerequisite edges inside the closure (Metacademy style): each target is
    preceded by its whole not-yet-placed prerequisite cluster, and each
    prerequisite by its own, instead of the layer-by-layer order of Kahn's
    algorithm. Targets are visited in request order; targets that came from
    the same requested node (an article, a domain, a roadmap day) and the
    prerequisites of any concept are visited by `weights`.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The content graph.
    closure : Closure
        From :func:`prerequisite_closure`.
    weights : OrderWeights, optional
        Tie-break between siblings.

    Returns
    -------
    tuple of str
        Concept slugs, prerequisites before dependents.

    Raises
    ------
    networkx.NetworkXUnfeasible
        When the prerequisites inside the closure form a cycle.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> for a, b in [("a1", "a"), ("a", "t"), ("b1", "b"), ("b", "t")]:
    ...     _ = G.add_edge(a, b, key="prerequisite", kind="prerequisite")
    >>> nx.set_node_attributes(G, {"a": "beginner", "b": "advanced"}, "difficulty")
    >>> nx.set_node_attributes(G, "concept", "kind")
    >>> from graph.algorithms.closure import prerequisite_closure
    >>> study_order(G, prerequisite_closure(G, ["t"]))
    ('a1', 'a', 'b1', 'b', 't')
    """
    key = weights.key(G)
    # Known concepts a strict closure walked through stay in the walk (and
    # out of the result) so the clusters they link remain together.
    passed = closure.passed
    targets = closure.walked_targets
    members = passed.union(closure.concepts)
    group: dict[str, int] = {}
    for t in targets:
        group.setdefault(t.via[0], len(group))
    roots = sorted(targets, key=lambda t: (group[t.via[0]], key(t.concept)))

    # dfs_*_nodes start from one source, or from every node in insertion
    # order when given none: inserting the roots first makes them the starts.
    H = nx.DiGraph()
    H.add_nodes_from(t.concept for t in roots)
    H.add_nodes_from(sorted(members, key=key))
    H.add_edges_from(
        (node, pre) for node in members for pre in prerequisites(G, node) if pre in members
    )
    walk = list(nx.dfs_postorder_nodes(H, sort_neighbors=lambda nbrs: sorted(nbrs, key=key)))

    position = {slug: i for i, slug in enumerate(walk)}
    if any(position[pre] > position[node] for node, pre in H.edges):
        cycle = [node for node, _ in nx.find_cycle(H)]
        raise nx.NetworkXUnfeasible(
            "prerequisite cycle (each needs the next): " + " -> ".join([*cycle, cycle[0]])
        )
    return tuple(slug for slug in walk if slug not in passed)
