import networkx as nx
import pytest

from graph.algorithms import resolve_targets

from .graphs import Content


def catalogue() -> nx.MultiDiGraph:
    """Domain ml holds a, b, c; article art covers c then b; prompt q assesses c;
    day-1 schedules a, art and q; other-domain concept d."""
    return (
        Content()
        .domain("ml")
        .concept("a", domain="ml")
        .concept("b", domain="ml")
        .concept("c", domain="ml")
        .concept("d", domain="infra")
        .article("art", [])
        .edge("art", "c", "covers", position=0)
        .edge("art", "b", "covers", position=1)
        .prompt("q", ["c"])
        .day("day-1", 1, ["a", "art", "q"])
        .G
    )


@pytest.mark.parametrize(
    ("targets", "expected"),
    [
        pytest.param(["a"], [("a", ("a",))], id="concept"),
        pytest.param(["art"], [("c", ("art",)), ("b", ("art",))], id="article-by-position"),
        pytest.param(["q"], [("c", ("q",))], id="prompt"),
        pytest.param(
            ["day-1"], [("a", ("day-1",)), ("c", ("day-1",)), ("b", ("day-1",))], id="roadmap-day"
        ),
        pytest.param(["ml"], [("a", ("ml",)), ("b", ("ml",)), ("c", ("ml",))], id="domain"),
        pytest.param(
            ["d", "q", "art", "q"],
            [("d", ("d",)), ("c", ("q", "art")), ("b", ("art",))],
            id="mixed-and-repeated",
        ),
        pytest.param([], [], id="nothing"),
    ],
)
def test_resolve_targets(targets, expected):
    resolved = resolve_targets(catalogue(), targets)
    assert [(t.concept, t.via) for t in resolved] == expected


def test_unknown_targets_are_all_named():
    with pytest.raises(nx.NodeNotFound, match="unknown targets: nope, zzz"):
        resolve_targets(catalogue(), ["zzz", "a", "nope"])


def test_domain_without_concepts_resolves_to_nothing():
    G = Content().domain("empty").concept("a", domain="other").G
    assert resolve_targets(G, ["empty"]) == ()
