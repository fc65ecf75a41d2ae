"""DOT export rendered to SVG by Graphviz's own `dot`, then read back from the SVG."""

from __future__ import annotations

import subprocess

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from graph.export.dot import EDGE_STYLES, NODE_STYLES, to_dot

from .graphs import add_edge, add_node

SVG = "{http://www.w3.org/2000/svg}"


def render_svg(dot_bin: str, text: str) -> etree._Element:
    """Render with `dot -Tsvg`; fail on any diagnostic Graphviz prints."""
    done = subprocess.run(
        [dot_bin, "-Tsvg"], input=text.encode(), capture_output=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr.decode()
    assert done.stderr == b"", done.stderr.decode()
    return etree.fromstring(done.stdout)


def groups(svg: etree._Element, cls: str) -> list[etree._Element]:
    return [g for g in svg.iter(f"{SVG}g") if g.get("class", "").split()[:1] == [cls]]


def text_lines(group: etree._Element) -> list[str]:
    return [t.text.strip() for t in group.iter(f"{SVG}text") if t.text and t.text.strip()]


def title_lines(title: str) -> list[str]:
    return [line.strip() for line in title.split("\n") if line.strip()]


def test_dot_renders_every_node_edge_and_cluster(dot_bin: str, content: nx.MultiDiGraph) -> None:
    svg = render_svg(dot_bin, to_dot(content))
    nodes, edges, clusters = groups(svg, "node"), groups(svg, "edge"), groups(svg, "cluster")
    assert len(nodes) == content.number_of_nodes()
    assert len(edges) == content.number_of_edges()
    assert sorted(c.findtext(f"{SVG}title") for c in clusters) == [
        "cluster_coding",
        "cluster_system-design",
    ]
    cluster_labels = sorted(text_lines(c)[0] for c in clusters)
    assert cluster_labels == ["Coding & algorithms", "System design"]

    by_slug = {g.findtext(f"{SVG}title"): g for g in nodes}
    assert set(by_slug) == set(content)
    for n, attrs in content.nodes(data=True):
        assert text_lines(by_slug[n]) == title_lines(attrs["title"]), n
        assert by_slug[n].get("class") == f"node {attrs['kind']}"

    rendered = sorted((g.findtext(f"{SVG}title"), g.get("class")) for g in edges)
    expected = sorted((f"{u}->{v}", f"edge {k}") for u, v, k in content.edges(keys=True))
    assert rendered == expected


def test_domain_members_sit_in_their_cluster(dot_bin: str, content: nx.MultiDiGraph) -> None:
    svg = render_svg(dot_bin, to_dot(content))
    text = to_dot(content)
    coding = text[text.index('subgraph "cluster_coding"') : text.index('subgraph "cluster_system')]
    members = {n for n, a in content.nodes(data=True) if a["domain"] == "coding"} | {"coding"}
    for n in content:
        assert (f'    "{n}" [' in coding) == (n in members), n
    assert '\n  "roadmap-day-2" [' in text  # no domain: outside every cluster
    assert len(groups(svg, "node")) == content.number_of_nodes()


def test_dot_styles_follow_kinds(content: nx.MultiDiGraph) -> None:
    text = to_dot(content)
    assert '"big-o" -> "arrays" [class="prerequisite", style="solid"' in text
    assert '"arrays" -> "two-pointers" [class="related_to", style="dashed", dir="none"' in text
    assert '"roadmap-day-1" -> "q-two-sum" [class="schedules"' in text
    assert text.count('shape="note"') == 1 and NODE_STYLES["article"]["shape"] == "note"
    assert set(EDGE_STYLES) == {
        "prerequisite",
        "part_of",
        "related_to",
        "covers",
        "assesses",
        "schedules",
    }


def test_dot_is_deterministic(content: nx.MultiDiGraph) -> None:
    shuffled = nx.MultiDiGraph()
    shuffled.graph.update(content.graph)
    shuffled.add_nodes_from(reversed(list(content.nodes(data=True))))
    shuffled.add_edges_from(reversed(list(content.edges(keys=True, data=True))))
    assert to_dot(shuffled) == to_dot(content)


def test_rankdir_is_checked(content: nx.MultiDiGraph) -> None:
    with pytest.raises(ValueError, match="rankdir"):
        to_dot(content, rankdir="sideways")


label_text = st.text(
    st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"), max_codepoint=0x2FFF)
    | st.sampled_from('"\\&<>{}[]|;:#%\n'),
    min_size=1,
    max_size=30,
).filter(lambda s: s.strip())


@settings(max_examples=15, deadline=None)
@given(titles=st.lists(label_text, min_size=1, max_size=6))
def test_any_title_renders_as_written(dot_bin: str, titles: list[str]) -> None:
    G = nx.MultiDiGraph()
    for i, title in enumerate(titles):
        add_node(G, "concept", f"c{i}", title=title, domain="coding" if i % 2 else None)
        if i:
            add_edge(G, f"c{i - 1}", f"c{i}", "prerequisite")
    svg = render_svg(dot_bin, to_dot(G))
    by_slug = {g.findtext(f"{SVG}title"): g for g in groups(svg, "node")}
    for i, title in enumerate(titles):
        assert text_lines(by_slug[f"c{i}"]) == title_lines(title)
