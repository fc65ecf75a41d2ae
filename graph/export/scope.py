"""Scopes: the part of the content graph an export covers.

`scope_subgraph` picks nodes with *selectors* and then keeps the edges among them:

- ``around=slug, radius=r``: the nodes within ``r`` hops of ``slug``, walking
  edges in both directions (``related_to`` is symmetric, and a prompt or article
  is "near" the concepts it points at);
- ``closure_of=slugs``: the targets and all their ancestors over ``prerequisite``
  edges (everything to learn before them);
- ``plan_steps=[slug, ...]``: a study plan; each node gets a ``step`` attribute
  (1, 2, ...) in the order given and ``plan_role="step"``, and only
  ``prerequisite`` and ``part_of`` edges are kept. ``plan_known=[slug, ...]``
  adds the concepts the learner knows already, with ``plan_role="known"`` and
  no step, so a drawing shows where the plan starts from;
- ``domains=[slug, ...]``: the domain nodes themselves and every node whose
  ``domain`` attribute is one of them. That includes the roadmap days that name
  the domain, and excludes days without a domain, which would drag in every
  domain they schedule;
- ``node_kinds=[...]``: only nodes of these kinds;
- ``edge_kinds=[...]``: only edges of these kinds (all selected nodes stay, even
  when they lose every edge). ``around`` walks only these kinds.

Selectors combine by intersection. With none given the graph itself is returned
(not a copy); otherwise a new `networkx.MultiDiGraph` holding shallow copies of
the node attribute dicts, so adding ``step`` never touches the shared snapshot.
Its ``graph["domain_titles"]`` maps each domain its nodes belong to onto the
domain's title, even when the domain node itself is outside the scope.

Costs follow what a selector touches: walks read only the adjacency of the nodes
they reach, and edges are collected from the selected nodes' successors. Finding
the nodes of a domain or kind needs an index: it is built once per graph and
cached when the graph is frozen (``nx.freeze``, as the immutable snapshots are);
an unfrozen graph is scanned each time.
"""

from __future__ import annotations

import weakref
from collections import deque
from collections.abc import Iterable
from typing import Any

import networkx as nx

from graph.export._common import EDGE_KINDS, NODE_KINDS
from graph.suggest import did_you_mean

__all__ = ["scope_subgraph"]

_Index = tuple[dict[str | None, list[str]], dict[str, list[str]]]
_INDEXES: weakref.WeakKeyDictionary[nx.MultiDiGraph, _Index] = weakref.WeakKeyDictionary()


def scope_subgraph(
    G: nx.MultiDiGraph,
    *,
    domains: Iterable[str] | None = None,
    node_kinds: Iterable[str] | None = None,
    edge_kinds: Iterable[str] | None = None,
    around: str | None = None,
    radius: int = 1,
    closure_of: str | Iterable[str] | None = None,
    plan_steps: Iterable[str] | None = None,
    plan_known: Iterable[str] | None = None,
) -> nx.MultiDiGraph:
    """Return the part of ``G`` chosen by the selectors (see the module docstring).

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The content graph.
    domains, node_kinds, edge_kinds : iterables of str, optional
        Domain slugs, node kinds and edge kinds to keep.
    around : str, optional
        Centre of a neighbourhood of ``radius`` hops (edges walked both ways).
    closure_of : str or iterable of str, optional
        Targets whose prerequisite closure is kept.
    plan_steps : iterable of str, optional
        Slugs of a study plan in order; numbered 1.. in the ``step`` attribute.
    plan_known : iterable of str, optional
        Known concepts drawn with the plan (``plan_role="known"``); only with
        ``plan_steps``.

    Returns
    -------
    networkx.MultiDiGraph
        ``G`` itself when no selector is given, else a new graph.

    Raises
    ------
    networkx.NodeNotFound
        If ``around``, a target, a plan step or a domain is not a node of ``G``.
    ValueError
        For an unknown node or edge kind, a negative radius or a repeated plan step.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_edge("a", "b", key="prerequisite", kind="prerequisite")
    'prerequisite'
    >>> G.add_edge("b", "c", key="prerequisite", kind="prerequisite")
    'prerequisite'
    >>> sorted(scope_subgraph(G, closure_of="b"))
    ['a', 'b']
    >>> scope_subgraph(G, plan_steps=["a", "c"]).nodes["c"]["step"]
    2
    """
    node_kind_set = _kinds(node_kinds, NODE_KINDS, "node")
    edge_kind_set = walk_kinds = _kinds(edge_kinds, EDGE_KINDS, "edge")
    steps: list[str] | None = None
    known = [] if plan_known is None else list(dict.fromkeys(plan_known))
    if known and plan_steps is None:
        raise ValueError("plan_known only marks the known concepts of a plan: give plan_steps")
    if plan_steps is not None:
        steps = list(plan_steps)
        plan_edges = {"prerequisite", "part_of"}
        edge_kind_set = plan_edges if edge_kind_set is None else edge_kind_set & plan_edges
    if (
        domains is None
        and node_kind_set is None
        and around is None
        and closure_of is None
        and steps is None
    ):
        return G if edge_kind_set is None else _induced(G, G.nodes, edge_kind_set)

    # Walks first: they are small, and the attribute filters then just test them.
    selected: set[str] | None = None
    if around is not None:
        selected = _neighbourhood(G, around, radius, walk_kinds)
    if closure_of is not None:
        targets = [closure_of] if isinstance(closure_of, str) else list(closure_of)
        selected = _intersect(selected, _prerequisite_closure(G, targets))
    if steps is not None:
        selected = _intersect(selected, _plan_nodes(G, steps, known))
    domain_set = None if domains is None else _domains(G, domains)
    if selected is None:
        selected = _from_index(G, domain_set, node_kind_set)
    else:
        selected = {n for n in selected if _keep(G.nodes[n], domain_set, node_kind_set)}

    order: Iterable[str] = sorted(selected)
    if steps is not None:
        order = [n for n in [*steps, *known] if n in selected]
    H = _induced(G, order, edge_kind_set)
    if steps is not None:
        for number, n in enumerate(steps, start=1):
            if n in H:
                H.nodes[n]["step"] = number
                H.nodes[n]["plan_role"] = "step"
        for n in known:
            if n in H:
                H.nodes[n]["plan_role"] = "known"
    return H


