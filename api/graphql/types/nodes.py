"""Node types of the knowledge graph, read from the in-memory snapshot."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

import strawberry
from strawberry import Private

from api.graphql.arguments import AfterArg, BeforeArg, DepthArg, FirstArg, LastArg
from api.graphql.errors import BadUserInput
from api.graphql.ids import TYPE_BY_KIND, encode_id
from api.graphql.listing import Criteria, Window, list_nodes
from api.graphql.types.connection import Connection, to_connection
from api.graphql.types.enums import Difficulty, Frequency, NodeKind, Seniority, Stage
from graph.snapshot import Snapshot

MAX_DEPTH = 10


def check_depth(depth: int | None) -> int:
    """The depth asked for (1 when not given), or BAD_USER_INPUT out of range."""
    depth = 1 if depth is None else depth
    if not 1 <= depth <= MAX_DEPTH:
        raise BadUserInput(
            f"`depth` must be between 1 and {MAX_DEPTH}, got {depth}", argument="depth"
        )
    return depth


@strawberry.interface(description="An object with a globally unique, opaque id (Relay).")
class Node:
    @strawberry.field(description="Opaque global id; pass it to `node(id:)`.")
    def id(self) -> strawberry.ID:
        raise NotImplementedError


@strawberry.interface(description="Any node of the knowledge graph.")
class KnowledgeNode(Node):
    attrs: Private[Mapping[str, Any]]
    snap: Private[Snapshot]

    @strawberry.field(description="Opaque global id; pass it to `node(id:)`.")
    def id(self) -> strawberry.ID:
        return strawberry.ID(encode_id(TYPE_BY_KIND[self.attrs["kind"]], self.attrs["id"]))

    @strawberry.field(description="Unique, human-readable identifier (lowercase, hyphens).")
    def slug(self) -> str:
        return self.attrs["slug"]

    @strawberry.field(description="What kind of node this is.")
    def kind(self) -> NodeKind:
        return NodeKind(self.attrs["kind"])

    @strawberry.field(description="Display title.")
    def title(self) -> str:
        return self.attrs["title"]

    @strawberry.field(description="A few sentences on what this is and why it matters.")
    def summary(self) -> str:
        return self.attrs["summary"]

    @strawberry.field(description="Free-form tags.")
    def tags(self) -> list[str]:
        return list(self.attrs["tags"])

    @strawberry.field(description="The domain this node belongs to, if any.")
    def domain(self) -> Domain | None:
        slug = self.attrs["domain"]
        return node_of(self.snap, slug) if slug else None  # type: ignore[return-value]

    @strawberry.field(description="Row version, incremented by every change (for updates).")
    def version(self) -> int:
        return self.attrs["version"]

    @strawberry.field(description="When the node was created.")
    def created_at(self) -> datetime:
        return self.attrs["created_at"]

    @strawberry.field(description="When the node last changed.")
    def updated_at(self) -> datetime:
        return self.attrs["updated_at"]

    def _nodes(self, slugs: Iterable[str]) -> list[Any]:
        return [node_of(self.snap, s) for s in slugs]


@strawberry.type(description="A concept to learn, placed in the prerequisite graph.")
class Concept(KnowledgeNode):
    @strawberry.field(description="How hard the concept is.")
    def difficulty(self) -> Difficulty:
        return Difficulty(self.attrs["difficulty"])

    @strawberry.field(description="Estimated minutes to learn it.")
    def estimated_minutes(self) -> int:
        return self.attrs["minutes"]

    @strawberry.field(
        description="Where it sits in its domain's arc (plans study framing first, cases last)."
    )
    def stage(self) -> Stage:
        return Stage(self.attrs["stage"])

    @strawberry.field(
        description="The lowest level at which interviewers expect a candidate to know it."
    )
    def seniority(self) -> Seniority:
        return Seniority(self.attrs["seniority"])

    @strawberry.field(
        description="How often interviews probe it; under a deadline, plans keep the "
        "most-asked topics longest."
    )
    def frequency(self) -> Frequency:
        return Frequency(self.attrs.get("frequency") or "medium")

    @strawberry.field(
        description="Other names it goes by (acronyms such as GBDT, common names such as "
        "postmortem); search finds the concept by them."
    )
    def aliases(self) -> list[str]:
        return list(self.attrs.get("aliases") or ())

    @strawberry.field(description="Longer explanation in markdown (may be empty).")
    def body(self) -> str:
        return self.attrs["body"]

    @strawberry.field(
        description="Concepts to learn first. depth 1 = direct; larger = transitive, nearest first."
    )
    def prerequisites(
        self,
        depth: DepthArg = None,
    ) -> list[Concept]:
        levels = check_depth(depth)
        return self._nodes(self.snap.prerequisite_layers(self.attrs["slug"], depth=levels))

    @strawberry.field(description="Concepts this one unlocks, nearest first.")
    def dependents(self, depth: DepthArg = None) -> list[Concept]:
        levels = check_depth(depth)
        return self._nodes(
            self.snap.prerequisite_layers(self.attrs["slug"], depth=levels, dependents=True)
        )

    @strawberry.field(
        description="For a design case: the component topics its interview covers, "
        "studied before it."
    )
    def parts(self) -> list[Concept]:
        return self._nodes(self.snap.linked(self.attrs["slug"], "part_of", incoming=True))

    @strawberry.field(description="The design cases this concept is a part of.")
    def part_of(self) -> list[Concept]:
        return self._nodes(self.snap.linked(self.attrs["slug"], "part_of"))

    @strawberry.field(description="Concepts worth comparing with this one.")
    def related(self) -> list[Concept]:
        return self._nodes(self.snap.related(self.attrs["slug"]))

    @strawberry.field(description="Articles that cover this concept.")
    def articles(self) -> list[Article]:
        return self._nodes(self.snap.linked(self.attrs["slug"], "covers", incoming=True))

    @strawberry.field(description="Interview questions that assess this concept.")
    def prompts(self) -> list[Prompt]:
        return self._nodes(self.snap.linked(self.attrs["slug"], "assesses", incoming=True))

    @strawberry.field(description="Roadmap days that schedule this concept.")
    def roadmap_days(self) -> list[RoadmapDay]:
        days = self.snap.linked(self.attrs["slug"], "schedules", incoming=True)
        return sorted(self._nodes(days), key=lambda d: d.attrs["day"])


@strawberry.type(description="A study article that teaches several concepts.")
class Article(KnowledgeNode):
    @strawberry.field(description="Estimated reading time in minutes.")
    def read_minutes(self) -> int:
        return self.attrs["minutes"]

    @strawberry.field(description="How hard the article is.")
    def difficulty(self) -> Difficulty:
        return Difficulty(self.attrs["difficulty"])

    @strawberry.field(description="What a reader should be able to do afterwards.")
    def learning_objectives(self) -> list[str]:
        return list(self.attrs["learning_objectives"])

    @strawberry.field(description="The article in markdown.")
    def body(self) -> str:
        return self.attrs["body"]

    @strawberry.field(description="Concepts the article covers.")
    def concepts(self) -> list[Concept]:
        return self._nodes(self.snap.linked(self.attrs["slug"], "covers"))

    @strawberry.field(description="Interview questions on the concepts the article covers.")
    def prompts(self) -> list[Prompt]:
        found: set[str] = set()
        for concept in self.snap.linked(self.attrs["slug"], "covers"):
            found.update(self.snap.linked(concept, "assesses", incoming=True))
        return sorted(
            self._nodes(list(found)), key=lambda p: (p.attrs["title"].casefold(), p.attrs["slug"])
        )


@strawberry.type(description="An interview question.")
class Prompt(KnowledgeNode):
    @strawberry.field(description="The question as an interviewer asks it.")
    def text(self) -> str:
        return self.attrs["text"]

    @strawberry.field(description="The level the question is pitched at.")
    def seniority(self) -> Seniority:
        return Seniority(self.attrs["seniority"])

    @strawberry.field(description="Follow-up questions an interviewer may ask.")
    def follow_ups(self) -> list[str]:
        return list(self.attrs["follow_ups"])

    @strawberry.field(description="An outline of a strong answer, in markdown.")
    def answer_outline(self) -> str | None:
        return self.attrs["answer_outline"]

    @strawberry.field(description="Suggested practice time in minutes.")
    def minutes(self) -> int:
        return self.attrs["minutes"]

    @strawberry.field(description="Concepts the question assesses.")
    def concepts(self) -> list[Concept]:
        return self._nodes(self.snap.linked(self.attrs["slug"], "assesses"))

    @strawberry.field(description="Roadmap days that schedule this question.")
    def roadmap_days(self) -> list[RoadmapDay]:
        days = self.snap.linked(self.attrs["slug"], "schedules", incoming=True)
        return sorted(self._nodes(days), key=lambda d: d.attrs["day"])


@strawberry.type(description="A day of the study roadmap.")
class RoadmapDay(KnowledgeNode):
    @strawberry.field(description="Day number, from 1.")
    def day(self) -> int:
        return self.attrs["day"]

    @strawberry.field(description="The theme of the day.")
    def theme(self) -> str:
        return self.attrs["theme"]

    @strawberry.field(description="What the day schedules, in study order.")
    def items(self) -> list[KnowledgeNode]:
        return self._nodes(self.snap.linked(self.attrs["slug"], "schedules"))


def _page_args_doc(kind: str) -> str:
    return f"A page of the domain's {kind}, ordered by title."


@strawberry.type(
    description="One of the domains of interview preparation (ML system design, coding, ...)."
)
class Domain(KnowledgeNode):
    @strawberry.field(description="Display position among the domains.")
    def position(self) -> int:
        return self.attrs["position"]

    def _page(
        self, kind: str, first: int | None, after: str | None, last: int | None, before: str | None
    ) -> Any:
        page = list_nodes(
            self.snap,
            kind,
            Window(first, after, last, before),
            criteria=Criteria(domain=self.attrs["slug"]),
        )
        return to_connection(page, lambda slug: node_of(self.snap, slug))

    @strawberry.field(description=_page_args_doc("concepts"))
    def concepts(
        self,
        first: FirstArg = None,
        after: AfterArg = None,
        last: LastArg = None,
        before: BeforeArg = None,
    ) -> Connection[Concept]:
        return self._page("concept", first, after, last, before)

    @strawberry.field(description=_page_args_doc("articles"))
    def articles(
        self,
        first: FirstArg = None,
        after: AfterArg = None,
        last: LastArg = None,
        before: BeforeArg = None,
    ) -> Connection[Article]:
        return self._page("article", first, after, last, before)

    @strawberry.field(description=_page_args_doc("interview questions"))
    def prompts(
        self,
        first: FirstArg = None,
        after: AfterArg = None,
        last: LastArg = None,
        before: BeforeArg = None,
    ) -> Connection[Prompt]:
        return self._page("prompt", first, after, last, before)


TYPE_OF_KIND: dict[str, type[KnowledgeNode]] = {
    "domain": Domain,
    "concept": Concept,
    "article": Article,
    "prompt": Prompt,
    "roadmap_day": RoadmapDay,
}


def node_of(snapshot: Snapshot, slug: str) -> KnowledgeNode:
    attrs = snapshot.graph.nodes[slug]
    return TYPE_OF_KIND[attrs["kind"]](attrs=attrs, snap=snapshot)
