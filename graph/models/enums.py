"""Closed vocabularies of the knowledge graph, shared by storage, content and algorithms."""

from __future__ import annotations

from enum import StrEnum


class NodeKind(StrEnum):
    DOMAIN = "domain"
    CONCEPT = "concept"
    ARTICLE = "article"
    PROMPT = "prompt"
    ROADMAP_DAY = "roadmap_day"


class EdgeKind(StrEnum):
    PREREQUISITE = "prerequisite"
    RELATED_TO = "related_to"
    COVERS = "covers"
    ASSESSES = "assesses"
    SCHEDULES = "schedules"
    PART_OF = "part_of"


class Difficulty(StrEnum):
    BEGINNER = "beginner"
    INTERMEDIATE = "intermediate"
    ADVANCED = "advanced"

    @property
    def level(self) -> int:
        return DIFFICULTY_LEVEL[self]


DIFFICULTY_LEVEL = {Difficulty.BEGINNER: 0, Difficulty.INTERMEDIATE: 1, Difficulty.ADVANCED: 2}


class Seniority(StrEnum):
    MID = "mid"
    SENIOR = "senior"
    STAFF = "staff"


SENIORITY_LEVEL = {Seniority.MID: 0, Seniority.SENIOR: 1, Seniority.STAFF: 2}


class Frequency(StrEnum):
    """How often interviews probe a concept: what a deadline keeps first."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


FREQUENCY_LEVEL = {Frequency.LOW: 0, Frequency.MEDIUM: 1, Frequency.HIGH: 2}


class Stage(StrEnum):
    """Where a concept sits in the arc of a domain, studied in this order."""

    FRAMING = "framing"
    FOUNDATION = "foundation"
    CORE = "core"
    CASE = "case"

    @property
    def rank(self) -> int:
        return STAGE_RANK[self]


STAGE_RANK = {Stage.FRAMING: 0, Stage.FOUNDATION: 1, Stage.CORE: 2, Stage.CASE: 3}


# Which node kinds each edge kind may join: (source kinds, target kinds).
EDGE_ENDPOINTS: dict[EdgeKind, tuple[frozenset[NodeKind], frozenset[NodeKind]]] = {
    EdgeKind.PREREQUISITE: (frozenset({NodeKind.CONCEPT}), frozenset({NodeKind.CONCEPT})),
    EdgeKind.RELATED_TO: (frozenset({NodeKind.CONCEPT}), frozenset({NodeKind.CONCEPT})),
    EdgeKind.COVERS: (frozenset({NodeKind.ARTICLE}), frozenset({NodeKind.CONCEPT})),
    EdgeKind.ASSESSES: (frozenset({NodeKind.PROMPT}), frozenset({NodeKind.CONCEPT})),
    EdgeKind.SCHEDULES: (
        frozenset({NodeKind.ROADMAP_DAY}),
        frozenset({NodeKind.CONCEPT, NodeKind.ARTICLE, NodeKind.PROMPT}),
    ),
    EdgeKind.PART_OF: (frozenset({NodeKind.CONCEPT}), frozenset({NodeKind.CONCEPT})),
}


def edge_allowed(kind: EdgeKind, source: NodeKind, target: NodeKind) -> bool:
    sources, targets = EDGE_ENDPOINTS[kind]
    return source in sources and target in targets
