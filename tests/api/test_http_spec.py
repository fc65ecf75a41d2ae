"""/graphql over HTTP: media types, status codes, GET, persisted queries, HTTP caching, cost."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import httpx
import pytest

from api.http.graphql import PersistedQueries, negotiate
from tests.conftest import GraphQLClient

GR = "application/graphql-response+json"
JSON = "application/json"
QUERY = "{ domains { slug } }"


def _sha(query: str) -> str:
    return hashlib.sha256(query.encode()).hexdigest()


async def _post(gql: GraphQLClient, body: Any, accept: str | None = None) -> httpx.Response:
    headers = {"accept": accept} if accept else {}
    return await gql.http.post("/graphql", json=body, headers=headers)


@pytest.mark.parametrize(
    ("accept", "media_type"),
    [(None, "application/json"), ("*/*", "application/json"), (GR, GR),
     (f"{GR}, application/json;q=0.9", GR), (f"application/json, {GR};q=0.5", "application/json")],
)  # fmt: skip
async def test_the_response_media_type_is_negotiated(
    gql: GraphQLClient, accept: str | None, media_type: str
) -> None:
    response = await _post(gql, {"query": QUERY}, accept)
    assert response.status_code == 200
    assert response.headers["content-type"] == f"{media_type}; charset=utf-8"
    assert response.json()["data"]["domains"]


async def test_an_unacceptable_media_type_is_406(gql: GraphQLClient) -> None:
    response = await _post(gql, {"query": QUERY}, "text/csv")
    assert response.status_code == 406


@pytest.mark.parametrize(
    ("query", "variables", "code"),
    [
        ("{", None, "GRAPHQL_PARSE_FAILED"),
        ("{ noSuchField }", None, "GRAPHQL_VALIDATION_FAILED"),
        ("query($n: Int!) { concepts(first: $n) { totalCount } }", {"n": "x"}, "BAD_USER_INPUT"),
    ],
    ids=["parse", "validation", "variable coercion"],
)
async def test_request_errors_have_no_data_and_a_status_by_media_type(
    gql: GraphQLClient, query: str, variables: dict | None, code: str
) -> None:
    body = {"query": query, "variables": variables}
    legacy = await _post(gql, body, "application/json")
    assert legacy.status_code == 200
    assert "data" not in legacy.json()
    assert legacy.json()["errors"][0]["extensions"]["code"] == code
    modern = await _post(gql, body, GR)
    assert modern.status_code == 400
    assert "data" not in modern.json()
    assert modern.json()["errors"][0]["extensions"]["code"] == code


async def test_a_bad_token_is_401_under_the_new_media_type(gql: GraphQLClient) -> None:
    response = await gql.http.post(
        "/graphql",
        json={"query": QUERY},
        headers={"accept": GR, "authorization": "Bearer pgr_1_" + "A" * 43},
    )
    assert response.status_code == 401
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_field_errors_keep_data_and_200(gql: GraphQLClient) -> None:
    query = '{ domains { slug } path(from: "no-such-slug", to: "hnsw") { length } }'
    response = await _post(gql, {"query": query}, GR)
    assert response.status_code == 200
    body = response.json()
    assert body["data"]["domains"] and body["data"]["path"] is None
    assert body["errors"][0]["path"] == ["path"]


@pytest.mark.parametrize(
    ("content", "headers", "status"),
    [
        (b"", {"content-type": "application/json"}, 400),
        (b"{not json", {"content-type": "application/json"}, 400),
        (b'{"query": 1}', {"content-type": "application/json"}, 400),
        (b'{"query": "{ domains { slug } }", "variables": []}', {"content-type": JSON}, 400),
        (b'{"query": "{ domains { slug } }"}', {"content-type": "text/plain"}, 415),
        (b'{"query": "{ domains { slug } }"}', {"content-type": f"{JSON}; charset=latin-1"}, 415),
    ],
    ids=["empty", "not json", "query not a string", "variables a list", "text/plain", "latin-1"],
)  # fmt: skip
async def test_malformed_http_requests_are_refused_with_a_code(
    gql: GraphQLClient, content: bytes, headers: dict[str, str], status: int
) -> None:
    response = await gql.http.post("/graphql", content=content, headers=headers)
    assert response.status_code == status
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


async def test_get_runs_queries_and_refuses_mutations(gql: GraphQLClient) -> None:
    ok = await gql.http.get("/graphql", params={"query": QUERY})
    assert ok.status_code == 200 and ok.json()["data"]["domains"]
    variables = await gql.http.get(
        "/graphql",
        params={
            "query": "query($n: Int) { concepts(first: $n) { totalCount } }",
            "variables": '{"n": 1}',
        },
    )
    assert variables.json()["data"]["concepts"]["totalCount"] > 0
    mutation = await gql.http.get("/graphql", params={"query": "mutation { logout }"})
    assert mutation.status_code == 405
    assert mutation.headers["allow"] == "POST"
    put = await gql.http.put("/graphql", json={"query": QUERY})
    assert put.status_code == 405
    assert set(put.headers["allow"].replace(" ", "").split(",")) == {"GET", "POST"}
    assert put.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


async def test_shared_reads_over_get_are_cacheable_and_revalidate(gql: GraphQLClient) -> None:
    first = await gql.http.get("/graphql", params={"query": QUERY})
    etag = first.headers["etag"]
    assert first.headers["cache-control"].startswith("public, max-age=")
    assert "Accept" in first.headers["vary"] and "Authorization" in first.headers["vary"]
    again = await gql.http.get("/graphql", params={"query": QUERY}, headers={"if-none-match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == etag
    other_type = await gql.http.get(
        "/graphql", params={"query": QUERY}, headers={"if-none-match": etag, "accept": GR}
    )
    assert other_type.status_code == 200  # the media type is part of the tag


async def test_the_etag_follows_the_content_version(gql: GraphQLClient, seeded_url: str) -> None:
    from tests.conftest import retitle

    query = '{ concept(slug: "hnsw") { title } }'
    first = await gql.http.get("/graphql", params={"query": query})
    await retitle(seeded_url, "hnsw", "Hierarchical graphs")
    again = await gql.http.get(
        "/graphql", params={"query": query}, headers={"if-none-match": first.headers["etag"]}
    )
    assert again.status_code == 200
    assert again.json()["data"]["concept"]["title"] == "Hierarchical graphs"
    assert again.headers["etag"] != first.headers["etag"]


async def test_personal_reads_and_token_holders_are_never_shared(gql: GraphQLClient) -> None:
    created = await gql.data('mutation { createLearner(input: {name: "Ada"}) { token } }')
    token = created["createLearner"]["token"]
    mine = await gql.http.get(
        "/graphql",
        params={"query": "{ me { name } }"},
        headers={"authorization": f"Bearer {token}"},
    )
    assert mine.status_code == 200
    assert mine.headers["cache-control"] == "private, no-store"
    assert "etag" not in mine.headers
    with_token = await gql.http.get(
        "/graphql", params={"query": QUERY}, headers={"authorization": f"Bearer {token}"}
    )
    assert with_token.headers["cache-control"] == "private, no-store"
    post = await _post(gql, {"query": QUERY})
    assert post.headers["cache-control"] == "no-store"


async def test_automatic_persisted_queries_as_apollo_speaks_them(gql: GraphQLClient) -> None:
    query = "{ domains { slug title } }"
    hashed = {"persistedQuery": {"version": 1, "sha256Hash": _sha(query)}}
    unknown = await _post(gql, {"extensions": hashed})
    assert unknown.status_code == 200
    error = unknown.json()["errors"][0]
    assert error["message"] == "PersistedQueryNotFound"
    assert error["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"
    assert "data" not in unknown.json()
    modern = await _post(gql, {"extensions": hashed}, GR)
    assert modern.status_code == 400
    registered = await _post(gql, {"query": query, "extensions": hashed})
    assert registered.json()["data"]["domains"]
    by_hash = await _post(gql, {"extensions": hashed})
    assert by_hash.json()["data"] == registered.json()["data"]
    over_get = await gql.http.get(
        "/graphql",
        params={"extensions": json.dumps(hashed)},
    )
    assert over_get.json()["data"] == registered.json()["data"]
    assert over_get.headers["etag"] and over_get.headers["cache-control"].startswith("public")


async def test_a_persisted_query_must_match_its_hash(gql: GraphQLClient) -> None:
    lying = {"persistedQuery": {"version": 1, "sha256Hash": _sha("{ other }")}}
    response = await _post(gql, {"query": QUERY, "extensions": lying})
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"
    version = {"persistedQuery": {"version": 2, "sha256Hash": _sha(QUERY)}}
    unsupported = await _post(gql, {"extensions": version})
    assert unsupported.json()["errors"][0]["extensions"]["code"] == (
        "PERSISTED_QUERY_NOT_SUPPORTED"
    )
    # A query that does not validate is not kept under its hash.
    bad = "{ noSuchField }"
    hashed = {"persistedQuery": {"version": 1, "sha256Hash": _sha(bad)}}
    await _post(gql, {"query": bad, "extensions": hashed})
    again = await _post(gql, {"extensions": hashed})
    assert again.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"


def test_persisted_query_storage_is_bounded() -> None:
    store = PersistedQueries(max_entries=2)
    store.put("a", "{ a }")
    store.put("b", "{ b }")
    assert store.get("a") == "{ a }"  # now the most recent
    store.put("c", "{ c }")
    assert len(store) == 2 and store.get("b") is None and store.get("a") == "{ a }"


async def test_every_executed_response_reports_its_cost(gql: GraphQLClient) -> None:
    body = (
        await _post(gql, {"query": "{ concepts(first: 10) { edges { node { slug } } } }"})
    ).json()
    cost = body["extensions"]["cost"]
    assert cost["requestedQueryCost"] > 10
    assert cost["maximumQueryCost"] == gql.app.state.settings.max_cost
    assert "throttleStatus" not in cost  # rate limits are off in these tests


async def test_introspection_off_refuses_the_schema_dump_only(seeded_url: str) -> None:
    from tests.conftest import _client

    async for client in _client(seeded_url, introspection=False):
        dump = await client("{ __schema { types { name } } }")
        assert dump["errors"][0]["extensions"]["code"] == "INTROSPECTION_DISABLED"
        probe = await client.data('{ __type(name: "Concept") { name } __typename }')
        assert probe == {"__type": {"name": "Concept"}, "__typename": "Query"}


def test_negotiate_prefers_quality_then_order() -> None:
    assert negotiate("application/json;q=0, */*;q=0.1") == "application/json"
    assert negotiate(f"{GR};q=0") is None
    assert negotiate("text/html, application/xhtml+xml") is None
