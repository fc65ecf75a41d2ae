"""Properties of study plans on random prerequisite DAGs."""

from itertools import pairwise

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.algorithms import (
    minutes_per_day_needed,
    pack_days,
    path_between,
    prerequisite_closure,
    ready_to_learn,
    resolve_targets,
    study_plan,
)
from graph.algorithms.schedule import GRANULARITY

from .graphs import content_dags, rebuilt

# Modest counts keep the file at a few seconds; no example database in the repo.
EXAMPLES = settings(max_examples=60, deadline=None, database=None)


@st.composite
def scenarios(draw):
    G = draw(content_dags())
    concepts = sorted(G)
    concepts = [c for c in concepts if G.nodes[c]["kind"] == "concept"]
    targets = draw(st.lists(st.sampled_from(concepts), min_size=1, max_size=3, unique=True))
    known = draw(st.sets(st.sampled_from(concepts), max_size=len(concepts) // 2))
    options = {
        "known": sorted(known),
        "minutes_per_day": draw(st.integers(20, 120)),
        "strict": draw(st.booleans()),
        "seniority": draw(st.sampled_from(["mid", "senior", "staff"])),
    }
    return G, targets, options


def prerequisites(G, concept):
    return [u for u, keys in G.pred[concept].items() if "prerequisite" in keys]


@EXAMPLES
@given(scenarios())
def test_every_step_comes_after_its_required_prerequisites(scenario):
    G, targets, options = scenario
    plan = study_plan(G, targets, **options)
    steps = {s.slug: s for s in plan.steps}
    known = set(options["known"])
    for step in plan.steps:
        for pre in prerequisites(G, step.slug):
            if pre in steps:
                assert steps[pre].position < step.position
                assert steps[pre].last_day <= step.first_day
            else:
                assert pre in known  # only a known concept may be left out


@EXAMPLES
@given(scenarios())
def test_no_known_concept_and_every_target_unless_known(scenario):
    G, targets, options = scenario
    plan = study_plan(G, targets, **options)
    slugs = [s.slug for s in plan.steps]
    known = set(options["known"])
    assert not known.intersection(slugs)
    assert len(slugs) == len(set(slugs))
    for target in resolve_targets(G, targets):
        assert (target.concept in known) != (target.concept in slugs)
    assert {t.concept for t in plan.known_targets} == known.intersection(targets)


@st.composite
def deadline_scenarios(draw):
    G, targets, options = draw(scenarios())
    options["max_days"] = draw(st.integers(1, 12))
    return G, targets, options


@EXAMPLES
@given(st.one_of(scenarios(), deadline_scenarios()))
def test_days_stay_within_budget_and_parts_add_up(scenario):
    G, targets, options = scenario
    plan = study_plan(G, targets, **options)
    budget = options["minutes_per_day"]
    slots = {}
    for day in plan.days:
        assert day.minutes <= budget
        if options.get("max_days"):
            assert day.day <= options["max_days"]
        for slot in day.steps:
            if slot.activity in ("study", "skim"):
                slots.setdefault(slot.slug, []).append((day.day, slot))
    for step in plan.steps:
        if step.first_day is None:
            assert step.slug not in slots
            continue
        parts = slots[step.slug]
        assert sum(slot.minutes for _, slot in parts) == step.concept_minutes
        assert [d for d, _ in parts] == sorted({d for d, _ in parts})
        assert (parts[0][0], parts[-1][0]) == (step.first_day, step.last_day)


@EXAMPLES
@given(st.one_of(scenarios(), deadline_scenarios()))
def test_practice_never_comes_before_study(scenario):
    G, targets, options = scenario
    plan = study_plan(G, targets, **options)
    last_day = {s.slug: s.last_day for s in plan.steps if s.first_day is not None}
    for day in plan.days:
        for slot in day.steps:
            if slot.activity in ("practice", "mock"):
                for concept, keys in G.succ[slot.slug].items():
                    if "assesses" in keys and concept in last_day:
                        assert last_day[concept] <= day.day


@EXAMPLES
@given(deadline_scenarios())
def test_a_target_is_never_left_out_while_other_material_is_scheduled(scenario):
    G, targets, options = scenario
    plan = study_plan(G, targets, **options)
    if any(c.kind == "target" for c in plan.cuts):
        assert not plan.fits_deadline
        activities = {slot.activity for day in plan.days for slot in day.steps}
        assert activities <= {"study", "skim"}
        assert not any(r.kind == "concept" for day in plan.days for r in day.reviews)
    else:
        assert plan.fits_deadline


@EXAMPLES
@given(st.one_of(scenarios(), deadline_scenarios()))
def test_no_half_empty_day_while_work_remains(scenario):
    G, targets, options = scenario
    plan = study_plan(G, targets, **options)
    budget = options["minutes_per_day"]
    mock = plan.mock_interview.day if plan.mock_interview else None
    for day in plan.days[:-1]:
        if mock is not None and day.day == mock - 1:
            continue  # the mock interview is never split
        if day.steps and all(s.activity == "mock" for s in day.steps):
            continue  # a session longer than a day: whole questions, one day after another
        assert day.minutes * 3 >= budget * 2, (day, budget)


@EXAMPLES
@given(scenarios())
def test_same_input_same_plan_whatever_the_insertion_order(scenario):
    G, targets, options = scenario
    plan = study_plan(G, targets, **options)
    assert study_plan(G, targets, **options) == plan
    assert study_plan(rebuilt(G), targets, **options) == plan


@EXAMPLES
@given(scenarios(), st.data())
def test_knowing_more_never_makes_the_plan_longer(scenario, data):
    G, targets, options = scenario
    # Materials aside: knowing a concept can make a question on it worth practising.
    options = {**options, "include_articles": False, "include_prompts": False}
    plan = study_plan(G, targets, **options)
    concepts = [n for n, kind in G.nodes(data="kind") if kind == "concept"]
    extra = data.draw(st.sampled_from(sorted(concepts)))
    more = study_plan(G, targets, **{**options, "known": [*options["known"], extra]})
    assert {s.slug for s in more.steps} <= {s.slug for s in plan.steps}
    assert more.total_minutes <= plan.total_minutes


@EXAMPLES
@given(scenarios())
def test_strict_closure_contains_the_blocking_one(scenario):
    G, targets, options = scenario
    blocking = prerequisite_closure(G, targets, known=options["known"])
    strict = prerequisite_closure(G, targets, known=options["known"], strict=True)
    assert set(blocking.concepts) <= set(strict.concepts)
    prereq = nx.subgraph_view(G, filter_edge=lambda u, v, k: k == "prerequisite")
    ancestors = set().union(*(nx.ancestors(prereq, t) | {t} for t in targets))
    assert set(strict.concepts) == ancestors - set(options["known"])


@EXAMPLES
@given(
    st.lists(st.integers(1, 120), max_size=6),
    st.integers(1, 6),
    st.dictionaries(st.integers(1, 6), st.lists(st.integers(0, 40), max_size=2), max_size=3),
)
def test_minutes_per_day_needed_is_the_smallest_budget_that_fits(minutes, max_days, due):
    items = [(f"s{i}", m) for i, m in enumerate(minutes)]
    reviews = {d: [(f"r{d}-{i}", m) for i, m in enumerate(ms)] for d, ms in due.items()}
    needed = minutes_per_day_needed(items, max_days=max_days, reviews=reviews)
    assert pack_days(items, minutes_per_day=needed, max_days=max_days, reviews=reviews).fits
    # Above 20 minutes of even share a day, budgets are whole multiples of GRANULARITY.
    share = -(-sum(minutes) // max_days) if minutes else 0
    unit = GRANULARITY if share > 4 * GRANULARITY else 1
    assert needed % unit == 0
    for budget in range(unit, needed, unit):  # brute force: no smaller budget fits
        assert not pack_days(items, minutes_per_day=budget, max_days=max_days, reviews=reviews).fits


@EXAMPLES
@given(content_dags(), st.data())
def test_path_is_a_shortest_walk_of_stored_edges(G, data):
    source, target = (data.draw(st.sampled_from(sorted(G))) for _ in range(2))
    path = path_between(G, source, target)
    U = nx.Graph(G.to_undirected(as_view=True))
    if not nx.has_path(U, source, target):
        assert path is None
        return
    assert path.length == nx.shortest_path_length(U, source, target)
    assert (path.nodes[0], path.nodes[-1]) == (source, target)
    for (a, b), hop in zip(pairwise(path.nodes), path.hops, strict=True):
        assert {hop.source, hop.target} == {a, b}
        assert G.has_edge(hop.source, hop.target, key=hop.kind)
    assert path_between(rebuilt(G), source, target) == path


@EXAMPLES
@given(scenarios())
def test_ready_items_are_unknown_with_known_prerequisites(scenario):
    G, targets, options = scenario
    known = set(options["known"])
    items = ready_to_learn(G, known=known, targets=targets, n=50)
    for item in items:
        assert item.slug not in known
        assert all(p in known for p in prerequisites(G, item.slug))
    fringe = {
        c
        for c in prerequisite_closure(G, targets, known=known).concepts
        if all(p in known for p in prerequisites(G, c))
    }
    assert fringe <= {item.slug for item in items}
