"""SQLAlchemy models of PrepGraph's storage."""

from graph.models.accounts import (
    ApiToken,
    Attempt,
    AuditEntry,
    Learner,
    Mastery,
    RateLimitUsage,
    ReviewCard,
    SavedPlan,
)
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
    "ApiToken",
    "Article",
    "Attempt",
    "AuditEntry",
    "Base",
    "Concept",
    "ContentVersion",
    "Difficulty",
    "Domain",
    "Edge",
    "EdgeKind",
    "Learner",
    "Mastery",
    "Node",
    "NodeKind",
    "Prompt",
    "RateLimitUsage",
    "ReviewCard",
    "RoadmapDay",
    "SavedPlan",
    "Seniority",
]
