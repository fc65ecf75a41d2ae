import networkx as nx
import pytest

from graph.algorithms import study_plan

from .graphs import Content, chain


def vector_search() -> nx.MultiDiGraph:
    """embeddings -> ann -> hnsw, embeddings -> ivf; an article covers embeddings
    and ann; prompts of each seniority assess hnsw."""
    return (
        Content()
        .concept("embeddings", minutes=20)
        .concept("ann", minutes=30, difficulty="intermediate", requires=["embeddings"])
        .concept("hnsw", minutes=40, difficulty="advanced", requires=["ann"])
        .concept("ivf", minutes=25, difficulty="intermediate", requires=["embeddings"])
        .article("ann-primer", ["embeddings", "ann"], minutes=15)
        .prompt("q-mid", ["hnsw"], seniority="mid", minutes=10)
        .prompt("q-senior", ["hnsw", "ann"], seniority="senior", minutes=15)
        .prompt("q-staff", ["hnsw"], seniority="staff", minutes=20)
        .G
    )


def test_steps_carry_order_days_reasons_and_materials():
    plan = study_plan(vector_search(), ["hnsw", "ivf"], minutes_per_day=60, seniority="mid")
    rows = [
        (s.position, s.slug, s.minutes, s.first_day, s.reason, s.required_by) for s in plan.steps
    ]
    assert rows == [
        (
            1,
            "embeddings",
            35,
            1,
            "prerequisite of ann, needed for targets hnsw, ivf",
            ("ann", "ivf"),
        ),
        (2, "ann", 30, 2, "prerequisite of hnsw, needed for target hnsw", ("hnsw",)),
        (3, "hnsw", 50, 3, "target", ()),
        (4, "ivf", 25, 4, "target", ()),
    ]
    embeddings = plan.steps[0]
    assert [a.slug for a in embeddings.articles] == ["ann-primer"]  # attached once, first
    assert plan.steps[1].articles == ()
    assert embeddings.targets == ("hnsw", "ivf")
    assert plan.total_minutes == 35 + 30 + 50 + 25
    assert [d.minutes for d in plan.days] == [35, 30, 50, 25]
    assert plan.fits_deadline and plan.minutes_per_day_needed is None


@pytest.mark.parametrize(
    ("seniority", "prompts"),
    [
        ("mid", {"hnsw": ["q-mid"]}),
        ("senior", {"ann": ["q-senior"], "hnsw": ["q-mid"]}),
        ("staff", {"ann": ["q-senior"], "hnsw": ["q-mid", "q-staff"]}),
    ],
)
def test_prompts_filtered_by_seniority(seniority, prompts):
    plan = study_plan(vector_search(), ["hnsw"], seniority=seniority)
    attached = {s.slug: [p.slug for p in s.prompts] for s in plan.steps if s.prompts}
    assert attached == prompts


@pytest.mark.parametrize(
    ("articles", "prompts", "minutes"),
    [(True, True, 20 + 15 + 30 + 40 + 10), (False, True, 20 + 30 + 40 + 10), (False, False, 90)],
)
def test_include_flags_attach_and_count(articles, prompts, minutes):
    plan = study_plan(
        vector_search(),
        ["hnsw"],
        seniority="mid",
        include_articles=articles,
        include_prompts=prompts,
    )
    assert plan.total_minutes == minutes
    assert any(s.articles for s in plan.steps) is articles
    assert any(s.prompts for s in plan.steps) is prompts


def test_a_concept_longer_than_a_day_spans_days():
    G = Content().concept("basics", minutes=20).concept("deep", minutes=150, requires=["basics"]).G
    plan = study_plan(G, ["deep"], minutes_per_day=60)
    deep = plan.steps[1]
    assert (deep.first_day, deep.last_day) == (2, 4)
    parts = [(d.day, s.minutes, f"part {s.part} of {s.parts}") for d in plan.days for s in d.steps]
    assert parts == [
        (1, 20, "part 1 of 1"),
        (2, 60, "part 1 of 3"),
        (3, 60, "part 2 of 3"),
        (4, 30, "part 3 of 3"),
    ]


def test_deadline_overflow_reports_unscheduled_and_the_budget_needed():
    G = chain("a", "b", "c", "d", minutes=40).G
    plan = study_plan(G, ["d"], minutes_per_day=60, max_days=2)
    assert not plan.fits_deadline
    assert plan.unscheduled == ("c", "d")
    assert [(s.slug, s.first_day) for s in plan.steps] == [
        ("a", 1),
        ("b", 2),
        ("c", None),
        ("d", None),
    ]
    assert plan.total_minutes == 160
    assert plan.minutes_per_day_needed == 80
    again = study_plan(G, ["d"], minutes_per_day=80, max_days=2)
    assert again.fits_deadline and again.unscheduled == ()


def test_reviews_come_first_and_are_not_attached_again():
    plan = study_plan(
        vector_search(),
        ["hnsw"],
        minutes_per_day=60,
        seniority="mid",
        reviews={1: [("q-mid", 30)], 2: [("q-other", 5)]},
    )
    day1, day2 = plan.days[0], plan.days[1]
    assert [(r.slug, r.minutes, r.reason) for r in day1.reviews] == [("q-mid", 30, "review")]
    # 35 minutes of embeddings (with its article) start in the 30 minutes left.
    assert [(s.slug, s.minutes, s.part, s.parts) for s in day1.steps] == [("embeddings", 30, 1, 2)]
    assert [(s.slug, s.minutes, s.part) for s in day2.steps] == [
        ("embeddings", 5, 2),
        ("ann", 30, 1),
    ]
    assert (day1.minutes, day2.minutes) == (60, 40)
    assert all(p.slug != "q-mid" for s in plan.steps for p in s.prompts)
    assert plan.total_minutes == 35 + 30 + 40 + 30 + 5


def test_known_targets_are_reported_and_known_concepts_skipped():
    plan = study_plan(vector_search(), ["hnsw", "ivf"], known=["ivf", "embeddings"])
    assert [t.concept for t in plan.known_targets] == ["ivf"]
    assert [t.concept for t in plan.targets] == ["hnsw"]
    assert [s.slug for s in plan.steps] == ["ann", "hnsw"]


def test_any_kind_of_target():
    plan = study_plan(vector_search(), ["ann-primer", "q-staff"], include_prompts=False)
    assert [(s.slug, s.is_target) for s in plan.steps] == [
        ("embeddings", True),
        ("ann", True),
        ("hnsw", True),
    ]
    assert [(t.concept, t.via) for t in plan.targets] == [
        ("ann", ("ann-primer",)),  # covers edges without a position: by slug
        ("embeddings", ("ann-primer",)),
        ("hnsw", ("q-staff",)),
    ]


def test_strict_plan_explains_through_known_concepts():
    plan = study_plan(chain("a", "b", "c").G, ["c"], known=["b"], strict=True)
    assert [(s.slug, s.reason) for s in plan.steps] == [
        ("a", "prerequisite of b, needed for target c"),
        ("c", "target"),
    ]


def test_nothing_to_study():
    plan = study_plan(chain("a").G, ["a"], known=["a"], max_days=3)
    assert plan.steps == () and plan.days == ()
    assert plan.fits_deadline and plan.minutes_per_day_needed == 1


@pytest.mark.parametrize(
    "kwargs",
    [{"minutes_per_day": 0}, {"max_days": 0}, {"seniority": "principal"}],
)
def test_invalid_arguments(kwargs):
    with pytest.raises(ValueError):
        study_plan(chain("a").G, ["a"], **kwargs)
