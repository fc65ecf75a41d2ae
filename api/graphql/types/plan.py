"""Study plans, paths and subgraphs, mapped from graph.algorithms results."""

from __future__ import annotations

from datetime import date, timedelta
from enum import Enum
from functools import cached_property
from typing import Any

import strawberry
from strawberry import Private

from api.graphql.types.enums import EdgeKind
from api.graphql.types.nodes import Article, Concept, KnowledgeNode, Prompt, node_of
from graph.algorithms import GraphPath, Hop
from graph.algorithms import StudyPlan as PlanResult
from graph.algorithms.plan import Cut, Material, MockInterview, Step
from graph.algorithms.schedule import Day
from graph.snapshot import Snapshot


@strawberry.enum(description="What a slot of a study day is for.")
class Activity(Enum):
    STUDY = strawberry.enum_value("study", description="Learn a concept")
    SKIM = strawberry.enum_value("skim", description="Get the gist of a prerequisite (short)")
    READ = strawberry.enum_value("read", description="Read an article")
    PRACTICE = strawberry.enum_value("practice", description="Answer an interview question")
    MOCK_INTERVIEW = strawberry.enum_value(
        "mock", description="A question of the closing mock interview, timed"
    )


@strawberry.enum(description="Why a step is in the plan.")
class StepRole(Enum):
    TARGET = strawberry.enum_value("target", description="A target you asked for")
    PART = strawberry.enum_value(
        "part", description="A component that a design case you asked for covers"
    )
    PREREQUISITE = strawberry.enum_value("prerequisite", description="Needed by a later step")


@strawberry.enum(description="How deeply a step is studied.")
class StepMode(Enum):
    STUDY = strawberry.enum_value("study", description="In full")
    SKIM = strawberry.enum_value(
        "skim", description="The gist only, in a third of the time, to fit the deadline"
    )


@strawberry.enum(description="What a deadline took out of a plan.")
class CutKind(Enum):
    PRACTICE = strawberry.enum_value("practice", description="A practice question")
    ARTICLE = strawberry.enum_value("article", description="An article")
    REVIEW = strawberry.enum_value("review", description="Spaced reviews, thinned or left out")
    SKIM = strawberry.enum_value("skim", description="Depth on a prerequisite (now skimmed)")
    MOCK_INTERVIEW = strawberry.enum_value("mock", description="The mock interview")
    TARGET = strawberry.enum_value("target", description="A target")
    PREREQUISITE = strawberry.enum_value(
        "prerequisite", description="A step needed only by targets that were left out"
    )


@strawberry.type(description="One part of a study day: a piece of work, or its share of it.")
class StudySlot:
    node: KnowledgeNode = strawberry.field(
        description="The concept studied, the article read or the question practised"
    )
    minutes: int = strawberry.field(description="Minutes spent on it that day")
    part: int = strawberry.field(description="Which part, when the work spans days (from 1)")
    parts: int = strawberry.field(description="How many days the work spans")
    activity: Activity = strawberry.field(description="What the slot is for")


@strawberry.type(description="An article or question scheduled with a step.")
class PlannedMaterial:
    node: KnowledgeNode = strawberry.field(description="The article or prompt")
    minutes: int = strawberry.field(description="Its minutes")
    day: int | None = strawberry.field(description="First plan day (null when it was cut)")
    last_day: int | None = strawberry.field(description="Last plan day")
    reason: str = strawberry.field(description="Why it is there, in words")


@strawberry.type(description="Something a deadline took out of the plan, and why.")
class PlanCut:
    kind: CutKind = strawberry.field(description="What was cut")
    node: KnowledgeNode | None = strawberry.field(
        description="The node cut (null for the spaced reviews and the mock interview as a whole)"
    )
    minutes: int = strawberry.field(description="Minutes the cut saved")
    reason: str = strawberry.field(description="Why, in words")


@strawberry.type(description="The closing rehearsal: questions on the targets, timed.")
class MockInterviewSession:
    day: int = strawberry.field(description="Plan day it starts")
    last_day: int = strawberry.field(description="Plan day it ends")
    minutes: int = strawberry.field(description="Minutes in all")
    prompts: list[Prompt] = strawberry.field(description="The questions, in order")


