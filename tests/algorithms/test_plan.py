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
        (1, "embeddings", 20, 1, "Prerequisite of Ann, needed for Hnsw, Ivf", ("ann", "ivf")),
        (2, "ann", 45, 1, "Prerequisite of Hnsw, a target", ("hnsw",)),
        (3, "hnsw", 50, 2, "Your target", ()),
        (4, "ivf", 25, 3, "Your target", ()),
    ]
    # The article covers embeddings and ann: it goes with the last of them, after both.
    assert [a.slug for a in plan.steps[1].articles] == ["ann-primer"]
    assert plan.steps[0].articles == ()
    assert plan.steps[0].targets == ("hnsw", "ivf")
    assert [p.slug for p in plan.steps[2].prompts] == ["q-mid"]
    assert plan.total_minutes == 20 + 45 + 50 + 25
    # Days are filled: the article does not fit in day 1's last 10 minutes.
    assert [d.minutes for d in plan.days] == [50, 55, 35]
    assert plan.fits_deadline and plan.minutes_per_day_needed is None


@pytest.mark.parametrize(
    ("seniority", "prompts"),
    [
        ("mid", {"hnsw": ["q-mid"]}),
        # q-senior assesses ann too, so it follows hnsw (after both); at most two per target.
        ("senior", {"hnsw": ["q-senior", "q-mid"]}),
        ("staff", {"hnsw": ["q-staff", "q-senior"]}),
    ],
)
def test_prompts_filtered_by_seniority_and_placed_after_what_they_assess(seniority, prompts):
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
    assert (deep.first_day, deep.last_day) == (1, 3)
    parts = [(d.day, s.minutes, f"part {s.part} of {s.parts}") for d in plan.days for s in d.steps]
    assert parts == [
        (1, 20, "part 1 of 1"),
        (1, 40, "part 1 of 3"),
        (2, 60, "part 2 of 3"),
        (3, 50, "part 3 of 3"),
    ]


def test_a_deadline_compresses_distant_prerequisites_before_cutting_a_target():
    G = chain("a", "b", "c", "d", minutes=40).G
    plan = study_plan(G, ["d"], minutes_per_day=60, max_days=2)
    assert plan.fits_deadline and plan.unscheduled == ()
    assert [(s.slug, s.first_day, s.mode) for s in plan.steps] == [
        ("a", 1, "skim"),
        ("b", 1, "skim"),
        ("c", 1, "study"),
        ("d", 2, "study"),
    ]
    assert [(c.kind, c.slug, c.minutes) for c in plan.cuts] == [
        ("skim", "a", 26),
        ("skim", "b", 26),
    ]
    assert plan.total_minutes == 14 + 14 + 40 + 40
    assert plan.minutes_per_day_needed == 80
    again = study_plan(G, ["d"], minutes_per_day=80, max_days=2)
    assert again.fits_deadline and again.cuts == ()


def test_a_target_left_out_only_when_even_the_compressed_plan_cannot_fit():
    G = chain("a", "b", "c", "d", minutes=40).concept("e", minutes=40).G
    plan = study_plan(G, ["d", "e"], minutes_per_day=60, max_days=2)
    assert not plan.fits_deadline
    assert plan.unscheduled == ("e",)
    assert [(c.kind, c.slug) for c in plan.cuts if c.kind == "target"] == [("target", "e")]
    assert plan.minutes_per_day_for_targets is not None
    assert plan.minutes_per_day_for_targets > 60
    assert study_plan(
        G, ["d", "e"], minutes_per_day=plan.minutes_per_day_for_targets, max_days=2
    ).fits_deadline


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
    assert [(s.slug, s.minutes, s.part, s.parts) for s in day1.steps] == [
        ("embeddings", 20, 1, 1),
        ("ann", 10, 1, 2),
    ]
    assert [(s.slug, s.minutes, s.activity) for s in day2.steps] == [
        ("ann", 20, "study"),
        ("ann-primer", 15, "read"),
        ("hnsw", 20, "study"),
    ]
    assert (day1.minutes, day2.minutes) == (60, 60)
    assert all(p.slug != "q-mid" for s in plan.steps for p in s.prompts)
    assert plan.total_minutes == 20 + 15 + 30 + 40 + 30 + 5


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
        ("a", "Prerequisite of B, needed for C"),
        ("c", "Your target"),
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
