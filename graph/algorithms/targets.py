"""Turn study targets of any node kind into the concepts they stand for."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx

from graph.algorithms._graph import (
    ASSESSES,
    COVERS,
    PART_OF,
    SCHEDULES,
    concepts_in_domain,
    edge_sources,
    edge_targets,
    require_nodes,
)

__all__ = ["ResolvedTarget", "resolve_targets"]


@dataclass(frozen=True)
class ResolvedTarget:
    """A target concept and the requested targets it came from.

    Attributes
    ----------
    concept : str
        Slug of the concept to reach.
    via : tuple of str
        The requested slugs (concept, article, prompt, roadmap day or domain)
        that resolved to this concept, in request order.
    part_of : tuple of str
        The design cases whose interview covers this concept and which
        brought it in as a target (empty when it was requested itself).
    """

    concept: str
    via: tuple[str, ...]
    part_of: tuple[str, ...] = ()


def _ordered_targets(G: nx.MultiDiGraph, node: str, kind: str) -> list[str]:
    """Edge targets of `kind` ordered by the edge ``position``, then slug."""
    succ = G.succ[node]

    def key(v: str) -> tuple[int, str]:
        position = succ[v][kind].get("position")
        return (position if position is not None else 1 << 30, v)

    return sorted(edge_targets(G, node, kind), key=key)


def _concepts_of(G: nx.MultiDiGraph, slug: str) -> list[str]:
    kind = G.nodes[slug]["kind"]
    if kind == "concept":
        return [slug]
    if kind == "article":
        return _ordered_targets(G, slug, COVERS)
    if kind == "prompt":
        return _ordered_targets(G, slug, ASSESSES)
    if kind == "domain":
        return list(concepts_in_domain(G, slug))
    if kind == "roadmap_day":
        concepts: list[str] = []
        for item in _ordered_targets(G, slug, SCHEDULES):
            if G.nodes[item]["kind"] in ("concept", "article", "prompt"):
                concepts.extend(_concepts_of(G, item))
        return concepts
    raise ValueError(f"{slug!r} has unknown node kind {kind!r}")


def resolve_targets(
    G: nx.MultiDiGraph, slugs: Iterable[str], *, parts: bool = True
) -> tuple[ResolvedTarget, ...]:
    """Resolve requested targets to concepts, remembering where each came from.

    A concept stands for itself, an article for the concepts it covers, a
    prompt for the concepts it assesses, a roadmap day for the concepts it
    schedules plus the concepts of the articles and prompts it schedules, and
    a domain for its concepts. With `parts`, a design case also brings the
    concepts its interview covers (its ``part_of`` sources, and theirs), after
    all requested targets.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The content graph.
    slugs : iterable of str
        Requested targets of any kind, possibly mixed and repeated.

    Returns
    -------
    tuple of ResolvedTarget
        One entry per concept in order of first appearance (request order,
        then edge ``position`` and slug within an article, prompt or day,
        slug within a domain).

    Raises
    ------
    networkx.NodeNotFound
        Naming every requested slug that is not in `G`.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("hnsw", kind="concept")
    >>> G.add_node("ann", kind="concept")
    >>> G.add_node("vector-search-101", kind="article")
    >>> _ = G.add_edge("vector-search-101", "ann", key="covers", kind="covers")
    >>> [(t.concept, t.via) for t in resolve_targets(G, ["hnsw", "vector-search-101"])]
    [('hnsw', ('hnsw',)), ('ann', ('vector-search-101',))]
    """
    requested = list(dict.fromkeys(slugs))
    require_nodes(G, requested, what="target")
    via: dict[str, list[str]] = {}
    for slug in requested:
        for concept in _concepts_of(G, slug):
            origins = via.setdefault(concept, [])
            if slug not in origins:
                origins.append(slug)
    cases: dict[str, list[str]] = {}
    if parts:
        queue = list(via)
        while queue:
            case = queue.pop(0)
            for part in sorted(edge_sources(G, case, PART_OF)):
                if part in via and part not in cases:
                    continue  # requested in its own right
                if part not in via:
                    via[part] = list(via[case])
                    queue.append(part)
                cases.setdefault(part, [])
                if case not in cases[part]:
                    cases[part].append(case)
    return tuple(
        ResolvedTarget(concept, tuple(origins), tuple(cases.get(concept, ())))
        for concept, origins in via.items()
    )