@strawberry.type(description="One concept of a study plan, and why it is there.")
class StudyStep:
    position: int = strawberry.field(description="Place in the study order, from 1")
    node: KnowledgeNode = strawberry.field(description="The concept to study")
    minutes: int = strawberry.field(
        description="Minutes for the concept plus the articles and prompts counted with it"
    )
    concept_minutes: int = strawberry.field(description="Minutes for the concept alone")
    day: int | None = strawberry.field(description="First plan day (null when it does not fit)")
    last_day: int | None = strawberry.field(description="Last plan day; differs when it spans days")
    reason: str = strawberry.field(
        description="Why it is there, in words with titles: `Your target`, "
        "`Prerequisite of X, needed for Y`, `Part of <case>: the design round covers it`..."
    )
    is_target: bool = strawberry.field(description="Whether this concept is a target")
    role: StepRole = strawberry.field(description="Target, part of a case, or prerequisite")
    mode: StepMode = strawberry.field(description="Studied in full, or skimmed to fit")
    step: Private[Step]
    snap: Private[Snapshot]

    @strawberry.field(description="Articles and questions scheduled with this step, with days")
    def materials(self) -> list[PlannedMaterial]:
        return [_material(self.snap, m) for m in (*self.step.articles, *self.step.prompts)]

    @strawberry.field(description="Concepts in this plan that directly need this one")
    def required_by(self) -> list[KnowledgeNode]:
        return _nodes(self.snap, self.step.required_by)

    @strawberry.field(description="Targets this step serves")
    def targets(self) -> list[KnowledgeNode]:
        return _nodes(self.snap, self.step.targets)

    @strawberry.field(description="Articles to read with this step")
    def articles(self) -> list[Article]:
        return _nodes(self.snap, (m.slug for m in self.step.articles))

    @strawberry.field(description="Interview questions to practise")
    def prompts(self) -> list[Prompt]:
        return _nodes(self.snap, (m.slug for m in self.step.prompts))


@strawberry.type(description="One day of a study plan: reviews first, then new material.")
class StudyDay:
    day: int = strawberry.field(description="Day number, from 1")
    date: date = strawberry.field(description="Calendar date of the day")
    minutes: int = strawberry.field(description="Minutes planned that day, reviews included")
    plan_day: Private[Day]
    steps_: Private[list[StudyStep]]
    snap: Private[Snapshot]

    @strawberry.field(description="New work, in order: study, reading, practice, mock interview")
    def slots(self) -> list[StudySlot]:
        return [
            StudySlot(
                node=node_of(self.snap, s.slug),
                minutes=s.minutes,
                part=s.part,
                parts=s.parts,
                activity=Activity(s.activity),
            )
            for s in self.plan_day.steps
        ]

    @strawberry.field(description="Prompts due for spaced-repetition review that day")
    def reviews(self) -> list[Prompt]:
        return _nodes(self.snap, (r.slug for r in self.plan_day.reviews if r.kind == "card"))

    @strawberry.field(
        description="Concepts studied on earlier days and reviewed that day (spaced, 1-3-7 days)"
    )
    def reviewed_concepts(self) -> list[Concept]:
        return _nodes(self.snap, (r.slug for r in self.plan_day.reviews if r.kind == "concept"))

    @strawberry.field(description="The steps studied that day (whole or in part), in order")
    def steps(self) -> list[StudyStep]:
        return self.steps_


def _plan_targets(self: StudyPlan) -> list[KnowledgeNode]:
    return _nodes(self.snap, self.requested)


def _plan_steps(self: StudyPlan) -> list[StudyStep]:
    return list(self.steps_by_slug.values())


def _plan_days(self: StudyPlan) -> list[StudyDay]:
    steps = self.steps_by_slug
    return [
        StudyDay(
            day=day.day,
            date=self.start + timedelta(days=day.day - 1),
            minutes=day.minutes,
            plan_day=day,
            # a step spanning days appears once per day, in order
            steps_=[
                steps[slug]
                for slug in dict.fromkeys(
                    slot.slug for slot in day.steps if slot.activity in ("study", "skim")
                )
            ],
            snap=self.snap,
        )
        for day in self.result.days
    ]


def _plan_unscheduled(self: StudyPlan) -> list[StudyStep]:
    return [self.steps_by_slug[slug] for slug in self.result.unscheduled]


def _plan_cuts(self: StudyPlan) -> list[PlanCut]:
    return [_cut(self.snap, c) for c in self.result.cuts]


def _plan_mock(self: StudyPlan) -> MockInterviewSession | None:
    mock = self.result.mock_interview
    return _mock(self.snap, mock) if mock is not None else None


def _plan_known_targets(self: StudyPlan) -> list[KnowledgeNode]:
    return _nodes(self.snap, dict.fromkeys(t.concept for t in self.result.known_targets))


