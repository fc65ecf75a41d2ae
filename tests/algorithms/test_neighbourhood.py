import networkx as nx
import pytest

from graph.algorithms import neighbourhood

from .graphs import Content


def star() -> nx.MultiDiGraph:
    """hub requires n1, n2, n3; n1 requires far; art covers hub; far ~ farther."""
    return (
        Content()
        .concept("far")
        .concept("farther")
        .related("far", "farther")
        .concept("n1", requires=["far"])
        .concept("n2")
        .concept("n3")
        .concept("hub", requires=["n3", "n1", "n2"])
        .article("art", ["hub"])
        .G
    )


def shape(hood):
    return [(n.slug, n.distance) for n in hood.nodes], hood.truncated


@pytest.mark.parametrize(
    ("kwargs", "nodes", "truncated"),
    [
        pytest.param(
            {}, [("hub", 0), ("art", 1), ("n1", 1), ("n2", 1), ("n3", 1)], False, id="radius-1"
        ),
        pytest.param(
            {"radius": 2, "kinds": ["prerequisite"]},
            [("hub", 0), ("n1", 1), ("n2", 1), ("n3", 1), ("far", 2)],
            False,
            id="kinds",
        ),
        pytest.param(
            {"radius": 3},
            [("hub", 0), ("art", 1), ("n1", 1), ("n2", 1), ("n3", 1), ("far", 2), ("farther", 3)],
            False,
            id="radius-3",
        ),
        pytest.param(
            {"max_nodes": 3}, [("hub", 0), ("art", 1), ("n1", 1)], True, id="truncated-by-slug"
        ),
        pytest.param(
            {"radius": 2, "max_nodes": 5},
            [("hub", 0), ("art", 1), ("n1", 1), ("n2", 1), ("n3", 1)],
            True,
            id="next-layer-left-out",
        ),
        pytest.param(
            {"max_nodes": 5},
            [("hub", 0), ("art", 1), ("n1", 1), ("n2", 1), ("n3", 1)],
            False,
            id="exact-fit",
        ),
    ],
)
def test_neighbourhood(kwargs, nodes, truncated):
    assert shape(neighbourhood(star(), "hub", **kwargs)) == (nodes, truncated)


def test_edges_between_kept_nodes_in_stored_direction():
    hood = neighbourhood(star(), "n1", radius=1)
    assert [(e.source, e.target, e.kind) for e in hood.edges] == [
        ("far", "n1", "prerequisite"),
        ("n1", "hub", "prerequisite"),
    ]
    assert [n.kind for n in hood.nodes] == ["concept"] * 3
    assert hood.kinds == (
        "assesses",
        "covers",
        "part_of",
        "prerequisite",
        "related_to",
        "schedules",
    )


@pytest.mark.parametrize(
    "kwargs", [{"radius": 0}, {"radius": 4}, {"max_nodes": 0}, {"kinds": ["nope"]}]
)
def test_invalid_arguments(kwargs):
    with pytest.raises(ValueError):
        neighbourhood(star(), "hub", **kwargs)


def test_max_radius_is_a_parameter():
    hood = neighbourhood(star(), "art", radius=4, max_radius=4)
    assert [n.slug for n in hood.nodes][-1] == "farther"


def test_unknown_center():
    with pytest.raises(nx.NodeNotFound):
        neighbourhood(star(), "nowhere")
