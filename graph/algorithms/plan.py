"""A day-by-day study plan toward a set of targets, fitted to a deadline by priority.

The plan is the composition of resolution (design cases bring their parts),
closure, an arc-aware and interleaved order, explanations in words, study
materials chosen for the plan, spaced reviews and a closing mock interview,
packed into full days. With a deadline the plan never truncates its own
goal: it gives up, in this order and only as far as needed,

1. extra practice (beyond one question per target, and on prerequisites),
2. reading (articles),
3. all but one spaced review per concept (:data:`LIGHT_SPACING`),
4. depth on distant, easy prerequisites, which become short *skim* steps,
   the most distant and easiest first,
5. depth on the other prerequisites, the most distant first, keeping the
   one review of each target only; then the remaining spaced reviews,
6. the remaining practice (one review of each target comes back when the
   room it frees holds it),
7. the mock interview,
8. and only then targets, the least valuable first (see :data:`CUT_ORDER`).

Every cut is listed in :attr:`StudyPlan.cuts` with the minutes it saved.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import networkx as nx

from graph.algorithms._graph import (
    ASSESSES,
    COVERS,
    DIFFICULTY_LEVELS,
    FREQUENCY_LEVELS,
    PART_OF,
    PREREQUISITE,
    SENIORITY_LEVELS,
    edge_sources,
    edge_targets,
    node_attrs,
)
from graph.algorithms.closure import Closure, closure_of
from graph.algorithms.explain import Explanation, explain_order, name_list
from graph.algorithms.ordering import OrderWeights, seniority_fit, study_order
from graph.algorithms.schedule import (
    DEFAULT_SPACING,
    Day,
    Placement,
    ReviewsInput,
    Task,
    fits_in_days,
    minutes_per_day_needed,
    normalise_reviews,
    pack_days,
    smallest_passing,
)
from graph.algorithms.targets import ResolvedTarget, resolve_targets

__all__ = [
    "CUT_ORDER",
    "Cut",
    "Material",
    "MockInterview",
    "Step",
    "StudyPlan",
    "attach_materials",
    "study_plan",
]

CUT_ORDER = ("practice", "article", "review", "skim", "practice", "mock", "target")
"""What a deadline takes away first (``practice`` twice: the extra, then the rest)."""

LIGHT_SPACING = (3,)
"""Spacing of reviews thinned by a deadline: one review, three days after study."""

REHEARSAL_DAYS = 7
"""Plans of at least this many days get spaced reviews and a mock interview."""

PROMPTS_PER_TARGET = 2
"""At most this many practice questions follow a target; one when time is short."""

PROMPTS_PER_PREREQUISITE = 1
"""At most this many follow a direct prerequisite of a target; none further away."""

MOCK_MINUTES = 60
"""A mock interview takes up to about one interview slot."""

MOCK_PROMPTS = 2


@dataclass(frozen=True)
class Material:
    """An article to read or a question to practise, and when.

    ``day`` and ``last_day`` are ``None`` when the material is not scheduled.
    """

    slug: str
    kind: str  # "article" | "prompt"
    minutes: int
    day: int | None = None
    last_day: int | None = None
    reason: str = ""


@dataclass(frozen=True)
class Step:
    """One concept of the plan.

    Attributes
    ----------
    position : int
        1-based place in the study order (steps left out come last).
    slug : str
        The concept.
    concept_minutes : int
        Minutes given to the concept itself: its own minutes, or fewer when
        it is skimmed.
    minutes : int
        ``concept_minutes`` plus the minutes of the attached materials.
    first_day, last_day : int or None
        Days the concept's study occupies (``None`` when it is left out).
    reason : str
        Why it is there, in words: "Your target", "Prerequisite of X, needed
        for Y", "Part of Fraud detection: the design round covers it"...
    is_target : bool
    prerequisite_of : str or None
        X in the reason: the nearest dependent.
    targets : tuple of str
        Target concepts this step serves.
    required_by : tuple of str
        Direct dependents in the plan, in plan order.
    articles, prompts : tuple of Material
        Reading and practice chosen for this step, each after it.
    role : {"target", "part", "prerequisite"}
    mode : {"study", "skim"}
        A skim step covers the gist only, to fit a deadline.
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
    role: str = "target"
    mode: str = "study"


@dataclass(frozen=True)
class Cut:
    """Something the deadline took out of the plan.

    ``kind`` is ``"practice"``, ``"article"``, ``"review"``, ``"skim"``,
    ``"mock"``, ``"target"`` or ``"prerequisite"`` (a step needed only by a
    target that was left out); ``slug`` is ``None`` for the reviews and the
    mock interview as a whole.
    """

    kind: str
    slug: str | None
    minutes: int
    reason: str


