"""SQLAlchemy models of PrepGraph's storage."""

from graph.models.base import Base
from graph.models.content import (
    Article,
    Concept,
    ContentVersion,
    Domain,
    Edge,
    Node,
    Prompt,
    RoadmapDay,
)
from graph.models.enums import Difficulty, EdgeKind, NodeKind, Seniority

__all__ = [
    "Article",
    "Base",
    "Concept",
    "ContentVersion",
    "Difficulty",
    "Domain",
    "Edge",
    "EdgeKind",
    "Node",
    "NodeKind",
    "Prompt",
    "RoadmapDay",
    "Seniority",
]
