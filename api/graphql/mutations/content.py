"""Editor mutations: create, update, delete and rename nodes, add and remove edges, import.

Errors are GraphQL errors with ``extensions.code``: BAD_USER_INPUT (validation,
with the cycle spelt out for prerequisite cycles), NOT_FOUND, CONFLICT (stale
version), UNAUTHENTICATED and FORBIDDEN. A failed mutation writes nothing.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, Any, TypeVar

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.types import Info

from api.graphql.errors import BadUserInput, Conflict, NotFound
from api.graphql.types.enums import Difficulty, EdgeKind, Frequency, Seniority, Stage
from api.graphql.types.nodes import (
    Article,
    Concept,
    Domain,
    KnowledgeNode,
    Prompt,
    RoadmapDay,
    node_of,
)
from graph.content.dump import parse_dump
from graph.content.model import ContentError, EdgeSpec
from graph.content.validate import validate_content
from graph.db import transaction
from graph.editing import (
    Actor,
    EditError,
    add_edge,
    create_node,
    delete_node,
    import_content,
    remove_edge,
    rename_node,
    update_node,
)
from graph.models.enums import EdgeKind as DomainEdgeKind
from graph.models.enums import NodeKind

T = TypeVar("T")

_ERRORS = {"BAD_USER_INPUT": BadUserInput, "NOT_FOUND": NotFound, "CONFLICT": Conflict}


async def write(info: Info, action: Callable[[AsyncSession, Actor], Awaitable[T]]) -> T:
    """Run one editor write in its own transaction, then refresh this process's snapshot."""
    principal = await info.context.editor()
    actor = Actor(principal.name, principal.role)
    try:
        async with transaction(info.context.sessionmaker, write=True) as session:
            result = await action(session, actor)
    except EditError as exc:
        raise _ERRORS[exc.code](str(exc)) from None
    await info.context.refresh_snapshot()
    return result


def _node(info: Info, slug: str) -> Any:
    return node_of(info.context.snapshot, slug)


def _set(values: dict[str, Any], **fields: Any) -> dict[str, Any]:
    """Copy the fields that were given (not None) into ``values``."""
    for name, value in fields.items():
        if value is not None:
            values[name] = value.value if hasattr(value, "value") else value
    return values


@strawberry.input(description="A new concept.")
class CreateConceptInput:
    slug: str = strawberry.field(description="Unique slug: lowercase letters, digits, hyphens")
    domain: str = strawberry.field(description="Domain slug")
    title: str = strawberry.field(description="Display title")
    summary: str = strawberry.field(description="Two to four sentences")
    difficulty: Difficulty = strawberry.field(description="How hard it is")
    estimated_minutes: int = strawberry.field(description="Minutes to learn it, > 0")
    stage: Stage | None = strawberry.field(
        default=None, description="Place in the domain's arc (default CORE)"
    )
    seniority: Seniority | None = strawberry.field(
        default=None, description="Lowest level expected to know it (default MID)"
    )
    frequency: Frequency | None = strawberry.field(
        default=None, description="How often interviews probe it (default MEDIUM)"
    )
    aliases: list[str] | None = strawberry.field(
        default=None, description="Other names it goes by: acronyms, common names"
    )
    tags: list[str] | None = strawberry.field(default=None, description="Tags")
    body: str | None = strawberry.field(default=None, description="Markdown body")
    prerequisites: list[str] | None = strawberry.field(
        default=None, description="Concepts to learn first"
    )
    parts: list[str] | None = strawberry.field(
        default=None, description="For a design case (stage CASE): its component concepts"
    )


@strawberry.input(description="Changes to a concept; omitted fields stay as they are.")
class UpdateConceptInput:
    title: str | None = strawberry.field(default=None, description="Display title")
    summary: str | None = strawberry.field(default=None, description="Summary")
    difficulty: Difficulty | None = strawberry.field(default=None, description="Difficulty")
    estimated_minutes: int | None = strawberry.field(default=None, description="Minutes, > 0")
    stage: Stage | None = strawberry.field(default=None, description="Place in the domain's arc")
    seniority: Seniority | None = strawberry.field(
        default=None, description="Lowest level expected to know it"
    )
    frequency: Frequency | None = strawberry.field(
        default=None, description="How often interviews probe it"
    )
    aliases: list[str] | None = strawberry.field(
        default=None, description="Other names it goes by (replaces)"
    )
    tags: list[str] | None = strawberry.field(default=None, description="Tags (replaces)")
    body: str | None = strawberry.field(default=None, description="Markdown body")
    domain: str | None = strawberry.field(default=None, description="Move to another domain")


