"""Shared vocabulary and fast neighbour access for the content graph.

Everything here reads the graph described in the storage contract: a
``networkx.MultiDiGraph`` keyed by slug whose edge keys are the edge kinds.
Helpers touch only the adjacency of the nodes they are given, never the
whole graph (the one exception, the domain index, is built once per graph
object and cached).
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable, Mapping
from typing import Any

import networkx as nx

__all__ = [
    "ASSESSES",
    "COVERS",
    "DIFFICULTY_LEVELS",
    "EDGE_KINDS",
    "FREQUENCY_LEVELS",
    "PART_OF",
    "PREREQUISITE",
    "RELATED",
    "SCHEDULES",
    "SENIORITY_LEVELS",
    "STAGES",
    "check_kinds",
    "concepts_in_domain",
    "dependents",
    "edge_sources",
    "edge_targets",
    "node_attrs",
    "prerequisites",
    "require_nodes",
    "undirected_view",
]

PREREQUISITE = "prerequisite"
RELATED = "related_to"
COVERS = "covers"
ASSESSES = "assesses"
SCHEDULES = "schedules"
PART_OF = "part_of"
EDGE_KINDS = frozenset({PREREQUISITE, RELATED, COVERS, ASSESSES, SCHEDULES, PART_OF})
STAGES = ("framing", "foundation", "core", "case")

DIFFICULTY_LEVELS = ("beginner", "intermediate", "advanced")
SENIORITY_LEVELS = ("mid", "senior", "staff")
FREQUENCY_LEVELS = ("low", "medium", "high")


def require_nodes(G: nx.MultiDiGraph, slugs: Iterable[str], *, what: str = "node") -> None:
    """Raise ``nx.NodeNotFound`` naming every slug of `slugs` that is not in `G`."""
    missing = sorted({s for s in slugs if s not in G})
    if missing:
        raise nx.NodeNotFound(
            f"unknown {what}{'s' if len(missing) > 1 else ''}: " + ", ".join(missing)
        )


# The hot loops read the adjacency dicts (G._pred, G._succ, G._node) as
# networkx's own algorithms do: going through the read-only views costs about
# four times more per neighbour, which dominates a 5,000-concept plan.


def edge_sources(G: nx.MultiDiGraph, node: str, kind: str) -> list[str]:
    """Nodes with an edge of `kind` into `node` (``u`` of ``u -kind-> node``)."""
    return [u for u, keys in G._pred[node].items() if kind in keys]


def edge_targets(G: nx.MultiDiGraph, node: str, kind: str) -> list[str]:
    """Nodes reached by an edge of `kind` out of `node`."""
    return [v for v, keys in G._succ[node].items() if kind in keys]


def node_attrs(G: nx.MultiDiGraph) -> Mapping[str, Mapping[str, Any]]:
    """Read-only use: slug -> attribute dict, without the view layer."""
    return G._node


def prerequisites(G: nx.MultiDiGraph, concept: str) -> list[str]:
    """Direct prerequisites of `concept` (what to learn before it)."""
    return edge_sources(G, concept, PREREQUISITE)


def dependents(G: nx.MultiDiGraph, concept: str) -> list[str]:
    """Concepts that list `concept` as a direct prerequisite."""
    return edge_targets(G, concept, PREREQUISITE)


def check_kinds(kinds: Iterable[str] | None) -> frozenset[str]:
    """Validate a selection of edge kinds; ``None`` means all of them."""
    if kinds is None:
        return EDGE_KINDS
    chosen = frozenset(kinds)
    unknown = sorted(chosen - EDGE_KINDS)
    if unknown:
        raise ValueError(f"unknown edge kinds: {', '.join(unknown)}")
    if not chosen:
        raise ValueError("choose at least one edge kind")
    return chosen


def undirected_view(G: nx.MultiDiGraph, kinds: frozenset[str]) -> nx.MultiGraph:
    """A read-only undirected view of `G` restricted to edges of `kinds`.

    Both views are built in constant time and filter lazily while a search
    walks them, so the cost stays with the nodes the search visits. (Never
    ``G.to_undirected()`` without ``as_view``: that copies the whole graph.)
    """
    if kinds == EDGE_KINDS:
        return G.to_undirected(as_view=True)
    filtered = nx.subgraph_view(G, filter_edge=lambda u, v, k: k in kinds)
    return filtered.to_undirected(as_view=True)


# The snapshot graph is immutable for its lifetime, so the domain index can be
# cached per graph object; the weak key lets the index die with the graph.
_DOMAIN_INDEX: weakref.WeakKeyDictionary[nx.MultiDiGraph, dict[str, tuple[str, ...]]] = (
    weakref.WeakKeyDictionary()
)


def concepts_in_domain(G: nx.MultiDiGraph, domain: str) -> tuple[str, ...]:
    """Concept slugs whose ``domain`` attribute is `domain`, sorted.

    Domain membership is an attribute, not an edge, so the first call on a
    graph scans its nodes once and caches the index for later calls.
    """
    index = _DOMAIN_INDEX.get(G)
    if index is None:
        grouped: dict[str, list[str]] = {}
        for slug, data in G.nodes(data=True):
            if data.get("kind") == "concept" and data.get("domain") is not None:
                grouped.setdefault(data["domain"], []).append(slug)
        index = {d: tuple(sorted(slugs)) for d, slugs in grouped.items()}
        _DOMAIN_INDEX[G] = index
    return index.get(domain, ())