@dataclass(frozen=True)
class MockInterview:
    """The closing rehearsal: questions on the targets at the learner's level."""

    day: int
    last_day: int
    prompts: tuple[Material, ...]
    minutes: int


@dataclass(frozen=True)
class StudyPlan:
    """The result of :func:`study_plan`.

    Attributes
    ----------
    targets : tuple of ResolvedTarget
        Target concepts to study (design cases' parts included).
    known_targets : tuple of ResolvedTarget
        Target concepts already known: reported, not studied.
    steps : tuple of Step
        Every step in study order, then the steps left out.
    days : tuple of Day
        Days 1..n: reviews first, then the slots of concepts, reading,
        practice and the mock interview.
    total_minutes : int
        Everything scheduled, reviews included.
    minutes_per_day, max_days : int, int or None
        The budget and deadline the plan was made for.
    fits_deadline : bool
        False when a target had to be left out.
    unscheduled : tuple of str
        Steps left out, in order.
    minutes_per_day_needed : int or None
        With a deadline, the smallest daily budget for the whole plan with
        nothing cut.
    minutes_per_day_for_targets : int or None
        With a deadline that forced a target out, the smallest daily budget
        that keeps every target (with everything else cut).
    cuts : tuple of Cut
        What the deadline took out, in :data:`CUT_ORDER`.
    mock_interview : MockInterview or None
    reviews : bool
        Whether spaced reviews of studied concepts are in the plan.
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
    minutes_per_day_for_targets: int | None = None
    cuts: tuple[Cut, ...] = ()
    mock_interview: MockInterview | None = None
    reviews: bool = False


# -- materials ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Choice:
    """Materials chosen for one order: per step, and the mock interview."""

    articles: dict[str, tuple[str, ...]]
    prompts: dict[str, tuple[str, ...]]  # ranked, best first
    mock: tuple[str, ...]


def _level(value: object) -> int:
    try:
        return SENIORITY_LEVELS.index(value)  # type: ignore[arg-type]
    except ValueError:
        return len(SENIORITY_LEVELS)


def _choose(
    G: nx.MultiDiGraph,
    order: Sequence[str],
    target_set: frozenset[str],
    distance: Mapping[str, int],
    known: frozenset[str],
    *,
    seniority: str,
    articles: bool,
    prompts: bool,
    mock: bool,
    exclude: frozenset[str],
) -> _Choice:
    """Pick on-topic reading and practice for `order` (see :func:`attach_materials`)."""
    nodes = node_attrs(G)
    position = {slug: i for i, slug in enumerate(order)}
    ceiling = _level(seniority)

    def on_topic(slugs: list[str]) -> tuple[bool, list[str]]:
        inside = [s for s in slugs if s in position]
        outside = [s for s in slugs if s not in position and s not in known]
        return bool(inside) and len(outside) <= 1, inside

    chosen_articles: dict[str, list[str]] = {}
    if articles:
        seen: set[str] = set()
        for concept in order:
            for slug in edge_sources(G, concept, COVERS):
                if slug in seen or slug in exclude:
                    continue
                seen.add(slug)
                covered = edge_targets(G, slug, COVERS)
                inside = [s for s in covered if s in position]
                relevant = sum(1 for s in covered if s in position or s in known)
                if not inside or 2 * relevant < len(covered):
                    continue
                # Best served: the first covered target, else the last covered step.
                aimed = [s for s in inside if s in target_set]
                home = (
                    min(aimed, key=position.__getitem__)
                    if aimed
                    else max(inside, key=position.__getitem__)
                )
                chosen_articles.setdefault(home, []).append(slug)
        for slugs in chosen_articles.values():
            slugs.sort(key=lambda s: (-len(edge_targets(G, s, COVERS)), s))
            del slugs[1:]  # one article per step

    candidates: dict[str, tuple[tuple[object, ...], str, list[str]]] = {}
    if prompts or mock:
        for concept in order:
            for slug in edge_sources(G, concept, ASSESSES):
                if slug in candidates or slug in exclude:
                    continue
                level = _level(nodes[slug].get("seniority"))
                if level > ceiling:
                    continue
                ok, inside = on_topic(edge_targets(G, slug, ASSESSES))
                if not ok:
                    continue
                on_targets = sum(1 for s in inside if s in target_set)
                home = max(inside, key=position.__getitem__)  # after all it assesses
                rank = (-on_targets, ceiling - level, -len(inside), slug)
                candidates[slug] = (rank, home, inside)

    mock_prompts: list[str] = []
    if mock and candidates:
        targeted = sorted(
            (c for c in candidates.items() if any(s in target_set for s in c[1][2])),
            key=lambda c: (ceiling - _level(nodes[c[0]].get("seniority")), c[1][0]),
        )
        minutes = 0
        for slug, _ in targeted:
            length = nodes[slug].get("minutes", 20)
            if mock_prompts and minutes + length > MOCK_MINUTES:
                continue
            mock_prompts.append(slug)
            minutes += length
            if len(mock_prompts) == MOCK_PROMPTS:
                break

    chosen_prompts: dict[str, list[str]] = {}
    if prompts:
        fresh = set(mock_prompts)
        for slug, (_, home, _) in sorted(candidates.items(), key=lambda c: c[1][0]):
            if slug in fresh:
                continue
            cap = (
                PROMPTS_PER_TARGET
                if home in target_set
                else PROMPTS_PER_PREREQUISITE
                if distance.get(home, 99) == 1
                else 0
            )
            picked = chosen_prompts.setdefault(home, [])
            if len(picked) < cap:
                picked.append(slug)
    return _Choice(
        {k: tuple(v) for k, v in chosen_articles.items()},
        {k: tuple(v) for k, v in chosen_prompts.items() if v},
        tuple(mock_prompts),
    )


def attach_materials(
    G: nx.MultiDiGraph,
    order: Sequence[str],
    *,
    seniority: str = "senior",
    articles: bool = True,
    prompts: bool = True,
    exclude: Iterable[str] = (),
    targets: Iterable[str] | None = None,
    known: Iterable[str] = (),
) -> tuple[tuple[tuple[Material, ...], tuple[Material, ...]], ...]:
    """Choose on-topic articles and prompts for the concepts of `order`.

    A prompt qualifies when it is at or below `seniority` (mid < senior <
    staff) and the concepts it assesses are in `order` or `known`, with one
    outside concept allowed. It goes
    after the last concept it assesses: at most two after a target, one
    after a direct prerequisite of a target, none further away; questions on
    targets and at the learner's own level first.

    An article qualifies when at least half of the concepts it covers are in
    `order` or `known`. It goes with the first target it covers, else with
    the last concept it covers, never before the first; one per step.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The content graph.
    order : sequence of str
        Concepts in study order.
    seniority : {"mid", "senior", "staff"}
        The learner's target level.
    articles, prompts : bool
        Whether to choose each kind at all.
    exclude : iterable of str
        Slugs never to choose (e.g. prompts already due as reviews).
    targets : iterable of str, optional
        The target concepts (default: the last concept of `order`).
    known : iterable of str, optional
        Concepts the learner knows.

    Returns
    -------
    tuple of (articles, prompts)
        Aligned with `order`.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("hnsw", kind="concept", minutes=40)
    >>> G.add_node("q-hnsw-memory", kind="prompt", seniority="staff", minutes=20)
    >>> G.add_node("q-ann-recall", kind="prompt", seniority="mid", minutes=15)
    >>> _ = G.add_edge("q-hnsw-memory", "hnsw", key="assesses", kind="assesses")
    >>> _ = G.add_edge("q-ann-recall", "hnsw", key="assesses", kind="assesses")
    >>> [p.slug for p in attach_materials(G, ["hnsw"], seniority="senior")[0][1]]
    ['q-ann-recall']
    """
    if seniority not in SENIORITY_LEVELS:
        raise ValueError(f"seniority must be one of {', '.join(SENIORITY_LEVELS)}")
    order = list(order)
    target_set = frozenset(targets if targets is not None else order[-1:])
    distance = _distances(G, order, target_set)
    choice = _choose(
        G,
        order,
        target_set,
        distance,
        frozenset(known),
        seniority=seniority,
        articles=articles,
        prompts=prompts,
        mock=False,
        exclude=frozenset(exclude),
    )
    nodes = node_attrs(G)
    return tuple(
        (
            tuple(Material(a, "article", nodes[a]["minutes"]) for a in choice.articles.get(c, ())),
            tuple(Material(p, "prompt", nodes[p]["minutes"]) for p in choice.prompts.get(c, ())),
        )
        for c in order
    )


def _distances(G: nx.MultiDiGraph, order: Sequence[str], targets: frozenset[str]) -> dict[str, int]:
    """Prerequisite hops from each concept of `order` to the nearest target it serves."""
    members = set(order)
    distance = {t: 0 for t in targets if t in members}
    for concept in reversed(order):  # dependents come later in a study order
        if concept in distance and distance[concept] == 0:
            continue
        best = min(
            (distance[d] for d in edge_targets(G, concept, PREREQUISITE) if d in distance),
            default=None,
        )
        if best is not None:
            distance[concept] = best + 1
    return distance


# -- drafts ------------------------------------------------------------------------------


@dataclass
class _Draft:
    """One candidate plan: an order with its materials and options, as tasks."""

    closure: Closure
    order: tuple[str, ...]
    targets: frozenset[str]
    choice: _Choice
    prompts_per_step: int | None = None  # None: as chosen; else at most this many on targets
    articles: bool = True
    spacing: tuple[int, ...] = DEFAULT_SPACING  # () for no spaced reviews
    reviews_of_targets_only: bool = False
    skim: frozenset[str] = frozenset()
    practice: bool = True
    practice_on: frozenset[str] | None = None  # None: every step as chosen; else only these
    mock: bool = True
    tasks: list[Task] = field(default_factory=list)
    owner: list[str | None] = field(default_factory=list)  # the step a task belongs to

    def prompts_of(self, concept: str) -> tuple[str, ...]:
        if not self.practice or (self.practice_on is not None and concept not in self.practice_on):
            return ()
        chosen = self.choice.prompts.get(concept, ())
        if self.prompts_per_step is None:
            return chosen
        return chosen[: self.prompts_per_step] if concept in self.targets else ()

    def articles_of(self, concept: str) -> tuple[str, ...]:
        return self.choice.articles.get(concept, ()) if self.articles else ()

    def build(self, G: nx.MultiDiGraph) -> _Draft:
        nodes = node_attrs(G)
        self.tasks, self.owner = [], []
        for concept in self.order:
            if concept in self.skim:
                self.tasks.append(Task(concept, skim_minutes(nodes[concept]["minutes"]), "skim"))
            else:
                review = not self.reviews_of_targets_only or concept in self.targets
                self.tasks.append(Task(concept, nodes[concept]["minutes"], "study", review=review))
            self.owner.append(concept)
            for slug in self.articles_of(concept):
                self.tasks.append(Task(slug, nodes[slug]["minutes"], "read"))
                self.owner.append(concept)
            for slug in self.prompts_of(concept):
                self.tasks.append(Task(slug, nodes[slug]["minutes"], "practice"))
                self.owner.append(concept)
        if self.mock:
            for slug in self.choice.mock:
                self.tasks.append(Task(slug, nodes[slug]["minutes"], "mock"))
                self.owner.append(None)
        return self


def skim_minutes(minutes: int) -> int:
    """A skim step: a third of the concept's minutes, at least 5 (never more)."""
    return min(minutes, max(5, -(-minutes // 3)))


def _skim_candidates(
    G: nx.MultiDiGraph, order: Sequence[str], targets: frozenset[str]
) -> tuple[list[str], list[str]]:
    """Prerequisites to skim, in two tiers, each in the order a deadline compresses it.

    First the distant, easy ones, the most distant and easiest first
    (distant: two or more prerequisite hops from the nearest target; easy:
    beginner, or easier than the hardest target). Then, only if that is not
    enough, every other prerequisite, the most distant first, so the direct
    prerequisites of targets are the last to lose depth.
    """
    nodes = node_attrs(G)
    distance = _distances(G, order, targets)
    rank: dict[object, int] = {name: i for i, name in enumerate(DIFFICULTY_LEVELS)}
    hardest = max((rank.get(nodes[t].get("difficulty"), 0) for t in targets), default=0)
    position = {slug: i for i, slug in enumerate(order)}
    found = [
        s
        for s in order
        if s not in targets
        and distance.get(s, 0) >= 2
        and (rank.get(nodes[s].get("difficulty"), 0) == 0 or rank[nodes[s]["difficulty"]] < hardest)
        and skim_minutes(nodes[s]["minutes"]) < nodes[s]["minutes"]
    ]
    first = sorted(
        found, key=lambda s: (-distance[s], rank.get(nodes[s].get("difficulty"), 0), position[s])
    )
    chosen = set(first)
    then = sorted(
        (
            s
            for s in order
            if s not in targets
            and s not in chosen
            and skim_minutes(nodes[s]["minutes"]) < nodes[s]["minutes"]
        ),
        key=lambda s: (-distance.get(s, 1), position[s]),
    )
    return first, then


# -- the plan ----------------------------------------------------------------------------


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
    review: bool = True,
    mock_interview: bool = True,
    interleave: bool = True,
) -> StudyPlan:
    """Plan the study of `targets` day by day, fitted to the deadline by priority.

    Resolves the targets, design cases bringing their parts
    (:func:`resolve_targets`), collects what is missing
    (:func:`prerequisite_closure`), orders it along each domain's arc with
    domains interleaved (:func:`study_order`), explains each step
    (:func:`explain_order`), chooses on-topic reading and practice
    (:func:`attach_materials`), adds spaced reviews and a closing mock
    interview to plans of :data:`REHEARSAL_DAYS` days or more, and packs it
    all into full days (:func:`pack_days`). With a deadline, what does not
    fit is cut in the order given in the module docstring, and every cut is
    reported.

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
        Deadline in days.
    seniority : {"mid", "senior", "staff"}, optional
        The learner's level: prompts above it are not chosen, and it decides
        which targets matter most (:func:`seniority_fit`).
    include_articles, include_prompts : bool, optional
        Choose (and count the minutes of) articles and practice prompts.
    strict : bool, optional
        Require every not-known ancestor (see :func:`prerequisite_closure`).
    reviews : mapping of int to iterable of (slug, minutes), optional
        Spaced-repetition cards due by day number; they come first on their
        day, and their prompts are not chosen again.
    weights : OrderWeights, optional
        Tie-break between sibling prerequisites.
    review, mock_interview : bool, optional
        Add spaced reviews and the mock interview to long enough plans.
    interleave : bool, optional
        Mix the domains of targets that span several.

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
    >>> G.add_node("embeddings", kind="concept", title="Embeddings", minutes=40)
    >>> G.add_node("ann", kind="concept", title="ANN search", minutes=50)
    >>> _ = G.add_edge("embeddings", "ann", key="prerequisite", kind="prerequisite")
    >>> plan = study_plan(G, ["ann"], minutes_per_day=60)
    >>> [(s.slug, s.first_day, s.last_day, s.reason) for s in plan.steps]
    [('embeddings', 1, 1, 'Prerequisite of ANN search, a target'), ('ann', 1, 2, 'Your target')]
    """
    if seniority not in SENIORITY_LEVELS:
        raise ValueError(f"seniority must be one of {', '.join(SENIORITY_LEVELS)}")
    if minutes_per_day < 1:
        raise ValueError("minutes_per_day must be at least 1")
    if max_days is not None and max_days < 1:
        raise ValueError("max_days must be at least 1")
    due = normalise_reviews(reviews)
    if max_days is not None:
        due = {d: r for d, r in due.items() if d <= max_days}
    known_set = frozenset(known)
    resolved = resolve_targets(G, targets)
    cards = frozenset(r.slug for rs in due.values() for r in rs)

    shapes: dict[tuple[str, ...], tuple[Closure, tuple[str, ...], frozenset[str], dict]] = {}

    def draft(kept: Sequence[ResolvedTarget], *, rehearse: bool, materials: bool = True) -> _Draft:
        key = tuple(t.concept for t in kept)
        if key not in shapes:
            closure = closure_of(G, kept, known=known_set, strict=strict)
            order = study_order(
                G, closure, weights=weights, seniority=seniority, interleave=interleave
            )
            target_set = frozenset(t.concept for t in closure.targets)
            shapes[key] = (closure, order, target_set, _distances(G, order, target_set))
        closure, order, target_set, distances = shapes[key]
        choice = _choose(
            G,
            order,
            target_set,
            distances,
            known_set,
            seniority=seniority,
            articles=include_articles and materials,
            prompts=include_prompts and materials,
            mock=mock_interview and rehearse and materials,
            exclude=cards,
        )
        spacing = DEFAULT_SPACING if review and rehearse else ()
        return _Draft(closure, order, target_set, choice, spacing=spacing, mock=rehearse).build(G)

    def fits(d: _Draft) -> bool:
        assert max_days is not None
        return fits_in_days(
            d.tasks,
            minutes_per_day=minutes_per_day,
            max_days=max_days,
            reviews=due,  # type: ignore[arg-type]
            spacing=d.spacing,
        )

    rehearse = max_days is not None and max_days >= REHEARSAL_DAYS
    full = draft(resolved, rehearse=rehearse)
    if max_days is None:
        schedule = pack_days(full.tasks, minutes_per_day=minutes_per_day, reviews=due)
        if len(schedule.days) >= REHEARSAL_DAYS and (review or mock_interview):
            full = draft(resolved, rehearse=True)
        return _result(G, full, full, (), minutes_per_day, None, due, None, None)

    needed = _needed(full, max_days, due)
    if fits(full):
        return _result(G, full, full, (), minutes_per_day, max_days, due, needed, None)

    # Cut by priority: each level keeps the cuts of the levels before it.
    levels: list[dict[str, object]] = [
        {"prompts_per_step": 1},
        {"articles": False},
        {"spacing": LIGHT_SPACING if full.spacing else ()},
    ]
    current = _Draft(
        full.closure, full.order, full.targets, full.choice, spacing=full.spacing, mock=full.mock
    )
    for change in levels:
        for name, value in change.items():
            setattr(current, name, value)
        if fits(current.build(G)):
            return _result(G, full, current, (), minutes_per_day, max_days, due, needed, None)

    distant, others = _skim_candidates(G, current.order, current.targets)
    candidates = distant + others

    def with_skims(d: _Draft, count: int) -> _Draft:
        d.skim = frozenset(candidates[:count])
        return d.build(G)

    # Distant, easy prerequisites are skimmed before the last reviews go; the
    # other prerequisites only after.
    tiers = [(distant, current.spacing, False), (candidates, current.spacing, True)]
    tiers = tiers if current.spacing else []
    tiers.append((candidates, (), False))
    for skims, spacing, targets_only in tiers:
        current.spacing, current.reviews_of_targets_only = spacing, targets_only
        if fits(with_skims(current, len(skims))):
            count = smallest_passing(0, len(skims), lambda k: fits(with_skims(current, k)))
            with_skims(current, count)
            return _result(G, full, current, (), minutes_per_day, max_days, due, needed, None)
    for name in ("practice", "mock"):
        setattr(current, name, False)
        if fits(current.build(G)):
            if name == "practice":
                ranked = _drop_order(G, resolved, full.order, seniority)
                _give_back(G, current, fits, ranked, reviews=bool(full.spacing))
            return _result(G, full, current, (), minutes_per_day, max_days, due, needed, None)

    # Targets must go: the least valuable first, with what only they need.
    for_targets = _needed(current, max_days, due)
    ranked = _drop_order(G, resolved, full.order, seniority)

    def without(count: int) -> _Draft:
        dropped = set(ranked[:count])
        kept = [t for t in resolved if t.concept not in dropped]
        d = draft(kept, rehearse=False, materials=False)
        d.practice = d.articles = d.mock = False
        d.spacing = ()
        distant, others = _skim_candidates(G, d.order, d.targets)
        d.skim = frozenset(distant + others)
        return d.build(G)

    count = smallest_passing(1, len(ranked), lambda k: fits(without(k)))
    final = without(count)
    return _result(
        G, full, final, ranked[:count], minutes_per_day, max_days, due, needed, for_targets
    )


def _give_back(
    G: nx.MultiDiGraph,
    d: _Draft,
    fits: Callable[[_Draft], bool],
    ranked: Sequence[str],
    *,
    reviews: bool,
) -> None:
    """Return what the room freed by dropping practice still holds, most valuable first.

    Cutting practice is all or nothing; a deadline often has room left after
    it. First one review of each target comes back, then one question on as
    many targets as fit, the most valuable (the last to be dropped) first.
    """
    if reviews:
        d.spacing, d.reviews_of_targets_only = LIGHT_SPACING, True
        if not fits(d.build(G)):
            d.spacing, d.reviews_of_targets_only = (), False
    valued = [t for t in reversed(ranked) if t in d.targets]

    def with_practice(count: int) -> _Draft:
        d.practice, d.practice_on = True, frozenset(valued[:count])
        return d.build(G)

    # The largest count that fits: fitting shrinks as questions are added.
    count = len(valued) - smallest_passing(
        0, len(valued), lambda k: fits(with_practice(len(valued) - k))
    )
    if count:
        with_practice(count)
    else:
        d.practice, d.practice_on = False, None
        d.build(G)


def _needed(d: _Draft, max_days: int, due: Mapping[int, Sequence[object]]) -> int:
    return minutes_per_day_needed(
        d.tasks,
        max_days=max_days,
        reviews=due,  # type: ignore[arg-type]
        spacing=d.spacing,
    )


def _drop_order(
    G: nx.MultiDiGraph,
    resolved: Sequence[ResolvedTarget],
    order: Sequence[str],
    seniority: str,
) -> list[str]:
    """Targets from least to most valuable: the order in which a deadline drops them.

    Targets that came from a domain, roadmap day, article or question go
    first, then the parts of a case asked for by name, and targets asked for
    by name last. Within each, topics essential at the learner's level
    (staff topics for a staff candidate) are kept longest, and stretch topics
    for the learner's level go first; then parts go in reverse of the order
    their case lists them (most important first); then the less often
    interviews probe a topic (its ``frequency``), the sooner it goes; then
    framing and foundations are kept over the rest; then topics that fewer
    interview questions assess and fewer concepts build on, then the hardest,
    then the latest in the plan.
    """
    nodes = node_attrs(G)
    position = {slug: i for i, slug in enumerate(order)}
    rank: dict[object, int] = {name: i for i, name in enumerate(DIFFICULTY_LEVELS)}

    def asked(t: ResolvedTarget) -> int:
        if t.concept in t.via:
            return 2  # asked for by name
        if t.part_of and any(nodes.get(v, {}).get("kind") == "concept" for v in t.via):
            return 1  # a part of a case asked for by name
        return 0

    def part_rank(t: ResolvedTarget) -> int:
        """Where the case lists the part (most important first); 0 for other targets."""
        succ = G._succ[t.concept]
        return min(
            (succ[c][PART_OF].get("position") or 1 << 20 for c in t.part_of if c in succ),
            default=0,
        )

    def key(t: ResolvedTarget) -> tuple[object, ...]:
        fit = seniority_fit(G, t.concept, seniority)
        return (
            asked(t),
            fit == 0,
            fit < 2,
            -part_rank(t),
            FREQUENCY_LEVELS.index(nodes[t.concept].get("frequency") or "medium"),
            nodes[t.concept].get("stage") in ("framing", "foundation"),
            len(edge_sources(G, t.concept, ASSESSES))
            + len(edge_targets(G, t.concept, PREREQUISITE)),
            -rank.get(nodes[t.concept].get("difficulty"), 0),
            -position.get(t.concept, 0),
        )

    return [t.concept for t in sorted((t for t in resolved if t.concept in position), key=key)]


def _result(
    G: nx.MultiDiGraph,
    full: _Draft,
    final: _Draft,
    dropped: Sequence[str],
    minutes_per_day: int,
    max_days: int | None,
    due: Mapping[int, Sequence[object]],
    needed: int | None,
    for_targets: int | None,
) -> StudyPlan:
    nodes = node_attrs(G)
    spacing = final.spacing
    schedule = pack_days(
        final.tasks,
        minutes_per_day=minutes_per_day,
        max_days=max_days,
        reviews=due,  # type: ignore[arg-type]
        spacing=spacing,
    )
    placed: dict[int, Placement] = {
        i: p for i, p in enumerate(schedule.placements) if p is not None
    }

    def title(slug: str) -> str:
        return str(nodes[slug].get("title") or slug)

    def material(index: int, kind: str, reason: str) -> Material:
        task = final.tasks[index]
        p = placed.get(index)
        return Material(
            task.slug,
            kind,
            task.minutes,
            p.first_day if p else None,
            p.last_day if p else None,
            reason,
        )

    by_step: dict[str, dict[str, list[Material]]] = {}
    mock: list[Material] = []
    concept_task: dict[str, int] = {}
    for index, (task, owner) in enumerate(zip(final.tasks, final.owner, strict=True)):
        if task.activity in ("study", "skim"):
            concept_task[task.slug] = index
        elif task.activity == "read":
            by_step.setdefault(owner or "", {}).setdefault("article", []).append(
                material(index, "article", f"Reading on {title(owner or task.slug)}")
            )
        elif task.activity == "practice":
            assessed = sorted(
                (s for s in edge_targets(G, task.slug, ASSESSES) if s in concept_task),
                key=concept_task.__getitem__,
            )
            by_step.setdefault(owner or "", {}).setdefault("prompt", []).append(
                material(index, "prompt", f"Practice on {name_list([title(s) for s in assessed])}")
            )
        else:
            mock.append(material(index, "prompt", "Mock interview question on your targets"))

    explained: dict[str, Explanation] = {
        e.slug: e for e in explain_order(G, full.closure, full.order)
    }
    if final is not full:
        explained.update({e.slug: e for e in explain_order(G, final.closure, final.order)})
    steps: list[Step] = []
    kept = set(final.order)
    for slug in [*final.order, *(s for s in full.order if s not in kept)]:
        why = explained[slug]
        at = concept_task.get(slug)
        p = placed.get(at) if at is not None else None
        mats = by_step.get(slug, {})
        arts, prompts = tuple(mats.get("article", ())), tuple(mats.get("prompt", ()))
        own = final.tasks[at].minutes if at is not None else nodes[slug]["minutes"]
        steps.append(
            Step(
                position=len(steps) + 1,
                slug=slug,
                concept_minutes=own,
                minutes=own + sum(m.minutes for m in (*arts, *prompts)),
                first_day=p.first_day if p else None,
                last_day=p.last_day if p else None,
                reason=why.reason,
                is_target=why.is_target,
                prerequisite_of=why.prerequisite_of,
                targets=why.targets,
                required_by=why.required_by,
                articles=arts,
                prompts=prompts,
                role=why.role,
                mode="skim" if slug in final.skim else "study",
            )
        )
    unscheduled = tuple(s.slug for s in steps if s.first_day is None)
    cuts = _cuts(G, full, final, dropped, unscheduled, minutes_per_day)
    mock_session = None
    if mock and all(m.day is not None for m in mock):
        mock_session = MockInterview(
            day=min(m.day for m in mock if m.day is not None),
            last_day=max(m.last_day for m in mock if m.last_day is not None),
            prompts=tuple(mock),
            minutes=sum(m.minutes for m in mock),
        )
    targets_wanted = {t.concept for t in full.closure.targets}
    return StudyPlan(
        targets=full.closure.targets,
        known_targets=full.closure.known_targets,
        steps=tuple(steps),
        days=schedule.days,
        total_minutes=sum(d.minutes for d in schedule.days),
        minutes_per_day=minutes_per_day,
        max_days=max_days,
        fits_deadline=targets_wanted <= {s.slug for s in steps if s.first_day is not None},
        unscheduled=unscheduled,
        minutes_per_day_needed=needed,
        minutes_per_day_for_targets=for_targets,
        cuts=cuts,
        mock_interview=mock_session,
        reviews=bool(spacing),
    )


def _cuts(
    G: nx.MultiDiGraph,
    full: _Draft,
    final: _Draft,
    dropped: Sequence[str],
    unscheduled: Sequence[str],
    minutes_per_day: int,
) -> tuple[Cut, ...]:
    """What `final` lacks compared with `full`, in the order a deadline cuts."""
    if final is full:
        return ()
    nodes = node_attrs(G)

    def title(slug: str) -> str:
        return str(nodes[slug].get("title") or slug)

    kept_tasks = {(t.slug, t.activity) for t in final.tasks}
    cuts: list[Cut] = []
    first_practice = {c: p for c in full.order for p in full.prompts_of(c)[:1] if c in full.targets}
    extra: list[Cut] = []
    rest: list[Cut] = []
    for concept in full.order:
        for slug in full.prompts_of(concept):
            if (slug, "practice") in kept_tasks:
                continue
            item = Cut(
                "practice",
                slug,
                nodes[slug]["minutes"],
                f"Practice on {title(concept)} left out to fit the deadline",
            )
            (rest if first_practice.get(concept) == slug else extra).append(item)
    cuts += extra
    for concept in full.order:
        for slug in full.articles_of(concept):
            if (slug, "read") not in kept_tasks:
                cuts.append(
                    Cut(
                        "article",
                        slug,
                        nodes[slug]["minutes"],
                        "Reading left out to fit the deadline",
                    )
                )
    if full.spacing and (final.spacing, final.reviews_of_targets_only) != (full.spacing, False):

        def spaced(d: _Draft) -> int:
            if not d.spacing:
                return 0
            unhurried = pack_days(d.tasks, minutes_per_day=minutes_per_day, spacing=d.spacing)
            return sum(r.minutes for d in unhurried.days for r in d.reviews if r.kind == "concept")

        if not final.spacing:
            reason = "Spaced reviews of studied concepts left out to fit the deadline"
        elif final.reviews_of_targets_only:
            reason = "Spaced reviews kept for targets only, one each, to fit the deadline"
        else:
            reason = "Spaced reviews thinned to one per concept to fit the deadline"
        cuts.append(Cut("review", None, spaced(full) - spaced(final), reason))
    for slug in full.order:
        if slug in final.skim:
            own = nodes[slug]["minutes"]
            cuts.append(
                Cut(
                    "skim",
                    slug,
                    own - skim_minutes(own),
                    f"Skimmed in {skim_minutes(own)} of {own} minutes to fit the deadline: "
                    "a prerequisite, for the gist only",
                )
            )
    cuts += rest
    if full.mock and not final.mock and full.choice.mock:
        minutes = sum(nodes[s]["minutes"] for s in full.choice.mock)
        cuts.append(Cut("mock", None, minutes, "Mock interview left out to fit the deadline"))
    dropped_set = set(dropped)
    for slug in unscheduled:
        own = nodes[slug]["minutes"]
        if slug in dropped_set:
            cuts.append(Cut("target", slug, own, f"{title(slug)} does not fit before the deadline"))
        else:
            cuts.append(Cut("prerequisite", slug, own, "Needed only by targets that do not fit"))
    return tuple(cuts)