@strawberry.input(description="A new article.")
class CreateArticleInput:
    slug: str = strawberry.field(description="Unique slug")
    domain: str = strawberry.field(description="Domain slug")
    title: str = strawberry.field(description="Display title")
    summary: str = strawberry.field(description="Two or three sentences")
    difficulty: Difficulty = strawberry.field(description="How hard it is")
    read_minutes: int = strawberry.field(description="Reading time, > 0")
    body: str = strawberry.field(description="Markdown body")
    learning_objectives: list[str] | None = strawberry.field(
        default=None, description="What a reader can do afterwards"
    )
    tags: list[str] | None = strawberry.field(default=None, description="Tags")
    covers: list[str] | None = strawberry.field(default=None, description="Concepts it covers")


@strawberry.input(description="Changes to an article; omitted fields stay as they are.")
class UpdateArticleInput:
    title: str | None = strawberry.field(default=None, description="Display title")
    summary: str | None = strawberry.field(default=None, description="Summary")
    difficulty: Difficulty | None = strawberry.field(default=None, description="Difficulty")
    read_minutes: int | None = strawberry.field(default=None, description="Reading time")
    body: str | None = strawberry.field(default=None, description="Markdown body")
    learning_objectives: list[str] | None = strawberry.field(
        default=None, description="Objectives (replaces)"
    )
    tags: list[str] | None = strawberry.field(default=None, description="Tags (replaces)")


@strawberry.input(description="A new interview question.")
class CreatePromptInput:
    slug: str = strawberry.field(description="Unique slug")
    domain: str = strawberry.field(description="Domain slug")
    title: str = strawberry.field(description="Short label")
    text: str = strawberry.field(description="The question")
    seniority: Seniority = strawberry.field(description="Level")
    assesses: list[str] = strawberry.field(description="Concepts it tests (at least one)")
    follow_ups: list[str] | None = strawberry.field(default=None, description="Follow-ups")
    answer_outline: str | None = strawberry.field(default=None, description="Answer outline")
    minutes: int | None = strawberry.field(default=None, description="Practice minutes")
    tags: list[str] | None = strawberry.field(default=None, description="Tags")


@strawberry.input(description="Changes to an interview question.")
class UpdatePromptInput:
    title: str | None = strawberry.field(default=None, description="Short label")
    text: str | None = strawberry.field(default=None, description="The question")
    seniority: Seniority | None = strawberry.field(default=None, description="Level")
    follow_ups: list[str] | None = strawberry.field(default=None, description="Follow-ups")
    answer_outline: str | None = strawberry.field(default=None, description="Answer outline")
    minutes: int | None = strawberry.field(default=None, description="Practice minutes")
    tags: list[str] | None = strawberry.field(default=None, description="Tags (replaces)")


@strawberry.input(description="A new roadmap day.")
class CreateRoadmapDayInput:
    day: int = strawberry.field(description="Day number, 1..366, unique")
    title: str = strawberry.field(description="Title")
    theme: str | None = strawberry.field(default=None, description="Theme")
    domain: str | None = strawberry.field(default=None, description="Domain slug")
    slug: str | None = strawberry.field(default=None, description="Slug (default roadmap-day-N)")
    schedules: list[str] | None = strawberry.field(
        default=None, description="Nodes it schedules, in order"
    )


@strawberry.input(description="Changes to a roadmap day.")
class UpdateRoadmapDayInput:
    title: str | None = strawberry.field(default=None, description="Title")
    theme: str | None = strawberry.field(default=None, description="Theme")
    day: int | None = strawberry.field(default=None, description="Move to another day number")


@strawberry.input(description="A new domain.")
class CreateDomainInput:
    slug: str = strawberry.field(description="Unique slug")
    title: str = strawberry.field(description="Title")
    summary: str = strawberry.field(description="Summary")
    position: int | None = strawberry.field(default=None, description="Display position")


@strawberry.input(description="Changes to a domain.")
class UpdateDomainInput:
    title: str | None = strawberry.field(default=None, description="Title")
    summary: str | None = strawberry.field(default=None, description="Summary")
    position: int | None = strawberry.field(default=None, description="Display position")


@strawberry.input(description="An edge between two nodes.")
class EdgeInput:
    kind: EdgeKind = strawberry.field(description="Edge kind")
    source: str = strawberry.field(description="Source slug (for prerequisite: learn first)")
    target: str = strawberry.field(description="Target slug")
    weight: float | None = strawberry.field(default=None, description="Optional weight")
    note: str | None = strawberry.field(default=None, description="Optional note")
    position: int | None = strawberry.field(default=None, description="Order (schedules)")


@strawberry.type(description="What an import changed.")
class ImportResult:
    created: int = strawberry.field(description="Nodes and edges created")
    updated: int = strawberry.field(description="Nodes and edges updated")
    deleted: int = strawberry.field(description="Nodes and edges deleted")
    content_version: int | None = strawberry.field(description="Content version afterwards")


