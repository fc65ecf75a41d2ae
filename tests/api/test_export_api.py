"""Exports through GraphQL, HTTP and the CLI, and the dump round trip on both backends."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from api.cli import app
from api.settings import get_settings
from graph.content.service import load_content, seed
from graph.db import create_engine, create_sessionmaker
from graph.export import export_string
from graph.snapshot import SnapshotStore
from tests.conftest import Databases, GraphQLClient

EXPORT = """query($format: ExportFormat!, $scope: ExportScope) {
  export(format: $format, scope: $scope) {
    format mediaType filename content nodeCount edgeCount
  }
}"""


async def test_graphql_export_scopes(gql: GraphQLClient) -> None:
    data = await gql.data(EXPORT, {"format": "GRAPHML"})
    export = data["export"]
    assert export["mediaType"] == "application/graphml+xml"
    assert export["filename"] == "prepgraph.graphml"
    graph = nx.parse_graphml(export["content"])
    assert graph.number_of_nodes() == export["nodeCount"] == 19
    assert export["edgeCount"] == 27
    data = await gql.data(
        EXPORT,
        {
            "format": "MERMAID",
            "scope": {"around": "hnsw", "radius": 1, "edgeKinds": ["PREREQUISITE"]},
        },
    )
    assert data["export"]["nodeCount"] == 2
    assert data["export"]["content"].startswith("flowchart")
    data = await gql.data(EXPORT, {"format": "D3", "scope": {"targets": ["ivf-pq"]}})
    assert data["export"]["nodeCount"] == 5  # ivf-pq and its four ancestors
    code, message, _ = await gql.error(EXPORT, {"format": "DOT", "scope": {"around": "nope"}})
    assert code == "BAD_USER_INPUT"
    assert "'nope'" in message


async def test_http_export_downloads_with_filename(gql: GraphQLClient) -> None:
    response = await gql.http.get(
        "/export/cytoscape", params={"domain": "ml-system-design", "kind": "concept"}
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    assert (
        response.headers["content-disposition"]
        == 'attachment; filename="prepgraph-ml-system-design.cyjs"'
    )
    elements = response.json()["elements"]
    assert len(elements["nodes"]) == 9
    assert all(edge["data"]["id"] for edge in elements["edges"])
    response = await gql.http.get("/export/pdfx")
    assert response.status_code == 400
    assert "pdfx" in response.json()["error"]
    response = await gql.http.get("/export/dot", params={"around": "hnsw", "radius": 9})
    assert response.status_code == 400


async def test_dump_import_dump_is_identical(
    databases: Databases, backend: str, tmp_path: Path
) -> None:
    async def dump(url: str) -> str:
        engine = create_engine(url)
        try:
            snapshot = await SnapshotStore(create_sessionmaker(engine)).refresh()
            return export_string(snapshot.graph, "json")
        finally:
            await engine.dispose()

    first = await dump(await databases.fresh(backend, "default"))
    path = tmp_path / "dump.json"
    path.write_text(first)
    empty = await databases.fresh(backend)
    engine = create_engine(empty)
    try:
        await seed(create_sessionmaker(engine), load_content(path))
    finally:
        await engine.dispose()
    assert await dump(empty) == first
    assert len(json.loads(first)["nodes"]) > 1000


def test_cli_export(db_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from tests.conftest import FIXTURE_SEEDS

    monkeypatch.setenv("PREPGRAPH_DATABASE_URL", db_url)
    get_settings.cache_clear()
    try:
        runner = CliRunner()
        assert runner.invoke(app, ["seed", str(FIXTURE_SEEDS)]).exit_code == 0
        target = tmp_path / "ml.graphml"
        result = runner.invoke(
            app,
            ["export", "--format", "graphml", "--domain", "ml-system-design", "-o", str(target)],
        )
        assert result.exit_code == 0, result.output
        graph = nx.read_graphml(target)
        assert {d["kind"] for _, d in graph.nodes(data=True)} >= {"concept", "article", "prompt"}
        if shutil.which("dot") is None:
            pytest.fail("Graphviz's `dot` is missing: bash tests/system-packages.sh")
        svg = tmp_path / "ml.svg"
        result = runner.invoke(
            app, ["export", "--format", "svg", "--around", "hnsw", "-o", str(svg)]
        )
        assert result.exit_code == 0, result.output
        assert svg.read_text().lstrip().startswith("<?xml")
        result = runner.invoke(app, ["export", "--format", "dot", "--domain", "nope"])
        assert result.exit_code == 1
        assert "nope" in result.output
    finally:
        get_settings.cache_clear()


async def test_study_plan_scope_numbers_the_steps(gql: GraphQLClient) -> None:
    data = await gql.data(
        EXPORT,
        {"format": "D3", "scope": {"planTargets": ["hnsw"], "planKnown": ["embeddings"]}},
    )
    document = json.loads(data["export"]["content"])
    steps = {node["id"]: node.get("step") for node in document["nodes"]}
    assert steps == {
        "nearest-neighbor-search": 1,
        "approximate-nearest-neighbor-search": 2,
        "hnsw": 3,
        "embeddings": None,  # known: drawn where the plan starts, not a step
    }
    roles = {node["id"]: node["plan_role"] for node in document["nodes"]}
    assert roles["hnsw"] == "target" and roles["embeddings"] == "known"
    assert roles["nearest-neighbor-search"] == "step"
    days = [(n["first_day"], n["last_day"]) for n in document["nodes"] if n.get("step")]
    assert len(days) == 3 and all(1 <= first <= last for first, last in days)
    assert {link["kind"] for link in document["links"]} == {"prerequisite"}
    assert ("embeddings", "nearest-neighbor-search") in {
        (link["source"], link["target"]) for link in document["links"]
    }
    response = await gql.http.get("/export/mermaid", params={"plan": "hnsw"})
    assert response.status_code == 200
    assert "prepgraph-plan.mmd" in response.headers["content-disposition"]


async def test_http_export_is_sent_whole_with_its_length(gql: GraphQLClient) -> None:
    response = await gql.http.get("/export/graphml")
    assert response.status_code == 200
    assert int(response.headers["content-length"]) == len(response.content)
    assert "chunked" not in response.headers.get("transfer-encoding", "")
    graph = nx.parse_graphml(response.text)
    assert graph.number_of_nodes() == 19


async def test_http_export_past_the_timeout_is_a_504_not_a_cut_file(seeded_url: str) -> None:
    from tests.conftest import _client

    async for slow in _client(seeded_url, execution_timeout=0.000_001):
        response = await slow.http.get("/export/gexf")
        assert response.status_code == 504
        assert response.json()["errors"][0]["extensions"]["code"] == "TIMEOUT"


async def test_http_export_obeys_the_token_rules(seeded_url: str) -> None:
    from tests.conftest import _client, make_token

    token = await make_token(seeded_url, "editor")
    async for client in _client(seeded_url, require_token_for_reads=True):
        anonymous = await client.http.get("/export/json")
        assert anonymous.status_code == 401
        assert anonymous.json()["code"] == "UNAUTHENTICATED"
        assert anonymous.headers["www-authenticate"] == "Bearer"
        allowed = await client.http.get(
            "/export/json", headers={"Authorization": f"Bearer {token}"}
        )
        assert allowed.status_code == 200 and allowed.json()["nodes"]
    async for client in _client(seeded_url):
        wrong = await client.http.get(
            "/export/json", headers={"Authorization": "Bearer pgr_1_" + "x" * 43}
        )
        assert wrong.status_code == 401  # a token that is sent must be valid
        assert (await client.http.get("/export/json")).status_code == 200
