"""Whole-graph checks on a ContentSet, before anything is written."""

from __future__ import annotations

from collections import defaultdict

import networkx as nx

from graph.content.model import (
    ContentError,
    ContentIssue,
    ContentSet,
    EdgeSpec,
    NodeSpec,
    name_key,
)
from graph.models.enums import EDGE_ENDPOINTS, STAGE_RANK, EdgeKind, NodeKind, Stage, edge_allowed
from graph.suggest import did_you_mean

__all__ = ["format_cycle", "prerequisite_cycle", "validate_content"]


def format_cycle(cycle: list[str]) -> str:
    """``['a', 'b', 'c']`` -> ``'a -> b -> c -> a'``."""
    return " -> ".join([*cycle, cycle[0]])


def prerequisite_cycle(edges: list[tuple[str, str]]) -> list[str] | None:
    """One cycle among prerequisite edges, as the list of its nodes, or None."""
    graph = nx.DiGraph(edges)
    try:
        cycle = nx.find_cycle(graph)
    except nx.NetworkXNoCycle:
        return None
    return [source for source, _target in cycle]


def _check_nodes(content: ContentSet, issues: list[ContentIssue]) -> dict[str, NodeSpec]:
    by_slug: dict[str, NodeSpec] = {}
    days: dict[int, NodeSpec] = {}
    for node in content.nodes:
        if node.slug in by_slug:
            first = by_slug[node.slug]
            issues.append(
                ContentIssue(
                    node.origin, node.slug, f"duplicate slug (first defined in {first.origin})"
                )
            )
            continue
        by_slug[node.slug] = node
        if node.kind is NodeKind.ROADMAP_DAY:
            day = int(node.fields["day"])
            if day in days:
                issues.append(
                    ContentIssue(
                        node.origin,
                        node.slug,
                        f"day {day} is used twice (also by {days[day].slug})",
                    )
                )
            days[day] = node
    domains = [slug for slug, n in by_slug.items() if n.kind is NodeKind.DOMAIN]
    for node in by_slug.values():
        if node.domain is None:
            continue
        target = by_slug.get(node.domain)
        if target is None or target.kind is not NodeKind.DOMAIN:
            issues.append(
                ContentIssue(
                    node.origin,
                    node.slug,
                    f"unknown domain {node.domain!r}{did_you_mean(node.domain, domains)}",
                )
            )
    _check_aliases(by_slug, issues)
    return by_slug


def _check_aliases(by_slug: dict[str, NodeSpec], issues: list[ContentIssue]) -> None:
    """An alias names one concept only: no other node's title, no other concept's alias."""
    names: dict[str, str] = {name_key(n.title): slug for slug, n in by_slug.items()}
    for slug, node in by_slug.items():
        for alias in node.fields.get("aliases") or ():
            key = name_key(alias)
            owner = names.setdefault(key, slug)
            if owner == slug:
                if key == name_key(node.title):
                    issues.append(
                        ContentIssue(node.origin, slug, f"alias {alias!r} repeats the title")
                    )
                continue
            other = by_slug[owner]
            what = "title" if key == name_key(other.title) else "an alias"
            issues.append(
                ContentIssue(node.origin, slug, f"alias {alias!r} is already {what} of {owner!r}")
            )


def _source_slug(edge: EdgeSpec) -> str:
    # The node whose file declared the edge: prerequisites and parts are declared on
    # their target (the concept that needs them, the case made of them).
    if edge.kind in (EdgeKind.PREREQUISITE, EdgeKind.PART_OF):
        return edge.target
    return edge.source


def _check_edges(
    content: ContentSet, by_slug: dict[str, NodeSpec], issues: list[ContentIssue]
) -> list[EdgeSpec]:
    kept: dict[tuple[str, str, EdgeKind], EdgeSpec] = {}
    for edge in content.edges:
        owner = _source_slug(edge)
        missing = [s for s in (edge.source, edge.target) if s not in by_slug]
        for slug in missing:
            issues.append(
                ContentIssue(
                    edge.origin,
                    owner,
                    f"unknown slug {slug!r} in its {edge.kind.value} edges"
                    + did_you_mean(slug, by_slug),
                )
            )
        if missing:
            continue
        if edge.source == edge.target:
            issues.append(
                ContentIssue(edge.origin, owner, f"{edge.kind.value} edge to itself (a self-loop)")
            )
            continue
        source, target = by_slug[edge.source], by_slug[edge.target]
        if not edge_allowed(edge.kind, source.kind, target.kind):
            sources, targets = EDGE_ENDPOINTS[edge.kind]
            issues.append(
                ContentIssue(
                    edge.origin,
                    owner,
                    f"a {edge.kind.value} edge must join "
                    f"{'/'.join(sorted(k.value for k in sources))} -> "
                    f"{'/'.join(sorted(k.value for k in targets))}, not "
                    f"{source.kind.value} {edge.source!r} -> {target.kind.value} {edge.target!r}",
                )
            )
            continue
        key = edge.key
        if edge.kind is EdgeKind.RELATED_TO and (edge.target, edge.source, edge.kind) in kept:
            continue  # symmetric: listed on both sides
        kept.setdefault(key, edge)
    return list(kept.values())


