import networkx as nx
import pytest

from graph.algorithms import OrderWeights, prerequisite_closure, study_order

from .graphs import Content, rebuilt


def clusters() -> nx.MultiDiGraph:
    """t needs a (beginner) and b (advanced); a needs a1, a2; b needs b1."""
    return (
        Content()
        .concept("a1")
        .concept("a2")
        .concept("b1")
        .concept("a", requires=["a1", "a2"])
        .concept("b", difficulty="advanced", requires=["b1"])
        .concept("t", difficulty="advanced", requires=["b", "a"])
        .G
    )


def siblings() -> nx.MultiDiGraph:
    """t needs x (beginner, 90 minutes), y (intermediate, 10) and z (beginner, 90)."""
    return (
        Content()
        .concept("z", minutes=90)
        .concept("y", minutes=10, difficulty="intermediate")
        .concept("x", minutes=90)
        .concept("t", requires=["z", "y", "x"])
        .G
    )


def order(G, targets, weights=OrderWeights()):
    return study_order(G, prerequisite_closure(G, targets), weights=weights)


def test_prerequisite_clusters_stay_together():
    # Layered (Kahn) would be a1, a2, b1, a, b, t: the clusters interleave.
    assert order(clusters(), ["t"]) == ("a1", "a2", "a", "b1", "b", "t")


@pytest.mark.parametrize(
    ("weights", "expected"),
    [
        pytest.param(OrderWeights(), ("x", "z", "y", "t"), id="easier-then-shorter-then-slug"),
        pytest.param(OrderWeights(difficulty=0, minutes=1), ("y", "x", "z", "t"), id="shorter"),
        pytest.param(OrderWeights(difficulty=0, minutes=0), ("x", "y", "z", "t"), id="slug"),
        pytest.param(OrderWeights(difficulty=-1), ("y", "x", "z", "t"), id="harder-first"),
    ],
)
def test_sibling_tie_break(weights, expected):
    assert order(siblings(), ["t"], weights) == expected


def test_targets_in_request_order_and_shared_prerequisites_once():
    G = Content().concept("s").concept("p", requires=["s"]).concept("q", requires=["s"]).G
    assert order(G, ["q", "p"]) == ("s", "q", "p")
    assert order(G, ["p", "q"]) == ("s", "p", "q")


def test_targets_from_one_node_are_visited_by_weights():
    G = (
        Content()
        .concept("hard", difficulty="advanced")
        .concept("easy")
        .article("art", ["hard", "easy"])
        .G
    )
    assert order(G, ["art"]) == ("easy", "hard")


def test_order_does_not_depend_on_insertion_order():
    assert order(rebuilt(clusters()), ["t"]) == order(clusters(), ["t"])


def test_strict_order_keeps_clusters_through_known_concepts():
    G = (
        Content()
        .concept("a")
        .concept("b", requires=["a"])
        .concept("k", requires=["b"])
        .concept("z")
        .concept("t", requires=["k", "z"])
        .G
    )
    closure = prerequisite_closure(G, ["t"], known=["k"], strict=True)
    assert study_order(G, closure) == ("a", "b", "z", "t")


def test_cycle_is_unfeasible():
    G = (
        Content()
        .concept("a", requires=["c"])
        .concept("b", requires=["a"])
        .concept("c", requires=["b"])
        .concept("t", requires=["c"])
        .G
    )
    with pytest.raises(nx.NetworkXUnfeasible, match="prerequisite cycle"):
        order(G, ["t"])
