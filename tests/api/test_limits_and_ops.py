"""Query limits, production mode, HTTP hardening and observability, through the real app."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
import pytest_asyncio

from api.settings import Settings
from tests.conftest import GraphQLClient, _client

DEEP = (
    '{ concept(slug: "hnsw") { '
    + "domain { concepts(first: 1) { edges { node { " * 4
    + "slug"
    + " } } } }" * 4
    + " } }"
)


async def test_depth_limit(gql: GraphQLClient) -> None:
    code, message, data = await gql.error(DEEP)
    assert (code, data) == ("QUERY_TOO_COMPLEX", None)
    assert "levels deep; the limit is 12" in message


async def test_alias_limit(gql: GraphQLClient) -> None:
    query = "{ " + " ".join(f'a{i}: concept(slug: "hnsw") {{ slug }}' for i in range(31)) + " }"
    code, message, _ = await gql.error(query)
    assert code == "QUERY_TOO_COMPLEX"
    assert "31 aliases" in message


async def test_cost_multiplies_page_sizes(gql: GraphQLClient) -> None:
    query = """{ concepts(first: 100) { edges { node {
        domain { concepts(first: 100) { edges { node { domain { articles(first: 100) {
        totalCount } } } } } } } } } }"""
    code, message, data = await gql.error(query)
    assert (code, data) == ("QUERY_TOO_COMPLEX", None)
    assert "may return up to" in message
    ok = await gql.data("{ concepts(first: 100) { edges { node { prerequisites { slug } } } } }")
    assert len(ok["concepts"]["edges"]) == 10


async def test_directive_and_token_limits(gql: GraphQLClient, seeded_url: str) -> None:
    query = '{ concept(slug: "hnsw") @include(if: true) @skip(if: false) { slug } }'
    assert (await gql.data(query))["concept"] == {"slug": "hnsw"}
    async for strict in _client(seeded_url, max_directives=1):
        code, message, _ = await strict.error(query)
        assert code == "QUERY_TOO_COMPLEX"
        assert "too many directives on `concept`" in message
    huge = "{ " + " ".join(["__typename"] * 6000) + " }"
    body = await gql(huge)
    assert "errors" in body
    assert "token" in body["errors"][0]["message"].lower()


async def test_batching_is_bounded(gql: GraphQLClient) -> None:
    one = {"query": "{ domains { slug } }"}
    response = await gql.http.post("/graphql", json=[one, one])
    assert response.status_code == 200
    assert [len(r["data"]["domains"]) for r in response.json()] == [2, 2]
    response = await gql.http.post("/graphql", json=[one] * 11)
    assert response.status_code == 400


async def test_body_size_limit(gql: GraphQLClient) -> None:
    response = await gql.http.post(
        "/graphql", json={"query": "{ domains { slug } }", "variables": {"x": "y" * 300_000}}
    )
    assert response.status_code == 413
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


async def test_security_headers_and_request_id(gql: GraphQLClient) -> None:
    response = await gql.http.post(
        "/graphql", json={"query": "{ domains { slug } }"}, headers={"X-Request-ID": "abc123"}
    )
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["x-request-id"] == "abc123"
    generated = await gql.http.get("/healthz")
    assert len(generated.headers["x-request-id"]) == 16


async def test_metrics_and_readiness(gql: GraphQLClient) -> None:
    await gql.data("query Named { domains { slug } }")
    await gql.error("query Bad { concepts(first: 0) { totalCount } }")
    text = (await gql.http.get("/metrics")).text
    assert 'prepgraph_graphql_requests_total{operation="Named",outcome="ok"} 1.0' in text
    assert 'outcome="BAD_USER_INPUT"' in text
    assert "prepgraph_snapshot_rebuilds_total" in text
    ready = await gql.http.get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["nodes"] == 19


@pytest_asyncio.fixture(loop_scope="session")
async def production(seeded_url: str) -> AsyncIterator[GraphQLClient]:
    async for client in _client(seeded_url, env="production", secret_key="s" * 32):
        yield client


async def test_production_mode(production: GraphQLClient) -> None:
    code, message, _ = await production.error("{ __schema { types { name } } }")
    assert "introspection" in message.lower()
    page = await production.http.get("/graphql", headers={"Accept": "text/html"})
    assert page.status_code != 200 or "graphiql" not in page.text.lower()
    # limiter and validation messages are still shown
    code, message, _ = await production.error("{ concepts(first: 0) { totalCount } }")
    assert code == "BAD_USER_INPUT"
    code, message, _ = await production.error("{ nope }")
    assert "Cannot query field 'nope'" in message


async def test_unexpected_errors_are_masked_in_production(
    production: GraphQLClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from graph.snapshot import Snapshot

    def explode(*_: Any) -> list[str]:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(Snapshot, "related", explode)
    body = await production(
        '{ concept(slug: "hnsw") { related { slug } } }', headers={"X-Request-ID": "req-42"}
    )
    error = body["errors"][0]
    assert "secret internals" not in error["message"]
    assert error["message"] == "Internal server error (request id req-42)"
    assert error["extensions"] == {"code": "INTERNAL_SERVER_ERROR", "requestId": "req-42"}


def test_production_needs_a_secret_key() -> None:
    from api.app import create_app

    with pytest.raises(RuntimeError, match="PREPGRAPH_SECRET_KEY"):
        create_app(Settings(env="production"))


async def test_cors_for_configured_origins(seeded_url: str) -> None:
    async for client in _client(seeded_url, cors_origins=["https://study.example"]):
        response = await client.http.options(
            "/graphql",
            headers={
                "Origin": "https://study.example",
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "authorization,content-type",
            },
        )
        assert response.headers["access-control-allow-origin"] == "https://study.example"
        other = await client.http.options(
            "/graphql",
            headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"},
        )
        assert "access-control-allow-origin" not in other.headers


async def test_reads_can_require_a_token(seeded_url: str) -> None:
    async for client in _client(seeded_url, require_token_for_reads=True):
        code, _, _ = await client.error("{ domains { slug } }")
        assert code == "UNAUTHENTICATED"


async def test_execution_timeout(seeded_url: str) -> None:
    async for slow in _client(seeded_url, execution_timeout=0.000_001):
        response = await slow.http.post(
            "/graphql", json={"query": '{ search(query: "hnsw") { edges { node { slug } } } }'}
        )
        assert response.status_code == 504
        assert response.json()["errors"][0]["extensions"]["code"] == "TIMEOUT"


async def test_unknown_slugs_are_bounded_work_and_a_bounded_message(
    gql: GraphQLClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    import graph.suggest

    scans = 0
    nearest = graph.suggest.nearest

    def counted(*args: Any, **kwargs: Any) -> list[str]:
        nonlocal scans
        scans += 1
        return nearest(*args, **kwargs)

    monkeypatch.setattr(graph.suggest, "nearest", counted)
    known = ["hnws"] + [f"no-such-concept-{i}-" + "x" * 20 for i in range(1999)]
    query = """query($k: [String!]) {
      a: studyPlan(input: {targets: ["hnsw"], known: $k}) { totalMinutes }
      b: studyPlan(input: {targets: ["hnsw"], known: $k}) { totalMinutes } }"""
    body = await gql(query, {"k": known})
    errors = body["errors"]
    assert {e["extensions"]["code"] for e in errors} == {"BAD_USER_INPUT"}
    message = errors[0]["message"]
    assert "unknown known concept 'hnws' (did you mean 'hnsw'" in message
    assert "and 1990 more unknown known concepts" in message
    assert message.count("unknown known concept '") == 10
    # A suggestion for the first three unknown slugs of each plan (the second plan
    # may be cancelled once the first has failed the non-null field).
    assert 3 <= scans <= 2 * 3


@pytest.mark.parametrize(
    ("field", "copies"),
    [
        ("export(format: GRAPHML) { content }", 3),  # the whole graph: 12,000 each
        ('studyPlan(input: {targets: ["ml-system-design"]}) { totalMinutes }', 5),
        ('studyPlan(input: {targets: ["hnsw"]}) { totalMinutes }', 25),
    ],
)
async def test_costly_fields_count_their_work(
    gql_default: GraphQLClient, field: str, copies: int
) -> None:
    query = "{ " + " ".join(f"a{i}: {field}" for i in range(copies)) + " }"
    code, message, data = await gql_default.error(query)
    assert (code, data) == ("QUERY_TOO_COMPLEX", None)
    assert "the limit is 25000" in message
    one = await gql_default("{ " + field + " }")
    assert "errors" not in one, one


WHOLE_DOMAIN_PLAN = '{ studyPlan(input: {targets: ["ml-system-design"]}) { totalMinutes } }'


async def test_a_long_plan_cannot_outlast_the_timeout(default_url: str) -> None:
    async for slow in _client(default_url, execution_timeout=0.005):
        response = await slow.http.post("/graphql", json={"query": WHOLE_DOMAIN_PLAN})
        assert response.status_code == 504
        assert response.json()["errors"][0]["extensions"]["code"] == "TIMEOUT"


async def test_other_requests_are_served_while_a_plan_is_computed(default_url: str) -> None:
    import asyncio

    finished: list[str] = []
    async for client in _client(default_url, snapshot_check_interval=60, response_cache_mb=0):

        async def ask(name: str, query: str, client: GraphQLClient = client) -> None:
            body = await client(query)
            assert "errors" not in body, body
            finished.append(name)

        plan = asyncio.create_task(ask("plan", WHOLE_DOMAIN_PLAN))
        await asyncio.sleep(0)  # the plan request is under way
        await ask("domains", "{ domains { slug } }")
        await plan
    assert finished == ["domains", "plan"]  # the event loop was not held by the plan


@pytest.mark.parametrize(
    "token",
    [
        "pgr_2147483648_" + "A" * 43,  # past PostgreSQL's integer range
        "pgr_99999999999999999999999_" + "A" * 43,  # past any integer column
        "pgr_²_" + "A" * 43,  # a digit to str.isdigit, not to int()
        "pgr_٣_" + "A" * 43,  # Arabic-Indic three: int() reads it
        "pgr_0_" + "A" * 43,
        "pgr_1_short",
        "pgr_1_" + "é" * 43,
        "not-a-token",
    ],
)
async def test_every_malformed_credential_is_unauthenticated(seeded_url: str, token: str) -> None:
    async for client in _client(seeded_url, env="production", secret_key="s" * 32):
        response = await client.http.post(
            "/graphql",
            json={"query": "{ domains { slug } }"},
            headers={"Authorization": f"Bearer {token}".encode()},
        )
        assert response.status_code == 200
        body = response.json()
        assert [e["extensions"]["code"] for e in body["errors"]] == ["UNAUTHENTICATED"]
        text = response.text
        for leak in ("SELECT", "api_tokens", "Traceback", "int()", "too large", "invalid literal"):
            assert leak not in text, text


def _b64(text: str) -> str:
    import base64

    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


CLIENT_MISTAKES: dict[str, tuple[dict[str, Any], str]] = {
    "variable of the wrong type": (
        {"json": {"query": "query($f: Int) { concepts(first: $f) { nodes { slug } } }",
                  "variables": {"f": "abc"}}},
        "BAD_USER_INPUT",
    ),
    "missing required variable": (
        {"json": {"query": "query($f: Int!) { concepts(first: $f) { nodes { slug } } }"}},
        "BAD_USER_INPUT",
    ),
    "unknown enum value": (
        {"json": {"query": "{ concepts(filter: {difficulty: [HARD]}) { nodes { slug } } }"}},
        "GRAPHQL_VALIDATION_FAILED",
    ),
    "unknown enum value in a variable": (
        {"json": {"query": "query($d: [Difficulty!]) { concepts(filter: {difficulty: $d}) "
                           "{ nodes { slug } } }", "variables": {"d": ["HARD"]}}},
        "BAD_USER_INPUT",
    ),
    "syntax error": ({"json": {"query": "{ concepts("}}, "GRAPHQL_PARSE_FAILED"),
    "cursor nested 2,000 deep": (
        {"json": {"query": "query($a: String) { concepts(after: $a) { nodes { slug } } }",
                  "variables": {"a": _b64("[" * 2000 + "]" * 2000)}}},
        "BAD_USER_INPUT",
    ),
    "cursor holding a list": (
        {"json": {"query": "query($a: String) { concepts(after: $a) { nodes { slug } } }",
                  "variables": {"a": _b64('[["x"], 1]')}}},
        "BAD_USER_INPUT",
    ),
    "start date at the end of time": (
        {"json": {"query": '{ studyPlan(input: {targets: ["hnsw"], startDate: "9999-12-31"}) '
                           "{ days { date } } }"}},
        "BAD_USER_INPUT",
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(CLIENT_MISTAKES))
async def test_client_mistakes_are_coded_never_internal(seeded_url: str, case: str) -> None:
    request, code = CLIENT_MISTAKES[case]
    async for client in _client(seeded_url, env="production", secret_key="s" * 32):
        response = await client.http.post("/graphql", **request)
        assert response.status_code == 200, response.text
        codes = [e["extensions"]["code"] for e in response.json()["errors"]]
        assert codes == [code], response.text
        assert "Traceback" not in response.text


@pytest.mark.parametrize(
    "body",
    [b'"a string"', b"null", b"42", b"[1, 2]", b"[]", b'{"query": "\xff\xfe"}',
     b'{"query": "{ domains { slug } }", "variables": ' + b"[" * 5000 + b"]" * 5000 + b"}"],
)  # fmt: skip
async def test_bodies_that_are_not_graphql_requests_are_400(seeded_url: str, body: bytes) -> None:
    async for client in _client(seeded_url, env="production", secret_key="s" * 32):
        response = await client.http.post(
            "/graphql", content=body, headers={"content-type": "application/json"}
        )
        assert response.status_code == 400, response.text


async def test_node_ids_that_are_not_database_ids_find_nothing(gql: GraphQLClient) -> None:
    for value in ("Concept:²", "Concept:٣", "Concept:99999999999999999999", "Concept:-1"):
        data = await gql.data("query($i: ID!) { node(id: $i) { id } }", {"i": _b64(value)})
        assert data["node"] is None


async def test_a_request_id_that_is_not_a_plain_token_is_replaced(gql: GraphQLClient) -> None:
    response = await gql.http.post(
        "/graphql",
        json={"query": "{ domains { slug } }"},
        headers={"x-request-id": b"\xff\xfe<script>"},
    )
    assert response.status_code == 200
    echoed = response.headers["x-request-id"]
    assert len(echoed) == 16 and echoed.isalnum()


@pytest.mark.parametrize("value", ["99999999999999999999", "2147483648", "²", "0"])
async def test_saved_plan_ids_out_of_range_are_not_found(seeded_url: str, value: str) -> None:
    async for client in _client(seeded_url, env="production", secret_key="s" * 32):
        created = await client.data('mutation { createLearner(input: {name: "Ada"}) { token } }')
        headers = {"Authorization": f"Bearer {created['createLearner']['token']}"}
        plan_id = _b64(f"SavedPlan:{value}")
        code, _, _ = await client.error(
            'mutation($p: ID!) { completeStep(input: {plan: $p, concept: "hnsw"})'
            " { savedPlan { id } } }",
            {"p": plan_id},
            headers=headers,
        )
        assert code == "NOT_FOUND"


async def test_production_does_not_suggest_field_names(seeded_url: str) -> None:
    async for client in _client(seeded_url, env="production", secret_key="s" * 32):
        code, message, _ = await client.error('{ concep(slug: "hnsw") { slug } }')
        assert code == "GRAPHQL_VALIDATION_FAILED"
        assert "Cannot query field 'concep'" in message and "Did you mean" not in message
    async for client in _client(seeded_url):
        _, message, _ = await client.error('{ concep(slug: "hnsw") { slug } }')
        assert "Did you mean 'concept'" in message  # development keeps the hint


@pytest.mark.parametrize(
    "query",
    [
        "query($q: String!) { search(query: $q) { edges { node { slug } } } }",
        "mutation($q: String!) { createLearner(input: {name: $q}) { token } }",
    ],
)
async def test_a_lone_surrogate_is_bad_input(seeded_url: str, query: str) -> None:
    async for client in _client(seeded_url, env="production", secret_key="s" * 32):
        response = await client.http.post(
            "/graphql",
            content=b'{"query": "%s", "variables": {"q": "a\\ud800b"}}'
            % query.replace('"', '\\"').encode(),
            headers={"content-type": "application/json"},
        )
        assert response.status_code == 200, response.text
        errors = response.json()["errors"]
        assert [e["extensions"]["code"] for e in errors] == ["BAD_USER_INPUT"], response.text
        assert "lone surrogate" in errors[0]["message"]


async def test_typename_aliases_and_directives_are_counted(gql: GraphQLClient) -> None:
    aliases = "{ " + " ".join(f"t{i}: __typename" for i in range(101)) + " }"
    code, message, _ = await gql.error(aliases)
    assert code == "QUERY_TOO_COMPLEX" and "101 aliases" in message
    overloaded = "{ __typename " + "@aa" * 50 + " }"  # graphql-cop's directive overloading
    body = await gql(overloaded)
    assert [e["extensions"]["code"] for e in body["errors"]] == ["QUERY_TOO_COMPLEX"], body
    assert "too many directives on `__typename` (50; at most" in body["errors"][0]["message"]


async def test_errors_outside_resolvers_are_masked_with_the_request_id(
    seeded_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from graph.snapshot import SnapshotStore

    async for client in _client(seeded_url, env="production", secret_key="s" * 32):

        async def down(self: SnapshotStore) -> None:
            raise RuntimeError("connection to server at 10.0.0.9 failed: password=hunter2")

        monkeypatch.setattr(SnapshotStore, "get", down)  # fails while building the context
        # As a server sees it: the app answers, then re-raises for the server's own log.
        transport = httpx.ASGITransport(app=client.app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
            response = await http.post(
                "/graphql",
                json={"query": "{ domains { slug } }"},
                headers={"X-Request-ID": "ctx-fail-1"},
            )
        assert response.status_code == 500
        error = response.json()["errors"][0]
        assert error["extensions"] == {"code": "INTERNAL_SERVER_ERROR", "requestId": "ctx-fail-1"}
        assert error["message"] == "Internal server error (request id ctx-fail-1)"
        assert "hunter2" not in response.text and "10.0.0.9" not in response.text
        assert response.headers["x-request-id"] == "ctx-fail-1"


@pytest.mark.parametrize("depth", [50, 5000])
async def test_a_deeply_nested_import_is_bad_input(
    seeded_url: str, editor_headers: dict[str, str], depth: int
) -> None:
    nested = "[" * depth + "]" * depth
    dump = '{"format": "prepgraph-dump", "version": 1, "nodes": [' + nested + "]}"
    async for client in _client(seeded_url):
        code, message, _ = await client.error(
            "mutation($d: String!) { importContent(input: {dump: $d}) { created } }",
            {"d": dump},
            headers=editor_headers,
        )
        assert code == "BAD_USER_INPUT", message
