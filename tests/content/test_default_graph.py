"""Quality gates for the shipped knowledge graph in seeds/ (no database needed)."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from functools import cache

import networkx as nx

from graph.content.model import ContentSet, NodeSpec
from graph.content.service import DEFAULT_SEEDS, load_content
from graph.content.stats import coverage, prerequisite_graph, redundant_prerequisites
from graph.models.enums import DIFFICULTY_LEVEL, Difficulty, EdgeKind, NodeKind
from tests.content.shingles import RUN, shingles
from tests.content.shingles import load as load_fingerprints

ML = "ml-system-design"
OTHER_DOMAINS = (
    "system-design",
    "coding",
    "sql-databases",
    "frontend-system-design",
    "behavioral",
    "low-level-design",
)
ROADMAP_DAYS = 133

# Prerequisite edges that are implied by a longer path but kept on purpose,
# as (source, target) pairs. Keep this empty unless an edge is truly meant.
REDUNDANT_ALLOWED: frozenset[tuple[str, str]] = frozenset()

WORD = re.compile(r"[a-z0-9]+")


@cache
def _content() -> ContentSet:
    return load_content(DEFAULT_SEEDS)


def _nodes(kind: NodeKind) -> list[NodeSpec]:
    return [n for n in _content().nodes if n.kind is kind]


def _targets(kind: EdgeKind) -> dict[str, list[str]]:
    found: dict[str, list[str]] = defaultdict(list)
    for edge in _content().edges:
        if edge.kind is kind:
            found[edge.source].append(edge.target)
    return found


def _per_domain(kind: NodeKind) -> Counter[str]:
    return Counter(n.domain or "" for n in _nodes(kind))


def test_prerequisite_graph_is_acyclic() -> None:
    graph = prerequisite_graph(_content())
    assert nx.is_directed_acyclic_graph(graph), nx.find_cycle(graph)


def test_no_unexpected_transitive_prerequisites() -> None:
    redundant = set(redundant_prerequisites(prerequisite_graph(_content())))
    assert redundant <= REDUNDANT_ALLOWED, sorted(redundant - REDUNDANT_ALLOWED)


def test_every_concept_has_a_domain_and_an_edge() -> None:
    touched = {e.source for e in _content().edges} | {e.target for e in _content().edges}
    domains = {n.slug for n in _nodes(NodeKind.DOMAIN)}
    concepts = _nodes(NodeKind.CONCEPT)
    assert [c.slug for c in concepts if c.domain not in domains] == []
    assert [c.slug for c in concepts if c.slug not in touched] == []


def test_no_isolated_nodes() -> None:
    assert coverage(_content()).isolated == []


def test_articles_cover_at_least_three_concepts() -> None:
    covers = _targets(EdgeKind.COVERS)
    thin = {a.slug: covers[a.slug] for a in _nodes(NodeKind.ARTICLE) if len(covers[a.slug]) < 3}
    assert thin == {}


def test_prompts_assess_concepts_and_have_follow_ups() -> None:
    assesses = _targets(EdgeKind.ASSESSES)
    prompts = _nodes(NodeKind.PROMPT)
    assert [p.slug for p in prompts if not assesses[p.slug]] == []
    assert [p.slug for p in prompts if not 1 <= len(p.fields["follow_ups"]) <= 3] == []


def test_article_reading_times_follow_one_pace() -> None:
    """Plans add article minutes to study time: one pace for every article (seeds/README.md)."""
    off = []
    for article in _nodes(NodeKind.ARTICLE):
        words = len(article.fields["body"].split())
        minutes = article.fields["minutes"]
        if not max(5, words / 70) <= minutes <= max(5, words / 30):
            off.append((article.slug, words, minutes))
    assert off == []


def test_prerequisites_are_at_most_one_level_harder() -> None:
    level = {
        c.slug: DIFFICULTY_LEVEL[Difficulty(c.fields["difficulty"])]
        for c in _nodes(NodeKind.CONCEPT)
    }
    too_hard = [
        (e.source, e.target)
        for e in _content().edges
        if e.kind is EdgeKind.PREREQUISITE and level[e.source] > level[e.target] + 1
    ]
    assert too_hard == []


def test_counts() -> None:
    concepts = _per_domain(NodeKind.CONCEPT)
    articles = _per_domain(NodeKind.ARTICLE)
    prompts = _per_domain(NodeKind.PROMPT)
    assert concepts.total() >= 480
    assert concepts[ML] >= 140
    assert {d: concepts[d] for d in OTHER_DOMAINS if concepts[d] < 20} == {}
    assert articles.total() >= 80
    assert articles[ML] >= 44
    assert {d: articles[d] for d in OTHER_DOMAINS if articles[d] < 3} == {}
    assert prompts.total() >= 700
    assert prompts[ML] >= 200


def test_roadmap_has_133_consecutive_days() -> None:
    days = sorted(n.fields["day"] for n in _nodes(NodeKind.ROADMAP_DAY))
    assert days == list(range(1, ROADMAP_DAYS + 1))


def test_roadmap_respects_prerequisites() -> None:
    content = _content()
    graph = prerequisite_graph(content)
    day_of = {n.slug: n.fields["day"] for n in _nodes(NodeKind.ROADMAP_DAY)}
    scheduled: dict[int, list[str]] = defaultdict(list)
    for edge in sorted(
        (e for e in content.edges if e.kind is EdgeKind.SCHEDULES),
        key=lambda e: (day_of[e.source], e.position or 0),
    ):
        if edge.target in graph:
            scheduled[day_of[edge.source]].append(edge.target)
    first: dict[str, int] = {}
    for day in sorted(scheduled):
        for slug in scheduled[day]:
            first.setdefault(slug, day)
    problems = []
    for day, slugs in sorted(scheduled.items()):
        for position, slug in enumerate(slugs):
            for before in nx.ancestors(graph, slug):
                if before in slugs[position + 1 :]:
                    problems.append(f"day {day}: {before} comes after its dependent {slug}")
                elif first.get(before, 0) > day:
                    problems.append(f"day {day}: {slug} before {before} (day {first[before]})")
    assert problems == []


def _words(text: str) -> list[str]:
    return WORD.findall(text.lower())


def test_no_text_copied_from_the_reference_pages() -> None:
    """No run of ten words of any seed file (bodies included) is on a reference page.

    The pages are not in the repository; their fingerprints are
    (``tests/content/shingles.py`` makes them), so this runs everywhere.
    """
    fingerprints = load_fingerprints()
    assert len(fingerprints) > 1000, "the reference fingerprints are missing"
    copied = []
    for path in sorted(p for p in DEFAULT_SEEDS.rglob("*") if p.is_file()):
        text = path.read_text(encoding="utf-8")
        words = _words(text)
        for i, fingerprint in enumerate(shingles(text)):
            if fingerprint in fingerprints:
                run = " ".join(words[i : i + RUN])
                copied.append(f"{path.relative_to(DEFAULT_SEEDS)}: {run}")
    assert copied == []
