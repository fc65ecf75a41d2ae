"""GraphQL enums, mapped onto the domain vocabularies."""

from __future__ import annotations

from enum import Enum

import strawberry

from graph.models.enums import Difficulty as DomainDifficulty
from graph.models.enums import EdgeKind as DomainEdgeKind
from graph.models.enums import Frequency as DomainFrequency
from graph.models.enums import NodeKind as DomainNodeKind
from graph.models.enums import Seniority as DomainSeniority
from graph.models.enums import Stage as DomainStage


@strawberry.enum(description="The kind of a knowledge-graph node.")
class NodeKind(Enum):
    DOMAIN = strawberry.enum_value(
        DomainNodeKind.DOMAIN.value, description="A domain of interview preparation"
    )
    CONCEPT = strawberry.enum_value(DomainNodeKind.CONCEPT.value, description="A concept to learn")
    ARTICLE = strawberry.enum_value(DomainNodeKind.ARTICLE.value, description="A study article")
    PROMPT = strawberry.enum_value(DomainNodeKind.PROMPT.value, description="An interview question")
    ROADMAP_DAY = strawberry.enum_value(
        DomainNodeKind.ROADMAP_DAY.value, description="A day of the study roadmap"
    )


@strawberry.enum(description="How hard a concept or article is.")
class Difficulty(Enum):
    BEGINNER = strawberry.enum_value(DomainDifficulty.BEGINNER.value, description="No prior depth")
    INTERMEDIATE = strawberry.enum_value(
        DomainDifficulty.INTERMEDIATE.value, description="Builds on the basics"
    )
    ADVANCED = strawberry.enum_value(
        DomainDifficulty.ADVANCED.value, description="Expected of senior and staff candidates"
    )


@strawberry.enum(description="How often interviews probe a concept.")
class Frequency(Enum):
    HIGH = strawberry.enum_value(
        DomainFrequency.HIGH.value, description="In a large share of interviews of its kind"
    )
    MEDIUM = strawberry.enum_value(DomainFrequency.MEDIUM.value, description="Asked regularly")
    LOW = strawberry.enum_value(
        DomainFrequency.LOW.value, description="Niche, or asked mainly for specialised roles"
    )


@strawberry.enum(description="The level an interview question is pitched at.")
class Seniority(Enum):
    MID = strawberry.enum_value(DomainSeniority.MID.value, description="Mid-level engineer")
    SENIOR = strawberry.enum_value(DomainSeniority.SENIOR.value, description="Senior engineer")
    STAFF = strawberry.enum_value(DomainSeniority.STAFF.value, description="Staff and above")


@strawberry.enum(description="The kind of an edge between two nodes.")
class EdgeKind(Enum):
    PREREQUISITE = strawberry.enum_value(
        DomainEdgeKind.PREREQUISITE.value, description="Concept A must be learnt before concept B"
    )
    RELATED_TO = strawberry.enum_value(
        DomainEdgeKind.RELATED_TO.value, description="Two concepts worth comparing (symmetric)"
    )
    COVERS = strawberry.enum_value(
        DomainEdgeKind.COVERS.value, description="An article teaches a concept"
    )
    ASSESSES = strawberry.enum_value(
        DomainEdgeKind.ASSESSES.value, description="An interview question tests a concept"
    )
    SCHEDULES = strawberry.enum_value(
        DomainEdgeKind.SCHEDULES.value, description="A roadmap day studies a node"
    )
    PART_OF = strawberry.enum_value(
        DomainEdgeKind.PART_OF.value,
        description="A concept is a component that a design case's interview covers",
    )


@strawberry.enum(
    description="Where a concept sits in a domain's arc; plans study framing, then "
    "foundations, core topics and cases last."
)
class Stage(Enum):
    FRAMING = strawberry.enum_value(
        DomainStage.FRAMING.value, description="How to approach the round: framework, scoping"
    )
    FOUNDATION = strawberry.enum_value(
        DomainStage.FOUNDATION.value, description="Knowledge the rest of the domain builds on"
    )
    CORE = strawberry.enum_value(DomainStage.CORE.value, description="Components and techniques")
    CASE = strawberry.enum_value(
        DomainStage.CASE.value, description="An end-to-end design problem, made of parts"
    )


@strawberry.enum(description="Sort direction.")
class OrderDirection(Enum):
    ASC = strawberry.enum_value("asc", description="Ascending")
    DESC = strawberry.enum_value("desc", description="Descending")
