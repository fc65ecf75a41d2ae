import networkx as nx
import pytest

from graph.algorithms import ready_to_learn

from .graphs import Content


def learner_graph() -> nx.MultiDiGraph:
    """base -> a -> b -> goal; base -> side; (base, extra) -> both;
    root1, root2 have no prerequisites; w ~ side (related); all in domain ml."""
    return (
        Content()
        .domain("ml")
        .concept("base", domain="ml")
        .concept("extra", domain="ml")
        .concept("a", domain="ml", requires=["base"])
        .concept("b", domain="ml", requires=["a"])
        .concept("goal", domain="ml", difficulty="advanced", requires=["b"])
        .concept("side", domain="ml", requires=["base"])
        .concept("both", domain="ml", requires=["base", "extra"])
        .concept("root1", domain="ml")
        .concept("root2", domain="ml", difficulty="intermediate")
        .concept("w", domain="ml")
        .related("w", "side")
        .G
    )


def ranked(**kwargs):
    return [(r.slug, r.reason) for r in ready_to_learn(learner_graph(), **kwargs)]


def test_fringe_is_what_has_all_prerequisites_known():
    slugs = {r.slug for r in ready_to_learn(learner_graph(), known=["base"], n=50)}
    assert slugs == {"a", "side"}  # "both" still needs "extra"


def test_targets_rank_first_with_reasons():
    assert ranked(known=["base"], targets=["goal"]) == [
        ("a", "unlocks 1 concept toward target goal"),
        ("side", "builds on base"),
    ]


def test_direct_prerequisite_and_target_itself():
    assert ranked(known=["base", "a"], targets=["goal"])[0] == (
        "b",
        "prerequisite of your target goal",
    )
    assert ranked(known=["base", "a", "b"], targets=["goal"])[0] == ("goal", "one of your targets")


def test_new_learner_starts_from_the_roots_of_a_domain():
    items = ready_to_learn(learner_graph(), targets=["ml"])
    assert {r.slug for r in items} == {"base", "extra", "root1", "root2", "w"}
    base = items[0]  # what most of the domain builds on ranks first
    assert (base.slug, base.reason, base.unlocks) == ("base", "one of your targets", ("a", "side"))
    assert [r.slug for r in items[-2:]] == ["root1", "root2"]  # isolated: ties by difficulty


def test_weak_concepts_pull_their_neighbourhood():
    items = ranked(known=["base"], weak=["w"])
    assert items[0] == ("w", "one of your weak concepts")
    assert ("side", "related to your weak concept w") in items


def test_weak_concept_not_known_brings_its_prerequisites():
    G = Content().concept("p").concept("weak", requires=["p"]).concept("other").G
    items = ready_to_learn(G, known=["other"], weak=["weak"])
    assert [(r.slug, r.reason) for r in items] == [("p", "prerequisite of your weak concept weak")]


def test_top_n_and_nothing_to_start_from():
    assert len(ranked(targets=["ml"], n=2)) == 2
    assert ranked() == []


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"n": 0}, ValueError),
        ({"targets": ["nope"]}, nx.NodeNotFound),
        ({"weak": ["x"]}, nx.NodeNotFound),
    ],
)
def test_invalid_arguments(kwargs, error):
    with pytest.raises(error):
        ready_to_learn(learner_graph(), **kwargs)
