"""Coverage statistics over a content set (``prepgraph validate --report``, quality gates)."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

import networkx as nx

from graph.content.model import ContentSet
from graph.models.enums import EdgeKind, NodeKind

__all__ = ["Coverage", "coverage", "prerequisite_graph", "redundant_prerequisites"]


@dataclass(frozen=True)
class Coverage:
    kinds: tuple[str, ...]
    per_domain: dict[str, Counter[str]]
    edges: dict[str, int]
    isolated: list[str]
    unassessed: list[str]
    redundant: list[tuple[str, str]]
    longest_chains: list[list[str]]


def prerequisite_graph(content: ContentSet) -> nx.DiGraph:
    graph = nx.DiGraph()
    graph.add_nodes_from(n.slug for n in content.nodes if n.kind is NodeKind.CONCEPT)
    graph.add_edges_from(
        (e.source, e.target) for e in content.edges if e.kind is EdgeKind.PREREQUISITE
    )
    return graph


def redundant_prerequisites(graph: nx.DiGraph) -> list[tuple[str, str]]:
    """Prerequisite edges implied by a longer path (absent from the transitive reduction)."""
    reduced = nx.transitive_reduction(graph)
    return sorted(set(graph.edges()) - set(reduced.edges()))


def _longest_chains(graph: nx.DiGraph, count: int) -> list[list[str]]:
    # Longest path ending at each node, by dynamic programming over a topological order.
    best: dict[str, list[str]] = {}
    for node in nx.lexicographical_topological_sort(graph):
        preds = [best[p] for p in graph.predecessors(node)]
        longest = max(preds, key=len, default=[])
        best[node] = [*longest, node]
    ends = sorted(best.values(), key=lambda chain: (-len(chain), chain[-1]))
    chains: list[list[str]] = []
    for chain in ends:
        if not any(chain[-1] in other for other in chains):
            chains.append(chain)
        if len(chains) == count:
            break
    return chains


def coverage(content: ContentSet, *, chains: int = 5) -> Coverage:
    kinds = tuple(k.value for k in NodeKind if k is not NodeKind.DOMAIN)
    per_domain: dict[str, Counter[str]] = defaultdict(Counter)
    for node in content.nodes:
        if node.kind is not NodeKind.DOMAIN:
            per_domain[node.domain or "(none)"][node.kind.value] += 1
    touched = {e.source for e in content.edges} | {e.target for e in content.edges}
    assessed = {e.target for e in content.edges if e.kind is EdgeKind.ASSESSES}
    graph = prerequisite_graph(content)
    return Coverage(
        kinds=kinds,
        per_domain=dict(sorted(per_domain.items())),
        edges=dict(Counter(e.kind.value for e in content.edges)),
        isolated=sorted(
            n.slug for n in content.nodes if n.kind is not NodeKind.DOMAIN and n.slug not in touched
        ),
        unassessed=sorted(
            n.slug for n in content.nodes if n.kind is NodeKind.CONCEPT and n.slug not in assessed
        ),
        redundant=redundant_prerequisites(graph),
        longest_chains=_longest_chains(graph, chains),
    )