@strawberry.type(description="The outcome of a deletion.")
class DeletePayload:
    slug: str = strawberry.field(description="The deleted node's slug")


SlugArg = Annotated[str, strawberry.argument(description="The node's slug")]
VersionArg = Annotated[
    int, strawberry.argument(description="The version you read (CONFLICT if stale)")
]


async def _create(
    info: Info, kind: NodeKind, values: dict[str, Any], edges: list[tuple[str, str, DomainEdgeKind]]
) -> Any:
    slug = await write(info, lambda s, a: create_node(s, a, kind, values, edges=edges))
    return _node(info, slug)


async def _update(info: Info, slug: str, version: int, changes: dict[str, Any]) -> Any:
    await write(info, lambda s, a: update_node(s, a, slug, version, changes))
    return _node(info, slug)


@strawberry.type
class ContentMutation:
    @strawberry.mutation(description="Create a concept (editor).")
    async def create_concept(
        self,
        info: Info,
        input: Annotated[CreateConceptInput, strawberry.argument(description="The new node")],
    ) -> Concept:
        values = _set(
            {"slug": input.slug, "title": input.title, "summary": input.summary},
            domain=input.domain, difficulty=input.difficulty, minutes=input.estimated_minutes,
            stage=input.stage, seniority=input.seniority, frequency=input.frequency,
            aliases=input.aliases, tags=input.tags, body=input.body,
        )  # fmt: skip
        edges = [(p, input.slug, DomainEdgeKind.PREREQUISITE) for p in input.prerequisites or ()]
        edges += [(p, input.slug, DomainEdgeKind.PART_OF) for p in input.parts or ()]
        return await _create(info, NodeKind.CONCEPT, values, edges)

    @strawberry.mutation(description="Update a concept read at `version` (editor).")
    async def update_concept(
        self,
        info: Info,
        slug: SlugArg,
        version: VersionArg,
        input: Annotated[UpdateConceptInput, strawberry.argument(description="The changes")],
    ) -> Concept:
        changes = _set(
            {}, title=input.title, summary=input.summary, difficulty=input.difficulty,
            minutes=input.estimated_minutes, stage=input.stage, seniority=input.seniority,
            frequency=input.frequency, aliases=input.aliases, tags=input.tags, body=input.body,
            domain=input.domain,
        )  # fmt: skip
        return await _update(info, slug, version, changes)

    @strawberry.mutation(description="Create an article (editor).")
    async def create_article(
        self,
        info: Info,
        input: Annotated[CreateArticleInput, strawberry.argument(description="The new node")],
    ) -> Article:
        values = _set(
            {"slug": input.slug, "title": input.title, "summary": input.summary},
            domain=input.domain, difficulty=input.difficulty, minutes=input.read_minutes,
            body=input.body, learning_objectives=input.learning_objectives, tags=input.tags,
        )  # fmt: skip
        edges = [(input.slug, c, DomainEdgeKind.COVERS) for c in input.covers or ()]
        return await _create(info, NodeKind.ARTICLE, values, edges)

    @strawberry.mutation(description="Update an article read at `version` (editor).")
    async def update_article(
        self,
        info: Info,
        slug: SlugArg,
        version: VersionArg,
        input: Annotated[UpdateArticleInput, strawberry.argument(description="The changes")],
    ) -> Article:
        changes = _set(
            {}, title=input.title, summary=input.summary, difficulty=input.difficulty,
            minutes=input.read_minutes, body=input.body,
            learning_objectives=input.learning_objectives, tags=input.tags,
        )  # fmt: skip
        return await _update(info, slug, version, changes)

    @strawberry.mutation(description="Create an interview question (editor).")
    async def create_prompt(
        self,
        info: Info,
        input: Annotated[CreatePromptInput, strawberry.argument(description="The new node")],
    ) -> Prompt:
        if not input.assesses:
            raise BadUserInput("a prompt must assess at least one concept", argument="assesses")
        values = _set(
            {"slug": input.slug, "title": input.title, "text": input.text},
            domain=input.domain, seniority=input.seniority, follow_ups=input.follow_ups,
            answer_outline=input.answer_outline, minutes=input.minutes, tags=input.tags,
        )  # fmt: skip
        edges = [(input.slug, c, DomainEdgeKind.ASSESSES) for c in input.assesses]
        return await _create(info, NodeKind.PROMPT, values, edges)

    @strawberry.mutation(description="Update an interview question read at `version` (editor).")
    async def update_prompt(
        self,
        info: Info,
        slug: SlugArg,
        version: VersionArg,
        input: Annotated[UpdatePromptInput, strawberry.argument(description="The changes")],
    ) -> Prompt:
        changes = _set(
            {}, title=input.title, text=input.text, seniority=input.seniority,
            follow_ups=input.follow_ups, answer_outline=input.answer_outline,
            minutes=input.minutes, tags=input.tags,
        )  # fmt: skip
        return await _update(info, slug, version, changes)

    @strawberry.mutation(description="Create a roadmap day (editor).")
    async def create_roadmap_day(
        self,
        info: Info,
        input: Annotated[CreateRoadmapDayInput, strawberry.argument(description="The new node")],
    ) -> RoadmapDay:
        slug = input.slug or f"roadmap-day-{input.day}"
        values = _set({"slug": slug, "title": input.title, "day": input.day},
                      theme=input.theme, domain=input.domain)  # fmt: skip
        edges = [(slug, n, DomainEdgeKind.SCHEDULES) for n in input.schedules or ()]
        return await _create(info, NodeKind.ROADMAP_DAY, values, edges)

    @strawberry.mutation(description="Update a roadmap day read at `version` (editor).")
    async def update_roadmap_day(
        self,
        info: Info,
        slug: SlugArg,
        version: VersionArg,
        input: Annotated[UpdateRoadmapDayInput, strawberry.argument(description="The changes")],
    ) -> RoadmapDay:
        changes = _set({}, title=input.title, theme=input.theme, day=input.day)
        return await _update(info, slug, version, changes)

    @strawberry.mutation(description="Create a domain (editor).")
    async def create_domain(
        self,
        info: Info,
        input: Annotated[CreateDomainInput, strawberry.argument(description="The new node")],
    ) -> Domain:
        values = _set({"slug": input.slug, "title": input.title, "summary": input.summary},
                      position=input.position)  # fmt: skip
        return await _create(info, NodeKind.DOMAIN, values, [])

    @strawberry.mutation(description="Update a domain read at `version` (editor).")
    async def update_domain(
        self,
        info: Info,
        slug: SlugArg,
        version: VersionArg,
        input: Annotated[UpdateDomainInput, strawberry.argument(description="The changes")],
    ) -> Domain:
        changes = _set({}, title=input.title, summary=input.summary, position=input.position)
        return await _update(info, slug, version, changes)

    @strawberry.mutation(
        description="Delete a node and its edges (editor). A domain that still has nodes "
        "is refused, listing them."
    )
    async def delete_node(self, info: Info, slug: SlugArg) -> DeletePayload:
        await write(info, lambda s, a: delete_node(s, a, slug))
        return DeletePayload(slug=slug)

    @strawberry.mutation(description="Change a node's slug; its edges follow (editor).")
    async def rename_node(
        self,
        info: Info,
        slug: SlugArg,
        new_slug: Annotated[str, strawberry.argument(description="The new slug")],
        version: Annotated[
            int | None, strawberry.argument(description="The version you read (optional)")
        ] = None,
    ) -> KnowledgeNode:
        await write(info, lambda s, a: rename_node(s, a, slug, new_slug, version))
        return _node(info, new_slug)

    @strawberry.mutation(description="Add an edge (editor); a prerequisite cycle is refused.")
    async def add_edge(
        self, info: Info, input: Annotated[EdgeInput, strawberry.argument(description="The edge")]
    ) -> KnowledgeNode:
        edge = EdgeSpec(
            input.source, input.target, DomainEdgeKind(input.kind.value),
            input.weight, input.note, input.position,
        )  # fmt: skip
        await write(info, lambda s, a: add_edge(s, a, edge))
        return _node(info, input.source)

    @strawberry.mutation(description="Remove an edge (editor).")
    async def remove_edge(
        self,
        info: Info,
        kind: Annotated[EdgeKind, strawberry.argument(description="Edge kind")],
        source: Annotated[str, strawberry.argument(description="Source slug")],
        target: Annotated[str, strawberry.argument(description="Target slug")],
    ) -> KnowledgeNode:
        await write(
            info, lambda s, a: remove_edge(s, a, source, target, DomainEdgeKind(kind.value))
        )
        return _node(info, source)

    @strawberry.mutation(
        description="Load a whole prepgraph-dump document (as produced by "
        "`export(format: JSON)`) in one transaction: validated first, all or nothing (editor)."
    )
    async def import_content(
        self,
        info: Info,
        dump: Annotated[str, strawberry.argument(description="The JSON document")],
        prune: Annotated[
            bool, strawberry.argument(description="Delete nodes missing from the document")
        ] = False,
    ) -> ImportResult:
        await info.context.editor()
        try:
            content = validate_content(parse_dump(dump, "dump"))
        except ContentError as exc:
            raise BadUserInput(str(exc), problems=[str(i) for i in exc.issues]) from None
        summary = await write(info, lambda s, a: import_content(s, a, content, prune=prune))
        return ImportResult(
            created=sum(summary.created.values()),
            updated=sum(summary.updated.values()),
            deleted=sum(summary.deleted.values()),
            content_version=summary.content_version,
        )
