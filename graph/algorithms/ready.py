"""What a learner can study next: the outer fringe, ranked for them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx

from graph.algorithms._graph import RELATED, dependents, edge_sources, edge_targets, prerequisites
from graph.algorithms.closure import prerequisite_closure
from graph.algorithms.explain import explain_order, name_list
from graph.algorithms.ordering import OrderWeights, study_order
from graph.algorithms.targets import resolve_targets

__all__ = ["ReadyItem", "ready_to_learn"]

try:  # networkx's default pagerank needs scipy; its pure-Python one does not.
    import scipy  # noqa: F401
except ImportError:  # pragma: no cover - depends on the environment
    from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python as _pagerank
else:
    _pagerank = nx.pagerank


@dataclass(frozen=True)
class ReadyItem:
    """A concept the learner can start now.

    Attributes
    ----------
    slug : str
    score : float
        Personalised PageRank in the learner's neighbourhood (higher first).
    reason : str
        Why it is suggested, e.g. ``"prerequisite of your target hnsw"``.
    unlocks : tuple of str
        Concepts whose last missing prerequisite this is.
    targets : tuple of str
        Targets (and weak concepts) it leads toward.
    """

    slug: str
    score: float
    reason: str
    unlocks: tuple[str, ...]
    targets: tuple[str, ...]


def ready_to_learn(
    G: nx.MultiDiGraph,
    *,
    known: Iterable[str] = (),
    targets: Iterable[str] = (),
    weak: Iterable[str] = (),
    n: int = 10,
    weak_weight: float = 0.5,
    related_weight: float = 0.5,
    alpha: float = 0.85,
    weights: OrderWeights = OrderWeights(),
) -> tuple[ReadyItem, ...]:
    """Rank the concepts not known whose prerequisites are all known.

    Only a bounded region is searched and ranked: the blocking closure of the
    targets and weak concepts, and the dependents of known concepts. In it,
    the candidates are the concepts not known whose prerequisites are all
    known (concepts without prerequisites count when not known). They are
    ranked by ``nx.pagerank`` on the region, walking from each concept to
    its prerequisites (and both ways along ``related_to`` edges), with the
    teleport vector on the targets (weight 1) and weak concepts
    (`weak_weight`): what leads to the learner's goals ranks first. Ties
    fall back to `weights`.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The content graph.
    known : iterable of str, optional
        Concepts the learner knows.
    targets : iterable of str, optional
        Goals of any kind (see :func:`resolve_targets`); a domain gives a new
        learner its starting points.
    weak : iterable of str, optional
        Concepts the learner struggles with, of any kind.
    n : int, optional
        How many items to return, at least 1.
    weak_weight, related_weight, alpha : float, optional
        Teleport weight of weak concepts, walk weight of ``related_to``
        edges against prerequisite edges (1), PageRank damping.
    weights : OrderWeights, optional
        Tie-break between equal scores.

    Returns
    -------
    tuple of ReadyItem
        At most `n`, best first. Empty when there is nothing to start from
        (no targets, weak or known concepts).

    Raises
    ------
    networkx.NodeNotFound
        Naming every unknown target or weak slug.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> for a, b in [("embeddings", "ann"), ("ann", "hnsw"), ("embeddings", "clustering")]:
    ...     _ = G.add_edge(a, b, key="prerequisite", kind="prerequisite")
    >>> nx.set_node_attributes(G, "concept", "kind")
    >>> [(r.slug, r.reason) for r in ready_to_learn(G, known=["embeddings"], targets=["hnsw"])]
    [('ann', 'prerequisite of your target hnsw'), ('clustering', 'builds on embeddings')]
    """
    if n < 1:
        raise ValueError("n must be at least 1")
    known_set = set(known)
    requested = list(targets)
    weak_concepts = [t.concept for t in resolve_targets(G, weak)]
    closure = prerequisite_closure(G, [*requested, *weak_concepts], known=known_set)
    goals = {t.concept for t in closure.targets if set(requested).intersection(t.via)}
    why = {e.slug: e for e in explain_order(G, closure, study_order(G, closure, weights=weights))}

    def is_ready(concept: str) -> bool:
        return concept not in known_set and all(p in known_set for p in prerequisites(G, concept))

    candidates = {c for c in closure.concepts if is_ready(c)}
    for k in known_set:
        if k in G:
            candidates.update(d for d in dependents(G, k) if is_ready(d))
    if not candidates:
        return ()

    region = set(closure.concepts) | candidates | set(weak_concepts)
    walk = nx.DiGraph()
    walk.add_nodes_from(sorted(region))
    for node in list(walk):  # sorted: the same sums in the same order every time
        walk.add_edges_from(
            (node, p, {"weight": 1.0}) for p in prerequisites(G, node) if p in region
        )
        for other in (*edge_targets(G, node, RELATED), *edge_sources(G, node, RELATED)):
            if other in region:
                walk.add_edge(node, other, weight=related_weight)
                walk.add_edge(other, node, weight=related_weight)
    teleport = {g: 1.0 for g in goals} | {w: weak_weight for w in weak_concepts if w not in goals}
    score = _pagerank(walk, alpha=alpha, personalization=teleport or None, weight="weight")

    key = weights.key(G)
    ranked = sorted(candidates, key=lambda c: (-round(score[c], 12), key(c)))[:n]
    items = []
    for c in ranked:
        unlocks = tuple(
            sorted(
                d
                for d in dependents(G, c)
                if d not in known_set and all(p in known_set or p == c for p in prerequisites(G, d))
            )
        )
        served = why[c].targets if c in why else ()
        reason = _reason(G, c, served, goals, set(weak_concepts), unlocks, known_set)
        items.append(ReadyItem(c, score[c], reason, unlocks, served))
    return tuple(items)


def _reason(
    G: nx.MultiDiGraph,
    concept: str,
    served: tuple[str, ...],
    goals: set[str],
    weak: set[str],
    unlocks: tuple[str, ...],
    known: set[str],
) -> str:
    """The most useful short sentence about why `concept` is suggested."""
    to_goals = [t for t in served if t in goals and t != concept]
    to_weak = [t for t in served if t in weak and t != concept]
    needed_by = set(dependents(G, concept))
    direct = [t for t in to_goals if t in needed_by]
    if concept in goals:
        return "one of your targets"
    if direct:
        return f"prerequisite of your target {name_list(direct)}"
    if to_goals:
        count = len(unlocks)
        noun = "concept" if count == 1 else "concepts"
        lead = f"unlocks {count} {noun}" if count else "on the way"
        word = "target" if len(to_goals) == 1 else "targets"
        return f"{lead} toward {word} {name_list(to_goals)}"
    if concept in weak:
        return "one of your weak concepts"
    if to_weak:
        return f"prerequisite of your weak concept {name_list(to_weak)}"
    related = sorted(
        w
        for w in (*edge_targets(G, concept, RELATED), *edge_sources(G, concept, RELATED))
        if w in weak
    )
    if related:
        return f"related to your weak concept {name_list(related)}"
    built_on = sorted(p for p in prerequisites(G, concept) if p in known)
    if built_on:
        return f"builds on {name_list(built_on)}"
    return "no prerequisites"
