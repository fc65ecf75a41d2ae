"""Learners as a coach meets them: who they are, what they ask, what a good plan does.

Each persona is written from the learner's side. ``expect`` is what an
experienced interview coach would insist on for that learner; the rules every
plan must keep whoever asks (practice after study, full days, ...) are checked
for all of them in ``test_personas.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Persona:
    name: str
    who: str
    input: dict[str, Any]
    scheduled: tuple[str, ...] = ()  # concepts that must be studied (have a day)
    absent: tuple[str, ...] = ()  # nodes that must not appear anywhere in the plan
    before: tuple[tuple[str, str], ...] = ()  # (a, b): a is studied no later than b
    early: tuple[tuple[str, int], ...] = ()  # (slug, n): among the first n steps
    fits: bool | None = None
    mock: bool | None = None  # ends with a mock interview
    reviews: bool | None = None  # has spaced reviews
    interleaved: tuple[str, ...] = ()  # each of these domains has work in the first days
    min_scheduled_in: tuple[tuple[str, int], ...] = ()  # (domain, n): at least n concepts studied
    extra: dict[str, Any] = field(default_factory=dict)
    gap: str | None = None  # a known shortfall: the test is expected to fail until it is fixed


PERSONAS = (
    Persona(
        name="recommender-round-in-10-days",
        who="Senior ML engineer with a recommender-system design round in 10 days, 90 minutes "
        "a day after work; knows supervised learning, losses and embeddings.",
        input={
            "targets": ["recommender-system-design"],
            "known": [
                "supervised-learning-basics",
                "loss-functions",
                "gradient-descent",
                "embeddings",
            ],
            "minutesPerDay": 90,
            "days": 10,
            "seniority": "SENIOR",
        },
        scheduled=(
            "recommender-system-design",
            "candidate-generation",
            "two-tower-model",
            "multi-task-ranking",
            "diversity-in-ranking",
            "cold-start",
        ),
        before=(
            ("two-tower-model", "recommender-system-design"),
            ("cold-start", "recommender-system-design"),
        ),
        early=(("problem-framing", 2),),  # the round opens by framing the problem
        fits=True,
        mock=True,
        # 900 minutes for 940 minutes of concepts, candidate generation studied in full
        # as the case's first part: prerequisites are skimmed, practice goes, and each
        # target keeps one review; the plan says so.
        reviews=True,
        extra={"cut": ("review", "skim")},
    ),
    Persona(
        name="backend-engineer-to-llm-serving",
        who="Backend engineer moving into LLM serving; two weeks at an hour a day; knows "
        "latency percentiles and caching.",
        input={
            "targets": ["llm-serving"],
            "known": ["latency-vs-throughput", "caching"],
            "minutesPerDay": 60,
            "days": 14,
            "seniority": "SENIOR",
        },
        scheduled=(
            "kv-cache",
            "continuous-batching",
            "paged-attention",
            "llm-serving",
            "speculative-decoding",
            "model-quantization",
        ),
        before=(
            ("kv-cache", "paged-attention"),
            ("continuous-batching", "llm-serving"),
            ("speculative-decoding", "llm-serving"),
        ),
        fits=True,
        mock=True,
    ),
    Persona(
        name="new-grad-coding-and-sql-in-3-weeks",
        who="New graduate with coding and SQL rounds in three weeks, an hour a day.",
        input={
            "targets": ["coding", "sql-databases"],
            "minutesPerDay": 60,
            "days": 21,
            "seniority": "MID",
        },
        scheduled=(
            "big-o-notation",
            "hash-tables",
            "two-pointers",
            "sql-joins",
            "group-by-aggregation",
            "window-functions",
        ),
        interleaved=("coding", "sql-databases"),
        min_scheduled_in=(("coding", 10), ("sql-databases", 8)),
        extra={"stretch_cut_first": True},
    ),
    Persona(
        name="staff-behavioral-in-5-days",
        who="Staff candidate whose behavioral round is in five days; an hour a day.",
        input={"targets": ["behavioral"], "minutesPerDay": 60, "days": 5, "seniority": "STAFF"},
        scheduled=(
            "star-method",
            "story-bank",
            "conflict-resolution",
            "influencing-without-authority",
            "technical-strategy-and-roadmaps",
            "cross-team-leadership",
        ),
        early=(("star-method", 3),),
        gap="Five hours hold the staff topics, the story bank and the other most-asked "
        "framing topics, but not conflict resolution: among topics rated equally often "
        "asked, the one more questions assess (ownership) is kept.",
    ),
    Persona(
        name="frontend-engineer-7-day-deadline",
        who="Senior frontend engineer with a frontend system design round in a week, an hour "
        "a day.",
        input={
            "targets": ["frontend-system-design"],
            "minutesPerDay": 60,
            "days": 7,
            "seniority": "SENIOR",
        },
        scheduled=("frontend-design-interview-framework", "rendering-strategies"),
        early=(("frontend-design-interview-framework", 1),),
        mock=False,  # a week is all study: nothing is left for a mock over the targets
    ),
    Persona(
        name="fraud-design-round-in-5-days",
        who="Senior ML engineer with a fraud-detection design round in five days, 90 minutes "
        "a day.",
        input={
            "targets": ["fraud-detection"],
            "minutesPerDay": 90,
            "days": 5,
            "seniority": "SENIOR",
        },
        # The case lists its parts most important first; five days keep the first ones.
        scheduled=("fraud-detection", "rules-plus-ml", "gradient-boosted-trees"),
        before=(("rules-plus-ml", "fraud-detection"),),
    ),
    Persona(
        name="fraud-design-round-in-2-weeks",
        who="The same engineer with two weeks: the case must come with all its parts.",
        input={
            "targets": ["fraud-detection"],
            "minutesPerDay": 90,
            "days": 14,
            "seniority": "SENIOR",
        },
        scheduled=(
            "fraud-detection",
            "rules-plus-ml",
            "graph-features",
            "human-review-queues",
            "adversarial-adaptation",
        ),
        before=(
            ("graph-features", "fraud-detection"),
            ("human-review-queues", "fraud-detection"),
        ),
        fits=True,
        mock=True,
        reviews=True,
    ),
    Persona(
        name="whole-ml-system-design-domain",
        who="Senior engineer preparing the whole ML system design domain over the coming "
        "months, 90 minutes a day.",
        input={"targets": ["ml-system-design"], "minutesPerDay": 90, "seniority": "SENIOR"},
        early=(("requirements-clarification", 5), ("problem-framing", 5)),
        before=(
            ("problem-framing", "similarity-metrics"),
            ("supervised-learning-basics", "feature-store"),
            ("feature-store", "fraud-detection"),
        ),
        mock=True,
        reviews=True,
        extra={"arc": True},
    ),
    Persona(
        name="hnsw-in-an-afternoon",
        who="Engineer who only needs HNSW for a vector-search question, an hour a day.",
        input={"targets": ["hnsw"], "minutesPerDay": 60, "seniority": "SENIOR"},
        scheduled=("hnsw", "approximate-nearest-neighbor-search"),
        absent=("q-design-visual-search",),
        extra={"practice_on": "hnsw"},
    ),
    Persona(
        name="two-multi-path-targets",
        who="Mid-level engineer after HNSW and the two-tower model, knowing embeddings.",
        input={
            "targets": ["hnsw", "two-tower-model"],
            "known": ["embeddings"],
            "minutesPerDay": 60,
            "seniority": "MID",
        },
        scheduled=("hnsw", "two-tower-model", "approximate-nearest-neighbor-search"),
        before=(("approximate-nearest-neighbor-search", "hnsw"),),
        absent=("embeddings",),
    ),
    Persona(
        name="mid-level-system-design-in-10-days",
        who="Mid-level backend engineer with a system design round in ten days, an hour a day.",
        input={
            "targets": ["system-design"],
            "minutesPerDay": 60,
            "days": 10,
            "seniority": "MID",
        },
        scheduled=("load-balancing", "caching", "sharding"),
        extra={"stretch_cut_first": True},
    ),
    Persona(
        name="sql-puzzles-in-3-days",
        who="Analyst brushing up window functions and gaps-and-islands in three evenings.",
        input={
            "targets": ["window-functions", "gaps-and-islands"],
            "minutesPerDay": 45,
            "days": 3,
            "seniority": "MID",
        },
        scheduled=("window-functions", "gaps-and-islands"),
        before=(("window-functions", "gaps-and-islands"),),
        fits=True,
        mock=False,
    ),
    Persona(
        name="staff-system-design-and-behavioral",
        who="Staff engineer preparing system design and behavioral rounds together over two "
        "weeks, 90 minutes a day.",
        input={
            "targets": ["system-design", "behavioral"],
            "minutesPerDay": 90,
            "days": 14,
            "seniority": "STAFF",
        },
        scheduled=(
            "influencing-without-authority",
            "technical-strategy-and-roadmaps",
            "story-bank",
        ),
        interleaved=("system-design", "behavioral"),
    ),
    Persona(
        name="recommender-round-in-2-days",
        who="Engineer told on Friday that the recommender round is on Monday morning: two "
        "days, an hour each.",
        input={
            "targets": ["recommender-system-design"],
            "minutesPerDay": 60,
            "days": 2,
            "seniority": "SENIOR",
        },
        scheduled=("recommender-system-design",),
        fits=False,
        extra={"needs_more_time": True},
    ),
)
