"""A deterministic study order that keeps prerequisite clusters together."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx

from graph.algorithms._graph import (
    DIFFICULTY_LEVELS,
    PART_OF,
    PREREQUISITE,
    SENIORITY_LEVELS,
    STAGES,
    node_attrs,
)
from graph.algorithms.closure import Closure
from graph.algorithms.targets import ResolvedTarget

__all__ = ["OrderWeights", "seniority_fit", "stage_rank", "study_order"]


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


def _rank(values: tuple[str, ...], value: object, default: str) -> int:
    try:
        return values.index(value if value is not None else default)  # type: ignore[arg-type]
    except ValueError:
        return values.index(default)


def stage_rank(G: nx.MultiDiGraph, slug: str) -> int:
    """The concept's place in the arc ``framing < foundation < core < case``."""
    return _rank(STAGES, node_attrs(G)[slug].get("stage"), "core")


def seniority_fit(G: nx.MultiDiGraph, slug: str, seniority: str | None) -> int:
    """How much the concept matters at `seniority`: 0 essential, 1 expected, 2 a stretch.

    For a staff candidate the staff-level topics (scope, strategy, influence)
    are essential; for a mid-level candidate anything expected only from
    senior candidates up, or of advanced difficulty, is a stretch; for a
    senior candidate staff-level topics are.
    """
    if seniority is None:
        return 1
    data = node_attrs(G)[slug]
    level = _rank(SENIORITY_LEVELS, data.get("seniority"), "mid")
    wanted = _rank(SENIORITY_LEVELS, seniority, "senior")
    if wanted == len(SENIORITY_LEVELS) - 1 and level == wanted:
        return 0
    if level > wanted or (wanted == 0 and data.get("difficulty") == "advanced"):
        return 2
    return 1


def study_order(
    G: nx.MultiDiGraph,
    closure: Closure,
    *,
    weights: OrderWeights = OrderWeights(),
    seniority: str | None = None,
    interleave: bool = True,
) -> tuple[str, ...]:
    """Order the concepts of `closure` so each comes after its prerequisites.

    Within one domain the order is the depth-first post-order from the
    targets over the prerequisite edges inside the closure (Metacademy
    style): each target is preceded by its whole not-yet-placed prerequisite
    cluster, instead of the layer-by-layer order of Kahn's algorithm. A
    design case's parts (``part_of`` edges) are visited like prerequisites,
    so they come before the case.

    Targets are visited by stage first (framing, foundation, core, case: the
    domain's arc, read from the ``stage`` attribute), then in request order;
    targets that came from the same requested node (an article, a domain, a
    roadmap day) are visited by how much they matter at `seniority` (see
    :func:`seniority_fit`) and then by `weights`, which also orders the
    prerequisites of any concept.

    Framing concepts (how to open the round) come first in every plan, also
    when they are only prerequisites of a later step.

    When the targets span several domains and `interleave` is set, each
    domain's targets form a track and the tracks are merged so that each
    advances in proportion to its study minutes: the days mix the domains as
    the roadmap does, and a concept still never precedes a prerequisite.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The content graph.
    closure : Closure
        From :func:`prerequisite_closure`.
    weights : OrderWeights, optional
        Tie-break between siblings.
    seniority : {"mid", "senior", "staff"}, optional
        The learner's level; without it all targets matter alike.
    interleave : bool, optional
        Merge the domains' tracks instead of studying one domain after another.

    Returns
    -------
    tuple of str
        Concept slugs, prerequisites and parts before dependents.

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
    nodes = node_attrs(G)
    # Known concepts a strict closure walked through stay in the walk (and
    # out of the result) so the clusters they link remain together.
    passed = closure.passed
    targets = closure.walked_targets
    members = passed.union(closure.concepts)
    group: dict[str, int] = {}
    for t in targets:
        group.setdefault(t.via[0], len(group))

    def root_key(t: ResolvedTarget) -> tuple[object, ...]:
        return (
            stage_rank(G, t.concept),
            group[t.via[0]],
            seniority_fit(G, t.concept, seniority),
            key(t.concept),
        )

    roots = sorted(targets, key=root_key)
    needs: dict[str, list[str]] = {
        node: sorted(
            (
                pre
                for pre, kinds in G._pred[node].items()
                if pre in members and (PREREQUISITE in kinds or PART_OF in kinds)
            ),
            key=key,
        )
        for node in members
    }

    tracks: dict[object, list[str]] = {}
    placed: set[str] = set()
    for root in roots:
        domain = nodes[root.concept].get("domain") if interleave else None
        track = tracks.setdefault(domain, [])
        _post_order(root.concept, needs, placed, track)
    for node in sorted(members, key=key):  # unreachable members (none in a closure)
        _post_order(node, needs, placed, tracks.setdefault(None, []))

    if len(tracks) > 1:
        walk = _merge(list(tracks.values()), needs, nodes)
    else:
        walk = next(iter(tracks.values()), [])
    # Every plan opens with its framing (how to open the round), wherever a
    # target needs it: a framing concept whose needs are all framing moves to
    # the front, keeping its order.
    framing: set[str] = set()
    for slug in walk:
        if nodes[slug].get("stage") == "framing" and all(p in framing for p in needs[slug]):
            framing.add(slug)
    if framing:
        walk = [s for s in walk if s in framing] + [s for s in walk if s not in framing]
    position = {slug: i for i, slug in enumerate(walk)}
    for node, pres in needs.items():
        if any(position[pre] > position[node] for pre in pres):
            H = nx.DiGraph((pre, n) for n, ps in needs.items() for pre in ps)
            cycle = [u for u, _ in nx.find_cycle(H)]
            raise nx.NetworkXUnfeasible(
                "prerequisite cycle (each needs the next): " + " -> ".join([*cycle, cycle[0]])
            )
    return tuple(slug for slug in walk if slug not in passed)


def _post_order(root: str, needs: dict[str, list[str]], placed: set[str], out: list[str]) -> None:
    """Append the not-yet-placed nodes under `root` to `out`, prerequisites first."""
    if root in placed:
        return
    placed.add(root)
    stack = [(root, iter(needs[root]))]
    while stack:
        node, pending = stack[-1]
        for pre in pending:
            if pre not in placed:
                placed.add(pre)
                stack.append((pre, iter(needs[pre])))
                break
        else:
            stack.pop()
            out.append(node)


def _merge(
    tracks: list[list[str]], needs: dict[str, list[str]], nodes: Mapping[str, Mapping[str, Any]]
) -> list[str]:
    """Merge tracks so each advances in proportion to its minutes.

    A later track may need a concept an earlier one placed (the walk of the
    earlier track got there first), never the other way round, so the first
    unfinished track can always move and the merge never stalls.
    """
    totals = [max(1, sum(nodes[s].get("minutes", 0) for s in t)) for t in tracks]
    done = [0] * len(tracks)
    heads = [0] * len(tracks)
    emitted: set[str] = set()
    out: list[str] = []
    while len(out) < sum(len(t) for t in tracks):
        best = None
        for i, track in enumerate(tracks):
            if heads[i] == len(track):
                continue
            head = track[heads[i]]
            if all(pre in emitted for pre in needs[head]):
                share = done[i] / totals[i]
                if best is None or share < best[0]:
                    best = (share, i)
        assert best is not None, "a later track never blocks an earlier one"
        i = best[1]
        slug = tracks[i][heads[i]]
        heads[i] += 1
        done[i] += nodes[slug].get("minutes", 0)
        emitted.add(slug)
        out.append(slug)
    return out
