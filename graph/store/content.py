"""Repository of the content graph: nodes, edges and the content version."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, func, insert, literal, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from graph.content.model import KIND_FIELDS, NodeSpec
from graph.models import (
    Article,
    Concept,
    ContentVersion,
    Domain,
    Edge,
    Node,
    NodeKind,
    Prompt,
    RoadmapDay,
)

CONTENT_CHANNEL = "prepgraph_content"
"""PostgreSQL NOTIFY channel carrying each new content version."""

CONTENT_LOCK = 0x70726570  # arbitrary advisory-lock key for content writes

MODEL_BY_KIND: dict[NodeKind, type[Node]] = {
    NodeKind.DOMAIN: Domain,
    NodeKind.CONCEPT: Concept,
    NodeKind.ARTICLE: Article,
    NodeKind.PROMPT: Prompt,
    NodeKind.ROADMAP_DAY: RoadmapDay,
}

# Content field name -> ORM attribute, where they differ.
_ATTRIBUTE = {(NodeKind.ARTICLE, "minutes"): "read_minutes"}


def attribute_name(kind: NodeKind, field: str) -> str:
    return _ATTRIBUTE.get((kind, field), field)


_DOMAIN = aliased(Node, name="domain_node")
_NODE_COLUMNS = (
    Node.id,
    Node.kind,
    Node.slug,
    Node.title,
    Node.summary,
    Node.tags,
    Node.version,
    Node.created_at,
    Node.updated_at,
    _DOMAIN.slug.label("domain"),
    Domain.__table__.c.position,
    Concept.__table__.c.difficulty.label("concept_difficulty"),
    Concept.__table__.c.minutes.label("concept_minutes"),
    Concept.__table__.c.stage,
    Concept.__table__.c.seniority.label("concept_seniority"),
    Concept.__table__.c.frequency,
    Concept.__table__.c.aliases,
    Concept.__table__.c.body.label("concept_body"),
    Article.__table__.c.difficulty.label("article_difficulty"),
    Article.__table__.c.read_minutes,
    Article.__table__.c.learning_objectives,
    Article.__table__.c.body.label("article_body"),
    Prompt.__table__.c.text,
    Prompt.__table__.c.seniority,
    Prompt.__table__.c.follow_ups,
    Prompt.__table__.c.answer_outline,
    Prompt.__table__.c.minutes.label("prompt_minutes"),
    RoadmapDay.__table__.c.day,
    RoadmapDay.__table__.c.theme,
)


def _node_record(row: Any) -> dict[str, Any]:
    """A flat dict of a node in the content-graph attribute schema."""
    kind = NodeKind(row.kind)
    record: dict[str, Any] = {
        "id": row.id,
        "kind": kind.value,
        "slug": row.slug,
        "title": row.title,
        "summary": row.summary,
        "tags": tuple(row.tags or ()),
        "domain": row.domain,
        "version": row.version,
        "created_at": row.created_at,
        "updated_at": row.updated_at,
    }
    if kind is NodeKind.DOMAIN:
        record["position"] = row.position
    elif kind is NodeKind.CONCEPT:
        record.update(
            difficulty=row.concept_difficulty,
            minutes=row.concept_minutes,
            stage=row.stage,
            seniority=row.concept_seniority,
            frequency=row.frequency,
            aliases=tuple(row.aliases or ()),
            body=row.concept_body,
        )
    elif kind is NodeKind.ARTICLE:
        record.update(
            difficulty=row.article_difficulty,
            minutes=row.read_minutes,
            learning_objectives=tuple(row.learning_objectives or ()),
            body=row.article_body,
        )
    elif kind is NodeKind.PROMPT:
        record.update(
            text=row.text,
            seniority=row.seniority,
            follow_ups=tuple(row.follow_ups or ()),
            answer_outline=row.answer_outline,
            minutes=row.prompt_minutes,
        )
    else:
        record.update(day=row.day, theme=row.theme)
    return record


def record_content(record: dict[str, Any]) -> dict[str, Any]:
    """The content fields of a node record, comparable with ``NodeSpec.content()``."""
    kind = NodeKind(record["kind"])
    values = {name: record[name] for name in ("title", "summary", "tags", "domain")}
    for name in KIND_FIELDS[kind]:
        value = record.get(name)
        values[name] = tuple(value) if isinstance(value, list | tuple) else value
    return values


class ContentRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    # -- reads -------------------------------------------------------------------------------

    def _node_query(self) -> Any:
        node = Node.__table__
        return (
            select(*_NODE_COLUMNS)
            .select_from(node)
            .outerjoin(_DOMAIN, _DOMAIN.id == Node.domain_id)
            .outerjoin(Domain.__table__, Domain.__table__.c.id == node.c.id)
            .outerjoin(Concept.__table__, Concept.__table__.c.id == node.c.id)
            .outerjoin(Article.__table__, Article.__table__.c.id == node.c.id)
            .outerjoin(Prompt.__table__, Prompt.__table__.c.id == node.c.id)
            .outerjoin(RoadmapDay.__table__, RoadmapDay.__table__.c.id == node.c.id)
        )

    async def fetch_nodes(self) -> list[dict[str, Any]]:
        """Every node with all its fields, in one statement."""
        rows = await self.session.execute(self._node_query().order_by(Node.id))
        return [_node_record(row) for row in rows]

    async def fetch_node(self, slug: str) -> dict[str, Any] | None:
        row = (await self.session.execute(self._node_query().where(Node.slug == slug))).first()
        return _node_record(row) if row else None

    async def fetch_edges(self) -> list[dict[str, Any]]:
        source, target = aliased(Node), aliased(Node)
        rows = await self.session.execute(
            select(
                Edge.id,
                source.slug.label("source"),
                target.slug.label("target"),
                Edge.kind,
                Edge.weight,
                Edge.note,
                Edge.position,
            )
            .join(source, source.id == Edge.source_id)
            .join(target, target.id == Edge.target_id)
            .order_by(Edge.id)
        )
        return [dict(row._mapping) for row in rows]

    async def slug_ids(self, slugs: Iterable[str] | None = None) -> dict[str, int]:
        query = select(Node.slug, Node.id)
        if slugs is not None:
            query = query.where(Node.slug.in_(list(slugs)))
        return {slug: id_ for slug, id_ in await self.session.execute(query)}

    async def count_nodes(self) -> int:
        return int(await self.session.scalar(select(func.count()).select_from(Node)) or 0)

    # -- writes ------------------------------------------------------------------------------

    def _assign(self, obj: Node, spec: NodeSpec, domain_ids: dict[str, int]) -> None:
        obj.title = spec.title
        obj.summary = spec.summary
        obj.tags = list(spec.tags)
        obj.domain_id = domain_ids[spec.domain] if spec.domain else None
        for name in KIND_FIELDS[spec.kind]:
            value = spec.fields.get(name)
            if isinstance(value, tuple):
                value = list(value)
            setattr(obj, attribute_name(spec.kind, name), value)

    async def create_nodes(
        self, specs: Sequence[NodeSpec], domain_ids: dict[str, int]
    ) -> dict[str, int]:
        objects = []
        for spec in specs:
            obj = MODEL_BY_KIND[spec.kind](slug=spec.slug)
            self._assign(obj, spec, domain_ids)
            objects.append(obj)
        self.session.add_all(objects)
        await self.session.flush()
        return {obj.slug: obj.id for obj in objects}

    async def update_nodes(self, specs: Sequence[NodeSpec], domain_ids: dict[str, int]) -> None:
        if not specs:
            return
        by_slug = {spec.slug: spec for spec in specs}
        for kind in {spec.kind for spec in specs}:
            model = MODEL_BY_KIND[kind]
            slugs = [s.slug for s in specs if s.kind is kind]
            objects = await self.session.scalars(select(model).where(model.slug.in_(slugs)))
            for obj in objects:
                self._assign(obj, by_slug[obj.slug], domain_ids)
        await self.session.flush()

    async def delete_nodes(self, ids: Sequence[int]) -> None:
        if ids:
            await self.session.execute(delete(Node).where(Node.id.in_(list(ids))))

    async def create_edges(self, rows: Sequence[dict[str, Any]]) -> None:
        if rows:
            await self.session.execute(insert(Edge), list(rows))

    async def delete_edges(self, ids: Sequence[int]) -> None:
        if ids:
            await self.session.execute(delete(Edge).where(Edge.id.in_(list(ids))))

    async def update_edge(self, edge_id: int, values: dict[str, Any]) -> None:
        await self.session.execute(update(Edge).where(Edge.id == edge_id).values(**values))

    async def rename(self, node_id: int, slug: str) -> None:
        await self.session.execute(update(Node).where(Node.id == node_id).values(slug=slug))

    async def lock_content(self) -> None:
        """Serialise content writes: an advisory lock on PostgreSQL (SQLite's
        write transactions are serialised by BEGIN IMMEDIATE already)."""
        if self.session.get_bind().dialect.name == "postgresql":
            await self.session.execute(select(func.pg_advisory_xact_lock(CONTENT_LOCK)))

    # -- content version ---------------------------------------------------------------------

    async def ping(self) -> None:
        """Raise when the database does not answer."""
        await self.session.execute(select(literal(1)))

    async def content_version(self) -> int:
        return int(
            await self.session.scalar(select(ContentVersion.version).where(ContentVersion.id == 1))
            or 0
        )

    async def bump_content_version(self) -> int:
        """Increment the counter in the caller's transaction; returns the new value.

        On PostgreSQL the transaction also notifies :data:`CONTENT_CHANNEL`
        (delivered at commit, never for a rollback), so other processes
        listening rebuild their snapshot at once instead of at their next check.
        """
        result = await self.session.execute(
            update(ContentVersion)
            .where(ContentVersion.id == 1)
            .values(version=ContentVersion.version + 1, updated_at=datetime.now(UTC))
            .returning(ContentVersion.version)
        )
        version = int(result.scalar_one())
        if self.session.get_bind().dialect.name == "postgresql":
            await self.session.execute(select(func.pg_notify(CONTENT_CHANNEL, str(version))))
        return version
