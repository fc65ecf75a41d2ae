"""One export request, shared by the GraphQL field, the HTTP route and the CLI."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import networkx as nx

from graph.algorithms import study_plan
from graph.export import ExportFormat, get_format, scope_subgraph
from graph.suggest import did_you_mean

__all__ = ["ExportError", "ExportRequest", "Prepared", "prepare"]

MAX_RADIUS = 3


class ExportError(ValueError):
    """An unknown format, node or kind in an export request."""


@dataclass(frozen=True)
class ExportRequest:
    format: str
    domains: tuple[str, ...] = ()
    node_kinds: tuple[str, ...] = ()
    edge_kinds: tuple[str, ...] = ()
    around: str | None = None
    radius: int = 1
    targets: tuple[str, ...] = ()
    plan_steps: tuple[str, ...] = ()
    plan_targets: tuple[str, ...] = ()
    plan_known: tuple[str, ...] = ()

    def stem(self) -> str:
        parts = ["prepgraph", *self.domains]
        if self.around:
            parts.append(f"around-{self.around}-r{self.radius}")
        if self.targets:
            parts.append("closure-" + "-".join(self.targets[:3]))
        if self.plan_steps or self.plan_targets:
            parts.append("plan")
        return "-".join(parts)[:120]


@dataclass(frozen=True)
class Prepared:
    format: ExportFormat
    graph: nx.MultiDiGraph
    filename: str

    def chunks(self) -> Iterator[str]:
        return self.format.writer(self.graph)

    def text(self) -> str:
        return "".join(self.chunks())


def prepare(G: nx.MultiDiGraph, request: ExportRequest) -> Prepared:
    """Check the request and cut its scope out of ``G``; raises ExportError."""
    try:
        fmt = get_format(request.format)
    except ValueError as exc:
        raise ExportError(str(exc)) from None
    if not 0 <= request.radius <= MAX_RADIUS:
        raise ExportError(f"radius must be between 0 and {MAX_RADIUS}, got {request.radius}")
    plan_steps = request.plan_steps
    if request.plan_targets:
        try:
            plan = study_plan(G, request.plan_targets, known=request.plan_known)
        except (nx.NodeNotFound, ValueError) as exc:
            raise ExportError(str(exc)) from None
        plan_steps = tuple(step.slug for step in plan.steps)
    try:
        graph = scope_subgraph(
            G,
            domains=request.domains or None,
            node_kinds=request.node_kinds or None,
            edge_kinds=request.edge_kinds or None,
            around=request.around,
            radius=request.radius,
            closure_of=request.targets or None,
            plan_steps=plan_steps or None,
        )
    except (nx.NodeNotFound, ValueError) as exc:
        raise ExportError(str(exc)) from None
    for domain in request.domains:
        if G.nodes.get(domain, {}).get("kind") != "domain":
            domains = [n for n, a in G.nodes(data=True) if a.get("kind") == "domain"]
            raise ExportError(f"unknown domain {domain!r}{did_you_mean(domain, domains)}")
    return Prepared(fmt, graph, fmt.filename(request.stem()))
