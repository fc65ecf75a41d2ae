"""Synthetic content graphs in the snapshot's schema, from 1k to 100k concepts.

The prerequisite graph is a layered DAG: concepts sit in layers (difficulty
rises with depth), and each concept outside the first layer takes 1 to 4
prerequisites (mostly 1 or 2) from the one to three layers above it, near
its own relative position in the layer. That locality is what real
curricula look like: a concept builds on neighbours of its topic, so the
ancestry of a concept stays a cone rather than the whole graph. On top:
``related_to`` edges within a layer, articles covering 3 to 6 nearby
concepts, prompts assessing 1 to 3, six domains as bands across the layers,
and a few roadmap days.

Run ``python benchmarks/synthetic.py 10000`` to print the counts of a graph.
"""

from __future__ import annotations

import random
import sys
from collections import Counter

import networkx as nx

__all__ = ["DOMAINS", "concepts_by_layer", "synthetic_graph"]

DOMAINS = (
    "ml-system-design",
    "system-design",
    "coding",
    "behavioral",
    "low-level-design",
    "frontend-system-design",
)
LEVELS = ("beginner", "intermediate", "advanced")
SENIORITIES = ("mid", "senior", "staff")
MINUTES = (15, 20, 30, 30, 40, 45, 60, 90)


def _layers(concepts: int) -> int:
    # Depth grows slowly with size, as in real curricula (about 12 to 40).
    return max(4, min(40, round(concepts**0.3)))


def concepts_by_layer(G: nx.MultiDiGraph) -> list[list[str]]:
    """The concept slugs of each layer, in position order (from ``G.graph``)."""
    return G.graph["layers"]


def _node(G: nx.MultiDiGraph, slug: str, kind: str, domain: str | None, **attrs: object) -> None:
    G.add_node(
        slug,
        id=len(G) + 1,
        kind=kind,
        slug=slug,
        title=slug.replace("-", " ").title(),
        summary=f"Synthetic {kind} {slug}.",
        tags=(kind,),
        domain=domain,
        version=1,
        **attrs,
    )


def _edge(G: nx.MultiDiGraph, u: str, v: str, kind: str, position: int | None = None) -> None:
    G.add_edge(u, v, key=kind, kind=kind, weight=None, note=None, position=position)


def synthetic_graph(concepts: int, *, seed: int = 0) -> nx.MultiDiGraph:
    """A reproducible content graph with `concepts` concepts.

    Parameters
    ----------
    concepts : int
        Number of concept nodes (at least 100).
    seed : int, optional
        Random seed; the same arguments give the same graph.

    Returns
    -------
    networkx.MultiDiGraph
        In the snapshot schema, with ``G.graph["layers"]`` listing the
        concepts of each layer for benchmarks that pick targets by depth.
    """
    if concepts < 100:
        raise ValueError("concepts must be at least 100")
    rng = random.Random(seed)
    G = nx.MultiDiGraph(content_version=1)
    for position, domain in enumerate(DOMAINS):
        _node(G, domain, "domain", None, position=position)

    depth = _layers(concepts)
    width = concepts // depth
    layers: list[list[str]] = []
    serial = 0
    for layer in range(depth):
        count = width if layer < depth - 1 else concepts - width * (depth - 1)
        names = []
        for pos in range(count):
            slug = f"concept-{serial}"
            serial += 1
            _node(
                G,
                slug,
                "concept",
                DOMAINS[pos * len(DOMAINS) // count],
                difficulty=LEVELS[layer * len(LEVELS) // depth],
                minutes=rng.choice(MINUTES),
                body="",
            )
            names.append(slug)
        layers.append(names)
    G.graph["layers"] = layers

    spread = 2.0 + width * 0.004  # locality: how far from its position a concept looks
    for layer in range(1, depth):
        for pos, slug in enumerate(layers[layer]):
            fraction = pos / len(layers[layer])
            wanted = rng.choices((1, 2, 3, 4), weights=(35, 35, 20, 10))[0]
            chosen: set[str] = set()
            for _ in range(wanted):
                back = rng.choices((1, 2, 3), weights=(75, 18, 7))[0]
                above = layers[max(0, layer - back)]
                i = round(fraction * len(above) + rng.gauss(0, spread))
                chosen.add(above[min(max(i, 0), len(above) - 1)])
            for pre in sorted(chosen):
                _edge(G, pre, slug, "prerequisite")
            if rng.random() < 0.3 and pos + 1 < len(layers[layer]):
                step = rng.randint(1, min(5, len(layers[layer]) - pos - 1))
                _edge(G, slug, layers[layer][pos + step], "related_to")

    flat = [slug for names in layers for slug in names]
    for k in range(concepts // 10):
        start = rng.randrange(len(flat) - 12)
        covers = [flat[start + i] for i in sorted(rng.sample(range(13), rng.randint(3, 6)))]
        slug = f"article-{k}"
        _node(
            G,
            slug,
            "article",
            G.nodes[covers[0]]["domain"],
            difficulty=G.nodes[covers[0]]["difficulty"],
            minutes=rng.randint(10, 40),
            learning_objectives=("Explain the trade-offs",),
            body="",
        )
        for position, concept in enumerate(covers):
            _edge(G, slug, concept, "covers", position)

    for k in range(concepts // 5):
        start = rng.randrange(len(flat) - 4)
        assesses = [flat[start + i] for i in sorted(rng.sample(range(5), rng.randint(1, 3)))]
        slug = f"prompt-{k}"
        _node(
            G,
            slug,
            "prompt",
            G.nodes[assesses[0]]["domain"],
            text=f"Question {k}?",
            seniority=rng.choice(SENIORITIES),
            follow_ups=("And at ten times the scale?",),
            answer_outline=None,
            minutes=rng.choice((10, 15, 20, 30)),
        )
        for position, concept in enumerate(assesses):
            _edge(G, slug, concept, "assesses", position)

    for day in range(1, min(133, concepts // 20) + 1):
        slug = f"roadmap-day-{day}"
        _node(G, slug, "roadmap_day", None, day=day, theme="Synthetic")
        layer = layers[min(depth - 1, (day - 1) * depth // 133)]
        start = rng.randrange(len(layer) - 3)
        for position, item in enumerate(layer[start : start + 3]):
            _edge(G, slug, item, "schedules", position)
    return G


def main(argv: list[str]) -> None:
    size = int(argv[1]) if len(argv) > 1 else 1000
    G = synthetic_graph(size)
    kinds = Counter(kind for _, kind in G.nodes(data="kind"))
    edges = Counter(k for _, _, k in G.edges(keys=True))
    print(f"{size} concepts, {len(concepts_by_layer(G))} layers")
    print("nodes:", dict(sorted(kinds.items())))
    print("edges:", dict(sorted(edges.items())))


if __name__ == "__main__":
    main(sys.argv)
