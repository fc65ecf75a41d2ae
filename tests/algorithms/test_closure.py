import networkx as nx
import pytest

from graph.algorithms import prerequisite_closure

from .graphs import Content, chain


def diamond() -> nx.MultiDiGraph:
    """a -> b -> d and a -> c -> d."""
    return (
        Content()
        .concept("a")
        .concept("b", requires=["a"])
        .concept("c", requires=["a"])
        .concept("d", requires=["b", "c"])
        .G
    )


@pytest.mark.parametrize(
    ("G", "targets", "known", "strict", "concepts", "assumed"),
    [
        # Metacademy's example: knowing b blocks the search, so a is not needed ...
        pytest.param(chain("a", "b", "c").G, ["c"], ["b"], False, ("c",), ("b",), id="blocking"),
        # ... unless knowledge vouches for nothing below it.
        pytest.param(chain("a", "b", "c").G, ["c"], ["b"], True, ("a", "c"), ("b",), id="strict"),
        pytest.param(chain("a", "b", "c").G, ["c"], [], False, ("a", "b", "c"), (), id="no-known"),
        # a is still needed through c although the path through b is blocked.
        pytest.param(diamond(), ["d"], ["b"], False, ("a", "c", "d"), ("b",), id="other-path"),
        pytest.param(diamond(), ["d"], ["b", "c"], False, ("d",), ("b", "c"), id="all-blocked"),
        pytest.param(diamond(), ["b", "c"], [], False, ("a", "b", "c"), (), id="shared-prereq"),
        pytest.param(diamond(), ["d"], ["gone"], False, ("a", "b", "c", "d"), (), id="stale-known"),
    ],
)
def test_closure(G, targets, known, strict, concepts, assumed):
    closure = prerequisite_closure(G, targets, known=known, strict=strict)
    assert closure.concepts == concepts
    assert closure.assumed == assumed
    assert len(closure) == len(concepts)


@pytest.mark.parametrize(("strict", "concepts"), [(False, ()), (True, ("a", "b"))])
def test_known_targets_are_reported_not_studied(strict, concepts):
    closure = prerequisite_closure(chain("a", "b", "c").G, ["c"], known=["c"], strict=strict)
    assert [t.concept for t in closure.known_targets] == ["c"]
    assert closure.targets == ()
    assert closure.concepts == concepts


def test_targets_keep_their_origin():
    G = Content().concept("a").concept("b", requires=["a"]).article("art", ["a", "b"]).G
    closure = prerequisite_closure(G, ["art"], known=["a"])
    assert [(t.concept, t.via) for t in closure.targets] == [("b", ("art",))]
    assert [(t.concept, t.via) for t in closure.known_targets] == [("a", ("art",))]


def test_walks_only_the_ancestors_of_the_targets():
    content = chain("a", "b", "c")
    for i in range(50):  # a large unrelated component and dependents of the target
        content.concept(f"x{i}", requires=[f"x{i - 1}"] if i else ["c"])
    closure = prerequisite_closure(content.G, ["b"])
    assert closure.concepts == ("a", "b")