def validate_content(content: ContentSet) -> ContentSet:
    """Check a content set as a whole; return it with duplicate edges folded.

    Raises
    ------
    ContentError
        Listing every problem: duplicate slugs or day numbers, unknown references
        (with the nearest existing slugs), edges of the wrong kind, self-loops and
        prerequisite cycles (printed as ``a -> b -> c -> a``).
    """
    issues: list[ContentIssue] = []
    by_slug = _check_nodes(content, issues)
    edges = _check_edges(content, by_slug, issues)
    prerequisites = [(e.source, e.target) for e in edges if e.kind is EdgeKind.PREREQUISITE]
    cycle = prerequisite_cycle(prerequisites)
    if cycle is not None:
        origins = {e.target: e.origin for e in edges if e.kind is EdgeKind.PREREQUISITE}
        issues.append(
            ContentIssue(
                origins.get(cycle[0], ""),
                cycle[0],
                f"prerequisite cycle: {format_cycle(cycle)}",
            )
        )
    else:
        _check_arc(by_slug, edges, prerequisites, issues)
    if issues:
        raise ContentError(issues)
    nodes = list(by_slug.values())
    return ContentSet(nodes=nodes, edges=_ordered(edges))


def _stage(node: NodeSpec) -> Stage:
    return Stage(node.fields.get("stage") or Stage.CORE)


def _check_arc(
    by_slug: dict[str, NodeSpec],
    edges: list[EdgeSpec],
    prerequisites: list[tuple[str, str]],
    issues: list[ContentIssue],
) -> None:
    """Stages never run backwards along prerequisites, and cases name sound parts.

    A plan studies framing, then foundations, core topics and cases; that order
    holds only if no concept needs one of a later stage. A part is studied before
    its case, so prerequisites and parts together must stay acyclic, and a part
    that is already a prerequisite of its case says nothing new.
    """
    for source, target in prerequisites:
        before, after = _stage(by_slug[source]), _stage(by_slug[target])
        if STAGE_RANK[before] > STAGE_RANK[after]:
            node = by_slug[target]
            issues.append(
                ContentIssue(
                    node.origin,
                    target,
                    f"stage {after.value!r} cannot need {source!r} of the later stage "
                    f"{before.value!r} (stages run framing, foundation, core, case)",
                )
            )
    parts = [e for e in edges if e.kind is EdgeKind.PART_OF]
    if not parts:
        return
    needs = nx.DiGraph(prerequisites)
    for edge in parts:
        case = by_slug[edge.target]
        if _stage(case) is not Stage.CASE:
            issues.append(
                ContentIssue(edge.origin, edge.target, "only a concept of stage 'case' lists parts")
            )
        elif (
            needs.has_node(edge.source)
            and needs.has_node(edge.target)
            and nx.has_path(needs, edge.source, edge.target)
        ):
            issues.append(
                ContentIssue(
                    edge.origin,
                    edge.target,
                    f"part {edge.source!r} is already a prerequisite of the case",
                )
            )
    cycle = prerequisite_cycle(prerequisites + [(e.source, e.target) for e in parts])
    if cycle is not None:
        issues.append(
            ContentIssue(
                by_slug[cycle[0]].origin,
                cycle[0],
                f"prerequisites and parts form a cycle: {format_cycle(cycle)}",
            )
        )


def _ordered(edges: list[EdgeSpec]) -> list[EdgeSpec]:
    grouped: dict[EdgeKind, list[EdgeSpec]] = defaultdict(list)
    for edge in edges:
        grouped[edge.kind].append(edge)
    return [edge for kind in EdgeKind for edge in grouped[kind]]
