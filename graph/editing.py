"""Editing the content graph: every write validates the whole graph before it lands.

A mutation loads the current content, applies its change to that copy,
validates the result with the same checks as ``prepgraph seed`` (slug format
and uniqueness, field bounds, edge kinds, self-loops, prerequisite cycles) and
applies the difference in the caller's transaction, which also bumps the
content version, reindexes search and writes the audit trail. Content writes
are serialised (SQLite's write lock; a transaction-level advisory lock on
PostgreSQL) so that checks such as "no cycle" hold when two editors race.

Deleting a node deletes its edges with it; deleting a domain that still has
nodes is refused, listing them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from graph.content.importer import ImportSummary, apply_content
from graph.content.model import (
    KIND_FIELDS,
    SLUG_MAX,
    SLUG_RE,
    ContentError,
    ContentSet,
    EdgeSpec,
    NodeSpec,
)
from graph.content.schema import (
    ArticleFrontMatter,
    ConceptItem,
    DomainFile,
    PromptItem,
    RoadmapDayItem,
)
from graph.content.validate import validate_content
from graph.models.enums import EdgeKind, NodeKind
from graph.store.accounts import AccountRepository
from graph.store.content import ContentRepository, record_content
from graph.store.search import SearchRepository

__all__ = [
    "Actor",
    "EditError",
    "InvalidEdit",
    "NodeMissing",
    "StaleVersion",
    "add_edge",
    "create_node",
    "delete_node",
    "import_content",
    "remove_edge",
    "rename_node",
    "update_node",
]

ORIGIN = "request"


class EditError(Exception):
    code = "BAD_USER_INPUT"


class InvalidEdit(EditError):
    pass


class NodeMissing(EditError):
    code = "NOT_FOUND"


class StaleVersion(EditError):
    code = "CONFLICT"


@dataclass(frozen=True)
class Actor:
    name: str
    role: str


# Validation models per kind, fed with content fields in the seeds vocabulary.
def _check_fields(kind: NodeKind, values: dict[str, Any]) -> None:
    """Validate ``values`` as the seeds would be; normalises concept aliases in place."""
    data = {k: v for k, v in values.items() if k != "domain"}
    data.setdefault("tags", [])
    try:
        if kind is NodeKind.CONCEPT:
            # Aliases are compared as the seeds compare them: trimmed, one space.
            values["aliases"] = ConceptItem.model_validate(data).aliases
        elif kind is NodeKind.ARTICLE:
            ArticleFrontMatter.model_validate({**data, "read_minutes": data.pop("minutes", None)})
        elif kind is NodeKind.PROMPT:
            PromptItem.model_validate({**data, "assesses": ["placeholder"]})
        elif kind is NodeKind.ROADMAP_DAY:
            RoadmapDayItem.model_validate(data)
        else:
            DomainFile.Item.model_validate({k: v for k, v in data.items() if k != "position"})
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()
        )
        raise InvalidEdit(f"{values.get('slug', '?')}: {problems}") from None


async def _lock(session: AsyncSession) -> ContentRepository:
    repo = ContentRepository(session)
    await repo.lock_content()
    return repo


async def _current(repo: ContentRepository) -> tuple[ContentSet, dict[str, dict[str, Any]]]:
    records = {r["slug"]: r for r in await repo.fetch_nodes()}
    nodes = []
    for slug, record in records.items():
        kind = NodeKind(record["kind"])
        values = record_content(record)
        fields = {name: values[name] for name in KIND_FIELDS[kind]}
        nodes.append(
            NodeSpec(
                kind,
                slug,
                values["title"],
                values["summary"],
                tuple(values["tags"]),
                values["domain"],
                fields,
                ORIGIN,
            )
        )
    edges = [
        EdgeSpec(
            e["source"],
            e["target"],
            EdgeKind(e["kind"]),
            e["weight"],
            e["note"],
            e["position"],
            ORIGIN,
        )
        for e in await repo.fetch_edges()
    ]
    return ContentSet(nodes, edges), records


async def _apply(
    session: AsyncSession,
    content: ContentSet,
    actor: Actor,
    action: str,
    slug: str | None,
    details: dict[str, Any],
) -> ImportSummary:
    try:
        checked = validate_content(content)
    except ContentError as exc:
        raise InvalidEdit(
            "; ".join(f"{i.slug}: {i.message}" if i.slug else i.message for i in exc.issues)
        ) from None
    summary = await apply_content(session, checked, prune=True)
    node_id = (await ContentRepository(session).slug_ids([slug])).get(slug) if slug else None
    await AccountRepository(session).audit(
        actor=actor.name,
        role=actor.role,
        action=action,
        node_id=node_id,
        slug=slug,
        details=details,
    )
    return summary


def _spec(kind: NodeKind, slug: str, values: dict[str, Any]) -> NodeSpec:
    fields = {name: values.get(name) for name in KIND_FIELDS[kind]}
    for name, value in fields.items():
        if isinstance(value, list):
            fields[name] = tuple(value)
    return NodeSpec(
        kind,
        slug,
        values["title"],
        values.get("summary") or "",
        tuple(values.get("tags") or ()),
        values.get("domain"),
        fields,
        ORIGIN,
    )


DEFAULTS: dict[NodeKind, dict[str, Any]] = {
    NodeKind.DOMAIN: {"position": 0},
    NodeKind.CONCEPT: {
        "body": "",
        "stage": "core",
        "seniority": "mid",
        "frequency": "medium",
        "aliases": (),
    },
    NodeKind.ARTICLE: {"body": "", "learning_objectives": []},
    NodeKind.PROMPT: {"follow_ups": [], "answer_outline": None, "minutes": 20},
    NodeKind.ROADMAP_DAY: {"theme": ""},
}


async def create_node(
    session: AsyncSession,
    actor: Actor,
    kind: NodeKind,
    values: dict[str, Any],
    *,
    edges: list[tuple[str, str, EdgeKind]] = (),  # type: ignore[assignment]
) -> str:
    """Create a node (with its initial edges); returns its slug."""
    values = {**DEFAULTS[kind], **values}
    if kind is NodeKind.PROMPT and not values.get("summary"):
        values["summary"] = values.get("text", "")
    _check_fields(kind, values)
    repo = await _lock(session)
    content, records = await _current(repo)
    slug = values["slug"]
    if slug in records:
        raise InvalidEdit(f"{slug}: the slug is already used by a {records[slug]['kind']}")
    content.nodes.append(_spec(kind, slug, values))
    parts = 0
    for source, target, edge_kind in edges:
        position = None
        if edge_kind is EdgeKind.PART_OF:  # a case's parts keep their order: importance
            parts += 1
            position = parts
        content.edges.append(EdgeSpec(source, target, edge_kind, position=position, origin=ORIGIN))
    await _apply(session, content, actor, "create", slug, {"kind": kind.value})
    return slug


async def update_node(
    session: AsyncSession,
    actor: Actor,
    slug: str,
    version: int,
    changes: dict[str, Any],
) -> None:
    """Apply ``changes`` to a node read at ``version``; a newer row version is a conflict."""
    repo = await _lock(session)
    content, records = await _current(repo)
    record = records.get(slug)
    if record is None:
        raise NodeMissing(f"no node with slug {slug!r}")
    if record["version"] != version:
        raise StaleVersion(
            f"{slug} is at version {record['version']}, not {version}: read it again and retry"
        )
    kind = NodeKind(record["kind"])
    values = {**record_content(record), "slug": slug, **changes}
    values = {k: list(v) if isinstance(v, tuple) else v for k, v in values.items()}
    _check_fields(kind, values)
    content.nodes = [_spec(kind, slug, values) if n.slug == slug else n for n in content.nodes]
    await _apply(session, content, actor, "update", slug, {"fields": sorted(changes)})


async def delete_node(session: AsyncSession, actor: Actor, slug: str) -> None:
    repo = await _lock(session)
    content, records = await _current(repo)
    record = records.get(slug)
    if record is None:
        raise NodeMissing(f"no node with slug {slug!r}")
    if record["kind"] == NodeKind.DOMAIN.value:
        members = sorted(s for s, r in records.items() if r["domain"] == slug)
        if members:
            shown = ", ".join(members[:10]) + (" ..." if len(members) > 10 else "")
            raise InvalidEdit(
                f"{slug}: the domain still has {len(members)} node(s): {shown}; "
                "move or delete them first"
            )
    content.nodes = [n for n in content.nodes if n.slug != slug]
    content.edges = [e for e in content.edges if slug not in (e.source, e.target)]
    await AccountRepository(session).audit(
        actor=actor.name,
        role=actor.role,
        action="delete",
        node_id=None,  # the row is about to go; the slug identifies it
        slug=slug,
        details={"kind": record["kind"], "title": record["title"]},
    )
    summary = await apply_content(session, validate_content(content), prune=True)
    del summary


async def rename_node(
    session: AsyncSession, actor: Actor, slug: str, new_slug: str, version: int | None = None
) -> None:
    """Change a slug in place: the node keeps its id, so every edge follows it."""
    if not SLUG_RE.match(new_slug) or len(new_slug) > SLUG_MAX:
        raise InvalidEdit(f"{new_slug!r} is not a valid slug (lowercase letters, digits, hyphens)")
    repo = await _lock(session)
    ids = await repo.slug_ids([slug, new_slug])
    if slug not in ids:
        raise NodeMissing(f"no node with slug {slug!r}")
    if new_slug in ids:
        raise InvalidEdit(f"{new_slug}: the slug is already used")
    record = await repo.fetch_node(slug)
    assert record is not None
    if version is not None and record["version"] != version:
        raise StaleVersion(f"{slug} is at version {record['version']}, not {version}")
    await repo.rename(ids[slug], new_slug)
    renamed = await repo.fetch_node(new_slug)
    assert renamed is not None
    await SearchRepository(session).reindex([renamed])
    await repo.bump_content_version()
    await AccountRepository(session).audit(
        actor=actor.name,
        role=actor.role,
        action="rename",
        node_id=ids[slug],
        slug=new_slug,
        details={"from": slug},
    )


async def add_edge(
    session: AsyncSession,
    actor: Actor,
    edge: EdgeSpec,
) -> None:
    repo = await _lock(session)
    content, _ = await _current(repo)
    keys = {e.key for e in content.edges}
    if edge.key in keys or (
        edge.kind is EdgeKind.RELATED_TO and (edge.target, edge.source, edge.kind) in keys
    ):
        raise InvalidEdit(f"{edge.source}: the {edge.kind.value} edge to {edge.target} exists")
    content.edges.append(replace(edge, origin=ORIGIN))
    await _apply(
        session,
        content,
        actor,
        "add_edge",
        edge.source,
        {"kind": edge.kind.value, "target": edge.target},
    )


async def remove_edge(
    session: AsyncSession, actor: Actor, source: str, target: str, kind: EdgeKind
) -> None:
    repo = await _lock(session)
    content, _ = await _current(repo)
    wanted = {(source, target, kind)}
    if kind is EdgeKind.RELATED_TO:
        wanted.add((target, source, kind))
    kept = [e for e in content.edges if e.key not in wanted]
    if len(kept) == len(content.edges):
        raise NodeMissing(f"no {kind.value} edge from {source!r} to {target!r}")
    content.edges = kept
    await _apply(
        session, content, actor, "remove_edge", source, {"kind": kind.value, "target": target}
    )


async def import_content(
    session: AsyncSession, actor: Actor, content: ContentSet, *, prune: bool = True
) -> ImportSummary:
    """Apply a whole content set (already validated) in the caller's transaction."""
    await _lock(session)
    summary = await apply_content(session, content, prune=prune)
    await AccountRepository(session).audit(
        actor=actor.name,
        role=actor.role,
        action="import",
        node_id=None,
        slug=None,
        details={
            "created": sum(summary.created.values()),
            "updated": sum(summary.updated.values()),
            "deleted": sum(summary.deleted.values()),
        },
    )
    return summary
