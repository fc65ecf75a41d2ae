"""The audit trail, for editors."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from graph.store.accounts import AccountRepository


@strawberry.type(description="One change to the content graph.")
class AuditEntry:
    id: int = strawberry.field(description="Sequence number, newest highest")
    at: datetime = strawberry.field(description="When")
    actor: str = strawberry.field(description="Token name of whoever made the change")
    role: str = strawberry.field(description="Their role")
    action: str = strawberry.field(
        description="create, update, delete, rename, add_edge, remove_edge or import"
    )
    slug: str | None = strawberry.field(description="The node concerned (its slug at the time)")
    details: JSON = strawberry.field(description="What changed")


@strawberry.type
class AuditQuery:
    @strawberry.field(description="Recent changes, newest first (editor or admin token).")
    async def audit_log(
        self,
        info: Info,
        slug: Annotated[str | None, strawberry.argument(description="Only this node")] = None,
        first: Annotated[int, strawberry.argument(description="Entries, 1..100")] = 20,
        before: Annotated[
            int | None, strawberry.argument(description="Entries older than this id")
        ] = None,
    ) -> list[AuditEntry]:
        await info.context.editor()
        async with info.context.db() as session:
            rows = await AccountRepository(session).audit_entries(
                slug=slug, limit=first, before_id=before
            )
        return [
            AuditEntry(
                id=r.id,
                at=r.at,
                actor=r.actor,
                role=r.role,
                action=r.action,
                slug=r.slug,
                details=r.details,
            )
            for r in rows
        ]
