"""Per-request context: the snapshot, guarded database access, the caller."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from strawberry.fastapi import BaseContext

from graph.snapshot import Snapshot, SnapshotStore


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
    ) -> None:
        super().__init__()
        self.snapshot = snapshot
        self.snapshots = snapshots
        self.sessionmaker = sessionmaker
        self.settings = settings
        self._session: AsyncSession | None = None
        self._lock = asyncio.Lock()

    @asynccontextmanager
    async def db(self) -> AsyncIterator[AsyncSession]:
        async with self._lock:
            if self._session is None:
                self._session = self.sessionmaker()
            yield self._session

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None
