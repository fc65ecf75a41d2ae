"""The concepts a learner must study to reach a set of targets."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx

from graph.algorithms._graph import prerequisites
from graph.algorithms.targets import ResolvedTarget, resolve_targets

__all__ = ["Closure", "closure_of", "prerequisite_closure"]


@dataclass(frozen=True)
class Closure:
    """The result of :func:`prerequisite_closure`.

    Attributes
    ----------
    targets : tuple of ResolvedTarget
        Target concepts still to study, in resolution order.
    known_targets : tuple of ResolvedTarget
        Target concepts the learner already knows (reported, not studied).
    concepts : tuple of str
        Every concept to study, targets included, sorted by slug.
    assumed : tuple of str
        Known concepts the search met on the way, sorted: in blocking mode the
        search stopped there, in strict mode it walked through them.
    strict : bool
        Whether every ancestor was required (see :func:`prerequisite_closure`).
    """

    targets: tuple[ResolvedTarget, ...]
    known_targets: tuple[ResolvedTarget, ...]
    concepts: tuple[str, ...]
    assumed: tuple[str, ...]
    strict: bool

    def __len__(self) -> int:
        return len(self.concepts)

    @property
    def walked_targets(self) -> tuple[ResolvedTarget, ...]:
        """The targets the search started from: known ones too when strict."""
        return self.targets + self.known_targets if self.strict else self.targets

    @property
    def passed(self) -> frozenset[str]:
        """Known concepts a strict search walked through (empty when blocking)."""
        if not self.strict:
            return frozenset()
        return frozenset(self.assumed).union(t.concept for t in self.known_targets)


def prerequisite_closure(
    G: nx.MultiDiGraph,
    targets: Iterable[str],
    *,
    known: Iterable[str] = (),
    strict: bool = False,
) -> Closure:
    """Collect the concepts needed to reach `targets` from what is `known`.

    The search walks ``prerequisite`` edges backwards from the target
    concepts only, so it costs in proportion to the closure it returns.

    By default a known concept *blocks* the search (Metacademy's rule): it is
    taken as mastered together with its foundations, so its own
    prerequisites are required only when another path to a target still
    needs them. With ``strict=True`` knowledge vouches for nothing below it:
    every ancestor of a target (known targets included) that is not itself
    known is required.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The content graph.
    targets : iterable of str
        Slugs of any kind, resolved with :func:`resolve_targets`.
    known : iterable of str, optional
        Concepts the learner knows. Slugs missing from `G` (content removed
        since the learner marked them) are harmless and ignored.
    strict : bool, optional
        Require every not-known ancestor instead of stopping at known ones.

    Returns
    -------
    Closure

    Raises
    ------
    networkx.NodeNotFound
        When a target is not in `G`.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> for a, b in [("linear-algebra", "embeddings"), ("embeddings", "ann")]:
    ...     _ = G.add_edge(a, b, key="prerequisite", kind="prerequisite")
    >>> nx.set_node_attributes(G, "concept", "kind")
    >>> prerequisite_closure(G, ["ann"], known=["embeddings"]).concepts
    ('ann',)
    >>> prerequisite_closure(G, ["ann"], known=["embeddings"], strict=True).concepts
    ('ann', 'linear-algebra')
    """
    return closure_of(G, resolve_targets(G, targets), known=known, strict=strict)


def closure_of(
    G: nx.MultiDiGraph,
    resolved: Iterable[ResolvedTarget],
    *,
    known: Iterable[str] = (),
    strict: bool = False,
) -> Closure:
    """:func:`prerequisite_closure` of targets already resolved."""
    resolved = tuple(resolved)
    known_set = set(known)
    to_study = tuple(t for t in resolved if t.concept not in known_set)
    known_targets = tuple(t for t in resolved if t.concept in known_set)

    starts = resolved if strict else to_study
    visited = {t.concept for t in starts}
    queue = deque(visited)
    concepts = {t.concept for t in to_study}
    assumed: set[str] = set()
    while queue:
        node = queue.popleft()
        for pre in prerequisites(G, node):
            if pre in visited:
                continue
            visited.add(pre)
            if pre in known_set:
                assumed.add(pre)
                if not strict:
                    continue
            else:
                concepts.add(pre)
            queue.append(pre)
    return Closure(
        targets=to_study,
        known_targets=known_targets,
        concepts=tuple(sorted(concepts)),
        assumed=tuple(sorted(assumed)),
        strict=strict,
    )
