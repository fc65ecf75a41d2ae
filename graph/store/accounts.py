"""Repository of learners, API tokens and the audit log."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from graph.models import ApiToken, AuditEntry, Learner


class AccountRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def create_learner(self, name: str) -> Learner:
        learner = Learner(name=name)
        self.session.add(learner)
        await self.session.flush()
        return learner

    async def get_learner(self, learner_id: int) -> Learner | None:
        return await self.session.get(Learner, learner_id)

    async def create_token(
        self,
        *,
        name: str,
        role: str,
        learner_id: int | None,
        secret_hash: str,
        expires_at: datetime | None,
    ) -> int:
        token = ApiToken(
            name=name,
            role=role,
            learner_id=learner_id,
            secret_hash=secret_hash,
            expires_at=expires_at,
        )
        self.session.add(token)
        await self.session.flush()
        return token.id

    async def get_token(self, token_id: int) -> ApiToken | None:
        return await self.session.get(ApiToken, token_id)

    async def list_tokens(self) -> list[ApiToken]:
        return list(await self.session.scalars(select(ApiToken).order_by(ApiToken.id)))

    async def revoke_tokens(self, ident: str) -> int:
        """Revoke the token with this id, or every live token with this name."""
        condition = (
            or_(ApiToken.id == int(ident), ApiToken.name == ident)
            if ident.isdigit()
            else ApiToken.name == ident
        )
        result = await self.session.execute(
            update(ApiToken)
            .where(condition, ApiToken.revoked_at.is_(None))
            .values(revoked_at=datetime.now(UTC))
        )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]

    async def audit(
        self,
        *,
        actor: str,
        role: str,
        action: str,
        node_id: int | None,
        slug: str | None,
        details: dict[str, Any],
    ) -> None:
        self.session.add(
            AuditEntry(
                actor=actor, role=role, action=action, node_id=node_id, slug=slug, details=details
            )
        )

    async def audit_entries(
        self,
        *,
        slug: str | None = None,
        limit: int = 50,
        before_id: int | None = None,
        entry_id: int | None = None,
    ) -> list[AuditEntry]:
        query = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
        if slug is not None:
            query = query.where(AuditEntry.slug == slug)
        if before_id is not None:
            query = query.where(AuditEntry.id < before_id)
        if entry_id is not None:
            query = query.where(AuditEntry.id == entry_id)
        return list(await self.session.scalars(query))

    async def count_audit_entries(self, *, slug: str | None = None) -> int:
        query = select(func.count()).select_from(AuditEntry)
        if slug is not None:
            query = query.where(AuditEntry.slug == slug)
        return int(await self.session.scalar(query) or 0)
