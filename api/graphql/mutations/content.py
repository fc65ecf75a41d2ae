"""Editor mutations: create, update, delete and rename nodes, add and remove edges, import.

Errors are GraphQL errors with ``extensions.code``: BAD_USER_INPUT (validation,
with the cycle spelt out for prerequisite cycles), NOT_FOUND, CONFLICT (stale
version), UNAUTHENTICATED and FORBIDDEN. A failed mutation writes nothing.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from typing import Annotated, Any, TypeVar

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.types import Info

from api.graphql.errors import BadUserInput, Conflict, NotFound
from api.graphql.ids import TYPE_BY_KIND, encode_id
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


@strawberry.input(description="What every mutation input carries.")
class MutationInput:
    client_mutation_id: str | None = strawberry.field(
        default=None, description="Any string; echoed in the payload to match the response"
    )


@strawberry.input(description="The node to change and the version it was read at.")
class UpdateTarget(MutationInput):
    slug: str = strawberry.field(description="The node's slug")
    version: int = strawberry.field(description="The version you read (CONFLICT if stale)")


@strawberry.input(description="A new concept.")
class CreateConceptInput(MutationInput):
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
class UpdateConceptInput(UpdateTarget):
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
class CreateArticleInput(MutationInput):
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
class UpdateArticleInput(UpdateTarget):
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
class CreatePromptInput(MutationInput):
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
class UpdatePromptInput(UpdateTarget):
    title: str | None = strawberry.field(default=None, description="Short label")
    text: str | None = strawberry.field(default=None, description="The question")
    seniority: Seniority | None = strawberry.field(default=None, description="Level")
    follow_ups: list[str] | None = strawberry.field(default=None, description="Follow-ups")
    answer_outline: str | None = strawberry.field(default=None, description="Answer outline")
    minutes: int | None = strawberry.field(default=None, description="Practice minutes")
    tags: list[str] | None = strawberry.field(default=None, description="Tags (replaces)")


@strawberry.input(description="A new roadmap day.")
class CreateRoadmapDayInput(MutationInput):
    day: int = strawberry.field(description="Day number, 1..366, unique")
    title: str = strawberry.field(description="Title")
    theme: str | None = strawberry.field(default=None, description="Theme")
    domain: str | None = strawberry.field(default=None, description="Domain slug")
    slug: str | None = strawberry.field(default=None, description="Slug (default roadmap-day-N)")
    schedules: list[str] | None = strawberry.field(
        default=None, description="Nodes it schedules, in order"
    )


@strawberry.input(description="Changes to a roadmap day.")
class UpdateRoadmapDayInput(UpdateTarget):
    title: str | None = strawberry.field(default=None, description="Title")
    theme: str | None = strawberry.field(default=None, description="Theme")
    day: int | None = strawberry.field(default=None, description="Move to another day number")


@strawberry.input(description="A new domain.")
class CreateDomainInput(MutationInput):
    slug: str = strawberry.field(description="Unique slug")
    title: str = strawberry.field(description="Title")
    summary: str = strawberry.field(description="Summary")
    position: int | None = strawberry.field(default=None, description="Display position")


@strawberry.input(description="Changes to a domain.")
class UpdateDomainInput(UpdateTarget):
    title: str | None = strawberry.field(default=None, description="Title")
    summary: str | None = strawberry.field(default=None, description="Summary")
    position: int | None = strawberry.field(default=None, description="Display position")


@strawberry.input(description="An edge between two nodes.")
class EdgeInput(MutationInput):
    kind: EdgeKind = strawberry.field(description="Edge kind")
    source: str = strawberry.field(description="Source slug (for prerequisite: learn first)")
    target: str = strawberry.field(description="Target slug")
    weight: float | None = strawberry.field(default=None, description="Optional weight")
    note: str | None = strawberry.field(default=None, description="Optional note")
    position: int | None = strawberry.field(default=None, description="Order (schedules)")


@strawberry.input(description="A node to delete.")
class DeleteNodeInput(MutationInput):
    slug: str = strawberry.field(description="The node's slug")


@strawberry.input(description="A node to rename.")
class RenameNodeInput(MutationInput):
    slug: str = strawberry.field(description="The node's slug")
    new_slug: str = strawberry.field(description="The new slug")
    version: int | None = strawberry.field(
        default=None, description="The version you read (optional; CONFLICT if stale)"
    )


@strawberry.input(description="An edge to remove.")
class RemoveEdgeInput(MutationInput):
    kind: EdgeKind = strawberry.field(description="Edge kind")
    source: str = strawberry.field(description="Source slug")
    target: str = strawberry.field(description="Target slug")


@strawberry.input(description="A prepgraph-dump document to load.")
class ImportContentInput(MutationInput):
    dump: str = strawberry.field(description="The JSON document")
    prune: bool | None = strawberry.field(
        default=None, description="Delete nodes missing from the document (default no)"
    )


@strawberry.type(description="A created or updated concept, and the nodes whose links changed.")
class ConceptPayload:
    client_mutation_id: str | None = strawberry.field(description="As given in the input")
    concept: Concept = strawberry.field(description="The concept as it is now")
    touched: list[KnowledgeNode] = strawberry.field(
        description="Other nodes whose lists changed (prerequisites, cases, the domain)"
    )


@strawberry.type(description="A created or updated article, and the nodes whose links changed.")
class ArticlePayload:
    client_mutation_id: str | None = strawberry.field(description="As given in the input")
    article: Article = strawberry.field(description="The article as it is now")
    touched: list[KnowledgeNode] = strawberry.field(
        description="Other nodes whose lists changed (covered concepts, the domain)"
    )


@strawberry.type(description="A created or updated question, and the nodes whose links changed.")
class PromptPayload:
    client_mutation_id: str | None = strawberry.field(description="As given in the input")
    prompt: Prompt = strawberry.field(description="The question as it is now")
    touched: list[KnowledgeNode] = strawberry.field(
        description="Other nodes whose lists changed (assessed concepts, the domain)"
    )


@strawberry.type(description="A created or updated roadmap day, and the nodes it schedules.")
class RoadmapDayPayload:
    client_mutation_id: str | None = strawberry.field(description="As given in the input")
    roadmap_day: RoadmapDay = strawberry.field(description="The day as it is now")
    touched: list[KnowledgeNode] = strawberry.field(
        description="Other nodes whose lists changed (scheduled nodes, the domain)"
    )


@strawberry.type(description="A created or updated domain.")
class DomainPayload:
    client_mutation_id: str | None = strawberry.field(description="As given in the input")
    domain: Domain = strawberry.field(description="The domain as it is now")
    touched: list[KnowledgeNode] = strawberry.field(description="Other nodes that changed")


@strawberry.type(description="A deleted node: its id (evict it from caches) and its neighbours.")
class DeleteNodePayload:
    client_mutation_id: str | None = strawberry.field(description="As given in the input")
    deleted_id: strawberry.ID = strawberry.field(description="Global id of the deleted node")
    slug: str = strawberry.field(description="The deleted node's slug")
    touched: list[KnowledgeNode] = strawberry.field(
        description="Nodes that were linked to it, whose lists changed"
    )


@strawberry.type(description="A renamed node (same id, new slug).")
class RenameNodePayload:
    client_mutation_id: str | None = strawberry.field(description="As given in the input")
    node: KnowledgeNode = strawberry.field(description="The node under its new slug")


@strawberry.type(description="The two ends of an added or removed edge, as they are now.")
class EdgePayload:
    client_mutation_id: str | None = strawberry.field(description="As given in the input")
    source: KnowledgeNode = strawberry.field(description="The source node")
    target: KnowledgeNode = strawberry.field(description="The target node")


@strawberry.type(description="What an import changed.")
class ImportContentPayload:
    client_mutation_id: str | None = strawberry.field(description="As given in the input")
    created: int = strawberry.field(description="Nodes and edges created")
    updated: int = strawberry.field(description="Nodes and edges updated")
    deleted: int = strawberry.field(description="Nodes and edges deleted")
    content_version: int | None = strawberry.field(description="Content version afterwards")


def _touched(info: Info, slugs: Iterable[str | None], own: str) -> list[Any]:
    snapshot = info.context.snapshot
    seen: dict[str, None] = {}
    for slug in slugs:
        if slug and slug != own and slug in snapshot.graph:
            seen.setdefault(slug)
    return [node_of(snapshot, slug) for slug in seen]


def _neighbours(info: Info, slug: str) -> list[str]:
    graph = info.context.snapshot.graph
    if slug not in graph:
        return []
    return sorted({*graph.predecessors(slug), *graph.successors(slug)})


async def _create(
    info: Info, kind: NodeKind, values: dict[str, Any], edges: list[tuple[str, str, DomainEdgeKind]]
) -> tuple[Any, list[Any]]:
    slug = await write(info, lambda s, a: create_node(s, a, kind, values, edges=edges))
    others = [source if target == slug else target for source, target, _ in edges]
    return _node(info, slug), _touched(info, [*others, values.get("domain")], slug)


async def _update(info: Info, target: UpdateTarget, changes: dict[str, Any]) -> tuple[Any, list]:
    before = info.context.snapshot.node(target.slug)
    old_domain = before.get("domain") if before is not None else None
    await write(info, lambda s, a: update_node(s, a, target.slug, target.version, changes))
    moved = [old_domain, changes["domain"]] if "domain" in changes else []
    return _node(info, target.slug), _touched(info, moved, target.slug)


@strawberry.type
class ContentMutation:
    @strawberry.mutation(description="Create a concept (editor).")
    async def create_concept(
        self,
        info: Info,
        input: Annotated[CreateConceptInput, strawberry.argument(description="The new node")],
    ) -> ConceptPayload:
        values = _set(
            {"slug": input.slug, "title": input.title, "summary": input.summary},
            domain=input.domain, difficulty=input.difficulty, minutes=input.estimated_minutes,
            stage=input.stage, seniority=input.seniority, frequency=input.frequency,
            aliases=input.aliases, tags=input.tags, body=input.body,
        )  # fmt: skip
        edges = [(p, input.slug, DomainEdgeKind.PREREQUISITE) for p in input.prerequisites or ()]
        edges += [(p, input.slug, DomainEdgeKind.PART_OF) for p in input.parts or ()]
        node, touched = await _create(info, NodeKind.CONCEPT, values, edges)
        return ConceptPayload(
            client_mutation_id=input.client_mutation_id, concept=node, touched=touched
        )

    @strawberry.mutation(description="Update a concept read at `version` (editor).")
    async def update_concept(
        self,
        info: Info,
        input: Annotated[UpdateConceptInput, strawberry.argument(description="The changes")],
    ) -> ConceptPayload:
        changes = _set(
            {}, title=input.title, summary=input.summary, difficulty=input.difficulty,
            minutes=input.estimated_minutes, stage=input.stage, seniority=input.seniority,
            frequency=input.frequency, aliases=input.aliases, tags=input.tags, body=input.body,
            domain=input.domain,
        )  # fmt: skip
        node, touched = await _update(info, input, changes)
        return ConceptPayload(
            client_mutation_id=input.client_mutation_id, concept=node, touched=touched
        )

    @strawberry.mutation(description="Create an article (editor).")
    async def create_article(
        self,
        info: Info,
        input: Annotated[CreateArticleInput, strawberry.argument(description="The new node")],
    ) -> ArticlePayload:
        values = _set(
            {"slug": input.slug, "title": input.title, "summary": input.summary},
            domain=input.domain, difficulty=input.difficulty, minutes=input.read_minutes,
            body=input.body, learning_objectives=input.learning_objectives, tags=input.tags,
        )  # fmt: skip
        edges = [(input.slug, c, DomainEdgeKind.COVERS) for c in input.covers or ()]
        node, touched = await _create(info, NodeKind.ARTICLE, values, edges)
        return ArticlePayload(
            client_mutation_id=input.client_mutation_id, article=node, touched=touched
        )

    @strawberry.mutation(description="Update an article read at `version` (editor).")
    async def update_article(
        self,
        info: Info,
        input: Annotated[UpdateArticleInput, strawberry.argument(description="The changes")],
    ) -> ArticlePayload:
        changes = _set(
            {}, title=input.title, summary=input.summary, difficulty=input.difficulty,
            minutes=input.read_minutes, body=input.body,
            learning_objectives=input.learning_objectives, tags=input.tags,
        )  # fmt: skip
        node, touched = await _update(info, input, changes)
        return ArticlePayload(
            client_mutation_id=input.client_mutation_id, article=node, touched=touched
        )

    @strawberry.mutation(description="Create an interview question (editor).")
    async def create_prompt(
        self,
        info: Info,
        input: Annotated[CreatePromptInput, strawberry.argument(description="The new node")],
    ) -> PromptPayload:
        if not input.assesses:
            raise BadUserInput("a prompt must assess at least one concept", argument="assesses")
        values = _set(
            {"slug": input.slug, "title": input.title, "text": input.text},
            domain=input.domain, seniority=input.seniority, follow_ups=input.follow_ups,
            answer_outline=input.answer_outline, minutes=input.minutes, tags=input.tags,
        )  # fmt: skip
        edges = [(input.slug, c, DomainEdgeKind.ASSESSES) for c in input.assesses]
        node, touched = await _create(info, NodeKind.PROMPT, values, edges)
        return PromptPayload(
            client_mutation_id=input.client_mutation_id, prompt=node, touched=touched
        )

    @strawberry.mutation(description="Update an interview question read at `version` (editor).")
    async def update_prompt(
        self,
        info: Info,
        input: Annotated[UpdatePromptInput, strawberry.argument(description="The changes")],
    ) -> PromptPayload:
        changes = _set(
            {}, title=input.title, text=input.text, seniority=input.seniority,
            follow_ups=input.follow_ups, answer_outline=input.answer_outline,
            minutes=input.minutes, tags=input.tags,
        )  # fmt: skip
        node, touched = await _update(info, input, changes)
        return PromptPayload(
            client_mutation_id=input.client_mutation_id, prompt=node, touched=touched
        )

    @strawberry.mutation(description="Create a roadmap day (editor).")
    async def create_roadmap_day(
        self,
        info: Info,
        input: Annotated[CreateRoadmapDayInput, strawberry.argument(description="The new node")],
    ) -> RoadmapDayPayload:
        slug = input.slug or f"roadmap-day-{input.day}"
        values = _set({"slug": slug, "title": input.title, "day": input.day},
                      theme=input.theme, domain=input.domain)  # fmt: skip
        edges = [(slug, n, DomainEdgeKind.SCHEDULES) for n in input.schedules or ()]
        node, touched = await _create(info, NodeKind.ROADMAP_DAY, values, edges)
        return RoadmapDayPayload(
            client_mutation_id=input.client_mutation_id, roadmap_day=node, touched=touched
        )

    @strawberry.mutation(description="Update a roadmap day read at `version` (editor).")
    async def update_roadmap_day(
        self,
        info: Info,
        input: Annotated[UpdateRoadmapDayInput, strawberry.argument(description="The changes")],
    ) -> RoadmapDayPayload:
        changes = _set({}, title=input.title, theme=input.theme, day=input.day)
        node, touched = await _update(info, input, changes)
        return RoadmapDayPayload(
            client_mutation_id=input.client_mutation_id, roadmap_day=node, touched=touched
        )

    @strawberry.mutation(description="Create a domain (editor).")
    async def create_domain(
        self,
        info: Info,
        input: Annotated[CreateDomainInput, strawberry.argument(description="The new node")],
    ) -> DomainPayload:
        values = _set({"slug": input.slug, "title": input.title, "summary": input.summary},
                      position=input.position)  # fmt: skip
        node, touched = await _create(info, NodeKind.DOMAIN, values, [])
        return DomainPayload(
            client_mutation_id=input.client_mutation_id, domain=node, touched=touched
        )

    @strawberry.mutation(description="Update a domain read at `version` (editor).")
    async def update_domain(
        self,
        info: Info,
        input: Annotated[UpdateDomainInput, strawberry.argument(description="The changes")],
    ) -> DomainPayload:
        changes = _set({}, title=input.title, summary=input.summary, position=input.position)
        node, touched = await _update(info, input, changes)
        return DomainPayload(
            client_mutation_id=input.client_mutation_id, domain=node, touched=touched
        )

    @strawberry.mutation(
        description="Delete a node and its edges (editor). A domain that still has nodes "
        "is refused, listing them."
    )
    async def delete_node(
        self,
        info: Info,
        input: Annotated[DeleteNodeInput, strawberry.argument(description="The node")],
    ) -> DeleteNodePayload:
        attrs = info.context.snapshot.node(input.slug)
        neighbours = _neighbours(info, input.slug)
        await write(info, lambda s, a: delete_node(s, a, input.slug))
        deleted_id = encode_id(TYPE_BY_KIND[attrs["kind"]], attrs["id"]) if attrs else ""
        return DeleteNodePayload(
            client_mutation_id=input.client_mutation_id,
            deleted_id=strawberry.ID(deleted_id),
            slug=input.slug,
            touched=_touched(info, neighbours, input.slug),
        )

    @strawberry.mutation(description="Change a node's slug; its edges follow (editor).")
    async def rename_node(
        self,
        info: Info,
        input: Annotated[RenameNodeInput, strawberry.argument(description="The rename")],
    ) -> RenameNodePayload:
        await write(info, lambda s, a: rename_node(s, a, input.slug, input.new_slug, input.version))
        return RenameNodePayload(
            client_mutation_id=input.client_mutation_id, node=_node(info, input.new_slug)
        )

    @strawberry.mutation(description="Add an edge (editor); a prerequisite cycle is refused.")
    async def add_edge(
        self, info: Info, input: Annotated[EdgeInput, strawberry.argument(description="The edge")]
    ) -> EdgePayload:
        edge = EdgeSpec(
            input.source, input.target, DomainEdgeKind(input.kind.value),
            input.weight, input.note, input.position,
        )  # fmt: skip
        await write(info, lambda s, a: add_edge(s, a, edge))
        return EdgePayload(
            client_mutation_id=input.client_mutation_id,
            source=_node(info, input.source),
            target=_node(info, input.target),
        )

    @strawberry.mutation(description="Remove an edge (editor).")
    async def remove_edge(
        self,
        info: Info,
        input: Annotated[RemoveEdgeInput, strawberry.argument(description="The edge")],
    ) -> EdgePayload:
        kind = DomainEdgeKind(input.kind.value)
        await write(info, lambda s, a: remove_edge(s, a, input.source, input.target, kind))
        return EdgePayload(
            client_mutation_id=input.client_mutation_id,
            source=_node(info, input.source),
            target=_node(info, input.target),
        )

    @strawberry.mutation(
        description="Load a whole prepgraph-dump document (as produced by "
        "`export(format: JSON)`) in one transaction: validated first, all or nothing (editor)."
    )
    async def import_content(
        self,
        info: Info,
        input: Annotated[ImportContentInput, strawberry.argument(description="The document")],
    ) -> ImportContentPayload:
        prune = bool(input.prune)
        await info.context.editor()
        try:
            content = validate_content(parse_dump(input.dump, "dump"))
        except ContentError as exc:
            raise BadUserInput(str(exc), problems=[str(i) for i in exc.issues]) from None
        summary = await write(info, lambda s, a: import_content(s, a, content, prune=prune))
        return ImportContentPayload(
            client_mutation_id=input.client_mutation_id,
            created=sum(summary.created.values()),
            updated=sum(summary.updated.values()),
            deleted=sum(summary.deleted.values()),
            content_version=summary.content_version,
        )
