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
}


def edge_allowed(kind: EdgeKind, source: NodeKind, target: NodeKind) -> bool:
    sources, targets = EDGE_ENDPOINTS[kind]
    return source in sources and target in targets
