"""The response cache: anonymous reads answered from memory until the content moves."""

from __future__ import annotations

import json
import logging
from typing import Any

import httpx
import pytest

import api.cache
from api.app import create_app
from api.cache import Entry, ResponseCache, ResponseCacheMiddleware, is_query
from api.settings import Settings
from tests.conftest import GraphQLClient, _client, count_statements, make_token, retitle

CONCEPT = '{ concept(slug: "hnsw") { slug title prerequisites(depth: 2) { slug title } } }'
SEARCH = "query($q: String!) { search(query: $q) { node { slug title } } }"


async def _post(
    gql: GraphQLClient,
    query: str,
    variables: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> httpx.Response:
    body = {"query": query, "variables": variables or {}}
    return await gql.http.post("/graphql", json=body, headers=headers)


def _cache(gql: GraphQLClient) -> ResponseCache:
    return gql.app.state.response_cache  # type: ignore[no-any-return]


def _work(statements: list[str]) -> list[str]:
    """Statements other than transaction control and the content version check."""
    return [
        s
        for s in statements
        if not s.lstrip().upper().startswith(("BEGIN", "COMMIT", "ROLLBACK"))
        and "content_version" not in s
    ]


async def test_a_repeated_read_is_answered_from_memory(gql: GraphQLClient) -> None:
    engine = gql.app.state.engine
    with count_statements(engine) as miss:
        first = await _post(gql, SEARCH, {"q": "hnsw"})
    assert first.json()["data"]["search"]
    assert _work(miss), "the first search runs its SQL"
    with count_statements(engine) as hit:
        second = await _post(gql, SEARCH, {"q": "hnsw"})
    assert second.status_code == 200
    assert second.content == first.content
    assert second.headers["content-type"] == first.headers["content-type"]
    ids = [first.headers.get_list("x-request-id"), second.headers.get_list("x-request-id")]
    assert all(len(i) == 1 for i in ids) and ids[0] != ids[1], "ids are per request"
    assert _work(hit) == []
    assert _cache(gql).hits == 1

    other = await _post(gql, SEARCH, {"q": "vector"})
    assert other.content != first.content
    assert _cache(gql).hits == 1


async def test_a_content_change_shows_on_the_next_request(
    gql: GraphQLClient, seeded_url: str
) -> None:
    before = (await gql.data(CONCEPT))["concept"]["title"]
    assert (await gql.data(CONCEPT))["concept"]["title"] == before
    stale = await gql.data(SEARCH, {"q": "hierarchical graphs"})
    assert _cache(gql).hits == 1

    await retitle(seeded_url, "hnsw", "Hierarchical graphs")

    assert (await gql.data(CONCEPT))["concept"]["title"] == "Hierarchical graphs" != before
    fresh = await gql.data(SEARCH, {"q": "hierarchical graphs"})
    assert fresh != stale
    assert fresh["search"][0]["node"]["slug"] == "hnsw"
    assert _cache(gql).hits == 1


@pytest.mark.parametrize("token", ["editor", "pgr_1_" + "x" * 43])
async def test_requests_with_authorization_skip_the_cache(
    gql: GraphQLClient, seeded_url: str, token: str
) -> None:
    if token == "editor":
        token = await make_token(seeded_url, "editor")
    anonymous = await _post(gql, SEARCH, {"q": "hnsw"})
    for _ in range(2):
        with count_statements(gql.app.state.engine) as statements:
            response = await _post(
                gql, SEARCH, {"q": "hnsw"}, headers={"Authorization": f"Bearer {token}"}
            )
        assert response.content == anonymous.content  # search does not look at the caller
        assert _work(statements), "the request ran instead of being answered from memory"
    assert _cache(gql).hits == 0
    assert len(_cache(gql)) == 1


async def test_an_editors_change_shows_on_the_next_anonymous_read(
    seeded_url: str, editor_headers: dict[str, str]
) -> None:
    read = '{ concept(slug: "hnsw") { title version } }'
    update = """mutation($version: Int!) {
      updateConcept(slug: "hnsw", version: $version, input: {title: "HNSW graphs"}) { title }
    }"""
    # Only this process's own write moves its snapshot: no periodic check gets in the way.
    app = create_app(Settings(database_url=seeded_url, snapshot_check_interval=3600))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
            client = GraphQLClient(http, app)
            before = (await client.data(read))["concept"]
            assert (await client.data(read))["concept"] == before
            assert _cache(client).hits == 1
            await client.data(update, {"version": before["version"]}, headers=editor_headers)
            after = (await client.data(read))["concept"]
    assert after == {"title": "HNSW graphs", "version": before["version"] + 1}
    assert _cache(client).hits == 1


async def test_per_request_headers_are_not_replayed(seeded_url: str) -> None:
    origin = "https://study.example"
    async for client in _client(seeded_url, cors_origins=[origin]):
        for _ in range(3):
            response = await _post(client, CONCEPT, headers={"Origin": origin})
            assert response.headers.get_list("access-control-allow-origin") == [origin]
            assert len(response.headers.get_list("x-request-id")) == 1
        assert _cache(client).hits == 2
        response = await _post(client, CONCEPT)
        assert "access-control-allow-origin" not in response.headers


async def test_anonymous_mutations_always_run(gql: GraphQLClient) -> None:
    create = 'mutation { createLearner(name: "Ada") { learner { name } token } }'
    tokens = {(await gql.data(create))["createLearner"]["token"] for _ in range(2)}
    assert len(tokens) == 2
    assert len(_cache(gql)) == 0


async def test_a_new_day_is_a_new_key(gql: GraphQLClient, monkeypatch: pytest.MonkeyPatch) -> None:
    plan = '{ studyPlan(input: {targets: ["hnsw"]}) { days { date } } }'
    await gql.data(plan)
    today = api.cache.utc_day()
    monkeypatch.setattr(api.cache, "utc_day", lambda: today + 1)
    await gql.data(plan)
    assert _cache(gql).hits == 0, "yesterday's plan is not replayed"
    await gql.data(plan)
    assert _cache(gql).hits == 1


async def test_hits_are_counted_in_the_metrics(gql: GraphQLClient) -> None:
    for _ in range(3):
        await gql.data(CONCEPT)
    metrics = (await gql.http.get("/metrics")).text
    assert "prepgraph_response_cache_hits_total 2.0" in metrics
    assert "prepgraph_response_cache_entries 1.0" in metrics


async def test_hits_are_logged_and_counted_as_operations(
    gql: GraphQLClient, caplog: pytest.LogCaptureFixture
) -> None:
    named = 'query Prereqs { concept(slug: "hnsw") { slug } }'
    with caplog.at_level(logging.INFO, logger="prepgraph.access"):
        for n in range(3):
            response = await gql.http.post(
                "/graphql", json={"query": named}, headers={"X-Request-ID": f"r{n}"}
            )
            assert response.status_code == 200
    lines = [json.loads(r.getMessage()) for r in caplog.records if r.name == "prepgraph.access"]
    lines = [line for line in lines if line.get("event") == "graphql"]
    assert [(line["request_id"], line.get("cache")) for line in lines] == [
        ("r0", None),
        ("r1", "hit"),
        ("r2", "hit"),
    ]
    assert {(line["operation"], line["outcome"], line["type"]) for line in lines} == {
        ("Prereqs", "ok", "query")
    }
    metrics = (await gql.http.get("/metrics")).text
    assert 'prepgraph_graphql_requests_total{operation="Prereqs",outcome="ok"} 3.0' in metrics


@pytest.mark.parametrize(
    "query",
    [
        '{ concept(slug: "hnsw") { prerequisites(depth: 99) { slug } } }',
        "{ concept(slug: ",
        "{ noSuchField }",
        '{ search(query: "   ") { score } }',
    ],
)
async def test_errors_are_not_cached(gql: GraphQLClient, query: str) -> None:
    for _ in range(2):
        response = await _post(gql, query)
        assert response.json().get("errors"), response.text
    assert _cache(gql).hits == 0
    assert len(_cache(gql)) == 0


async def test_turned_off_or_with_token_only_reads(seeded_url: str) -> None:
    async for client in _client(seeded_url, response_cache_mb=0):
        first = await _post(client, SEARCH, {"q": "hnsw"})
        with count_statements(client.app.state.engine) as statements:
            second = await _post(client, SEARCH, {"q": "hnsw"})
        assert second.content == first.content
        assert _work(statements), "the search ran again"
        assert not hasattr(client.app.state, "response_cache")
    async for client in _client(seeded_url, require_token_for_reads=True):
        installed = [m.cls for m in client.app.user_middleware]
        assert ResponseCacheMiddleware not in installed


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (b'{"query": "{ concepts { totalCount } }"}', True),
        (b'{"query": "query Q { concepts { totalCount } }", "operationName": "Q"}', True),
        (b'{"query": "mutation M { deleteNode(slug: \\"x\\") { ok } }"}', False),
        (b'{"query": "subscription { ticks }"}', False),
        (b'{"query": "query A { a } mutation B { b }", "operationName": "B"}', False),
        (b'{"query": "query A { a } mutation B { b }", "operationName": "A"}', True),
        (b'{"query": "query A { a } mutation B { b }"}', False),
        (b'{"query": "{ concept(slug: "}', False),
        (b'[{"query": "{ a }"}]', False),
        (b"not json", False),
    ],
)
def test_only_query_operations_are_storable(body: bytes, expected: bool) -> None:
    assert is_query(body) is expected


def _key(name: object) -> tuple[int, int, bytes, bytes]:
    return (1, 20_000, b"", f"q{name}".encode())


def _entry(size: int) -> Entry:
    return Entry(200, ((b"content-type", b"application/json"),), b"x" * size)


def test_the_lru_is_bounded_by_entries_and_bytes() -> None:
    cache = ResponseCache(max_bytes=80_000, max_entries=3)
    for n in range(4):
        assert cache.put(_key(n), _entry(100))
    assert len(cache) == 3
    assert cache.get(_key(0)) is None  # the oldest went first
    assert cache.get(_key(1)) is not None  # now the most recently used

    assert not cache.put(_key("huge"), _entry(10_001))  # over an eighth of the budget
    cache.max_entries = 100
    for n in range(4, 14):
        assert cache.put(_key(n), _entry(9_000))
    assert cache.bytes <= cache.max_bytes
    assert len(cache) == 8  # 80,000 bytes hold eight entries of 9,000 plus overhead
    assert cache.get(_key(1)) is None
    assert cache.get(_key(13)) is not None

    before = cache.bytes
    cache.put(_key(13), _entry(10))  # replacing an entry frees its bytes
    assert cache.bytes == before - 8_990
