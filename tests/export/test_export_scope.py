"""scope_subgraph on the tiny named chain graph, plus properties on random DAGs."""

from __future__ import annotations

from typing import Any

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.export import scope_subgraph

from .graphs import add_edge, add_node, chain_graph

P, R, C, A, S = "prerequisite", "related_to", "covers", "assesses", "schedules"


def edge_set(H: nx.MultiDiGraph) -> set[tuple[str, str, str]]:
    return set(H.edges(keys=True))


CASES: list[tuple[str, dict[str, Any], set[str], set[tuple[str, str, str]]]] = [
    (
        "domain x",
        {"domains": ["x"]},
        {"x", "a", "b", "r", "day-1"},
        {("a", "b", P), ("r", "b", C), ("day-1", "a", S), ("day-1", "b", S)},
    ),
    (
        "domain y as a string",
        {"domains": "y"},
        {"y", "c", "d", "e", "p"},
        {("c", "d", P), ("e", "c", P), ("p", "d", A)},
    ),
    (
        "concepts",
        {"node_kinds": ["concept"]},
        {"a", "b", "c", "d", "e"},
        {("a", "b", P), ("b", "c", P), ("c", "d", P), ("e", "c", P), ("b", "e", R)},
    ),
    (
        "concepts, related only",
        {"node_kinds": ["concept"], "edge_kinds": ["related_to"]},
        {"a", "b", "c", "d", "e"},
        {("b", "e", R)},
    ),
    (
        "prerequisites keep every node",
        {"edge_kinds": ["prerequisite"]},
        {"x", "y", "a", "b", "c", "d", "e", "p", "r", "day-1", "day-2"},
        {("a", "b", P), ("b", "c", P), ("c", "d", P), ("e", "c", P)},
    ),
    ("radius 0", {"around": "b", "radius": 0}, {"b"}, set()),
    (
        "around b, both directions",
        {"around": "b"},
        {"a", "b", "c", "e", "r", "day-1"},
        {("a", "b", P), ("b", "c", P), ("b", "e", R), ("r", "b", C), ("r", "c", C)}
        | {("e", "c", P), ("day-1", "a", S), ("day-1", "b", S)},
    ),
    (
        "around b over prerequisites",
        {"around": "b", "edge_kinds": ["prerequisite"]},
        {"a", "b", "c"},
        {("a", "b", P), ("b", "c", P)},
    ),
    (
        "around d, radius 2",
        {"around": "d", "radius": 2},
        {"d", "c", "p", "b", "e", "r", "day-1", "day-2"},
        {("c", "d", P), ("p", "d", A), ("b", "c", P), ("e", "c", P), ("b", "e", R)}
        | {("r", "b", C), ("r", "c", C), ("day-2", "c", S), ("day-1", "p", S)}
        | {("day-1", "b", S)},
    ),
    (
        "around b, concepts only",
        {"around": "b", "node_kinds": ["concept"]},
        {"a", "b", "c", "e"},
        {("a", "b", P), ("b", "c", P), ("b", "e", R), ("e", "c", P)},
    ),
    (
        "closure of d",
        {"closure_of": "d"},
        {"a", "b", "c", "d", "e"},
        {("a", "b", P), ("b", "c", P), ("c", "d", P), ("e", "c", P), ("b", "e", R)},
    ),
    (
        "closure of b and e",
        {"closure_of": ["b", "e"]},
        {"a", "b", "e"},
        {("a", "b", P), ("b", "e", R)},
    ),
    (
        "closure of c, prerequisites",
        {"closure_of": "c", "edge_kinds": ["prerequisite"]},
        {"a", "b", "c", "e"},
        {("a", "b", P), ("b", "c", P), ("e", "c", P)},
    ),
    (
        "closure of d within domain y",
        {"closure_of": "d", "domains": ["y"]},
        {"c", "d", "e"},
        {("c", "d", P), ("e", "c", P)},
    ),
    (
        "plan",
        {"plan_steps": ["a", "e", "b", "c"]},
        {"a", "e", "b", "c"},
        {("a", "b", P), ("b", "c", P), ("e", "c", P)},
    ),
]


@pytest.mark.parametrize(("name", "kwargs", "nodes", "edges"), CASES, ids=[c[0] for c in CASES])
def test_scope_picks_nodes_and_edges(
    chain: nx.MultiDiGraph,
    name: str,
    kwargs: dict[str, Any],
    nodes: set[str],
    edges: set[tuple[str, str, str]],
) -> None:
    H = scope_subgraph(chain, **kwargs)
    assert set(H) == nodes
    assert edge_set(H) == edges
    assert H.graph["content_version"] == 1
    for n in H:  # attributes are the graph's own (plus the step and role for plans)
        own = {k: v for k, v in H.nodes[n].items() if k not in ("step", "plan_role")}
        assert own == chain.nodes[n]
    for u, v, k, attrs in H.edges(keys=True, data=True):
        assert attrs == chain.edges[u, v, k]


def test_no_selector_returns_the_graph_itself(chain: nx.MultiDiGraph) -> None:
    assert scope_subgraph(chain) is chain


def test_plan_numbers_steps_in_order_without_touching_the_graph(chain: nx.MultiDiGraph) -> None:
    H = scope_subgraph(chain, plan_steps=["e", "a", "b", "c", "d"])
    assert list(H) == ["e", "a", "b", "c", "d"]
    assert [H.nodes[n]["step"] for n in H] == [1, 2, 3, 4, 5]
    assert all("step" not in attrs for _, attrs in chain.nodes(data=True))


