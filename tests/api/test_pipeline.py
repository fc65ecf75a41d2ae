"""The request pipeline around execution: prepared documents, routing, failures, encoding."""

from __future__ import annotations

import json
import logging
from typing import Any

import httpx
import pytest
from prometheus_client import CollectorRegistry

from api.graphql import pipeline as pipeline_module
from api.http.graphql import encode
from api.observability import MAX_KEPT_SERIES, Metrics
from tests.conftest import GraphQLClient, _client, make_token

ONE = "query One($slug: String!) { concept(slug: $slug) { slug title } }"
TWO = "query A { domains { slug } } query B { concepts(first: 2) { totalCount } }"


class _Counting:
    """Wraps a function of the pipeline module and counts its calls."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
        self.calls = 0
        real = getattr(pipeline_module, name)

        def counted(*args: Any, **kwargs: Any) -> Any:
            self.calls += 1
            return real(*args, **kwargs)

        monkeypatch.setattr(pipeline_module, name, counted)


async def test_a_document_is_parsed_and_validated_once(
    gql: GraphQLClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    parses = _Counting(monkeypatch, "parse")
    validations = _Counting(monkeypatch, "validate_document")
    for slug in ("hnsw", "embeddings", "no-such-concept"):
        await gql(ONE, {"slug": slug})
    assert (parses.calls, validations.calls) == (1, 1)
    # each operation of a document is prepared on its own
    for name in ("A", "B", "A"):
        body = (await gql.http.post("/graphql", json={"query": TWO, "operationName": name})).json()
        assert "errors" not in body, body
    assert (parses.calls, validations.calls) == (3, 3)
    # a refused document is not kept: it is checked afresh (and refused) every time
    for _ in range(2):
        code, _, _ = await gql.error("{ concept(slug: 1) { slug } }")
        assert code == "GRAPHQL_VALIDATION_FAILED"
    assert (parses.calls, validations.calls) == (5, 5)


async def test_prepared_documents_are_bounded(gql: GraphQLClient) -> None:
    pipeline = gql.app.state.pipeline
    pipeline.max_prepared = 3
    for first in range(1, 7):
        assert "errors" not in await gql(f"{{ concepts(first: {first}) {{ totalCount }} }}")
    assert pipeline.prepared_documents == 3


async def test_a_prepared_mutation_is_still_refused_over_get(gql: GraphQLClient) -> None:
    mutation = 'mutation { deleteNode(input: {slug: "hnsw"}) { deletedId } }'
    posted = await gql.http.post("/graphql", json={"query": mutation})
    assert posted.status_code == 200  # prepared: it parsed and validated (and needs a token)
    assert posted.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    got = await gql.http.get("/graphql", params={"query": mutation})
    assert got.status_code == 405 and got.headers["allow"] == "POST"


@pytest.mark.parametrize("media_type", ["application/json", "application/graphql-response+json"])
async def test_a_failure_around_execution_is_coded_masked_and_logged(
    seeded_url: str, media_type: str, caplog: pytest.LogCaptureFixture
) -> None:
    token = await make_token(seeded_url, "editor")
    async for client in _client(seeded_url, env="production", secret_key="s" * 32):

        async def down(*_args: Any) -> Any:
            raise RuntimeError("connection to server failed: password=hunter2")

        client.app.state.tokens.check = down
        with caplog.at_level(logging.INFO, logger="prepgraph"):
            response = await client.http.post(
                "/graphql",
                json={"query": '{ concept(slug: "hnsw") { slug } }'},
                headers={
                    "Authorization": f"Bearer {token}",
                    "Accept": media_type,
                    "X-Request-ID": "fault-1",
                },
            )
    assert response.status_code == (500 if "graphql-response" in media_type else 200)
    assert "hunter2" not in response.text
    error = response.json()["errors"][0]
    assert error["extensions"] == {"code": "INTERNAL_SERVER_ERROR", "requestId": "fault-1"}
    assert "data" not in response.json()
    logged = [r for r in caplog.records if r.name == "prepgraph.graphql"]
    assert logged and logged[0].exc_info and "hunter2" in logged[0].getMessage()
    access = [json.loads(r.getMessage()) for r in caplog.records if r.name == "prepgraph.access"]
    assert [(a["request_id"], a["outcome"]) for a in access] == [
        ("fault-1", "INTERNAL_SERVER_ERROR")
    ]


async def test_a_syntax_error_gets_an_access_log_line(
    gql: GraphQLClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="prepgraph.access"):
        code, _, _ = await gql.error("{ concept(slug: ")
    assert code == "GRAPHQL_PARSE_FAILED"
    lines = [json.loads(r.getMessage()) for r in caplog.records if r.name == "prepgraph.access"]
    assert [(x["type"], x["outcome"]) for x in lines] == [(None, "GRAPHQL_PARSE_FAILED")]


async def test_graphql_is_served_below_a_root_path(gql: GraphQLClient) -> None:
    transport = httpx.ASGITransport(app=gql.app, root_path="/prep")
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        body = (
            await http.post("/prep/graphql", json={"query": '{ concept(slug: "hnsw") { slug } }'})
        ).json()
        assert body["data"] == {"concept": {"slug": "hnsw"}}
        # other methods still reach the router's coded 405; other paths are unchanged
        put = await http.put("/prep/graphql", json={})
        assert put.status_code == 405 and put.json()["errors"][0]["extensions"]["code"]
        assert (await http.get("/prep/healthz")).status_code == 200
    assert (await gql.http.post("/graphqlx", json={})).status_code == 404


def test_a_body_with_a_lone_surrogate_is_still_json() -> None:
    assert encode({"title": "Approximate nearest neighbour — HNSW"}) == (
        '{"title":"Approximate nearest neighbour — HNSW"}'.encode()
    )
    escaped = encode({"message": "bad value 'a\ud800b'"})
    assert escaped == b'{"message":"bad value \'a\\ud800b\'"}'
    assert json.loads(escaped) == {"message": "bad value 'a\ud800b'"}


def test_metrics_keep_a_bounded_number_of_series_at_hand() -> None:
    metrics = Metrics()
    for index in range(MAX_KEPT_SERIES + 5):
        metrics.operation(f"op{index}", "ok", 0.001)
    metrics.operation("op0", "ok", 0.001)
    assert len(metrics._series) == MAX_KEPT_SERIES
    registry: CollectorRegistry = metrics.registry
    assert (
        registry.get_sample_value(
            "prepgraph_graphql_requests_total", {"operation": "op0", "outcome": "ok"}
        )
        == 2
    )
    last = f"op{MAX_KEPT_SERIES + 4}"
    assert (
        registry.get_sample_value(
            "prepgraph_graphql_requests_total", {"operation": last, "outcome": "ok"}
        )
        == 1
    )


_SPANS: Any = None


def _spans() -> Any:
    """An in-memory span exporter behind the process's one global tracer provider."""
    global _SPANS
    if _SPANS is None:
        from opentelemetry import trace
        from opentelemetry.sdk.trace import TracerProvider
        from opentelemetry.sdk.trace.export import SimpleSpanProcessor
        from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

        _SPANS = InMemorySpanExporter()
        provider = TracerProvider()
        provider.add_span_processor(SimpleSpanProcessor(_SPANS))
        trace.set_tracer_provider(provider)
    return _SPANS


async def test_opentelemetry_spans_only_when_turned_on(seeded_url: str) -> None:
    exporter = _spans()
    query = '{ concept(slug: "hnsw") { slug } }'
    for enabled in (False, True):
        exporter.clear()
        async for client in _client(seeded_url, opentelemetry=enabled):
            assert (await client.data(query))["concept"]["slug"] == "hnsw"
        names = [span.name for span in exporter.get_finished_spans()]
        assert ("POST /graphql" in names) is enabled, names
