"""GraphML and GEXF exports read back by networkx, and checked structurally with lxml.

The GraphML XSD (and GEXF's) is not shipped by any Debian, PyPI or npm package
reachable here, so the documents are not validated against the schema; instead
lxml checks the rules the XSD and the GraphML spec state: declared keys, one key
per attribute name and domain, unique node and edge ids (NMTOKENs), edge ends
that exist.
"""

from __future__ import annotations

import datetime as dt
import io
import re

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from graph.export.gexf import to_gexf
from graph.export.graphml import YED_SHAPES, to_graphml

from .graphs import add_edge, add_node, expected_flat_edge, expected_flat_node

GRAPHML_NS = "{http://graphml.graphdrawing.org/xmlns}"
Y_NS = "{http://www.yworks.com/xml/graphml}"
NMTOKEN = re.compile(r"^[\w.:-]+$")
YED_KEYS = {"label", "shape_type", "x", "y"}


def read_graphml(text: str) -> nx.MultiDiGraph:
    return nx.read_graphml(io.StringIO(text), force_multigraph=True)


@pytest.mark.parametrize("include_body", [False, True])
def test_graphml_reads_back_equal(content: nx.MultiDiGraph, include_body: bool) -> None:
    H = read_graphml(to_graphml(content, include_body=include_body))
    assert H.number_of_nodes() == content.number_of_nodes()
    assert H.number_of_edges() == content.number_of_edges()
    assert H.graph["content_version"] == 7
    for n, attrs in content.nodes(data=True):
        got = dict(H.nodes[n])
        yed = {k: got.pop(k) for k in YED_KEYS}
        assert got == expected_flat_node(attrs, include_body=include_body)
        assert yed["label"] == attrs["title"]
        assert yed["shape_type"] == YED_SHAPES[attrs["kind"]]
    expected_edges = {
        (u, v, f"{k}:{u}:{v}"): expected_flat_edge(a)
        for u, v, k, a in content.edges(keys=True, data=True)
    }
    got_edges = {(u, v, k): a for u, v, k, a in H.edges(keys=True, data=True)}
    assert got_edges == expected_edges


def test_graphml_without_yed_has_plain_attributes(content: nx.MultiDiGraph) -> None:
    text = to_graphml(content, yed=False)
    assert "yworks" not in text
    H = read_graphml(text)
    for n, attrs in content.nodes(data=True):
        assert H.nodes[n] == expected_flat_node(attrs)


def test_graphml_structure(content: nx.MultiDiGraph) -> None:
    root = etree.fromstring(to_graphml(content).encode())
    assert root.tag == f"{GRAPHML_NS}graphml"
    keys = root.findall(f"{GRAPHML_NS}key")
    declared = {k.get("id"): k for k in keys}
    assert len(declared) == len(keys)
    names = [(k.get("for"), k.get("attr.name") or k.get("yfiles.type")) for k in keys]
    assert len(names) == len(set(names)), "one key (so one type) per attribute name"
    types = {(k.get("for"), k.get("attr.name")): k.get("attr.type") for k in keys}
    assert types[("node", "minutes")] == "long"
    assert types[("node", "tags")] == "string"
    assert types[("edge", "weight")] == "double"
    assert types[("edge", "position")] == "long"
    assert types[("graph", "content_version")] == "long"
    for data in root.iter(f"{GRAPHML_NS}data"):
        key = declared[data.get("key")]
        assert key.get("for") == etree.QName(data.getparent()).localname
    (graph,) = root.findall(f"{GRAPHML_NS}graph")
    node_ids = [n.get("id") for n in graph.findall(f"{GRAPHML_NS}node")]
    edges = graph.findall(f"{GRAPHML_NS}edge")
    edge_ids = [e.get("id") for e in edges]
    assert len(set(node_ids)) == len(node_ids) == content.number_of_nodes()
    assert len(set(edge_ids)) == len(edge_ids) == content.number_of_edges()
    assert all(NMTOKEN.match(i) for i in node_ids + edge_ids)
    assert all(e.get("source") in node_ids and e.get("target") in node_ids for e in edges)
    labels = {
        n.get("id"): n.find(f".//{Y_NS}NodeLabel").text for n in graph.findall(f"{GRAPHML_NS}node")
    }
    assert labels == {n: a["title"] for n, a in content.nodes(data=True)}


