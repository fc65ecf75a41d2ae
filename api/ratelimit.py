"""Rate limits by query cost: a budget of points per caller and window, shared by processes.

Like GitHub's GraphQL API, a caller spends the cost of each operation (the
number the query limits compute: nested page sizes, plus the work of plans,
exports and graph walks) from a budget of ``points`` per ``window`` seconds.
A caller is a token (``token:<id>``) or, for anonymous requests, a client
address (``ip:<address>``), read from ``X-Forwarded-For`` only when the
connection comes from a trusted proxy.

Each process counts locally and, every ``sync_interval`` seconds, adds what
it spent to the ``rate_limit_usage`` table and reads back the totals of all
processes. So with P processes a caller can overspend by at most what it
manages to spend in about P x ``sync_interval`` seconds before the totals
meet: the documented tolerance. Fixed windows start at multiples of
``window`` seconds since the epoch.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from graph.db import transaction
from graph.store.ratelimit import RateLimitRepository

log = logging.getLogger("prepgraph.ratelimit")

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@dataclass(frozen=True)
class Decision:
    """Whether an operation may run, and what the rate-limit headers say."""

    allowed: bool
    limit: int
    remaining: int
    reset: int  # epoch seconds at which the window ends
    retry_after: int  # seconds to wait before trying again (0 when allowed)

    def headers(self) -> dict[str, str]:
        headers = {
            "X-RateLimit-Limit": str(self.limit),
            "X-RateLimit-Remaining": str(self.remaining),
            "X-RateLimit-Reset": str(self.reset),
        }
        if not self.allowed:
            headers["Retry-After"] = str(self.retry_after)
        return headers


class RateLimiter:
    def __init__(
        self,
        *,
        points: int,
        window: int,
        sessionmaker: async_sessionmaker[AsyncSession] | None = None,
        sync_interval: float = 1.0,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.points = points
        self.window = window
        self._sessionmaker = sessionmaker
        self._sync_interval = sync_interval
        self._clock = clock
        self._pending: dict[tuple[str, int], int] = {}  # spent here, not yet shared
        self._shared: dict[tuple[str, int], int] = {}  # all processes, at the last sync

    def spend(self, caller: str, cost: int) -> Decision:
        """Take `cost` points from the caller's budget, or refuse without taking any."""
        now = self._clock()
        start = int(now // self.window) * self.window
        key = (caller, start)
        used = self._shared.get(key, 0) + self._pending.get(key, 0)
        reset = start + self.window
        if used + cost > self.points:
            wait = max(1, math.ceil(reset - now))
            return Decision(False, self.points, max(0, self.points - used), reset, wait)
        self._pending[key] = self._pending.get(key, 0) + cost
        return Decision(True, self.points, self.points - used - cost, reset, 0)

    async def sync(self) -> None:
        """Share what this process spent and learn what the others did."""
        if self._sessionmaker is None:
            return
        start = int(self._clock() // self.window) * self.window
        pending, self._pending = self._pending, {}
        # Also read back (adding nothing) the current windows of callers seen here.
        spent = {k: 0 for k in self._shared if k[1] == start} | pending
        if not spent:
            return
        try:
            async with transaction(self._sessionmaker, write=True) as session:
                repo = RateLimitRepository(session)
                totals = await repo.add(spent)
                await repo.forget_before(start - self.window)
        except Exception:
            for key, points in pending.items():  # keep counting them; share them later
                self._pending[key] = self._pending.get(key, 0) + points
            raise
        self._shared = {k: v for k, v in totals.items() if k[1] >= start}

    async def run(self) -> None:
        """Sync every ``sync_interval`` seconds until cancelled."""
        while True:
            await asyncio.sleep(self._sync_interval)
            try:
                await self.sync()
            except Exception:
                log.warning("rate-limit usage could not be shared; counting locally", exc_info=True)


def trusted_networks(values: Sequence[str]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(v, strict=False) for v in values)


def client_address(peer: str | None, forwarded_for: str | None, trusted: Sequence[Network]) -> str:
    """The client's address: the peer, or behind trusted proxies the first untrusted hop.

    ``X-Forwarded-For`` is read right to left (each proxy appends the address
    it saw), skipping trusted proxies; anything a client wrote further left is
    ignored, so a client cannot choose its own identity.
    """
    address = peer or "unknown"
    if not trusted or not _is_trusted(address, trusted) or not forwarded_for:
        return address
    for hop in reversed([h.strip() for h in forwarded_for.split(",") if h.strip()]):
        if not _is_trusted(hop, trusted):
            return hop if _is_address(hop) else address
        address = hop
    return address


def _is_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def _is_trusted(text: str, trusted: Sequence[Network]) -> bool:
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return False
    return any(address in network for network in trusted)


def caller_of(principal: Any, request: Any, trusted: Sequence[Network]) -> str:
    """The budget an operation spends from: its token's, else its client address's."""
    if principal is not None:
        return f"token:{principal.token_id}"
    client = getattr(request, "client", None)
    peer = getattr(client, "host", None)
    headers = getattr(request, "headers", {}) or {}
    return "ip:" + client_address(peer, headers.get("x-forwarded-for"), trusted)