def _kinds(kinds: Iterable[str] | None, known: tuple[str, ...], what: str) -> set[str] | None:
    if kinds is None:
        return None
    chosen = {kinds} if isinstance(kinds, str) else set(kinds)
    unknown = chosen.difference(known)
    if unknown:
        raise ValueError(f"unknown {what} kind(s) {sorted(unknown)}; expected {list(known)}")
    return chosen


def _intersect(selected: set[str] | None, other: set[str]) -> set[str]:
    return other if selected is None else selected & other


def _require(G: nx.MultiDiGraph, n: str, what: str) -> None:
    if n not in G:
        raise nx.NodeNotFound(f"{what} {n!r} is not in the graph{did_you_mean(n, G)}")


def _neighbourhood(
    G: nx.MultiDiGraph, centre: str, radius: int, edge_kinds: set[str] | None
) -> set[str]:
    _require(G, centre, "node")
    if radius < 0:
        raise ValueError(f"radius must be >= 0, got {radius}")
    seen = {centre}
    frontier = [centre]
    for _ in range(radius):
        reached = []
        for n in frontier:
            for adjacency in (G.succ[n], G.pred[n]):
                for m, keyed in adjacency.items():
                    if m not in seen and (edge_kinds is None or not edge_kinds.isdisjoint(keyed)):
                        seen.add(m)
                        reached.append(m)
        frontier = reached
    return seen


def _prerequisite_closure(G: nx.MultiDiGraph, targets: list[str]) -> set[str]:
    for t in targets:
        _require(G, t, "target")
    seen = set(targets)
    queue = deque(targets)
    while queue:
        for m, keyed in G.pred[queue.popleft()].items():
            if m not in seen and "prerequisite" in keyed:
                seen.add(m)
                queue.append(m)
    return seen


def _plan_nodes(G: nx.MultiDiGraph, steps: list[str], known: list[str]) -> set[str]:
    for n in steps:
        _require(G, n, "plan step")
    for n in known:
        _require(G, n, "known concept")
    chosen = set(steps)
    if len(chosen) != len(steps):
        raise ValueError("plan_steps lists a node more than once")
    both = chosen.intersection(known)
    if both:
        raise ValueError(f"{sorted(both)} cannot be both a plan step and known")
    return chosen | set(known)


def _domains(G: nx.MultiDiGraph, domains: Iterable[str]) -> set[str]:
    chosen = {domains} if isinstance(domains, str) else set(domains)
    for d in chosen:
        _require(G, d, "domain")
    return chosen


def _keep(attrs: dict[str, Any], domains: set[str] | None, kinds: set[str] | None) -> bool:
    if kinds is not None and attrs.get("kind") not in kinds:
        return False
    if domains is None:
        return True
    if attrs.get("kind") == "domain":
        return attrs.get("slug") in domains
    return attrs.get("domain") in domains


def _from_index(G: nx.MultiDiGraph, domains: set[str] | None, kinds: set[str] | None) -> set[str]:
    by_domain, by_kind = _index(G)
    if domains is not None:
        picked = {n for d in domains for n in by_domain.get(d, ())}
        picked.update(d for d in domains if G.nodes[d].get("kind") == "domain")
        if kinds is None:
            return picked
        return {n for n in picked if G.nodes[n].get("kind") in kinds}
    assert kinds is not None  # the caller returns early when no selector is given
    return {n for k in kinds for n in by_kind.get(k, ())}


def _index(G: nx.MultiDiGraph) -> _Index:
    cached = _INDEXES.get(G)
    if cached is not None:
        return cached
    by_domain: dict[str | None, list[str]] = {}
    by_kind: dict[str, list[str]] = {}
    for n, attrs in G.nodes(data=True):
        by_domain.setdefault(attrs.get("domain"), []).append(n)
        by_kind.setdefault(attrs.get("kind"), []).append(n)
    if nx.is_frozen(G):
        _INDEXES[G] = (by_domain, by_kind)
    return by_domain, by_kind


def _induced(
    G: nx.MultiDiGraph, nodes: Iterable[str], edge_kinds: set[str] | None
) -> nx.MultiDiGraph:
    H = nx.MultiDiGraph()
    H.graph.update(G.graph)
    H.add_nodes_from((n, dict(G.nodes[n])) for n in nodes)
    homes = {a.get("domain") for _, a in H.nodes(data=True)}
    homes.update(n for n, a in H.nodes(data=True) if a.get("kind") == "domain")
    H.graph["domain_titles"] = {
        d: str(G.nodes[d].get("title", d)) for d in sorted(h for h in homes if h in G)
    }
    for u in list(H):
        for v, keyed in G.succ[u].items():
            if v in H:
                for kind, attrs in keyed.items():
                    if edge_kinds is None or kind in edge_kinds:
                        H.add_edge(u, v, key=kind, **attrs)
    return H
