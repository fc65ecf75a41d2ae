"""The audit trail, for editors."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from api.graphql.arguments import AfterArg, FirstArg
from api.graphql.ids import encode_id
from api.graphql.pagination import id_after, page_size, rows_page
from api.graphql.types.connection import Connection, to_connection
from api.graphql.types.nodes import Node
from graph.store.accounts import AccountRepository


@strawberry.type(description="One change to the content graph.")
class AuditEntry(Node):
    sequence: int = strawberry.field(description="Sequence number, newest highest")
    at: datetime = strawberry.field(description="When")
    actor: str = strawberry.field(description="Token name of whoever made the change")
    role: str = strawberry.field(description="Their role")
    action: str = strawberry.field(
        description="create, update, delete, rename, add_edge, remove_edge or import"
    )
    slug: str | None = strawberry.field(description="The node concerned (its slug at the time)")
    details: JSON = strawberry.field(description="What changed")

    @strawberry.field(description="Opaque global id (editors resolve it with `node(id:)`)")
    def id(self) -> strawberry.ID:
        return strawberry.ID(encode_id("AuditEntry", self.sequence))


def audit_entry(row: Any) -> AuditEntry:
    return AuditEntry(
        sequence=row.id,
        at=row.at,
        actor=row.actor,
        role=row.role,
        action=row.action,
        slug=row.slug,
        details=row.details,
    )


@strawberry.type
class AuditQuery:
    @strawberry.field(description="Changes to the content, newest first (editor or admin token).")
    async def audit_log(
        self,
        info: Info,
        slug: Annotated[str | None, strawberry.argument(description="Only this node")] = None,
        first: FirstArg = None,
        after: AfterArg = None,
    ) -> Connection[AuditEntry]:
        await info.context.editor()
        size = page_size(first)
        async with info.context.db() as session:
            repo = AccountRepository(session)
            rows = await repo.audit_entries(slug=slug, limit=size + 1, before_id=id_after(after))
            total = await repo.count_audit_entries(slug=slug)
        page = rows_page(rows, lambda r: (r.id,), first=first, after=after, total=total)
        return to_connection(page, audit_entry)  # type: ignore[no-any-return]