def test_gexf_reads_back_equal(content: nx.MultiDiGraph) -> None:
    text = to_gexf(content, modified=dt.date(2024, 5, 6))
    H = nx.read_gexf(io.BytesIO(text.encode()), version="1.3")
    assert H.number_of_nodes() == content.number_of_nodes()
    assert H.number_of_edges() == content.number_of_edges()
    colours = {
        "coding": {"r": 0, "g": 158, "b": 115, "a": 1.0},
        "system-design": {"r": 230, "g": 159, "b": 0, "a": 1.0},
        None: {"r": 187, "g": 187, "b": 187, "a": 1.0},
    }
    for n, attrs in content.nodes(data=True):
        got = dict(H.nodes[n])
        assert got.pop("label") == attrs["title"]
        domain = n if attrs["kind"] == "domain" else attrs["domain"]
        assert got.pop("viz") == {"color": colours[domain]}
        assert got == expected_flat_node(attrs)
    expected_edges = {
        (u, v, k): {**expected_flat_edge(a), "id": f"{k}:{u}:{v}"}
        for u, v, k, a in content.edges(keys=True, data=True)
    }
    assert {(u, v, k): a for u, v, k, a in H.edges(keys=True, data=True)} == expected_edges


def test_gexf_header_is_gexf_1_3(content: nx.MultiDiGraph) -> None:
    root = etree.fromstring(to_gexf(content, modified=dt.date(2024, 5, 6)).encode())
    assert root.tag == "{http://gexf.net/1.3}gexf"
    assert root.get("version") == "1.3"
    location = root.get("{http://www.w3.org/2001/XMLSchema-instance}schemaLocation")
    assert location == "http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd"
    meta = root.find("{http://gexf.net/1.3}meta")
    assert meta.get("lastmodifieddate") == "2024-05-06"
    assert meta.findtext("{http://gexf.net/1.3}description").endswith("content version 7")


def test_gexf_is_reproducible(content: nx.MultiDiGraph) -> None:
    day = dt.date(2024, 5, 6)
    assert to_gexf(content, modified=day) == to_gexf(nx.MultiDiGraph(content), modified=day)


xml_text = st.text(
    st.characters(
        blacklist_categories=("Cs",),
        blacklist_characters="\r\ufffe\uffff",
        min_codepoint=0x09,
    ).filter(lambda c: c in "\t\n" or ord(c) >= 0x20),
    max_size=40,
)


@settings(max_examples=40, deadline=None)
@given(titles=st.lists(xml_text, min_size=1, max_size=5), note=xml_text)
def test_any_text_round_trips_through_graphml_and_gexf(titles: list[str], note: str) -> None:
    G = nx.MultiDiGraph()
    for i, title in enumerate(titles):
        add_node(G, "concept", f"c{i}", title=title, tags=(title, "x"), domain="coding")
    add_edge(G, "c0", f"c{len(titles) - 1}", "related_to", note=note, weight=1.5)
    H = read_graphml(to_graphml(G))
    K = nx.read_gexf(io.BytesIO(to_gexf(G).encode()), version="1.3")
    for i, title in enumerate(titles):
        assert H.nodes[f"c{i}"]["title"] == title
        assert H.nodes[f"c{i}"]["tags"] == f"{title}; x"
        assert K.nodes[f"c{i}"]["title"] == K.nodes[f"c{i}"]["label"] == title
    ((*_, attrs),) = H.edges(data=True)
    assert (attrs["note"], attrs["weight"]) == (note, 1.5)


def test_characters_xml_cannot_carry_are_dropped() -> None:
    G = nx.MultiDiGraph()
    add_node(G, "concept", "c", title="bell\x07 and\r\nCRLF")
    assert read_graphml(to_graphml(G)).nodes["c"]["title"] == "bell and\nCRLF"
    K = nx.read_gexf(io.BytesIO(to_gexf(G).encode()), version="1.3")
    assert K.nodes["c"]["title"] == "bell and\nCRLF"
