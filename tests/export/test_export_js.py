"""Cytoscape.js JSON loaded by the bundled cytoscape.js, and Mermaid parsed by Mermaid,
both headless in Node."""

from __future__ import annotations

import html
import json
import subprocess
from pathlib import Path

import networkx as nx
import pytest

from graph.export import scope_subgraph
from graph.export.cytoscape import to_cytoscape
from graph.export.mermaid import to_mermaid

from .graphs import TRICKY_TITLES

REPO = Path(__file__).resolve().parents[2]
CYTOSCAPE_JS = REPO / "api" / "static" / "vendor" / "cytoscape.min.js"
TESTS_JS = REPO / "tests" / "js"

# Loads the export twice: as `elements` at construction, and through cy.json(doc).
CYTOSCAPE_SCRIPT = r"""
const fs = require('fs');
const warnings = [];
console.warn = (...args) => warnings.push(args.join(' '));
console.error = (...args) => warnings.push(args.join(' '));
const cytoscape = require(process.argv[1]);
const doc = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const cy = cytoscape({ headless: true, styleEnabled: false, elements: doc.elements });
const cy2 = cytoscape({ headless: true });
cy2.json(doc);
process.stdout.write(JSON.stringify({
  version: cytoscape.version,
  nodes: cy.nodes().length,
  edges: cy.edges().length,
  reloaded: [cy2.nodes().length, cy2.edges().length],
  titles: Object.fromEntries(cy.nodes().map((n) => [n.id(), n.data('title')])),
  tags: Object.fromEntries(cy.nodes().map((n) => [n.id(), n.data('tags')])),
  links: cy.edges().map((e) => [e.id(), e.source().id(), e.target().id(), e.data('kind')]),
  prerequisitesOfTwoPointers: cy.$id('two-pointers').incomers('edge[kind = "prerequisite"]')
    .sources().map((n) => n.id()),
  warnings,
}));
"""


def run_cytoscape(node_bin: str, doc: str, tmp_path: Path) -> dict:
    if not CYTOSCAPE_JS.exists():
        pytest.fail(f"{CYTOSCAPE_JS} is missing; see api/static/vendor/README.md", pytrace=False)
    path = tmp_path / "graph.cyjs"
    path.write_text(doc, encoding="utf-8")
    done = subprocess.run(
        [node_bin, "-e", CYTOSCAPE_SCRIPT, str(CYTOSCAPE_JS), str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_cytoscape_loads_every_element(
    node_bin: str, content: nx.MultiDiGraph, tmp_path: Path
) -> None:
    result = run_cytoscape(node_bin, to_cytoscape(content), tmp_path)
    assert result["warnings"] == []
    assert result["nodes"] == content.number_of_nodes()
    assert result["edges"] == content.number_of_edges()
    assert result["reloaded"] == [content.number_of_nodes(), content.number_of_edges()]
    assert result["titles"] == {n: a["title"] for n, a in content.nodes(data=True)}
    assert result["tags"] == {n: list(a["tags"]) for n, a in content.nodes(data=True)}
    assert sorted(map(tuple, result["links"])) == sorted(
        (f"{k}:{u}:{v}", u, v, k) for u, v, k in content.edges(keys=True)
    )
    assert result["prerequisitesOfTwoPointers"] == ["arrays"]


def test_cytoscape_loads_a_scope(node_bin: str, content: nx.MultiDiGraph, tmp_path: Path) -> None:
    H = scope_subgraph(content, closure_of="binary-search")
    result = run_cytoscape(node_bin, to_cytoscape(H), tmp_path)
    assert (result["nodes"], result["edges"]) == (3, 2)
    assert result["warnings"] == []


def run_mermaid(node_bin: str, text: str) -> dict:
    script = TESTS_JS / "mermaid_parse.mjs"
    if not (TESTS_JS / "node_modules" / "mermaid").is_dir():
        pytest.fail(
            "Mermaid is not installed for the tests; run `npm ci --prefix tests/js`",
            pytrace=False,
        )
    done = subprocess.run(
        [node_bin, str(script)], input=text, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, f"Mermaid rejected the diagram: {done.stderr}\n{text}"
    return json.loads(done.stdout)


ARROWS = {  # edge kind -> Mermaid's (arrow type, stroke)
    "prerequisite": ("arrow_point", "normal"),
    "related_to": ("arrow_open", "dotted"),
    "covers": ("arrow_point", "thick"),
    "assesses": ("arrow_circle", "normal"),
    "schedules": ("arrow_point", "dotted"),
}
SHAPES = {
    "domain": "subroutine",
    "concept": "round",
    "article": "lean_right",
    "prompt": "hexagon",
    "roadmap_day": "square",
}


def shown_text(label: str) -> str:
    """What the rendered HTML label displays: entities decoded, <br> as a newline."""
    return html.unescape(label.replace("<br>", "\n"))


def test_mermaid_parses_with_every_label_intact(node_bin: str, content: nx.MultiDiGraph) -> None:
    result = run_mermaid(node_bin, to_mermaid(content))
    assert result["diagramType"] == "flowchart-v2"
    assert sorted(result["classes"]) == sorted(SHAPES)
    vertices = {v["id"]: v for v in result["vertices"]}
    assert len(vertices) == content.number_of_nodes()
    for n, attrs in content.nodes(data=True):
        vertex = vertices["n_" + n.replace("-", "_")]
        assert shown_text(vertex["text"]) == attrs["title"], n
        assert vertex["type"] == SHAPES[attrs["kind"]]
        assert vertex["classes"] == [attrs["kind"]]
    expected = sorted(
        (
            "n_" + u.replace("-", "_"),
            "n_" + v.replace("-", "_"),
            *ARROWS[k],
            str(a["position"] or ""),
        )
        for u, v, k, a in content.edges(keys=True, data=True)
    )
    got = sorted((e["start"], e["end"], e["type"], e["stroke"], e["text"]) for e in result["edges"])
    assert got == expected


@pytest.mark.parametrize("direction", ["LR", "TD"])
def test_mermaid_scopes_parse(node_bin: str, content: nx.MultiDiGraph, direction: str) -> None:
    H = scope_subgraph(content, domains=["system-design"])
    result = run_mermaid(node_bin, to_mermaid(H, direction=direction))
    assert len(result["vertices"]) == H.number_of_nodes() == 4
    assert len(result["edges"]) == H.number_of_edges() == 2


def test_mermaid_keyword_and_colliding_ids(node_bin: str) -> None:
    G = nx.MultiDiGraph()
    for key, title in (
        ("end", "End"),
        ("a-b", "A"),
        ("a_b", "B"),
        ("graph", TRICKY_TITLES["big-o"]),
    ):
        G.add_node(key, kind="concept", title=title)
    G.add_edge("end", "a-b", key="prerequisite", kind="prerequisite")
    G.add_edge("a_b", "graph", key="prerequisite", kind="prerequisite")
    result = run_mermaid(node_bin, to_mermaid(G))
    assert sorted(v["id"] for v in result["vertices"]) == ["n_a_b", "n_a_b_2", "n_end", "n_graph"]
    assert len(result["edges"]) == 2