def test_plan_steps_filtered_by_kind_keep_their_numbers(chain: nx.MultiDiGraph) -> None:
    H = scope_subgraph(chain, plan_steps=["a", "p", "b"], node_kinds=["concept"])
    assert {n: H.nodes[n]["step"] for n in H} == {"a": 1, "b": 3}


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"around": "zz"}, nx.NodeNotFound),
        ({"closure_of": ["a", "zz"]}, nx.NodeNotFound),
        ({"plan_steps": ["a", "zz"]}, nx.NodeNotFound),
        ({"domains": ["nope"]}, nx.NodeNotFound),
        ({"plan_steps": ["a", "b", "a"]}, ValueError),
        ({"node_kinds": ["concepts"]}, ValueError),
        ({"edge_kinds": ["prerequisites"]}, ValueError),
        ({"around": "a", "radius": -1}, ValueError),
    ],
)
def test_bad_arguments_raise(chain: nx.MultiDiGraph, kwargs: dict[str, Any], error: type) -> None:
    with pytest.raises(error):
        scope_subgraph(chain, **kwargs)


class _NoScanDict(dict):
    """A node dict that fails the test when someone iterates over every node."""

    armed = False

    def _scan(self) -> Any:
        if _NoScanDict.armed:
            raise AssertionError("scope scanned every node of the graph")

    def __iter__(self):  # type: ignore[override]
        self._scan()
        return super().__iter__()

    def keys(self):  # type: ignore[override]
        self._scan()
        return super().keys()

    def items(self):  # type: ignore[override]
        self._scan()
        return super().items()

    def values(self):  # type: ignore[override]
        self._scan()
        return super().values()


class _NoScanGraph(nx.MultiDiGraph):
    node_dict_factory = _NoScanDict


@pytest.fixture
def no_scan_graph():
    """The chain graph plus 5,000 unrelated concepts, in a graph that refuses full scans."""
    G = _NoScanGraph()
    G.graph.update(chain_graph().graph)
    source = chain_graph()
    G.add_nodes_from(source.nodes(data=True))
    G.add_edges_from(source.edges(keys=True, data=True))
    for i in range(5000):
        add_node(G, "concept", f"filler-{i}", domain="filler")
    nx.freeze(G)
    scope_subgraph(G, domains=["x"])  # builds and caches the domain/kind index
    _NoScanDict.armed = True
    yield G
    _NoScanDict.armed = False


@pytest.mark.parametrize(
    "kwargs",
    [
        {"closure_of": "d"},
        {"around": "b", "radius": 2},
        {"plan_steps": ["a", "b"]},
        {"domains": ["x"]},
        {"node_kinds": ["prompt"]},
        {"closure_of": "d", "domains": ["y"], "node_kinds": ["concept"]},
    ],
)
def test_scopes_cost_what_they_touch(no_scan_graph: nx.MultiDiGraph, kwargs: dict) -> None:
    H = scope_subgraph(no_scan_graph, **kwargs)
    assert 0 < len(H) < 20


@st.composite
def random_dags(draw: st.DrawFn) -> nx.MultiDiGraph:
    n = draw(st.integers(1, 12))
    G = nx.MultiDiGraph()
    for i in range(n):
        add_node(G, "concept", f"c{i}", domain="d0" if i % 2 else "d1")
    pairs = [(i, j) for i in range(n) for j in range(i + 1, n)]
    for i, j in pairs:
        if draw(st.booleans()):
            add_edge(G, f"c{i}", f"c{j}", "prerequisite")
        if draw(st.integers(0, 4)) == 0:
            add_edge(G, f"c{j}", f"c{i}", "related_to")
    return G


@settings(max_examples=60, deadline=None)
@given(G=random_dags(), data=st.data())
def test_closure_is_targets_and_prerequisite_ancestors(G: nx.MultiDiGraph, data) -> None:
    targets = data.draw(st.lists(st.sampled_from(sorted(G)), min_size=1, max_size=3))
    prereq = nx.DiGraph((u, v) for u, v, k in G.edges(keys=True) if k == "prerequisite")
    prereq.add_nodes_from(G)
    expected = set(targets).union(*(nx.ancestors(prereq, t) for t in targets))
    H = scope_subgraph(G, closure_of=targets)
    assert set(H) == expected
    assert edge_set(H) == {e for e in G.edges(keys=True) if e[0] in expected and e[1] in expected}


@settings(max_examples=60, deadline=None)
@given(G=random_dags(), data=st.data())
def test_neighbourhood_matches_ego_graph(G: nx.MultiDiGraph, data) -> None:
    centre = data.draw(st.sampled_from(sorted(G)))
    radius = data.draw(st.integers(0, 3))
    expected = set(nx.ego_graph(G.to_undirected(as_view=True), centre, radius=radius))
    assert set(scope_subgraph(G, around=centre, radius=radius)) == expected


@settings(max_examples=60, deadline=None)
@given(G=random_dags(), data=st.data())
def test_plan_keeps_order_and_prerequisites_among_steps(G: nx.MultiDiGraph, data) -> None:
    steps = data.draw(st.permutations(sorted(G)).map(lambda p: p[: max(1, len(p) // 2)]))
    H = scope_subgraph(G, plan_steps=steps)
    assert list(H) == list(steps)
    assert [H.nodes[n]["step"] for n in H] == list(range(1, len(steps) + 1))
    chosen = set(steps)
    expected = {
        (u, v, k)
        for u, v, k in G.edges(keys=True)
        if k == "prerequisite" and u in chosen and v in chosen
    }
    assert edge_set(H) == expected


def test_the_no_scan_guard_bites(no_scan_graph: nx.MultiDiGraph) -> None:
    with pytest.raises(AssertionError, match="scanned every node"):
        list(no_scan_graph)
