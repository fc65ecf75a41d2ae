"""One export request, shared by the GraphQL field, the HTTP route and the CLI."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import networkx as nx

from graph.algorithms import StudyPlan, study_plan
from graph.export import ExportFormat, get_format, scope_subgraph
from graph.suggest import did_you_mean

__all__ = ["ExportError", "ExportRequest", "Prepared", "prepare"]

MAX_RADIUS = 3
MIN_MINUTES, MAX_MINUTES = 15, 720
DEFAULT_MINUTES = 60


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
    plan_minutes_per_day: int | None = None

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
    if (request.plan_known or request.plan_minutes_per_day) and not request.plan_targets:
        raise ExportError("known concepts and minutes only shape a study plan: give its targets")
    minutes = request.plan_minutes_per_day
    if minutes is not None and not MIN_MINUTES <= minutes <= MAX_MINUTES:
        raise ExportError(
            f"minutes per day must be between {MIN_MINUTES} and {MAX_MINUTES}, got {minutes}"
        )
    plan_steps = request.plan_steps
    plan: StudyPlan | None = None
    known: tuple[str, ...] = ()
    if request.plan_targets:
        try:
            plan = study_plan(
                G,
                request.plan_targets,
                known=request.plan_known,
                minutes_per_day=minutes or DEFAULT_MINUTES,
            )
        except (nx.NodeNotFound, ValueError) as exc:
            raise ExportError(str(exc)) from None
        plan_steps = tuple(step.slug for step in plan.steps)
        known = _known_in_reach(G, plan, request.plan_known)
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
            plan_known=known or None,
        )
    except (nx.NodeNotFound, ValueError) as exc:
        raise ExportError(str(exc)) from None
    if plan is not None:
        _mark_plan(graph, G, plan, request.plan_targets)
    for domain in request.domains:
        if G.nodes.get(domain, {}).get("kind") != "domain":
            domains = [n for n, a in G.nodes(data=True) if a.get("kind") == "domain"]
            raise ExportError(f"unknown domain {domain!r}{did_you_mean(domain, domains)}")
    return Prepared(fmt, graph, fmt.filename(request.stem()))


def _known_in_reach(G: nx.MultiDiGraph, plan: StudyPlan, known: tuple[str, ...]) -> tuple[str, ...]:
    """The known concepts the plan builds on: prerequisites (at any depth) of its steps."""
    steps = {step.slug for step in plan.steps}
    reach: set[str] = set()
    frontier = list(steps)
    while frontier:
        n = frontier.pop()
        for m, keyed in G.pred[n].items():
            if m not in reach and ("prerequisite" in keyed or "part_of" in keyed):
                reach.add(m)
                frontier.append(m)
    return tuple(k for k in dict.fromkeys(known) if k in reach and k not in steps)


def _mark_plan(
    H: nx.MultiDiGraph, G: nx.MultiDiGraph, plan: StudyPlan, requested: tuple[str, ...]
) -> None:
    """Mark targets and day spans on the plan's nodes and name the plan on the graph."""
    for step in plan.steps:
        if step.slug not in H:
            continue
        attrs = H.nodes[step.slug]
        if step.is_target:
            attrs["plan_role"] = "target"
        if step.first_day is not None and step.last_day is not None:
            attrs["first_day"], attrs["last_day"] = step.first_day, step.last_day
    titles = [str(G.nodes[t].get("title", t)) for t in dict.fromkeys(requested)]
    days = len(plan.days)
    H.graph["plan_title"] = (
        f"Study plan for {', '.join(titles)}: {len(plan.steps)} steps"
        + (f" over {days} day{'s' if days != 1 else ''}" if days else "")
        + f", {plan.minutes_per_day} minutes a day"
    )
