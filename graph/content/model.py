"""The content set: every node and edge of a knowledge graph, independent of storage.

Both readers (the seeds/ folder and the JSON dump) produce a :class:`ContentSet`;
validation checks it as a whole and the importer applies it to the database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from graph.models.enums import EdgeKind, NodeKind

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
SLUG_RE = re.compile(SLUG_PATTERN)
SLUG_MAX = 120

# The fields each kind stores beyond the common ones, in a stable order.
KIND_FIELDS: dict[NodeKind, tuple[str, ...]] = {
    NodeKind.DOMAIN: ("position",),
    NodeKind.CONCEPT: (
        "difficulty",
        "minutes",
        "stage",
        "seniority",
        "frequency",
        "aliases",
        "body",
    ),
    NodeKind.ARTICLE: ("difficulty", "minutes", "learning_objectives", "body"),
    NodeKind.PROMPT: ("text", "seniority", "follow_ups", "answer_outline", "minutes"),
    NodeKind.ROADMAP_DAY: ("day", "theme"),
}
COMMON_FIELDS = ("title", "summary", "tags", "domain")


def name_key(name: str) -> str:
    """How titles and aliases compare: case and runs of whitespace ignored."""
    return " ".join(name.lower().split())


@dataclass(frozen=True)
class NodeSpec:
    """One node as content: its slug, kind, common fields and kind-specific fields."""

    kind: NodeKind
    slug: str
    title: str
    summary: str
    tags: tuple[str, ...]
    domain: str | None
    fields: dict[str, Any]
    origin: str = ""

    def content(self) -> dict[str, Any]:
        """Every stored field, lists as tuples, for comparison with the database."""
        values: dict[str, Any] = {
            "title": self.title,
            "summary": self.summary,
            "tags": tuple(self.tags),
            "domain": self.domain,
        }
        for name in KIND_FIELDS[self.kind]:
            value = self.fields.get(name)
            values[name] = tuple(value) if isinstance(value, list | tuple) else value
        return values


@dataclass(frozen=True)
class EdgeSpec:
    source: str
    target: str
    kind: EdgeKind
    weight: float | None = None
    note: str | None = None
    position: int | None = None
    origin: str = ""

    @property
    def key(self) -> tuple[str, str, EdgeKind]:
        return (self.source, self.target, self.kind)


@dataclass
class ContentSet:
    nodes: list[NodeSpec] = field(default_factory=list)
    edges: list[EdgeSpec] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        counts = {kind.value: 0 for kind in NodeKind}
        for node in self.nodes:
            counts[node.kind.value] += 1
        counts["edges"] = len(self.edges)
        return counts


@dataclass(frozen=True)
class ContentIssue:
    """One problem found in content, located by file and slug."""

    origin: str
    slug: str | None
    message: str

    def __str__(self) -> str:
        where = self.origin or "<input>"
        return f"{where}: {self.slug}: {self.message}" if self.slug else f"{where}: {self.message}"


class ContentError(Exception):
    """Content that cannot be loaded; ``issues`` lists every problem found."""

    def __init__(self, issues: list[ContentIssue]) -> None:
        self.issues = issues
        super().__init__("\n".join(str(issue) for issue in issues))
