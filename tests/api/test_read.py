"""The read contract through the real ASGI app, on both backends (fixture seeds)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import GraphQLClient


async def test_concept_with_prerequisites(gql: GraphQLClient) -> None:
    data = await gql.data('{ concept(slug: "hnsw") { title prerequisites { slug } } }')
    assert data == {
        "concept": {
            "title": "HNSW",
            "prerequisites": [{"slug": "approximate-nearest-neighbor-search"}],
        }
    }


async def test_transitive_prerequisites_nearest_first(gql: GraphQLClient) -> None:
    data = await gql.data(
        '{ concept(slug: "ivf-pq") { prerequisites(depth: 10) { slug } dependents { slug } } }'
    )
    assert [c["slug"] for c in data["concept"]["prerequisites"]] == [
        "product-quantization",
        "approximate-nearest-neighbor-search",
        "nearest-neighbor-search",
        "embeddings",
    ]
    assert data["concept"]["dependents"] == []
    data = await gql.data('{ concept(slug: "embeddings") { dependents(depth: 2) { slug } } }')
    assert [c["slug"] for c in data["concept"]["dependents"]] == [
        "nearest-neighbor-search",
        "approximate-nearest-neighbor-search",
    ]


async def test_concept_relations(gql: GraphQLClient) -> None:
    data = await gql.data(
        """{ concept(slug: "hnsw") {
              kind difficulty estimatedMinutes body tags domain { slug title }
              related { slug } articles { slug } prompts { slug } roadmapDays { day }
        } }"""
    )
    concept = data["concept"]
    assert concept["kind"] == "CONCEPT"
    assert concept["difficulty"] == "ADVANCED"
    assert concept["estimatedMinutes"] == 45
    assert concept["body"].startswith("Hierarchical")
    assert concept["domain"] == {"slug": "ml-system-design", "title": "ML System Design"}
    assert concept["related"] == [{"slug": "ivf-pq"}]
    assert concept["articles"] == [{"slug": "vector-search-at-scale"}]
    assert concept["prompts"] == [{"slug": "q-explain-hnsw"}]
    assert concept["roadmapDays"] == [{"day": 2}]
    # related_to is stored once but symmetric
    data = await gql.data('{ concept(slug: "ivf-pq") { related { slug } } }')
    assert data["concept"]["related"] == [{"slug": "hnsw"}]


async def test_article_prompt_and_day(gql: GraphQLClient) -> None:
    data = await gql.data(
        """{
          article(slug: "feature-stores") {
            readMinutes difficulty learningObjectives concepts { slug } prompts { slug }
          }
          prompt(slug: "q-feature-store-design") {
            text seniority followUps minutes concepts { slug } roadmapDays { day }
          }
          roadmapDay(day: 1) { day title theme items { __typename slug } }
        }"""
    )
    assert data["article"] == {
        "readMinutes": 30,
        "difficulty": "INTERMEDIATE",
        "learningObjectives": ["Contrast the online and the offline store"],
        "concepts": [
            {"slug": "feature-store"},
            {"slug": "point-in-time-correctness"},
            {"slug": "training-serving-skew"},
        ],
        "prompts": [{"slug": "q-feature-store-design"}],
    }
    prompt = data["prompt"]
    assert prompt["seniority"] == "STAFF"
    assert prompt["minutes"] == 30
    assert len(prompt["followUps"]) == 2
    assert prompt["roadmapDays"] == []
    assert data["roadmapDay"]["items"] == [
        {"__typename": "Concept", "slug": "embeddings"},
        {"__typename": "Concept", "slug": "nearest-neighbor-search"},
        {"__typename": "Article", "slug": "vector-search-at-scale"},
    ]


async def test_unknown_slugs_are_null_not_errors(gql: GraphQLClient) -> None:
    data = await gql.data(
        '{ concept(slug: "nope") { slug } article(slug: "hnsw") { slug } '
        'knowledgeNode(slug: "nope") { slug } roadmapDay(day: 99) { day } }'
    )
    assert data == {"concept": None, "article": None, "knowledgeNode": None, "roadmapDay": None}


async def test_global_ids_round_trip(gql: GraphQLClient) -> None:
    data = await gql.data('{ knowledgeNode(slug: "hnsw") { id __typename } domains { id slug } }')
    concept_id = data["knowledgeNode"]["id"]
    domain_id = data["domains"][0]["id"]
    assert "hnsw" not in concept_id  # opaque
    query = """query($id: ID!, $ids: [ID!]!) {
        node(id: $id) { id ... on Concept { slug } }
        nodes(ids: $ids) { ... on KnowledgeNode { slug } }
    }"""
    data = await gql.data(query, {"id": concept_id, "ids": [domain_id, concept_id]})
    assert data["node"] == {"id": concept_id, "slug": "hnsw"}
    assert data["nodes"] == [{"slug": "ml-system-design"}, {"slug": "hnsw"}]
    # a well-formed id of nothing is null; a malformed one is a user error
    missing = "Q29uY2VwdDo5OTk5OTk"  # Concept:999999
    assert (await gql.data(query, {"id": missing, "ids": [missing]})) == {
        "node": None,
        "nodes": [None],
    }
    code, message, _ = await gql.error(query, {"id": "!!!", "ids": []})
    assert code == "BAD_USER_INPUT"
    assert "not a valid node id" in message


async def test_domains_and_their_connections(gql: GraphQLClient) -> None:
    data = await gql.data(
        """{ domains { slug position
              concepts(first: 2) { totalCount edges { node { slug } } pageInfo { hasNextPage } }
              articles { totalCount } prompts { totalCount } } }"""
    )
    first, second = data["domains"]
    assert (first["slug"], second["slug"]) == ("ml-system-design", "system-design")
    assert first["concepts"]["totalCount"] == 9
    assert [e["node"]["slug"] for e in first["concepts"]["edges"]] == [
        "approximate-nearest-neighbor-search",
        "embeddings",
    ]
    assert first["concepts"]["pageInfo"]["hasNextPage"] is True
    assert first["articles"]["totalCount"] == 2
    assert second["prompts"]["totalCount"] == 1


CONCEPTS_PAGE = """query($first: Int, $after: String, $last: Int, $before: String) {
  concepts(first: $first, after: $after, last: $last, before: $before) {
    totalCount
    edges { cursor node { slug } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}"""


async def _walk(gql: GraphQLClient, size: int) -> list[str]:
    slugs: list[str] = []
    after = None
    while True:
        page = (await gql.data(CONCEPTS_PAGE, {"first": size, "after": after}))["concepts"]
        slugs += [e["node"]["slug"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            return slugs
        after = page["pageInfo"]["endCursor"]


async def test_forward_and_backward_paging(gql: GraphQLClient) -> None:
    everything = await _walk(gql, 100)
    assert len(everything) == 10
    assert everything == sorted(everything, key=lambda s: s) or True  # ordered by title below
    assert await _walk(gql, 3) == everything
    page = (await gql.data(CONCEPTS_PAGE, {"last": 3}))["concepts"]
    assert [e["node"]["slug"] for e in page["edges"]] == everything[-3:]
    assert page["pageInfo"]["hasPreviousPage"] is True
    assert page["pageInfo"]["hasNextPage"] is False
    before = page["pageInfo"]["startCursor"]
    page = (await gql.data(CONCEPTS_PAGE, {"last": 2, "before": before}))["concepts"]
    assert [e["node"]["slug"] for e in page["edges"]] == everything[-5:-3]


async def test_default_order_is_by_title(gql: GraphQLClient) -> None:
    data = await gql.data("{ concepts(first: 100) { edges { node { title } } } }")
    titles = [e["node"]["title"] for e in data["concepts"]["edges"]]
    assert titles == sorted(titles, key=str.casefold)


@pytest.mark.parametrize(
    ("variables", "argument"),
    [({"first": 0}, "first"), ({"first": 101}, "first"), ({"last": 500}, "last")],
)
async def test_page_size_bounds_fail_before_resolvers(
    gql: GraphQLClient, variables: dict[str, Any], argument: str
) -> None:
    code, message, data = await gql.error(CONCEPTS_PAGE, variables)
    assert code == "BAD_USER_INPUT"
    assert f"`{argument}` on `concepts` must be between 1 and 100" in message
    assert data is None  # no resolver ran


async def test_literal_bounds_and_depth(gql: GraphQLClient) -> None:
    code, message, data = await gql.error("{ domains { concepts(first: 1000) { totalCount } } }")
    assert (code, data) == ("BAD_USER_INPUT", None)
    for depth in (0, 11):
        code, message, _ = await gql.error(
            f'{{ concept(slug: "hnsw") {{ prerequisites(depth: {depth}) {{ slug }} }} }}'
        )
        assert code == "BAD_USER_INPUT"
        assert "`depth` on `prerequisites` must be between 1 and 10" in message


async def test_filters(gql: GraphQLClient) -> None:
    async def slugs(field: str, args: str) -> list[str]:
        data = await gql.data(f"{{ {field}({args}) {{ edges {{ node {{ slug }} }} }} }}")
        return [e["node"]["slug"] for e in data[field]["edges"]]

    assert await slugs("concepts", 'filter: {domain: "system-design"}') == ["caching"]
    assert await slugs("concepts", 'filter: {tags: ["ann"]}') == ["hnsw", "ivf-pq"]
    assert await slugs("concepts", "filter: {difficulty: [BEGINNER]}") == [
        "caching",
        "embeddings",
        "nearest-neighbor-search",
    ]
    assert await slugs("concepts", 'filter: {text: "layered graph"}') == ["hnsw"]
    assert await slugs("prompts", "filter: {seniority: [MID, STAFF]}") == [
        "q-feature-store-design",
        "q-caching-basics",
    ]
    assert await slugs("articles", "filter: {difficulty: [ADVANCED]}") == ["vector-search-at-scale"]
    assert await slugs("concepts", 'filter: {domain: "nope"}') == []


async def test_order_by(gql: GraphQLClient) -> None:
    data = await gql.data(
        "{ concepts(first: 3, orderBy: {field: ESTIMATED_MINUTES, direction: DESC}) "
        "{ edges { cursor node { slug estimatedMinutes } } } }"
    )
    edges = data["concepts"]["edges"]
    assert [e["node"]["estimatedMinutes"] for e in edges] == [45, 45, 40]
    after = edges[-1]["cursor"]
    data = await gql.data(
        "query($a: String) { concepts(first: 1, after: $a, "
        "orderBy: {field: ESTIMATED_MINUTES, direction: DESC}) "
        "{ edges { node { estimatedMinutes } } } }",
        {"a": after},
    )
    assert data["concepts"]["edges"][0]["node"]["estimatedMinutes"] <= 40


async def test_roadmap_days_connection(gql: GraphQLClient) -> None:
    data = await gql.data("{ roadmapDays(first: 5) { totalCount edges { node { day } } } }")
    assert data["roadmapDays"]["totalCount"] == 2
    assert [e["node"]["day"] for e in data["roadmapDays"]["edges"]] == [1, 2]


async def test_healthz(gql: GraphQLClient) -> None:
    response = await gql.http.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["contentVersion"] == body["snapshotVersion"] == 1
