"""API tokens: ``pgr_<id>_<secret>``, stored as an HMAC-SHA256 of the secret.

The id part finds the row; the secret is checked with ``hmac.compare_digest``
against the stored HMAC, keyed by the server's secret key, so a leaked table
does not leak usable tokens and the check runs in constant time.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from graph.db import parse_database_id
from graph.store.accounts import AccountRepository

PREFIX = "pgr"
ROLES = ("admin", "editor", "learner")


@dataclass(frozen=True)
class Principal:
    """Who is calling: a role, a display name, and the learner for learner tokens."""

    token_id: int
    role: str
    name: str
    learner_id: int | None = None
    expires_at: datetime | None = None

    @property
    def can_edit(self) -> bool:
        return self.role in ("admin", "editor")


def secret_hash(key: str, secret: str) -> str:
    return hmac.new(key.encode(), secret.encode(), hashlib.sha256).hexdigest()


def bearer_token(header: str) -> str | None:
    """The token of an ``Authorization: Bearer <token>`` header; None for anything else."""
    scheme, _, token = header.partition(" ")
    token = token.strip()
    return token if scheme.lower() == "bearer" and token else None


def _parse(token: str) -> tuple[int, str] | None:
    prefix, _, rest = token.partition("_")
    token_id, _, secret = rest.partition("_")
    number = parse_database_id(token_id)
    if prefix != PREFIX or number is None or not 20 <= len(secret) <= 200 or not secret.isascii():
        return None
    return number, secret


async def issue_token(
    session: AsyncSession,
    key: str,
    *,
    role: str,
    name: str,
    learner_id: int | None = None,
    expires_at: datetime | None = None,
) -> str:
    """Create a token and return it; this is the only time it is ever visible."""
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}")
    secret = secrets.token_urlsafe(32)
    token_id = await AccountRepository(session).create_token(
        name=name,
        role=role,
        learner_id=learner_id,
        secret_hash=secret_hash(key, secret),
        expires_at=expires_at,
    )
    return f"{PREFIX}_{token_id}_{secret}"


async def authenticate(session: AsyncSession, key: str, token: str) -> Principal | None:
    """The principal of a valid token; None when it is malformed, wrong, revoked or expired."""
    parsed = _parse(token)
    if parsed is None:
        return None
    token_id, secret = parsed
    row = await AccountRepository(session).get_token(token_id)
    expected = row.secret_hash if row is not None else secret_hash(key, "")
    if not hmac.compare_digest(expected, secret_hash(key, secret)) or row is None:
        return None
    now = datetime.now(UTC)
    if row.revoked_at is not None:
        return None
    if row.expires_at is not None and _aware(row.expires_at) <= now:
        return None
    return Principal(
        row.id,
        row.role,
        row.name,
        row.learner_id,
        _aware(row.expires_at) if row.expires_at is not None else None,
    )


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class VerifiedTokens:
    """Remembers valid tokens for ``ttl`` seconds, so a busy client is not checked every request.

    Only valid tokens are remembered, so a new token works at once; a revoked
    token stops working within ``ttl`` seconds (at once when ``ttl`` is 0), an
    expired one at its expiry. Entries are keyed by a hash of the token, never
    the token itself, and the least recently used go beyond ``max_entries``.
    """

    def __init__(
        self,
        key: str,
        *,
        ttl: float,
        max_entries: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.key = key
        self.ttl = ttl
        self.max_entries = max_entries
        self._clock = clock
        # token hash -> (principal, clock reading until which it is trusted)
        self._valid: OrderedDict[bytes, tuple[Principal, float]] = OrderedDict()

    async def check(
        self, sessionmaker: async_sessionmaker[AsyncSession], token: str
    ) -> Principal | None:
        """The token's principal, or None when it is malformed, wrong, revoked or expired."""
        digest = hashlib.sha256(token.encode()).digest()
        now = self._clock()
        remembered = self._valid.get(digest)
        if remembered is not None:
            known, deadline = remembered
            if now < deadline:
                self._valid.move_to_end(digest)
                return known
            del self._valid[digest]
        async with sessionmaker() as session:
            principal = await authenticate(session, self.key, token)
        if principal is not None and self.ttl > 0:
            keep = self.ttl
            if principal.expires_at is not None:
                keep = min(keep, (principal.expires_at - datetime.now(UTC)).total_seconds())
            self._valid[digest] = (principal, now + keep)
            while len(self._valid) > self.max_entries:
                self._valid.popitem(last=False)
        return principal
