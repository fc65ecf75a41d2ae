"""The JSON formats: the full content dump, and D3 node-link JSON read back by networkx."""

from __future__ import annotations

import json

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.export.d3 import to_d3
from graph.export.dump import KIND_FIELDS, read_dump, to_dump

from .graphs import add_edge, add_node

KIND_ORDER = ["domain", "concept", "article", "prompt", "roadmap_day"]
EDGE_ORDER = ["prerequisite", "related_to", "covers", "assesses", "schedules"]


def without_storage_fields(G: nx.MultiDiGraph) -> dict[str, dict]:
    return {
        n: {k: v for k, v in a.items() if k not in ("id", "version")} for n, a in G.nodes(data=True)
    }


def test_dump_round_trips_losslessly(content: nx.MultiDiGraph) -> None:
    H = read_dump(to_dump(content))
    assert H.graph == {"content_version": 7}
    assert without_storage_fields(H) == without_storage_fields(content)
    assert {(u, v, k): a for u, v, k, a in H.edges(keys=True, data=True)} == {
        (u, v, k): a for u, v, k, a in content.edges(keys=True, data=True)
    }


def test_dump_layout_and_order(content: nx.MultiDiGraph) -> None:
    doc = json.loads(to_dump(content), object_pairs_hook=list)
    assert [k for k, _ in doc] == ["format", "version", "content_version", "nodes", "edges"]
    header = dict(doc[:3])
    assert header == {"format": "prepgraph-dump", "version": 1, "content_version": 7}
    nodes = [dict(record) for record in doc[3][1]]
    common = ["kind", "slug", "title", "summary", "tags", "domain"]
    for record, pairs in zip(nodes, doc[3][1], strict=True):
        assert [k for k, _ in pairs] == common + list(KIND_FIELDS[record["kind"]])
    keys = [(KIND_ORDER.index(r["kind"]), r["slug"]) for r in nodes]
    assert keys == sorted(keys) and len(nodes) == content.number_of_nodes()
    edges = [dict(record) for record in doc[4][1]]
    assert all(
        [k for k, _ in pairs] == ["kind", "source", "target", "weight", "note", "position"]
        for pairs in doc[4][1]
    )
    keys = [(EDGE_ORDER.index(e["kind"]), e["source"], e["target"]) for e in edges]
    assert keys == sorted(keys) and len(edges) == content.number_of_edges()
    by_slug = {r["slug"]: r for r in nodes}
    assert by_slug["roadmap-day-2"]["domain"] is None  # None is written as null, not omitted
    assert by_slug["q-two-sum"]["answer_outline"] is None
    assert by_slug["arrays-primer"]["learning_objectives"][0] == "Index in O(1); slice in O(k)"
    assert not any("id" in r or "version" in r for r in nodes)


def test_dump_text_is_exact_for_a_tiny_graph() -> None:
    G = nx.MultiDiGraph(content_version=3)
    add_node(G, "domain", "coding", title="Coding", summary="", tags=("dsa",))
    add_node(G, "concept", "big-o", title="Big-O ✓", summary="S.", domain="coding", body="")
    add_edge(G, "coding", "big-o", "related_to", weight=1)
    assert to_dump(G) == (
        "{\n"
        '"format": "prepgraph-dump",\n"version": 1,\n"content_version": 3,\n'
        '"nodes": [\n'
        '{"kind": "domain", "slug": "coding", "title": "Coding", "summary": "", '
        '"tags": ["dsa"], "domain": null, "position": 0},\n'
        '{"kind": "concept", "slug": "big-o", "title": "Big-O ✓", "summary": "S.", '
        '"tags": [], "domain": "coding", "difficulty": "beginner", "minutes": 30, "stage": "core", '
        '"seniority": "mid", "frequency": "medium", "aliases": [], "body": ""}\n'
        '],\n"edges": [\n'
        '{"kind": "related_to", "source": "coding", "target": "big-o", '
        '"weight": 1.0, "note": null, "position": null}\n'
        "]\n}\n"
    )


def test_dump_is_deterministic(content: nx.MultiDiGraph) -> None:
    shuffled = nx.MultiDiGraph()
    shuffled.graph.update(content.graph)
    shuffled.add_nodes_from(reversed(list(content.nodes(data=True))))
    shuffled.add_edges_from(reversed(list(content.edges(keys=True, data=True))))
    assert to_dump(shuffled) == to_dump(content)


def test_dump_keeps_unknown_fields_after_known_ones() -> None:
    G = nx.MultiDiGraph()
    add_node(G, "concept", "c", zeta="z", alpha=("a",), created_at="2024-01-01")
    record = json.loads(to_dump(G))["nodes"][0]
    assert list(record)[-2:] == ["alpha", "zeta"]
    assert "created_at" not in record
    assert read_dump(to_dump(G)).nodes["c"]["alpha"] == ("a",)


@pytest.mark.parametrize(
    "doc",
    [
        {"format": "other", "version": 1, "nodes": [], "edges": []},
        {"format": "prepgraph-dump", "version": 2, "nodes": [], "edges": []},
        {
            "format": "prepgraph-dump",
            "version": 1,
            "nodes": [],
            "edges": [{"kind": "covers", "source": "a", "target": "b"}],
        },
    ],
)
def test_read_dump_rejects_bad_documents(doc: dict) -> None:
    with pytest.raises(ValueError):
        read_dump(json.dumps(doc))


any_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)


@settings(max_examples=60, deadline=None)
@given(title=any_text, tags=st.lists(any_text, max_size=3), note=st.none() | any_text)
def test_dump_round_trips_any_text(title: str, tags: list[str], note: str | None) -> None:
    G = nx.MultiDiGraph()
    add_node(G, "concept", "a", title=title, tags=tuple(tags), body=title)
    add_node(G, "prompt", "q", text=title, follow_ups=tuple(tags), answer_outline=note)
    add_edge(G, "q", "a", "assesses", note=note, weight=0.25)
    H = read_dump(to_dump(G).encode("utf-8"))
    assert without_storage_fields(H) == without_storage_fields(G)
    assert H.edges["q", "a", "assesses"] == G.edges["q", "a", "assesses"]


def test_d3_reads_back_with_networkx(content: nx.MultiDiGraph) -> None:
    doc = json.loads(to_d3(content))
    assert doc["graph"] == {"content_version": 7}
    ids = [n["id"] for n in doc["nodes"]]
    assert len(set(ids)) == len(ids) == content.number_of_nodes()
    assert all(link["source"] in ids and link["target"] in ids for link in doc["links"])
    H = nx.node_link_graph(doc, edges="links")
    assert H.is_multigraph() and H.is_directed()
    for n, attrs in content.nodes(data=True):
        expected = {
            k: list(v) if isinstance(v, tuple) else v
            for k, v in attrs.items()
            if k not in ("id", "version", "body", "answer_outline") and v is not None
        }
        assert H.nodes[n] == expected
    got = {(u, v, k): a for u, v, k, a in H.edges(keys=True, data=True)}
    assert got == {
        (u, v, k): {"id": f"{k}:{u}:{v}", **{x: y for x, y in a.items() if y is not None}}
        for u, v, k, a in content.edges(keys=True, data=True)
    }


def test_d3_include_body(content: nx.MultiDiGraph) -> None:
    nodes = {n["id"]: n for n in json.loads(to_d3(content, include_body=True))["nodes"]}
    assert nodes["q-cache-stampede"]["answer_outline"] == "- request coalescing\n- jittered TTLs"
    assert nodes["big-o"]["body"] == "Some *markdown*."
