import networkx as nx
import pytest

from graph.algorithms import path_between

from .graphs import Content


def small() -> nx.MultiDiGraph:
    """a -> b -> c (prerequisite), c ~ d (related, stored c -> d), art covers a and d."""
    return (
        Content()
        .concept("a")
        .concept("b", requires=["a"])
        .concept("c", requires=["b"])
        .concept("d")
        .related("c", "d")
        .article("art", ["a", "d"])
        .G
    )


@pytest.mark.parametrize(
    ("source", "target", "kinds", "nodes", "hops"),
    [
        pytest.param(
            "a",
            "c",
            ["prerequisite"],
            "abc",
            [("a", "b", "prerequisite"), ("b", "c", "prerequisite")],
            id="forward",
        ),
        pytest.param(
            "c",
            "a",
            ["prerequisite"],
            "cba",
            [("b", "c", "prerequisite"), ("a", "b", "prerequisite")],
            id="against-direction",
        ),
        pytest.param(
            "a",
            "d",
            None,
            ["a", "art", "d"],
            [("art", "a", "covers"), ("art", "d", "covers")],
            id="all-kinds-shortest",
        ),
        pytest.param(
            "a",
            "d",
            ["prerequisite", "related_to"],
            "abcd",
            [("a", "b", "prerequisite"), ("b", "c", "prerequisite"), ("c", "d", "related_to")],
            id="chosen-kinds",
        ),
        pytest.param("a", "a", None, "a", [], id="same-node"),
    ],
)
def test_path_between(source, target, kinds, nodes, hops):
    path = path_between(small(), source, target, kinds=kinds)
    assert path.nodes == tuple(nodes)
    assert [(h.source, h.target, h.kind) for h in path.hops] == hops
    assert path.length == len(hops)


@pytest.mark.parametrize(
    ("source", "target", "kinds"),
    [("a", "d", ["prerequisite"]), ("a", "d", ["assesses"]), ("art", "b", ["covers"])],
)
def test_no_path_is_none(source, target, kinds):
    assert path_between(small(), source, target, kinds=kinds) is None


@pytest.mark.parametrize("insert_first", ["y", "x"])
def test_ties_go_to_the_smallest_node_sequence(insert_first):
    """s -> x -> t, s -> y -> t and s -> x2 -> x3 -> t: the answer is s, x, t
    however the graph was built."""
    content = Content().concept("s").concept("t")
    for mid in (insert_first, "y" if insert_first == "x" else "x"):
        content.concept(mid, requires=["s"]).edge(mid, "t", "prerequisite")
    content.concept("x2", requires=["s"]).concept("x3", requires=["x2"]).edge(
        "x3", "t", "prerequisite"
    )
    assert path_between(content.G, "s", "t").nodes == ("s", "x", "t")
    assert path_between(content.G, "t", "s").nodes == ("t", "x", "s")


def test_longer_ties_are_canonical_on_both_halves():
    # Two shortest paths of length 4 that differ only near the target.
    content = Content().concept("s").concept("m1", requires=["s"]).concept("m2", requires=["m1"])
    content.concept("p", requires=["m2"]).concept("q", requires=["m2"])
    content.concept("t", requires=["q", "p"])
    assert path_between(content.G, "s", "t").nodes == ("s", "m1", "m2", "p", "t")


def test_forward_edge_preferred_when_both_directions_exist():
    G = Content().concept("a").concept("b").related("b", "a").edge("a", "b", "prerequisite").G
    (hop,) = path_between(G, "a", "b").hops
    assert (hop.source, hop.target, hop.kind) == ("a", "b", "prerequisite")
    (hop,) = path_between(G, "b", "a").hops
    assert (hop.source, hop.target, hop.kind) == ("b", "a", "related_to")


def test_unknown_nodes_and_kinds():
    with pytest.raises(nx.NodeNotFound, match="unknown nodes: x, y"):
        path_between(small(), "x", "y")
    with pytest.raises(ValueError, match="unknown edge kinds: teaches"):
        path_between(small(), "a", "b", kinds=["teaches"])


@pytest.mark.parametrize(
    ("edges", "expected"),
    [
        pytest.param(
            [("s", "a"), ("a", "z"), ("s", "b"), ("b", "c"), ("c", "t")], "sbct", id="dead-end-1"
        ),
        pytest.param(
            [("s", "a"), ("a", "d"), ("s", "b"), ("b", "e"), ("e", "f"), ("f", "g"), ("g", "t")],
            "sbefgt",
            id="dead-end-2",
        ),
    ],
)
def test_smaller_dead_ends_are_not_taken(edges, expected):
    content = Content()
    for slug in sorted({n for e in edges for n in e}):
        content.concept(slug)
    for u, v in edges:
        content.edge(u, v, "prerequisite")
    assert path_between(content.G, "s", "t").nodes == tuple(expected)
