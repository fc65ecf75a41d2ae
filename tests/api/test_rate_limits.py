"""Rate limits by query cost: budgets per caller, 429s, headers, and sharing across processes."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from api.ratelimit import RateLimiter, client_address, trusted_networks
from tests.conftest import GraphQLClient, _client, make_token

PAGE = "{ concepts(first: 10) { edges { node { slug } } } }"  # costs 1 + 10 + 10 + 10


def test_a_budget_is_spent_per_window_and_refusals_take_nothing() -> None:
    now = [600_020.0]  # 20 s into the window that starts at 600,000
    limiter = RateLimiter(points=100, window=60, clock=lambda: now[0])
    first = limiter.spend("ip:1.2.3.4", 60)
    assert (first.allowed, first.remaining, first.reset) == (True, 40, 600_060)
    refused = limiter.spend("ip:1.2.3.4", 50)
    assert not refused.allowed and refused.remaining == 40
    assert refused.retry_after == 40 and refused.headers()["Retry-After"] == "40"
    assert limiter.spend("ip:1.2.3.4", 40).allowed  # the refusal took nothing
    assert limiter.spend("token:7", 100).allowed  # another caller, another budget
    now[0] += 40  # the next window
    assert limiter.spend("ip:1.2.3.4", 100).remaining == 0


def test_the_client_address_comes_from_trusted_proxies_only() -> None:
    proxies = trusted_networks(["10.0.0.0/8", "127.0.0.1"])
    assert client_address("10.1.2.3", "203.0.113.9", proxies) == "203.0.113.9"
    # the client wrote the left-most entry itself: the first untrusted hop counts
    assert client_address("10.1.2.3", "1.1.1.1, 203.0.113.9, 10.0.0.5", proxies) == "203.0.113.9"
    assert client_address("198.51.100.7", "203.0.113.9", proxies) == "198.51.100.7"
    assert client_address("10.1.2.3", "not-an-address", proxies) == "10.1.2.3"
    assert client_address("10.1.2.3", "203.0.113.9", ()) == "10.1.2.3"


@pytest.fixture
async def limited(seeded_url: str) -> AsyncIterator[GraphQLClient]:
    # Without the response cache: a cache hit runs nothing and is not charged.
    async for client in _client(
        seeded_url, rate_limit_points=50, rate_limit_sync_interval=600, response_cache_mb=0
    ):
        yield client


async def test_operations_spend_their_cost_and_a_spent_budget_is_a_429(
    limited: GraphQLClient, seeded_url: str
) -> None:
    first = await limited.http.post("/graphql", json={"query": PAGE})
    assert first.status_code == 200
    assert first.headers["x-ratelimit-limit"] == "50"
    assert first.headers["x-ratelimit-remaining"] == "19"
    assert int(first.headers["x-ratelimit-reset"]) % 60 == 0
    second = await limited.http.post("/graphql", json={"query": PAGE})
    assert second.status_code == 429
    assert second.headers["x-ratelimit-remaining"] == "19"  # a refusal takes nothing
    assert 1 <= int(second.headers["retry-after"]) <= 60
    error = second.json()["errors"][0]
    assert error["extensions"]["code"] == "RATE_LIMITED"
    assert error["extensions"]["retryAfter"] == int(second.headers["retry-after"])
    assert "data" not in second.json()  # refused before execution: no data entry
    assert first.json()["extensions"]["cost"] == {
        "requestedQueryCost": 31,  # 50 - 19 spent
        "maximumQueryCost": limited.app.state.settings.max_cost,
        "throttleStatus": {
            "maximumAvailable": 50,
            "currentlyAvailable": 19,
            "windowSeconds": 60,
            "resetsAt": int(first.headers["x-ratelimit-reset"]),
        },
    }
    cheap = await limited.http.post("/graphql", json={"query": "{ domains { slug } }"})
    assert cheap.status_code == 200  # what still fits the budget runs
    token = await make_token(seeded_url, "editor")
    own = await limited.http.post(
        "/graphql", json={"query": PAGE}, headers={"Authorization": f"Bearer {token}"}
    )
    assert own.status_code == 200  # a token has its own budget
    assert own.headers["x-ratelimit-remaining"] == "19"


async def test_processes_share_their_usage(seeded_url: str) -> None:
    settings = {"rate_limit_points": 50, "rate_limit_sync_interval": 600, "response_cache_mb": 0}
    async for first in _client(seeded_url, **settings):
        async for second in _client(seeded_url, **settings):
            assert (await first.http.post("/graphql", json={"query": PAGE})).status_code == 200
            await first.app.state.limiter.sync()  # 31 points in the shared table
            # The second process has not heard of this caller yet: it counts locally...
            allowed = await second.http.post("/graphql", json={"query": PAGE})
            assert allowed.headers["x-ratelimit-remaining"] == "19"
            await second.app.state.limiter.sync()  # ...until it shares: 62 spent in all
            refused = await second.http.post("/graphql", json={"query": "{ domains { slug } }"})
            assert refused.status_code == 429
            assert refused.headers["x-ratelimit-remaining"] == "0"
            await first.app.state.limiter.sync()  # and the first process learns it too
            late = await first.http.post("/graphql", json={"query": "{ domains { slug } }"})
            assert late.status_code == 429


async def test_rate_limits_are_off_when_set_to_zero(gql: GraphQLClient) -> None:
    response = await gql.http.post("/graphql", json={"query": PAGE})
    assert "x-ratelimit-limit" not in response.headers
