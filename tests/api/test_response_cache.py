"""The response cache: anonymous reads answered from memory until the content moves."""

from __future__ import annotations

import json
import logging
from typing import Any

import httpx
import pytest

import api.cache
from api.app import create_app
from api.cache import Entry, ResponseCache, is_query
from api.settings import Settings
from tests.conftest import GraphQLClient, _client, count_statements, make_token, retitle

CONCEPT = '{ concept(slug: "hnsw") { slug title prerequisites(depth: 2) { slug title } } }'
SEARCH = "query($q: String!) { search(query: $q) { edges { node { slug title } } } }"


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
    assert fresh["search"]["edges"][0]["node"]["slug"] == "hnsw"
    assert _cache(gql).hits == 1


async def test_callers_with_a_token_share_content_reads(
    gql: GraphQLClient, seeded_url: str
) -> None:
    created = await gql.data('mutation { createLearner(input: {name: "Ada"}) { token } }')
    learner = {"Authorization": f"Bearer {created['createLearner']['token']}"}
    editor = {"Authorization": f"Bearer {await make_token(seeded_url, 'editor', 'bob')}"}
    anonymous = await _post(gql, SEARCH, {"q": "hnsw"})
    for headers in (learner, editor):
        with count_statements(gql.app.state.engine) as statements:
            response = await _post(gql, SEARCH, {"q": "hnsw"}, headers=headers)
        assert response.content == anonymous.content
        # only the token check runs: the search itself is answered from memory
        assert len(_work(statements)) == 1 and "api_tokens" in _work(statements)[0]
    assert _cache(gql).hits == 2


@pytest.mark.parametrize("token", ["pgr_1_" + "x" * 43, "revoked", "Basic abc"])
async def test_a_bad_token_never_gets_a_stored_answer(
    gql: GraphQLClient, seeded_url: str, token: str
) -> None:
    header = f"Bearer {token}"
    if token == "revoked":
        header = f"Bearer {await make_token(seeded_url, 'editor', 'bob')}"
        assert (
            "errors" not in (await _post(gql, SEARCH, {"q": "x"}, {"Authorization": header})).json()
        )
        await _revoke(seeded_url, "bob")
    elif token.startswith("Basic"):
        header = token
    await _post(gql, SEARCH, {"q": "hnsw"})
    await _post(gql, SEARCH, {"q": "hnsw"})
    assert _cache(gql).hits == 1
    for _ in range(2):
        body = (await _post(gql, SEARCH, {"q": "hnsw"}, headers={"Authorization": header})).json()
        if token.startswith("Basic"):  # not a bearer token: the request is anonymous
            assert "errors" not in body
        else:
            assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
            assert body.get("data") is None
    assert _cache(gql).hits == (3 if token.startswith("Basic") else 1)


async def _revoke(url: str, name: str) -> None:
    from graph.db import create_engine, create_sessionmaker, transaction
    from graph.store.accounts import AccountRepository

    engine = create_engine(url)
    try:
        async with transaction(create_sessionmaker(engine), write=True) as session:
            assert await AccountRepository(session).revoke_tokens(name) == 1
    finally:
        await engine.dispose()


async def test_caller_dependent_reads_always_run_for_a_token(gql: GraphQLClient) -> None:
    created = await gql.data('mutation { createLearner(input: {name: "Ada"}) { token } }')
    headers = {"Authorization": f"Bearer {created['createLearner']['token']}"}
    me = "{ me { name } }"
    plan = """{ studyPlan(input: {targets: ["hnsw"], startDate: "2030-01-01"}) {
      steps { node { slug } } } }"""
    sneaky = (
        'query { ...Mine } fragment Mine on Query { concept(slug: "hnsw") { slug } me { name } }'
    )
    for query in (me, plan, sneaky):
        await gql.data(query)
        await gql.data(query)  # the anonymous answer is now stored
    hits = _cache(gql).hits
    assert (await gql.data(me, headers=headers))["me"] == {"name": "Ada"}
    assert (await gql.data(sneaky, headers=headers))["me"] == {"name": "Ada"}
    steps = [s["node"]["slug"] for s in (await gql.data(plan))["studyPlan"]["steps"]]
    mutation = (
        'mutation { setMastery(input: {concept: "embeddings", state: KNOWN}) { concept { slug } } }'
    )
    await gql.data(mutation, headers=headers)
    mine = (await gql.data(plan, headers=headers))["studyPlan"]["steps"]
    assert "embeddings" in steps and "embeddings" not in [s["node"]["slug"] for s in mine]
    assert _cache(gql).hits == hits + 1  # only the anonymous plan above was replayed


async def test_with_tokens_required_anonymous_reads_are_never_replayed(seeded_url: str) -> None:
    token = await make_token(seeded_url, "editor")
    headers = {"Authorization": f"Bearer {token}"}
    async for client in _client(seeded_url, require_token_for_reads=True):
        for _ in range(2):
            assert (await client.data(CONCEPT, headers=headers))["concept"]["slug"] == "hnsw"
        assert _cache(client).hits == 1
        code, _, _ = await client.error(CONCEPT)
        assert code == "UNAUTHENTICATED"
        assert _cache(client).hits == 1


async def test_an_editors_change_shows_on_the_next_anonymous_read(
    seeded_url: str, editor_headers: dict[str, str]
) -> None:
    read = '{ concept(slug: "hnsw") { title version } }'
    update = """mutation($version: Int!) {
      updateConcept(input: {slug: "hnsw", version: $version, title: "HNSW graphs"}) {
        concept { title }
      }
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
    create = 'mutation { createLearner(input: {name: "Ada"}) { learner { name } token } }'
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
        '{ search(query: "   ") { edges { score } } }',
    ],
)
async def test_errors_are_not_cached(gql: GraphQLClient, query: str) -> None:
    for _ in range(2):
        response = await _post(gql, query)
        assert response.json().get("errors"), response.text
    assert _cache(gql).hits == 0
    assert len(_cache(gql)) == 0


async def test_turned_off(seeded_url: str) -> None:
    async for client in _client(seeded_url, response_cache_mb=0):
        first = await _post(client, SEARCH, {"q": "hnsw"})
        with count_statements(client.app.state.engine) as statements:
            second = await _post(client, SEARCH, {"q": "hnsw"})
        assert second.content == first.content
        assert _work(statements), "the search ran again"
        assert not hasattr(client.app.state, "response_cache")
        bad = {"Authorization": "Bearer pgr_1_" + "x" * 43}
        code, _, _ = await client.error(SEARCH, {"q": "hnsw"}, headers=bad)
        assert code == "UNAUTHENTICATED", "a token that is sent must be valid, cache or not"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (b'{"query": "{ concepts { totalCount } }"}', True),
        (b'{"query": "query Q { concepts { totalCount } }", "operationName": "Q"}', True),
        (b'{"query": "mutation M { deleteNode(input: {slug: \\"x\\"}) { ok } }"}', False),
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


def test_every_root_query_field_is_classified() -> None:
    """A new query field must be declared shared or per caller before the cache can see it."""
    from api.graphql.schema import PER_CALLER_QUERY_FIELDS, SHARED_QUERY_FIELDS, schema

    fields = set(schema._schema.query_type.fields)
    assert fields == SHARED_QUERY_FIELDS | PER_CALLER_QUERY_FIELDS
    assert not SHARED_QUERY_FIELDS & PER_CALLER_QUERY_FIELDS
