"""Hand-built content graphs for the export tests, following the graph contract exactly.

Plain factory functions with keyword overrides; conftest.py turns them into fixtures,
and hypothesis tests call them directly.
"""

from __future__ import annotations

import itertools
from typing import Any

import networkx as nx

_ids = itertools.count(1)

KIND_DEFAULTS: dict[str, dict[str, Any]] = {
    "domain": {"position": 0},
    "concept": {
        "difficulty": "beginner",
        "minutes": 30,
        "stage": "core",
        "seniority": "mid",
        "frequency": "medium",
        "aliases": (),
        "body": "Some *markdown*.",
    },
    "article": {
        "difficulty": "intermediate",
        "minutes": 20,
        "learning_objectives": ("Explain it", "Use it"),
        "body": "## Overview\nText.",
    },
    "prompt": {
        "text": "Tell me about it.",
        "seniority": "mid",
        "follow_ups": ("Why?",),
        "answer_outline": None,
        "minutes": 20,
    },
    "roadmap_day": {"day": 1, "theme": "Foundations"},
}


def add_node(G: nx.MultiDiGraph, kind: str, slug: str, **overrides: Any) -> None:
    """Add a node with every attribute the contract requires for its kind."""
    attrs: dict[str, Any] = {
        "id": next(_ids),
        "kind": kind,
        "slug": slug,
        "title": slug.replace("-", " ").capitalize(),
        "summary": f"About {slug}.",
        "tags": (),
        "domain": None,
        "version": 1,
        **KIND_DEFAULTS[kind],
    }
    attrs.update(overrides)
    G.add_node(slug, **attrs)


def add_edge(G: nx.MultiDiGraph, u: str, v: str, kind: str, **overrides: Any) -> None:
    """Add an edge keyed by its kind, with weight/note/position defaulting to None."""
    attrs = {"kind": kind, "weight": None, "note": None, "position": None, **overrides}
    G.add_edge(u, v, key=kind, **attrs)


TRICKY_TITLES = {
    "big-o": 'Big-O "notation" & <friends>',
    "arrays": "Arrays \\ strings \\",
    "two-pointers": "Zwei Zeiger — naïve ✓ 指针 😀",
    "binary-search": "Binary search\non sorted arrays",
    "cache-invalidation": "Cache #1 `hard` {x} [y] (z) | w; %% end :::q 'it''s' &amp;",
}


