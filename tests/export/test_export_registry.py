"""The format registry, and what every writer promises: str chunks, determinism, purity."""

from __future__ import annotations

import ast
import datetime as dt
import json
from enum import StrEnum
from pathlib import Path

import networkx as nx
import pytest

from graph.export import FORMATS, export_chunks, export_string, get_format, scope_subgraph

from .graphs import add_node

EXPORT_DIR = Path(__file__).resolve().parents[2] / "graph" / "export"
JSON_FORMATS = {"cytoscape", "d3", "json"}


def test_registry_lists_every_format() -> None:
    table = {f.name: (f.media_type, f.extension) for f in FORMATS.values()}
    assert table == {
        "graphml": ("application/graphml+xml", "graphml"),
        "gexf": ("application/gexf+xml", "gexf"),
        "dot": ("text/vnd.graphviz", "gv"),
        "cytoscape": ("application/json", "cyjs"),
        "d3": ("application/json", "json"),
        "mermaid": ("text/vnd.mermaid", "mmd"),
        "json": ("application/json", "json"),
    }
    assert get_format("gexf").filename("prepgraph") == "prepgraph.gexf"


def test_unknown_format_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="unknown export format 'svg'"):
        get_format("svg")
    with pytest.raises(ValueError):
        export_chunks(nx.MultiDiGraph(), "svg")  # eagerly, before any chunk is sent


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_writer_streams_str_chunks(name: str, content: nx.MultiDiGraph) -> None:
    chunks = list(export_chunks(content, name))
    assert len(chunks) > content.number_of_nodes()  # streamed, not one blob
    assert all(isinstance(c, str) and c for c in chunks)
    text = "".join(chunks)
    assert text == export_string(content, name) == get_format(name).to_string(content)
    assert text.endswith("\n")
    if name in JSON_FORMATS:
        json.loads(text)


@pytest.mark.parametrize("name", sorted(FORMATS))
@pytest.mark.parametrize(
    "scope",
    [
        {},
        {"closure_of": "two-pointers"},
        {"plan_steps": ["big-o", "arrays", "binary-search"]},
        {"domains": ["system-design"], "node_kinds": ["concept", "domain"]},
        {"around": "arrays", "radius": 1, "edge_kinds": ["covers", "assesses"]},
    ],
)
def test_writer_handles_scopes(name: str, scope: dict, content: nx.MultiDiGraph) -> None:
    H = scope_subgraph(content, **scope)
    text = export_string(H, name)
    assert text == export_string(H, name)  # deterministic
    for n in H:
        assert (f"n_{n.replace('-', '_')}" if name == "mermaid" else n) in text


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_writer_handles_an_empty_graph(name: str) -> None:
    text = export_string(nx.MultiDiGraph(), name)
    if name in JSON_FORMATS:
        json.loads(text)


def test_plan_steps_appear_in_exports(content: nx.MultiDiGraph) -> None:
    H = scope_subgraph(content, plan_steps=["big-o", "arrays"])
    nodes = json.loads(export_string(H, "cytoscape"))["elements"]["nodes"]
    assert {n["data"]["id"]: n["data"]["step"] for n in nodes} == {"big-o": 1, "arrays": 2}
    assert '<data key="' in export_string(H, "graphml") and "step" in export_string(H, "graphml")


FORBIDDEN = ("api", "fastapi", "strawberry", "sqlalchemy", "asyncio")


@pytest.mark.parametrize("path", sorted(EXPORT_DIR.glob("*.py")), ids=lambda p: p.name)
def test_export_modules_stay_pure(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module.split(".")[0])
        assert not isinstance(node, (ast.AsyncFunctionDef, ast.Await)), "writers are synchronous"
    assert imported.isdisjoint(FORBIDDEN)
    assert len(path.read_text(encoding="utf-8").splitlines()) < 400


class _Kind(StrEnum):
    CONCEPT = "concept"
    PREREQUISITE = "prerequisite"


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_snapshot_style_values_export(name: str) -> None:
    """Enum members for kinds and difficulties, and timestamps, as storage may hand them."""
    G = nx.MultiDiGraph(content_version=2)
    stamp = dt.datetime(2024, 1, 2, 3, 4, 5)
    for slug in ("a", "b"):
        add_node(G, "concept", slug, created_at=stamp, updated_at=stamp)
        G.nodes[slug]["kind"] = _Kind.CONCEPT
    G.add_edge("a", "b", key=_Kind.PREREQUISITE, kind=_Kind.PREREQUISITE, weight=None)
    text = export_string(nx.freeze(G), name)
    assert "2024-01-02" not in text and "_Kind" not in text
    assert ("n_a --> n_b" if name == "mermaid" else "prerequisite") in text
    assert "concept" in text
