"""Why each concept of a study order is there."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import networkx as nx

from graph.algorithms._graph import dependents, node_attrs
from graph.algorithms.closure import Closure
from graph.algorithms.targets import ResolvedTarget

__all__ = ["Explanation", "explain_order", "name_list"]


@dataclass(frozen=True)
class Explanation:
    """Why a concept is in the order.

    Attributes
    ----------
    slug : str
        The concept.
    reason : str
        Why it is there, in words with titles: ``"Your target"``, ``"Part of
        Fraud detection: its interview covers this"``, ``"Prerequisite of X,
        needed for Y"``...
    is_target : bool
        Whether the concept is itself a target.
    role : {"target", "part", "prerequisite"}
        A requested target, a part brought in by a design case, or a
        prerequisite.
    prerequisite_of : str or None
        For prerequisites, X: the nearest dependent, i.e. the one placed
        first after this concept (the step it unlocks).
    targets : tuple of str
        Target concepts this one serves, itself included for a target, in
        target order.
    required_by : tuple of str
        Every direct dependent in the order, in order.
    """

    slug: str
    reason: str
    is_target: bool
    prerequisite_of: str | None
    targets: tuple[str, ...]
    required_by: tuple[str, ...]
    role: str = "target"


def name_list(names: Sequence[str], *, limit: int = 3) -> str:
    """``"a"``, ``"a, b"`` or ``"a, b, c and 4 more"``."""
    if len(names) <= limit:
        return ", ".join(names)
    return f"{', '.join(names[:limit])} and {len(names) - limit} more"


def explain_order(
    G: nx.MultiDiGraph, closure: Closure, order: Sequence[str]
) -> tuple[Explanation, ...]:
    """Explain every concept of `order` (from :func:`study_order`).

    The targets a concept serves are propagated backwards over its dependents
    as bit sets over the target list, so the cost is linear in the
    prerequisite edges of the order even when a domain brings hundreds of
    targets. In a strict closure the propagation also passes through the
    known concepts the closure walked through.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The content graph.
    closure : Closure
        The closure the order was built from.
    order : sequence of str
        A topological order of ``closure.concepts``.

    Returns
    -------
    tuple of Explanation
        Aligned with `order`.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> for a, b in [("embeddings", "ann"), ("ann", "hnsw")]:
    ...     _ = G.add_edge(a, b, key="prerequisite", kind="prerequisite")
    >>> nx.set_node_attributes(G, "concept", "kind")
    >>> from graph.algorithms.closure import prerequisite_closure
    >>> c = prerequisite_closure(G, ["hnsw"])
    >>> nx.set_node_attributes(G, {"ann": "ANN search", "hnsw": "HNSW"}, "title")
    >>> explain_order(G, c, ["embeddings", "ann", "hnsw"])[0].reason
    'Prerequisite of ANN search, needed for HNSW'
    """
    position = {slug: i for i, slug in enumerate(order)}
    passed = closure.passed
    target_names = [t.concept for t in closure.walked_targets]
    bit = {name: 1 << i for i, name in enumerate(target_names)}

    deps_cache: dict[str, list[str]] = {}

    def deps_of(slug: str) -> list[str]:
        deps = deps_cache.get(slug)
        if deps is None:
            deps = [d for d in dependents(G, slug) if d in position or d in passed]
            deps_cache[slug] = deps
        return deps

    serves = _propagate(order, deps_of, bit)
    resolved = {t.concept: t for t in closure.walked_targets}
    nodes = node_attrs(G)

    def title(slug: str | None) -> str:
        if slug is None:
            return "a known concept"
        return str(nodes[slug].get("title") or slug) if slug in nodes else slug

    explanations = []
    for slug in order:
        required_by = sorted((d for d in deps_of(slug) if d in position), key=position.__getitem__)
        served = _decode(serves[slug], target_names)
        if slug in bit:
            nearest = None
            target = resolved[slug]
            role = "part" if target.part_of else "target"
            reason = _target_reason(G, target, title)
        else:
            # A strict plan may reach its target only through known concepts.
            nearest = required_by[0] if required_by else min(deps_of(slug), default=None)
            role = "prerequisite"
            others = [title(t) for t in served if t != nearest]
            if nearest in served:
                reason = f"Prerequisite of {title(nearest)}, a target"
                if others:
                    reason += f"; also needed for {name_list(others)}"
            else:
                reason = f"Prerequisite of {title(nearest)}, needed for {name_list(others)}"
        explanations.append(
            Explanation(slug, reason, slug in bit, nearest, served, tuple(required_by), role)
        )
    return tuple(explanations)


def _target_reason(G: nx.MultiDiGraph, target: ResolvedTarget, title: Callable[[str], str]) -> str:
    """Why a target is one, from where it came: in words, with titles."""
    if target.part_of:
        cases = name_list([title(c) for c in target.part_of])
        return f"Part of {cases}: the design round covers it"
    origin = target.via[0]
    data = node_attrs(G).get(origin, {})
    kind = data.get("kind")
    if origin == target.concept or kind == "concept":
        return "Your target"
    if kind == "domain":
        return f"In {title(origin)}, which you are preparing"
    if kind == "roadmap_day":
        return f"On roadmap day {data.get('day')}: {title(origin)}"
    if kind == "article":
        return f"Covered by the article {title(origin)}"
    if kind == "prompt":
        return f"Assessed by the question {title(origin)}"
    return f"Needed for {title(origin)}"


def _propagate(
    order: Sequence[str], deps_of: Callable[[str], list[str]], bit: dict[str, int]
) -> dict[str, int]:
    """Targets served by each node, as bit sets, by post-order over dependents."""
    serves: dict[str, int] = {}
    for start in order:
        if start in serves:
            continue
        stack = [(start, iter(deps_of(start)))]
        while stack:
            node, pending = stack[-1]
            for dep in pending:
                if dep not in serves:
                    stack.append((dep, iter(deps_of(dep))))
                    break
            else:
                stack.pop()
                mask = bit.get(node, 0)
                for dep in deps_of(node):
                    mask |= serves[dep]
                serves[node] = mask
    return serves


def _decode(mask: int, names: Sequence[str]) -> tuple[str, ...]:
    out = []
    while mask:
        low = mask & -mask
        out.append(names[low.bit_length() - 1])
        mask ^= low
    return tuple(out)
