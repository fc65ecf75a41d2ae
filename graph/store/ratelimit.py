"""Rate-limit usage in the database: points per caller and window, added atomically."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import delete
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from graph.models import RateLimitUsage


class RateLimitRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, spent: Mapping[tuple[str, int], int]) -> dict[tuple[str, int], int]:
        """Add each (caller, window start) -> points; returns every row's new total."""
        if not spent:
            return {}
        dialect = self.session.get_bind().dialect.name
        insert = pg_insert if dialect == "postgresql" else sqlite_insert
        totals: dict[tuple[str, int], int] = {}
        for (caller, window), points in sorted(spent.items()):
            row = insert(RateLimitUsage).values(caller=caller, window_start=window, points=points)
            upsert = row.on_conflict_do_update(
                index_elements=[RateLimitUsage.caller, RateLimitUsage.window_start],
                set_={"points": RateLimitUsage.points + row.excluded.points},
            ).returning(RateLimitUsage.points)
            totals[(caller, window)] = int((await self.session.execute(upsert)).scalar_one())
        return totals

    async def forget_before(self, window_start: int) -> None:
        """Drop the usage of windows that started before `window_start`."""
        await self.session.execute(
            delete(RateLimitUsage).where(RateLimitUsage.window_start < window_start)
        )