@strawberry.type(description="A prerequisite-ordered study plan packed into days.")
class StudyPlan:
    """Maps the algorithm's result to GraphQL types as far as the query selects it."""

    targets: list[KnowledgeNode] = strawberry.field(
        resolver=_plan_targets, description="The requested targets, as given"
    )
    steps: list[StudyStep] = strawberry.field(
        resolver=_plan_steps, description="Every step in study order"
    )
    days: list[StudyDay] = strawberry.field(resolver=_plan_days, description="The plan day by day")
    total_minutes: int = strawberry.field(description="Minutes of all steps and reviews")
    minutes_per_day: int = strawberry.field(description="The daily budget used")
    fits_deadline: bool = strawberry.field(
        description="False when a target had to be left out (see `cuts`)"
    )
    unscheduled: list[StudyStep] = strawberry.field(
        resolver=_plan_unscheduled,
        description="Steps left out because they do not fit before the deadline, in order",
    )
    minutes_per_day_needed: int | None = strawberry.field(
        description="With a deadline: the smallest daily budget that fits the whole plan, "
        "nothing cut"
    )
    minutes_per_day_for_targets: int | None = strawberry.field(
        description="When a target does not fit: the smallest daily budget that keeps every "
        "target, everything else cut"
    )
    cuts: list[PlanCut] = strawberry.field(
        resolver=_plan_cuts,
        description="What the deadline took out, in the order it is cut: extra practice, "
        "articles, spaced reviews, depth on prerequisites (skims), the remaining practice, "
        "the mock interview, and targets last",
    )
    mock_interview: MockInterviewSession | None = strawberry.field(
        resolver=_plan_mock,
        description="The closing mock interview (plans of 7 days or more, unless turned off)",
    )
    spaced_reviews: bool = strawberry.field(
        description="Whether spaced reviews of studied concepts are in the days"
    )
    known_targets: list[KnowledgeNode] = strawberry.field(
        resolver=_plan_known_targets,
        description="Target concepts already known: nothing to study for them",
    )
    warnings: list[str] = strawberry.field(description="Things worth telling the learner")
    result: Private[PlanResult]
    requested: Private[list[str]]
    start: Private[date]
    snap: Private[Snapshot]

    @cached_property
    def steps_by_slug(self) -> dict[str, StudyStep]:
        """The GraphQL steps, built once per plan on first use."""
        return {s.slug: _step(self.snap, s) for s in self.result.steps}


def _nodes(snapshot: Snapshot, slugs: Any) -> list[Any]:
    return [node_of(snapshot, s) for s in slugs]


def _step(snapshot: Snapshot, step: Step) -> StudyStep:
    return StudyStep(
        position=step.position,
        node=node_of(snapshot, step.slug),
        minutes=step.minutes,
        concept_minutes=step.concept_minutes,
        day=step.first_day,
        last_day=step.last_day,
        reason=step.reason,
        is_target=step.is_target,
        role=StepRole(step.role),
        mode=StepMode(step.mode),
        step=step,
        snap=snapshot,
    )


def _material(snapshot: Snapshot, m: Material) -> PlannedMaterial:
    return PlannedMaterial(
        node=node_of(snapshot, m.slug), minutes=m.minutes, day=m.day, last_day=m.last_day,
        reason=m.reason,
    )  # fmt: skip


def _cut(snapshot: Snapshot, c: Cut) -> PlanCut:
    return PlanCut(
        kind=CutKind(c.kind),
        node=node_of(snapshot, c.slug) if c.slug else None,
        minutes=c.minutes,
        reason=c.reason,
    )


def _mock(snapshot: Snapshot, m: MockInterview) -> MockInterviewSession:
    return MockInterviewSession(
        day=m.day, last_day=m.last_day, minutes=m.minutes,
        prompts=_nodes(snapshot, (p.slug for p in m.prompts)),
    )  # fmt: skip


def plan_from_domain(
    snapshot: Snapshot,
    plan: PlanResult,
    *,
    requested: list[str],
    start: date,
    warnings: list[str],
) -> StudyPlan:
    return StudyPlan(
        total_minutes=plan.total_minutes,
        minutes_per_day=plan.minutes_per_day,
        fits_deadline=plan.fits_deadline,
        minutes_per_day_needed=plan.minutes_per_day_needed,
        minutes_per_day_for_targets=plan.minutes_per_day_for_targets,
        spaced_reviews=plan.reviews,
        warnings=warnings,
        result=plan,
        requested=requested,
        start=start,
        snap=snapshot,
    )


@strawberry.type(description="An edge between two nodes.")
class GraphEdge:
    source: KnowledgeNode = strawberry.field(description="Where the stored edge starts")
    target: KnowledgeNode = strawberry.field(description="Where the stored edge ends")
    kind: EdgeKind = strawberry.field(description="The kind of edge")


@strawberry.type(
    name="GraphPath", description="A shortest path between two nodes, with the edges along it."
)
class PathResult:
    nodes: list[KnowledgeNode] = strawberry.field(description="The nodes in order, ends included")
    edges: list[GraphEdge] = strawberry.field(
        description="The edges between consecutive nodes, in their stored direction"
    )
    length: int = strawberry.field(description="Number of edges")


@strawberry.type(description="A bounded part of the graph around a node.")
class Subgraph:
    center: KnowledgeNode = strawberry.field(description="The node at the centre")
    nodes: list[KnowledgeNode] = strawberry.field(description="Nodes, nearest first")
    edges: list[GraphEdge] = strawberry.field(description="Edges among those nodes")
    truncated: bool = strawberry.field(description="True when the node limit cut the result")


def edge_of(snapshot: Snapshot, hop: Hop) -> GraphEdge:
    return GraphEdge(
        source=node_of(snapshot, hop.source),
        target=node_of(snapshot, hop.target),
        kind=EdgeKind(hop.kind),
    )


def path_from_domain(snapshot: Snapshot, path: GraphPath) -> PathResult:
    return PathResult(
        nodes=_nodes(snapshot, path.nodes),
        edges=[edge_of(snapshot, hop) for hop in path.hops],
        length=len(path.hops),
    )
