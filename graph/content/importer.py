"""Apply a validated ContentSet to the database as one difference, in the caller's transaction.

New nodes are created, changed ones updated (their row version bumps), unchanged
ones left alone, and with ``prune`` nodes absent from the content are deleted with
their edges. Edges are diffed the same way. Nothing is committed here: the caller
owns the transaction, so a failure anywhere leaves the database as it was.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from graph.content.model import ContentSet, EdgeSpec, NodeSpec
from graph.models.enums import NodeKind
from graph.store.content import ContentRepository, record_content
from graph.store.search import SearchRepository

T = TypeVar("T")
CHUNK = 200
"""Rows per write: small enough for a progress bar to move, large enough to stay cheap."""

Progress = Callable[[str, int, int], None]
"""Called as ``progress(stage, done, total)`` while an import runs."""


@dataclass
class ImportSummary:
    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    deleted: Counter[str] = field(default_factory=Counter)
    unchanged: Counter[str] = field(default_factory=Counter)
    content_version: int | None = None

    @property
    def changed(self) -> bool:
        return any(n > 0 for c in (self.created, self.updated, self.deleted) for n in c.values())

    def rows(self) -> list[tuple[str, int, int, int, int]]:
        kinds = [k.value for k in NodeKind] + ["edges"]
        return [
            (k, self.created[k], self.updated[k], self.deleted[k], self.unchanged[k]) for k in kinds
        ]


def _edge_values(edge: EdgeSpec) -> dict[str, Any]:
    return {"weight": edge.weight, "note": edge.note, "position": edge.position}


async def apply_content(
    session: AsyncSession,
    content: ContentSet,
    *,
    prune: bool = True,
    progress: Progress | None = None,
) -> ImportSummary:
    """Bring the database to ``content`` (already validated) and report what changed."""
    repo = ContentRepository(session)
    summary = ImportSummary()
    report = progress or (lambda stage, done, total: None)

    existing = {record["slug"]: record for record in await repo.fetch_nodes()}
    existing_edges = await repo.fetch_edges()
    wanted = {node.slug: node for node in content.nodes}

    to_create: list[NodeSpec] = []
    to_update: list[NodeSpec] = []
    to_delete: list[dict[str, Any]] = []
    for slug, spec in wanted.items():
        record = existing.get(slug)
        if record is None:
            to_create.append(spec)
        elif record["kind"] != spec.kind.value:
            to_delete.append(record)
            to_create.append(spec)
        elif record_content(record) != spec.content():
            to_update.append(spec)
        else:
            summary.unchanged[spec.kind.value] += 1
    if prune:
        to_delete.extend(r for slug, r in existing.items() if slug not in wanted)

    touched = {spec.slug for spec in to_create} | {spec.slug for spec in to_update}
    total = len(to_create) + len(to_update) + len(to_delete) + len(content.edges) + len(touched)
    done = 0

    def advance(stage: str, count: int) -> None:
        nonlocal done
        done += count
        report(stage, done, total)

    report("nodes", done, total)
    # Domains first (others point at them), deletions of domains last.
    ids = {slug: record["id"] for slug, record in existing.items()}
    doomed_ids = {r["id"] for r in to_delete}
    non_domains = [r["id"] for r in to_delete if r["kind"] != NodeKind.DOMAIN.value]
    for part in _chunks(non_domains):
        await repo.delete_nodes(part)
        advance("nodes", len(part))
    for slug in [r["slug"] for r in to_delete]:
        ids.pop(slug, None)
    domains_created = [s for s in to_create if s.kind is NodeKind.DOMAIN]
    ids.update(await repo.create_nodes(domains_created, ids))
    advance("nodes", len(domains_created))
    domains_updated = [s for s in to_update if s.kind is NodeKind.DOMAIN]
    await repo.update_nodes(domains_updated, ids)
    advance("nodes", len(domains_updated))
    for part in _chunks([s for s in to_create if s.kind is not NodeKind.DOMAIN]):
        ids.update(await repo.create_nodes(part, ids))
        advance("nodes", len(part))
    for part in _chunks([s for s in to_update if s.kind is not NodeKind.DOMAIN]):
        await repo.update_nodes(part, ids)
        advance("nodes", len(part))
    domains_deleted = [r["id"] for r in to_delete if r["kind"] == NodeKind.DOMAIN.value]
    await repo.delete_nodes(domains_deleted)
    advance("nodes", len(domains_deleted))

    for spec in to_create:
        summary.created[spec.kind.value] += 1
    for spec in to_update:
        summary.updated[spec.kind.value] += 1
    for record in to_delete:
        if record["slug"] not in wanted or record["kind"] != wanted[record["slug"]].kind.value:
            summary.deleted[record["kind"]] += 1

    doomed_slugs = {r["slug"] for r in to_delete}
    cascaded = [e for e in existing_edges if {e["source"], e["target"]} & doomed_slugs]
    summary.deleted["edges"] += len(cascaded)
    surviving = [e for e in existing_edges if not {e["source"], e["target"]} & doomed_slugs]
    await _apply_edges(
        repo,
        content,
        surviving,
        ids,
        prune=prune,
        summary=summary,
        advance=lambda count: advance("edges", count),
    )

    search = SearchRepository(session)
    await search.remove(sorted(doomed_ids))
    if touched:
        records = [r for r in await repo.fetch_nodes() if r["slug"] in touched]
        for part in _chunks(records):
            await search.reindex(part)
            advance("search index", len(part))

    if summary.changed:
        summary.content_version = await repo.bump_content_version()
    return summary


async def _apply_edges(
    repo: ContentRepository,
    content: ContentSet,
    existing: list[dict[str, Any]],
    ids: dict[str, int],
    *,
    prune: bool,
    summary: ImportSummary,
    advance: Callable[[int], None],
) -> None:
    """Diff edges; ``existing`` excludes those that went with deleted nodes.

    ``advance`` hears of every wanted edge once it is written or found unchanged.
    """
    current = {(e["source"], e["target"], e["kind"]): e for e in existing}
    wanted = {(e.source, e.target, e.kind.value): e for e in content.edges}
    create, delete = [], []
    for key, edge in wanted.items():
        row = current.get(key)
        values = _edge_values(edge)
        if row is None:
            create.append(
                {"source_id": ids[edge.source], "target_id": ids[edge.target], "kind": key[2]}
                | values
            )
            summary.created["edges"] += 1
        elif any(row[name] != value for name, value in values.items()):
            await repo.update_edge(row["id"], values)
            summary.updated["edges"] += 1
            advance(1)
        else:
            summary.unchanged["edges"] += 1
            advance(1)
    if prune:
        for key, row in current.items():
            if key not in wanted:
                delete.append(row["id"])
                summary.deleted["edges"] += 1
    await repo.delete_edges(delete)
    for part in _chunks(create):
        await repo.create_edges(part)
        advance(len(part))


def _chunks(items: Sequence[T]) -> Iterator[Sequence[T]]:
    """``items`` in slices of CHUNK, so a long write reports progress as it goes."""
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]
