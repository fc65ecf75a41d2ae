"""A day-by-day study plan toward a set of targets: the composition of
resolution, closure, order, explanation, study materials and packing."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import networkx as nx

from graph.algorithms._graph import ASSESSES, COVERS, SENIORITY_LEVELS, edge_sources, node_attrs
from graph.algorithms.closure import prerequisite_closure
from graph.algorithms.explain import explain_order
from graph.algorithms.ordering import OrderWeights, study_order
from graph.algorithms.schedule import (
    Day,
    ReviewsInput,
    minutes_per_day_needed,
    normalise_reviews,
    pack_days,
)
from graph.algorithms.targets import ResolvedTarget

__all__ = ["Material", "Step", "StudyPlan", "attach_materials", "study_plan"]


@dataclass(frozen=True)
class Material:
    """An article to read or a prompt to practise with a step."""

    slug: str
    kind: str  # "article" | "prompt"
    minutes: int


@dataclass(frozen=True)
class Step:
    """One concept of the plan.

    Attributes
    ----------
    position : int
        1-based place in the study order.
    slug : str
        The concept.
    concept_minutes : int
        The concept's own study minutes.
    minutes : int
        ``concept_minutes`` plus the minutes of the attached materials.
    first_day, last_day : int or None
        Days the step occupies (``None`` when it is unscheduled); they differ
        when the step spans days, see ``StudyPlan.days`` for the parts.
    reason : str
        ``"target"`` or ``"prerequisite of X, needed for target Y"``.
    is_target : bool
    prerequisite_of : str or None
        X in the reason: the nearest dependent.
    targets : tuple of str
        Target concepts this step serves.
    required_by : tuple of str
        Direct dependents in the plan, in plan order.
    articles, prompts : tuple of Material
        Study material attached to this step (each attached once, to the
        first step that needs it).
    """

    position: int
    slug: str
    concept_minutes: int
    minutes: int
    first_day: int | None
    last_day: int | None
    reason: str
    is_target: bool
    prerequisite_of: str | None
    targets: tuple[str, ...]
    required_by: tuple[str, ...]
    articles: tuple[Material, ...]
    prompts: tuple[Material, ...]


@dataclass(frozen=True)
class StudyPlan:
    """The result of :func:`study_plan`.

    Attributes
    ----------
    targets : tuple of ResolvedTarget
        Target concepts to study, with the requested slugs they came from.
    known_targets : tuple of ResolvedTarget
        Target concepts already known: reported, not studied.
    steps : tuple of Step
        Every step in study order, unscheduled ones included.
    days : tuple of Day
        Days 1..n with reviews first, then the slots of the steps.
    total_minutes : int
        All steps (scheduled or not) plus the reviews in `days`.
    minutes_per_day, max_days : int, int or None
        The budget and deadline the plan was made for.
    fits_deadline : bool
        False when some steps are unscheduled.
    unscheduled : tuple of str
        Steps that did not fit before the deadline, in order.
    minutes_per_day_needed : int or None
        With a deadline, the smallest daily budget that fits every step.
    """

    targets: tuple[ResolvedTarget, ...]
    known_targets: tuple[ResolvedTarget, ...]
    steps: tuple[Step, ...]
    days: tuple[Day, ...]
    total_minutes: int
    minutes_per_day: int
    max_days: int | None
    fits_deadline: bool
    unscheduled: tuple[str, ...]
    minutes_per_day_needed: int | None


def attach_materials(
    G: nx.MultiDiGraph,
    order: Sequence[str],
    *,
    seniority: str = "senior",
    articles: bool = True,
    prompts: bool = True,
    exclude: Iterable[str] = (),
) -> tuple[tuple[tuple[Material, ...], tuple[Material, ...]], ...]:
    """Attach covering articles and assessing prompts to each concept of `order`.

    Each article or prompt goes to the first concept in `order` it covers or
    assesses, and only once. Prompts above `seniority` (mid < senior < staff)
    are left out. Articles are listed by slug, prompts by seniority then slug.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The content graph.
    order : sequence of str
        Concepts in study order.
    seniority : {"mid", "senior", "staff"}
        The learner's target level.
    articles, prompts : bool
        Whether to attach each kind at all.
    exclude : iterable of str
        Slugs never to attach (e.g. prompts already due as reviews).

    Returns
    -------
    tuple of (articles, prompts)
        Aligned with `order`.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("q-hnsw-memory", kind="prompt", seniority="staff", minutes=20)
    >>> G.add_node("q-ann-recall", kind="prompt", seniority="mid", minutes=15)
    >>> _ = G.add_edge("q-hnsw-memory", "hnsw", key="assesses", kind="assesses")
    >>> _ = G.add_edge("q-ann-recall", "hnsw", key="assesses", kind="assesses")
    >>> [p.slug for p in attach_materials(G, ["hnsw"], seniority="senior")[0][1]]
    ['q-ann-recall']
    """
    if seniority not in SENIORITY_LEVELS:
        raise ValueError(f"seniority must be one of {', '.join(SENIORITY_LEVELS)}")
    rank = {name: i for i, name in enumerate(SENIORITY_LEVELS)}
    ceiling = rank[seniority]
    seen = set(exclude)
    nodes = node_attrs(G)
    attached = []
    for concept in order:
        found_articles: list[Material] = []
        found_prompts: list[Material] = []
        if articles:
            for slug in sorted(edge_sources(G, concept, COVERS)):
                if slug not in seen:
                    seen.add(slug)
                    found_articles.append(Material(slug, "article", nodes[slug]["minutes"]))
        if prompts:
            eligible = [
                s
                for s in edge_sources(G, concept, ASSESSES)
                if rank.get(nodes[s]["seniority"], len(rank)) <= ceiling
            ]
            for slug in sorted(eligible, key=lambda s: (rank[nodes[s]["seniority"]], s)):
                if slug not in seen:
                    seen.add(slug)
                    found_prompts.append(Material(slug, "prompt", nodes[slug]["minutes"]))
        attached.append((tuple(found_articles), tuple(found_prompts)))
    return tuple(attached)


def study_plan(
    G: nx.MultiDiGraph,
    targets: Iterable[str],
    *,
    known: Iterable[str] = (),
    minutes_per_day: int = 60,
    max_days: int | None = None,
    seniority: str = "senior",
    include_articles: bool = True,
    include_prompts: bool = True,
    strict: bool = False,
    reviews: ReviewsInput | None = None,
    weights: OrderWeights = OrderWeights(),
) -> StudyPlan:
    """Plan the study of `targets` day by day.

    Resolves the targets (:func:`resolve_targets`), collects what is missing
    (:func:`prerequisite_closure`), orders it with prerequisite clusters kept
    together (:func:`study_order`), explains each step (:func:`explain_order`),
    attaches articles and prompts (:func:`attach_materials`) and packs the
    steps into days after the due reviews (:func:`pack_days`).

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The content graph.
    targets : iterable of str
        Concepts, articles, prompts, roadmap days or domains, mixed.
    known : iterable of str, optional
        Concepts the learner knows.
    minutes_per_day : int, optional
        Daily budget for reviews and new material.
    max_days : int, optional
        Deadline in days; with it the plan reports what does not fit and the
        budget that would make everything fit.
    seniority : {"mid", "senior", "staff"}, optional
        Prompts above this level are not attached.
    include_articles, include_prompts : bool, optional
        Attach (and count the minutes of) articles and prompts.
    strict : bool, optional
        Require every not-known ancestor (see :func:`prerequisite_closure`).
    reviews : mapping of int to iterable of (slug, minutes), optional
        Reviews due by day number; they come first on their day and use its
        budget. Their prompts are not attached to steps again.
    weights : OrderWeights, optional
        Tie-break between sibling prerequisites.

    Returns
    -------
    StudyPlan

    Raises
    ------
    networkx.NodeNotFound
        Naming every unknown target.
    networkx.NetworkXUnfeasible
        When the needed prerequisites form a cycle.
    ValueError
        For a budget or deadline below 1 or an unknown seniority.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("embeddings", kind="concept", difficulty="beginner", minutes=40)
    >>> G.add_node("ann", kind="concept", difficulty="intermediate", minutes=50)
    >>> _ = G.add_edge("embeddings", "ann", key="prerequisite", kind="prerequisite")
    >>> plan = study_plan(G, ["ann"], minutes_per_day=60)
    >>> [(s.slug, s.first_day, s.reason) for s in plan.steps]
    [('embeddings', 1, 'prerequisite of ann, needed for target ann'), ('ann', 2, 'target')]
    """
    due = normalise_reviews(reviews)
    closure = prerequisite_closure(G, targets, known=known, strict=strict)
    order = study_order(G, closure, weights=weights)
    explanations = explain_order(G, closure, order)
    materials = attach_materials(
        G,
        order,
        seniority=seniority,
        articles=include_articles,
        prompts=include_prompts,
        exclude={r.slug for rs in due.values() for r in rs},
    )
    nodes = node_attrs(G)
    items = [
        (slug, nodes[slug]["minutes"] + sum(m.minutes for m in (*arts, *prompts)))
        for slug, (arts, prompts) in zip(order, materials, strict=True)
    ]
    schedule = pack_days(items, minutes_per_day=minutes_per_day, max_days=max_days, reviews=due)
    needed = None
    if max_days is not None:
        needed = minutes_per_day_needed(items, max_days=max_days, reviews=due)

    placed = {p.slug: p for p in schedule.placements}
    steps = []
    for position, ((slug, minutes), why, (arts, prompts)) in enumerate(
        zip(items, explanations, materials, strict=True), start=1
    ):
        placement = placed.get(slug)
        steps.append(
            Step(
                position=position,
                slug=slug,
                concept_minutes=nodes[slug]["minutes"],
                minutes=minutes,
                first_day=placement.first_day if placement else None,
                last_day=placement.last_day if placement else None,
                reason=why.reason,
                is_target=why.is_target,
                prerequisite_of=why.prerequisite_of,
                targets=why.targets,
                required_by=why.required_by,
                articles=arts,
                prompts=prompts,
            )
        )
    reviewed = sum(r.minutes for day in schedule.days for r in day.reviews)
    return StudyPlan(
        targets=closure.targets,
        known_targets=closure.known_targets,
        steps=tuple(steps),
        days=schedule.days,
        total_minutes=sum(m for _, m in items) + reviewed,
        minutes_per_day=minutes_per_day,
        max_days=max_days,
        fits_deadline=schedule.fits,
        unscheduled=schedule.unscheduled,
        minutes_per_day_needed=needed,
    )