def content_graph() -> nx.MultiDiGraph:
    """Two domains, six concepts, an article, two prompts and two roadmap days.

    Titles include quotes, ampersands, angle brackets, backslashes, unicode, a
    newline and Mermaid/DOT syntax characters; arrays -> two-pointers has two
    parallel edges (prerequisite and related_to).
    """
    G = nx.MultiDiGraph(content_version=7)
    add_node(G, "domain", "coding", title="Coding & algorithms", position=0, tags=("dsa",))
    add_node(G, "domain", "system-design", title="System design", position=1)
    coding = {"domain": "coding"}
    add_node(
        G,
        "concept",
        "big-o",
        title=TRICKY_TITLES["big-o"],
        tags=("complexity",),
        aliases=('O(n) "notation"', "asymptotic <complexity>"),
        **coding,
    )
    add_node(G, "concept", "arrays", title=TRICKY_TITLES["arrays"], minutes=25, **coding)
    add_node(
        G,
        "concept",
        "two-pointers",
        title=TRICKY_TITLES["two-pointers"],
        difficulty="intermediate",
        tags=("arrays", "technique"),
        **coding,
    )
    add_node(G, "concept", "binary-search", title=TRICKY_TITLES["binary-search"], **coding)
    sd = {"domain": "system-design"}
    add_node(G, "concept", "caching", title="Caching", difficulty="intermediate", **sd)
    add_node(
        G,
        "concept",
        "cache-invalidation",
        title=TRICKY_TITLES["cache-invalidation"],
        difficulty="advanced",
        minutes=60,
        **sd,
    )
    add_node(
        G,
        "article",
        "arrays-primer",
        title="Arrays & strings: <a primer>",
        learning_objectives=("Index in O(1); slice in O(k)", "Spot two-pointer problems"),
        **coding,
    )
    add_node(
        G,
        "prompt",
        "q-two-sum",
        title='Two sum — "classic"?',
        text="Given an array and a target, find two indices whose values sum to it.",
        follow_ups=("What if the array is sorted?", "And with a stream?"),
        **coding,
    )
    add_node(
        G,
        "prompt",
        "q-cache-stampede",
        title="Cache stampede",
        seniority="senior",
        answer_outline="- request coalescing\n- jittered TTLs",
        minutes=30,
        **sd,
    )
    add_node(G, "roadmap_day", "roadmap-day-1", title="Day 1: arrays", day=1, **coding)
    add_node(G, "roadmap_day", "roadmap-day-2", title="Day 2 <caching>", day=2, theme="Systems")

    add_edge(G, "big-o", "arrays", "prerequisite")
    add_edge(G, "arrays", "two-pointers", "prerequisite")
    add_edge(G, "arrays", "two-pointers", "related_to", note="both walk an array")
    add_edge(G, "arrays", "binary-search", "prerequisite")
    add_edge(G, "caching", "cache-invalidation", "prerequisite", weight=2.5)
    add_edge(G, "two-pointers", "binary-search", "related_to", weight=0.5, note='"sorted" data')
    for concept in ("big-o", "arrays", "two-pointers"):
        add_edge(G, "arrays-primer", concept, "covers")
    add_edge(G, "q-two-sum", "arrays", "assesses")
    add_edge(G, "q-two-sum", "two-pointers", "assesses")
    add_edge(G, "q-cache-stampede", "cache-invalidation", "assesses")
    for position, slug in enumerate(("big-o", "arrays", "q-two-sum"), start=1):
        add_edge(G, "roadmap-day-1", slug, "schedules", position=position)
    for position, slug in enumerate(("caching", "cache-invalidation"), start=1):
        add_edge(G, "roadmap-day-2", slug, "schedules", position=position)
    return nx.freeze(G)


def chain_graph() -> nx.MultiDiGraph:
    """The tiny named graph of the scope tests::

    a -> b -> c -> d   (prerequisite; a, b in domain x; c, d in domain y)
    e -> c             (prerequisite, domain y)
    b -- e             (related_to)
    p assesses d, r covers b and c, day-1 (domain x) schedules a, b, p
    day-2 (no domain) schedules c; domains x and y are nodes too
    """
    G = nx.MultiDiGraph(content_version=1)
    add_node(G, "domain", "x", position=0)
    add_node(G, "domain", "y", position=1)
    for slug, domain in (("a", "x"), ("b", "x"), ("c", "y"), ("d", "y"), ("e", "y")):
        add_node(G, "concept", slug, domain=domain)
    add_node(G, "prompt", "p", domain="y")
    add_node(G, "article", "r", domain="x")
    add_node(G, "roadmap_day", "day-1", domain="x", day=1)
    add_node(G, "roadmap_day", "day-2", day=2)
    for u, v in (("a", "b"), ("b", "c"), ("c", "d"), ("e", "c")):
        add_edge(G, u, v, "prerequisite")
    add_edge(G, "b", "e", "related_to")
    add_edge(G, "p", "d", "assesses")
    add_edge(G, "r", "b", "covers")
    add_edge(G, "r", "c", "covers")
    for position, slug in enumerate(("a", "b", "p"), start=1):
        add_edge(G, "day-1", slug, "schedules", position=position)
    add_edge(G, "day-2", "c", "schedules", position=1)
    return nx.freeze(G)


def expected_flat_node(attrs: dict[str, Any], *, include_body: bool = False) -> dict[str, Any]:
    """What a flat (XML) export should say about a node, restated from the contract."""
    skip = {"id", "version"} | (set() if include_body else {"body", "answer_outline"})
    return {
        k: "; ".join(v) if isinstance(v, tuple) else v
        for k, v in attrs.items()
        if k not in skip and v is not None
    }


def expected_flat_edge(attrs: dict[str, Any]) -> dict[str, Any]:
    """What a flat export should say about an edge: None values left out."""
    return {k: v for k, v in attrs.items() if v is not None}
