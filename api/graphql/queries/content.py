"""Root fields that read the knowledge graph."""

from __future__ import annotations

from enum import Enum
from typing import Annotated, Any

import strawberry
from strawberry.types import Info

from api.graphql.arguments import AfterArg, BeforeArg, FirstArg, LastArg
from api.graphql.errors import BadUserInput
from api.graphql.ids import TYPE_BY_KIND, decode_id
from api.graphql.listing import Criteria, Window, list_nodes
from api.graphql.types.connection import Connection, to_connection
from api.graphql.types.enums import Difficulty, Frequency, OrderDirection, Seniority
from api.graphql.types.nodes import (
    Article,
    Concept,
    Domain,
    KnowledgeNode,
    Node,
    Prompt,
    RoadmapDay,
    node_of,
)
from graph.db import parse_database_id
from graph.snapshot import Snapshot

MAX_IDS = 100


@strawberry.input(description="Narrow a list of concepts, articles or prompts.")
class NodeFilter:
    domain: str | None = strawberry.field(default=None, description="Domain slug")
    tags: list[str] | None = strawberry.field(
        default=None, description="Nodes carrying all these tags"
    )
    text: str | None = strawberry.field(
        default=None, description="Words that must all appear in title, summary, tags or text"
    )


@strawberry.input(description="Narrow a list of concepts.")
class ConceptFilter(NodeFilter):
    difficulty: list[Difficulty] | None = strawberry.field(
        default=None, description="Any of these difficulties"
    )
    frequency: list[Frequency] | None = strawberry.field(
        default=None, description="Any of these interview frequencies (e.g. [HIGH]: most asked)"
    )


@strawberry.input(description="Narrow a list of articles.")
class ArticleFilter(NodeFilter):
    difficulty: list[Difficulty] | None = strawberry.field(
        default=None, description="Any of these difficulties"
    )


@strawberry.input(description="Narrow a list of interview questions.")
class PromptFilter(NodeFilter):
    seniority: list[Seniority] | None = strawberry.field(
        default=None, description="Any of these seniority levels"
    )


@strawberry.enum(description="Sort keys for concepts.")
class ConceptOrderField(Enum):
    TITLE = strawberry.enum_value("title", description="By title, then slug")
    DIFFICULTY = strawberry.enum_value("difficulty", description="Easiest first, then by title")
    ESTIMATED_MINUTES = strawberry.enum_value("minutes", description="Shortest first, then title")
    UPDATED_AT = strawberry.enum_value("updated_at", description="Least recently changed first")


@strawberry.enum(description="Sort keys for articles.")
class ArticleOrderField(Enum):
    TITLE = strawberry.enum_value("title", description="By title, then slug")
    DIFFICULTY = strawberry.enum_value("difficulty", description="Easiest first, then by title")
    READ_MINUTES = strawberry.enum_value("minutes", description="Shortest first, then title")
    UPDATED_AT = strawberry.enum_value("updated_at", description="Least recently changed first")


@strawberry.enum(description="Sort keys for interview questions.")
class PromptOrderField(Enum):
    TITLE = strawberry.enum_value("title", description="By title, then slug")
    SENIORITY = strawberry.enum_value("seniority", description="Mid, senior, then staff")
    UPDATED_AT = strawberry.enum_value("updated_at", description="Least recently changed first")


@strawberry.input(description="How to order concepts.")
class ConceptOrder:
    field: ConceptOrderField = strawberry.field(
        default=ConceptOrderField.TITLE, description="Sort key"
    )
    direction: OrderDirection = strawberry.field(
        default=OrderDirection.ASC, description="Sort direction"
    )


@strawberry.input(description="How to order articles.")
class ArticleOrder:
    field: ArticleOrderField = strawberry.field(
        default=ArticleOrderField.TITLE, description="Sort key"
    )
    direction: OrderDirection = strawberry.field(
        default=OrderDirection.ASC, description="Sort direction"
    )


@strawberry.input(description="How to order interview questions.")
class PromptOrder:
    field: PromptOrderField = strawberry.field(
        default=PromptOrderField.TITLE, description="Sort key"
    )
    direction: OrderDirection = strawberry.field(
        default=OrderDirection.ASC, description="Sort direction"
    )


def _criteria(filter_: NodeFilter | None) -> Criteria | None:
    if filter_ is None:
        return None
    difficulty = getattr(filter_, "difficulty", None) or ()
    seniority = getattr(filter_, "seniority", None) or ()
    frequency = getattr(filter_, "frequency", None) or ()
    return Criteria(
        domain=filter_.domain,
        tags=tuple(filter_.tags or ()),
        difficulty=tuple(d.value for d in difficulty),
        seniority=tuple(s.value for s in seniority),
        frequency=tuple(f.value for f in frequency),
        text=filter_.text,
    )


def _snapshot(info: Info) -> Snapshot:
    return info.context.snapshot


def _kind_node(info: Info, slug: str, kind: str) -> KnowledgeNode | None:
    snapshot = _snapshot(info)
    attrs = snapshot.node(slug)
    if attrs is None or attrs["kind"] != kind:
        return None
    return node_of(snapshot, slug)


def _connection(
    info: Info,
    kind: str,
    window: Window,
    criteria: Criteria | None,
    order: Any = None,
) -> Any:
    snapshot = _snapshot(info)
    page = list_nodes(
        snapshot,
        kind,
        window,
        criteria=criteria,
        order=order.field.value
        if order is not None
        else ("day" if kind == "roadmap_day" else "title"),
        descending=order is not None and order.direction is OrderDirection.DESC,
    )
    return to_connection(page, lambda slug: node_of(snapshot, slug))


