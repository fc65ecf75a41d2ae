"""Builders for small content graphs in the snapshot's attribute schema."""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx
from hypothesis import strategies as st

LEVELS = ("beginner", "intermediate", "advanced")
SENIORITIES = ("mid", "senior", "staff")


class Content:
    """Chainable builder: ``Content().concept("a").concept("b", requires=["a"]).G``."""

    def __init__(self) -> None:
        self.G = nx.MultiDiGraph(content_version=1)

    def _node(self, slug: str, kind: str, domain: str | None = None, **attrs: object) -> None:
        self.G.add_node(
            slug,
            id=len(self.G) + 1,
            kind=kind,
            slug=slug,
            title=slug.replace("-", " ").title(),
            summary="",
            tags=(),
            domain=domain,
            version=1,
            **attrs,
        )

    def edge(self, u: str, v: str, kind: str, position: int | None = None) -> Content:
        self.G.add_edge(u, v, key=kind, kind=kind, weight=None, note=None, position=position)
        return self

    def concept(
        self,
        slug: str,
        *,
        minutes: int = 30,
        difficulty: str = "beginner",
        domain: str | None = None,
        requires: Iterable[str] = (),
    ) -> Content:
        self._node(slug, "concept", domain, difficulty=difficulty, minutes=minutes, body="")
        for pre in requires:
            self.edge(pre, slug, "prerequisite")
        return self

    def related(self, a: str, b: str) -> Content:
        return self.edge(a, b, "related_to")

    def article(self, slug: str, covers: Iterable[str], *, minutes: int = 20) -> Content:
        self._node(
            slug, "article", difficulty="beginner", minutes=minutes, learning_objectives=(), body=""
        )
        for concept in covers:
            self.edge(slug, concept, "covers")
        return self

    def prompt(
        self, slug: str, assesses: Iterable[str], *, seniority: str = "senior", minutes: int = 20
    ) -> Content:
        self._node(
            slug,
            "prompt",
            text=slug,
            seniority=seniority,
            follow_ups=(),
            answer_outline=None,
            minutes=minutes,
        )
        for concept in assesses:
            self.edge(slug, concept, "assesses")
        return self

    def day(self, slug: str, day: int, schedules: Iterable[str]) -> Content:
        self._node(slug, "roadmap_day", day=day, theme="")
        for position, item in enumerate(schedules):
            self.edge(slug, item, "schedules", position=position)
        return self

    def domain(self, slug: str, position: int = 0) -> Content:
        self._node(slug, "domain", position=position)
        return self


def chain(*slugs: str, minutes: int = 30) -> Content:
    """Concepts ``slugs[0] -> slugs[1] -> ...`` (each the prerequisite of the next)."""
    content = Content()
    for i, slug in enumerate(slugs):
        content.concept(slug, minutes=minutes, requires=slugs[i - 1 : i])
    return content


def rebuilt(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The same graph with nodes and edges inserted in reverse order."""
    H = nx.MultiDiGraph(**G.graph)
    H.add_nodes_from(reversed(list(G.nodes(data=True))))
    H.add_edges_from(reversed(list(G.edges(keys=True, data=True))))
    return H


@st.composite
def content_dags(draw: st.DrawFn, max_concepts: int = 10) -> nx.MultiDiGraph:
    """Random prerequisite DAGs (names unrelated to the topological order)
    with a few related edges, articles and prompts."""
    n = draw(st.integers(1, max_concepts))
    names = [f"c{i}" for i in draw(st.permutations(range(n)))]
    content = Content()
    for slug in names:
        content.concept(
            slug,
            minutes=draw(st.integers(5, 150)),
            difficulty=draw(st.sampled_from(LEVELS)),
        )
    index = st.integers(0, n - 1)
    for i, j in draw(st.sets(st.tuples(index, index), max_size=2 * n)):
        if i < j:
            content.edge(names[i], names[j], "prerequisite")
        elif i > j:
            content.related(names[i], names[j])
    for k in range(draw(st.integers(0, 3))):
        covers = draw(st.sets(st.sampled_from(names), min_size=1, max_size=3))
        content.article(f"art{k}", sorted(covers), minutes=draw(st.integers(5, 40)))
    for k in range(draw(st.integers(0, 3))):
        assesses = draw(st.sets(st.sampled_from(names), min_size=1, max_size=2))
        content.prompt(
            f"q{k}",
            sorted(assesses),
            seniority=draw(st.sampled_from(SENIORITIES)),
            minutes=draw(st.integers(5, 30)),
        )
    return content.G
