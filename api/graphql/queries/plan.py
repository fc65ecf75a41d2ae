"""Study plans, paths between nodes and neighbourhoods."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime
from typing import Annotated

import networkx as nx
import strawberry
from strawberry.types import Info

from api.graphql.errors import BadUserInput
from api.graphql.types.enums import EdgeKind, Seniority
from api.graphql.types.nodes import node_of
from api.graphql.types.plan import (
    PathResult,
    StudyPlan,
    Subgraph,
    edge_of,
    path_from_domain,
    plan_from_domain,
)
from graph.algorithms import neighbourhood, path_between, study_plan
from graph.snapshot import Snapshot
from graph.suggest import did_you_mean

MAX_TARGETS = 50
MAX_KNOWN = 2000
MAX_DAYS = 3 * 366
EARLIEST_START = date(2000, 1, 1)
LATEST_START = date(2999, 12, 31)  # every plan day, even MAX_DAYS on, stays a valid date
MAX_NEIGHBOURHOOD = 200
# Plans bigger than this run in a worker thread so the event loop stays responsive.


@strawberry.input(description="What a learner is preparing for and what they already know.")
class StudyPlanInput:
    targets: list[str] = strawberry.field(
        description="Slugs of any kind: concept, article, prompt, roadmap day or domain"
    )
    known: list[str] | None = strawberry.field(
        default=None,
        description="Concepts already known; merged with the learner's mastery when a "
        "learner token is sent",
    )
    minutes_per_day: int = strawberry.field(default=60, description="Daily budget, 1..1440")
    start_date: date | None = strawberry.field(
        default=None, description="First study day (default: today, UTC)"
    )
    deadline: date | None = strawberry.field(
        default=None, description="Last study day; what does not fit is reported"
    )
    seniority: Seniority = strawberry.field(
        default=Seniority.SENIOR,
        description="The learner's level: prompts at or below it, and which topics matter most",
    )
    include_articles: bool = strawberry.field(
        default=True, description="Attach articles and count their reading time"
    )
    include_prompts: bool = strawberry.field(
        default=True, description="Attach prompts and count their practice time"
    )
    strict: bool = strawberry.field(
        default=False,
        description="Require every unknown ancestor, even behind a known concept",
    )
    include_reviews: bool = strawberry.field(
        default=True,
        description="Spaced reviews of studied concepts in plans of 7 days or more",
    )
    include_mock_interview: bool = strawberry.field(
        default=True,
        description="End plans of 7 days or more with a mock interview on the targets",
    )


SUGGESTED = 3
"""Unknown slugs that get a nearest-slug suggestion; the rest are only named."""

NAMED = 10
"""Unknown slugs named in an error; the rest are counted."""


def _unknown(snapshot: Snapshot, slugs: list[str], what: str) -> list[str]:
    """Problems for the unknown `slugs`, bounded whatever the input's size.

    The membership test is cheap; suggesting the nearest slug scans the whole
    graph, so only the first :data:`SUGGESTED` unknown slugs get one.
    """
    missing = [slug for slug in dict.fromkeys(slugs) if slug not in snapshot.graph]
    problems = [
        f"unknown {what} {slug!r}"
        + (did_you_mean(slug[:100], snapshot.graph) if index < SUGGESTED else "")
        for index, slug in enumerate(missing[:NAMED])
    ]
    if len(missing) > NAMED:
        problems.append(f"and {len(missing) - NAMED} more unknown {what}s")
    return problems


def check_plan_input(snapshot: Snapshot, data: StudyPlanInput) -> tuple[date, int | None]:
    """Validate a plan request; returns the start date and the number of days available."""
    problems: list[str] = []
    if not data.targets:
        problems.append("`targets` must name at least one node")
    if len(data.targets) > MAX_TARGETS:
        problems.append(f"at most {MAX_TARGETS} targets, got {len(data.targets)}")
    known = data.known or []
    if len(known) > MAX_KNOWN:
        problems.append(f"at most {MAX_KNOWN} known concepts, got {len(known)}")
    if not 1 <= data.minutes_per_day <= 1440:
        problems.append(f"`minutesPerDay` must be between 1 and 1440, got {data.minutes_per_day}")
    problems += _unknown(snapshot, data.targets[:MAX_TARGETS], "target")
    problems += _unknown(snapshot, known[:MAX_KNOWN], "known concept")
    for slug in known[:MAX_KNOWN]:
        attrs = snapshot.node(slug)
        if attrs is not None and attrs["kind"] != "concept":
            problems.append(f"known {slug!r} is a {attrs['kind']}, not a concept")
    start = data.start_date or datetime.now(UTC).date()
    if not EARLIEST_START <= start <= LATEST_START:
        problems.append(
            f"`startDate` must be between {EARLIEST_START} and {LATEST_START}, got {start}"
        )
        start = min(max(start, EARLIEST_START), LATEST_START)
    days = None
    if data.deadline is not None:
        if data.deadline < start:
            problems.append(f"the deadline {data.deadline} is before the start date {start}")
        else:
            days = (data.deadline - start).days + 1
            if days > MAX_DAYS:
                problems.append(f"the deadline is more than {MAX_DAYS} days away")
    if problems:
        raise BadUserInput("; ".join(problems), problems=problems)
    return start, days


def build_plan(
    snapshot: Snapshot, data: StudyPlanInput, known: set[str], **extra: object
) -> StudyPlan:
    start, days = check_plan_input(snapshot, data)
    warnings = [
        f"{slug} is already known: nothing to study for it"
        for slug in data.targets
        if slug in known
    ]
    plan = study_plan(
        snapshot.graph,
        data.targets,
        known=known,
        minutes_per_day=data.minutes_per_day,
        max_days=days,
        seniority=data.seniority.value,
        include_articles=data.include_articles,
        include_prompts=data.include_prompts,
        strict=data.strict,
        review=data.include_reviews,
        mock_interview=data.include_mock_interview,
        **extra,  # type: ignore[arg-type]
    )
    return plan_from_domain(
        snapshot, plan, requested=list(dict.fromkeys(data.targets)), start=start, warnings=warnings
    )


async def run_plan(
    snapshot: Snapshot, data: StudyPlanInput, known: set[str], **extra: object
) -> StudyPlan:
    try:
        # Off the event loop, so other requests keep being served and the
        # execution timeout can answer while a long plan is computed.
        return await asyncio.to_thread(build_plan, snapshot, data, known, **extra)
    except (nx.NodeNotFound, ValueError) as exc:
        raise BadUserInput(str(exc)) from None


def _kinds(edge_kinds: list[EdgeKind] | None) -> list[str] | None:
    return [k.value for k in edge_kinds] if edge_kinds else None


@strawberry.type
class PlanQuery:
    @strawberry.field(
        description="A prerequisite-ordered study plan for the targets, packed into days. "
        "With a learner token, their known concepts and due reviews are included."
    )
    async def study_plan(
        self,
        info: Info,
        input: Annotated[StudyPlanInput, strawberry.argument(description="The request")],
    ) -> StudyPlan:
        from api.graphql.learners import personal_plan

        return await personal_plan(info, await info.context.principal(), input)

    @strawberry.field(
        description="A shortest path between two nodes over the chosen edge kinds (default all), "
        "walking edges either way; null when none exists."
    )
    def path(
        self,
        info: Info,
        from_: Annotated[str, strawberry.argument(name="from", description="Start slug")],
        to: Annotated[str, strawberry.argument(description="End slug")],
        edge_kinds: Annotated[
            list[EdgeKind] | None, strawberry.argument(description="Edge kinds to walk")
        ] = None,
    ) -> PathResult | None:
        snapshot = info.context.snapshot
        problems = _unknown(snapshot, [from_], "node") + _unknown(snapshot, [to], "node")
        if problems:
            raise BadUserInput("; ".join(problems))
        try:
            found = path_between(snapshot.graph, from_, to, kinds=_kinds(edge_kinds))
        except (nx.NodeNotFound, ValueError) as exc:
            raise BadUserInput(str(exc)) from None
        return path_from_domain(snapshot, found) if found is not None else None

    @strawberry.field(description="The nodes within `radius` hops of a node, and their edges.")
    def neighbourhood(
        self,
        info: Info,
        slug: Annotated[str, strawberry.argument(description="The centre")],
        radius: Annotated[
            int | None, strawberry.argument(description="Hops, 1..3 (default 1)")
        ] = None,
        edge_kinds: Annotated[
            list[EdgeKind] | None, strawberry.argument(description="Edge kinds to walk")
        ] = None,
        max_nodes: Annotated[
            int | None,
            strawberry.argument(description="At most this many nodes, 1..200 (default 100)"),
        ] = None,
    ) -> Subgraph:
        radius = 1 if radius is None else radius
        max_nodes = 100 if max_nodes is None else max_nodes
        snapshot = info.context.snapshot
        problems = _unknown(snapshot, [slug], "node")
        if not 1 <= max_nodes <= MAX_NEIGHBOURHOOD:
            problems.append(f"`maxNodes` must be between 1 and {MAX_NEIGHBOURHOOD}")
        if problems:
            raise BadUserInput("; ".join(problems))
        try:
            result = neighbourhood(
                snapshot.graph, slug, radius=radius, kinds=_kinds(edge_kinds), max_nodes=max_nodes
            )
        except (nx.NodeNotFound, ValueError) as exc:
            raise BadUserInput(str(exc)) from None
        return Subgraph(
            center=node_of(snapshot, slug),
            nodes=[node_of(snapshot, n.slug) for n in result.nodes],
            edges=[edge_of(snapshot, hop) for hop in result.edges],
            truncated=result.truncated,
        )
