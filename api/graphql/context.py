"""Per-request context: the snapshot, guarded database access, the caller."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from strawberry.fastapi import BaseContext

from api.graphql.errors import Forbidden, Unauthenticated
from graph.auth import Principal, VerifiedTokens, bearer_token
from graph.snapshot import Snapshot, SnapshotStore

_UNSET: Any = object()


class Context(BaseContext):
    """Built fresh for every request; nothing here is shared between requests.

    Sibling resolvers run concurrently, so the request's one ``AsyncSession`` is
    handed out under a lock: two tasks never await it at the same time.
    """

    def __init__(
        self,
        *,
        snapshot: Snapshot,
        snapshots: SnapshotStore,
        sessionmaker: async_sessionmaker[AsyncSession],
        settings: Any,
        tokens: VerifiedTokens | None = None,
    ) -> None:
        super().__init__()
        self.tokens = tokens or VerifiedTokens(settings.token_key, ttl=0)
        self.snapshot = snapshot
        self.snapshots = snapshots
        self.sessionmaker = sessionmaker
        self.settings = settings
        self._session: AsyncSession | None = None
        self._lock = asyncio.Lock()
        self._principal: Principal | None = _UNSET
        self._bearer: str | None = _UNSET
        self.query_cost: int | None = None
        """The cost of the operation running now (set by the limits, read by the rate limit)."""
        self.throttle_status: dict[str, Any] | None = None
        """The caller's rate-limit budget after the last operation spent from it."""

    def bearer_token(self) -> str | None:
        """The request's bearer token, if it sent one."""
        token = self._bearer
        if token is _UNSET:
            request = self.request
            token = bearer_token(request.headers.get("authorization", "")) if request else None
            self._bearer = token
        return token  # type: ignore[no-any-return]

    async def principal(self) -> Principal | None:
        """The caller; None when anonymous. A token that is sent must be valid."""
        if self._principal is _UNSET:
            token = self.bearer_token()
            principal = None
            if token is not None:
                principal = await self.tokens.check(self.sessionmaker, token)
                if principal is None:
                    raise Unauthenticated("the token is invalid, revoked or expired")
            self._principal = principal
        return self._principal

    async def editor(self) -> Principal:
        principal = await self.principal()
        if principal is None:
            raise Unauthenticated("this operation needs an editor or admin token")
        if not principal.can_edit:
            raise Forbidden("this operation needs an editor or admin token")
        return principal

    async def learner(self) -> Principal:
        principal = await self.principal()
        if principal is None:
            raise Unauthenticated("this operation needs a learner token")
        if principal.learner_id is None:
            raise Forbidden("this operation needs a learner token")
        return principal

    async def refresh_snapshot(self) -> Snapshot:
        """Pick up this request's own writes."""
        self.snapshot = await self.snapshots.refresh()
        return self.snapshot

    @asynccontextmanager
    async def db(self) -> AsyncIterator[AsyncSession]:
        async with self._lock:
            if self._session is None:
                self._session = self.sessionmaker()
            yield self._session

    async def after_write(self) -> None:
        """This request wrote in its own transaction: later reads must see the write.

        The request's read session may hold a snapshot taken before the write
        (a saved plan validates against the learner's mastery first); the next
        read opens a fresh one.
        """
        async with self._lock:
            if self._session is not None:
                await self._session.close()
                self._session = None

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None
