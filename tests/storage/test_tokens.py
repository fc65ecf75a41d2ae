"""Token checks on both backends: valid tokens are remembered for a bounded time, no longer."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from graph.auth import VerifiedTokens, issue_token
from graph.db import transaction
from graph.store.accounts import AccountRepository
from tests.conftest import count_statements

KEY = "test-key"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def _issue(sm: async_sessionmaker[AsyncSession], name: str, **kw: object) -> str:
    async with transaction(sm, write=True) as session:
        return await issue_token(session, KEY, role="editor", name=name, **kw)  # type: ignore[arg-type]


async def _revoke(sm: async_sessionmaker[AsyncSession], name: str) -> None:
    async with transaction(sm, write=True) as session:
        assert await AccountRepository(session).revoke_tokens(name) == 1


async def test_a_valid_token_is_remembered_until_the_interval_ends(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    clock = Clock()
    tokens = VerifiedTokens(KEY, ttl=5, clock=clock)
    token = await _issue(sessionmaker, "bob")
    engine = sessionmaker.kw["bind"]
    with count_statements(engine) as first:
        principal = await tokens.check(sessionmaker, token)
    assert principal is not None and principal.name == "bob"
    assert first, "the first check reads the token row"
    await _revoke(sessionmaker, "bob")
    clock.now += 4.9
    with count_statements(engine) as remembered:
        assert await tokens.check(sessionmaker, token) == principal
    assert remembered == []
    clock.now += 0.2
    assert await tokens.check(sessionmaker, token) is None, "revoked within the interval"
    assert await tokens.check(sessionmaker, token) is None


async def test_invalid_tokens_are_never_remembered(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    tokens = VerifiedTokens(KEY, ttl=60, clock=Clock())
    token = await _issue(sessionmaker, "carol")
    wrong = token[:-4] + "abcd"
    engine = sessionmaker.kw["bind"]
    for _ in range(2):
        with count_statements(engine) as statements:
            assert await tokens.check(sessionmaker, wrong) is None
        assert statements, "a wrong token is looked up every time"
    assert await tokens.check(sessionmaker, "not-a-token") is None


async def test_a_token_is_never_remembered_past_its_expiry(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    clock = Clock()
    tokens = VerifiedTokens(KEY, ttl=3600, clock=clock)
    token = await _issue(sessionmaker, "dave", expires_at=datetime.now(UTC) + timedelta(minutes=2))
    principal = await tokens.check(sessionmaker, token)
    assert principal is not None and principal.expires_at is not None
    clock.now += 60
    engine = sessionmaker.kw["bind"]
    with count_statements(engine) as remembered:
        assert await tokens.check(sessionmaker, token) == principal
    assert remembered == []
    clock.now += 61  # past the expiry, well within the interval: looked up again
    with count_statements(engine) as again:
        assert await tokens.check(sessionmaker, token) is not None  # the row has not expired
    assert again, "checked against the database once the expiry passed"


async def test_zero_interval_checks_every_time(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    tokens = VerifiedTokens(KEY, ttl=0)
    token = await _issue(sessionmaker, "erin")
    engine = sessionmaker.kw["bind"]
    for _ in range(2):
        with count_statements(engine) as statements:
            assert await tokens.check(sessionmaker, token) is not None
        assert statements
    await _revoke(sessionmaker, "erin")
    assert await tokens.check(sessionmaker, token) is None


async def test_the_number_remembered_is_bounded(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    tokens = VerifiedTokens(KEY, ttl=60, max_entries=2, clock=Clock())
    issued = [await _issue(sessionmaker, f"user{i}") for i in range(3)]
    for token in issued:
        assert await tokens.check(sessionmaker, token) is not None
    assert len(tokens._valid) == 2