SlugArg = Annotated[str, strawberry.argument(description="The node's slug")]


@strawberry.type
class ContentQuery:
    @strawberry.field(
        description="Fetch any object by its global id: content to anyone; a learner, their "
        "saved plans, attempts and mastery only to that learner; audit entries only to "
        "editors. Null when it does not exist or is not the caller's to see."
    )
    async def node(
        self, info: Info, id: Annotated[strawberry.ID, strawberry.argument(description="Global id")]
    ) -> Node | None:
        return await _resolve(info, id)

    @strawberry.field(
        description="Fetch up to 100 nodes by global id, in order; null for unknown ids."
    )
    async def nodes(
        self,
        info: Info,
        ids: Annotated[list[strawberry.ID], strawberry.argument(description="Global ids")],
    ) -> list[Node | None]:
        if len(ids) > MAX_IDS:
            raise BadUserInput(f"at most {MAX_IDS} ids per request, got {len(ids)}", argument="ids")
        return [await _resolve(info, i) for i in ids]

    @strawberry.field(description="Any node by slug, whatever its kind.")
    def knowledge_node(self, info: Info, slug: SlugArg) -> KnowledgeNode | None:
        snapshot = _snapshot(info)
        return node_of(snapshot, slug) if snapshot.node(slug) is not None else None

    @strawberry.field(description="A concept by slug.")
    def concept(self, info: Info, slug: SlugArg) -> Concept | None:
        return _kind_node(info, slug, "concept")  # type: ignore[return-value]

    @strawberry.field(description="An article by slug.")
    def article(self, info: Info, slug: SlugArg) -> Article | None:
        return _kind_node(info, slug, "article")  # type: ignore[return-value]

    @strawberry.field(description="An interview question by slug.")
    def prompt(self, info: Info, slug: SlugArg) -> Prompt | None:
        return _kind_node(info, slug, "prompt")  # type: ignore[return-value]

    @strawberry.field(description="A roadmap day by its number.")
    def roadmap_day(
        self, info: Info, day: Annotated[int, strawberry.argument(description="Day number")]
    ) -> RoadmapDay | None:
        snapshot = _snapshot(info)
        slug = snapshot.by_day.get(day)
        return node_of(snapshot, slug) if slug else None  # type: ignore[return-value]

    @strawberry.field(description="A domain by slug.")
    def domain(self, info: Info, slug: SlugArg) -> Domain | None:
        return _kind_node(info, slug, "domain")  # type: ignore[return-value]

    @strawberry.field(description="The domains of interview preparation, in display order.")
    def domains(self, info: Info) -> list[Domain]:
        snapshot = _snapshot(info)
        return [node_of(snapshot, s) for s in snapshot.of_kind("domain")]  # type: ignore[misc]

    @strawberry.field(description="A page of concepts.")
    def concepts(
        self,
        info: Info,
        first: FirstArg = None,
        after: AfterArg = None,
        last: LastArg = None,
        before: BeforeArg = None,
        filter: Annotated[ConceptFilter | None, strawberry.argument(description="Filters")] = None,
        order_by: Annotated[ConceptOrder | None, strawberry.argument(description="Order")] = None,
    ) -> Connection[Concept]:
        window = Window(first, after, last, before)
        return _connection(info, "concept", window, _criteria(filter), order_by)

    @strawberry.field(description="A page of articles.")
    def articles(
        self,
        info: Info,
        first: FirstArg = None,
        after: AfterArg = None,
        last: LastArg = None,
        before: BeforeArg = None,
        filter: Annotated[ArticleFilter | None, strawberry.argument(description="Filters")] = None,
        order_by: Annotated[ArticleOrder | None, strawberry.argument(description="Order")] = None,
    ) -> Connection[Article]:
        window = Window(first, after, last, before)
        return _connection(info, "article", window, _criteria(filter), order_by)

    @strawberry.field(description="A page of interview questions.")
    def prompts(
        self,
        info: Info,
        first: FirstArg = None,
        after: AfterArg = None,
        last: LastArg = None,
        before: BeforeArg = None,
        filter: Annotated[PromptFilter | None, strawberry.argument(description="Filters")] = None,
        order_by: Annotated[PromptOrder | None, strawberry.argument(description="Order")] = None,
    ) -> Connection[Prompt]:
        window = Window(first, after, last, before)
        return _connection(info, "prompt", window, _criteria(filter), order_by)

    @strawberry.field(description="A page of roadmap days, by day number.")
    def roadmap_days(
        self,
        info: Info,
        first: FirstArg = None,
        after: AfterArg = None,
        last: LastArg = None,
        before: BeforeArg = None,
        domain: Annotated[
            str | None, strawberry.argument(description="Only days of this domain")
        ] = None,
    ) -> Connection[RoadmapDay]:
        window = Window(first, after, last, before)
        criteria = Criteria(domain=domain) if domain else None
        return _connection(info, "roadmap_day", window, criteria)


async def _resolve(info: Info, global_id: str) -> Node | None:
    from api.graphql.personal import personal_node  # personal types import this module

    type_name, _ = decode_id(global_id)
    if type_name in TYPE_BY_KIND.values():
        return _by_global_id(_snapshot(info), global_id)
    return await personal_node(info, global_id)


def _by_global_id(snapshot: Snapshot, global_id: str) -> Node | None:
    type_name, value = decode_id(global_id)
    number = parse_database_id(value)
    if type_name not in TYPE_BY_KIND.values() or number is None:
        return None
    slug = snapshot.by_id.get(number)
    if slug is None or TYPE_BY_KIND[snapshot.graph.nodes[slug]["kind"]] != type_name:
        return None
    return node_of(snapshot, slug)
