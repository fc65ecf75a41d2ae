"""Search on both backends, and a constant number of SQL statements per read."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import GraphQLClient, count_statements, retitle

SEARCH = """query($q: String!, $kinds: [NodeKind!], $domain: String, $first: Int) {
  search(query: $q, kinds: $kinds, domain: $domain, first: $first) {
    correctedQuery edges { score snippet node { __typename slug domain { slug } } }
  }
}"""


def hits_of(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The hits of a search connection, each with the page's corrected query."""
    page = data["search"]
    return [{**edge, "correctedQuery": page["correctedQuery"]} for edge in page["edges"]]


async def _slugs(gql: GraphQLClient, q: str, **variables: Any) -> list[str]:
    data = await gql.data(SEARCH, {"q": q, **variables})
    return [hit["node"]["slug"] for hit in hits_of(data)]


async def test_exact_title_first_then_relevance(gql_default: GraphQLClient) -> None:
    data = await gql_default.data(SEARCH, {"q": "HNSW"})
    hits = hits_of(data)
    assert hits[0]["node"]["slug"] == "hnsw"
    assert hits[0]["score"] >= 1.0 > hits[1]["score"]
    assert all(h["score"] >= hits[i + 1]["score"] for i, h in enumerate(hits[1:-1], 1))
    assert "<mark>" in (hits[1]["snippet"] or "")


@pytest.mark.parametrize(
    ("query", "expected"),
    [("hnws", "hnsw"), ("feture store", "feature-store"), ("point in time correctnes", None)],
)
async def test_typos_still_find_the_node(
    gql_default: GraphQLClient, query: str, expected: str | None
) -> None:
    data = await gql_default.data(SEARCH, {"q": query, "kinds": ["CONCEPT"]})
    slugs = [h["node"]["slug"] for h in hits_of(data)]
    assert slugs, f"nothing found for {query!r}"
    assert (expected or "point-in-time-correctness") in slugs[:3]
    assert hits_of(data)[0]["correctedQuery"] is not None


async def test_an_exact_title_of_the_corrected_query_comes_first(
    gql_default: GraphQLClient,
) -> None:
    data = await gql_default.data(SEARCH, {"q": "feture store"})  # every kind
    hits = hits_of(data)
    assert hits[0]["correctedQuery"] == "feature store"
    assert hits[0]["node"]["slug"] == "feature-store"  # not a roadmap day about it
    assert hits[0]["score"] >= 1.0


async def test_kind_and_domain_filters(gql_default: GraphQLClient) -> None:
    data = await gql_default.data(SEARCH, {"q": "cache", "kinds": ["PROMPT"], "first": 20})
    assert hits_of(data)
    assert {h["node"]["__typename"] for h in hits_of(data)} == {"Prompt"}
    data = await gql_default.data(SEARCH, {"q": "cache", "domain": "frontend-system-design"})
    assert hits_of(data)
    assert {h["node"]["domain"]["slug"] for h in hits_of(data)} == {"frontend-system-design"}
    code, _, _ = await gql_default.error(SEARCH, {"q": "cache", "domain": "nope"})
    assert code == "BAD_USER_INPUT"


@pytest.mark.parametrize("query", ["", "   ", "***", "-"])
async def test_empty_query_is_a_clear_error(gql: GraphQLClient, query: str) -> None:
    code, message, _ = await gql.error(SEARCH, {"q": query})
    assert code == "BAD_USER_INPUT"
    assert "no words" in message


@pytest.mark.parametrize(
    "query",
    ['"hnsw', "hnsw*", "title:hnsw", "hnsw AND", "NOT hnsw", "- hnsw", "hnsw OR (", "hnsw'; --"],
)
async def test_operators_never_break_the_sql(gql: GraphQLClient, query: str) -> None:
    data = await gql.data(SEARCH, {"q": query})
    assert "hnsw" in [h["node"]["slug"] for h in hits_of(data)]


async def test_search_first_is_bounded(gql: GraphQLClient) -> None:
    code, _, data = await gql.error(SEARCH, {"q": "hnsw", "first": 51})
    assert code == "BAD_USER_INPUT"
    assert data is None


async def test_search_index_follows_seed_updates(gql: GraphQLClient, seeded_url: str) -> None:
    await retitle(seeded_url, "hnsw", "Hierarchical graphs")
    assert (await _slugs(gql, "hierarchical graphs"))[0] == "hnsw"


PAGE = """query($n: Int!) {
  concepts(first: $n) {
    edges { node {
      slug prerequisites(depth: 2) { slug } articles { slug prompts { slug } }
      prompts { slug concepts { slug } } related { slug } domain { slug }
    } }
  }
}"""


async def test_statement_count_does_not_grow_with_page_size(gql_default: GraphQLClient) -> None:
    engine = gql_default.app.state.engine
    counts = {}
    for size in (1, 100):
        with count_statements(engine) as statements:
            data = await gql_default.data(PAGE, {"n": size})
        assert len(data["concepts"]["edges"]) == size
        counts[size] = len(statements)
    assert counts[1] == counts[100]
    assert counts[1] <= 2  # at most BEGIN and the content-version check


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("STAR method", "star-method"),
        ("GBDT", "gradient-boosted-trees"),
        ("SRM", "sample-ratio-mismatch"),
        ("postmortem", "leading-postmortems"),
        ("data parallelism", "data-parallelism"),
        ("ANN", "approximate-nearest-neighbor-search"),
        ("PSI", "population-stability-index"),
        ("postmortm", "leading-postmortems"),  # a typo of an alias
    ],
)
async def test_the_words_candidates_use_find_the_concept_first(
    gql_default: GraphQLClient, query: str, expected: str
) -> None:
    data = await gql_default.data(SEARCH, {"q": query})
    hits = hits_of(data)
    assert hits[0]["node"]["slug"] == expected, [h["node"]["slug"] for h in hits]
    assert hits[0]["score"] >= 1.0


async def test_a_repeated_query_is_costed_once(
    seeded_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cost walk runs once per document, operation, variables and content version."""
    from api.graphql import limits
    from tests.conftest import _client

    walks: list[int] = []
    real = limits.check_query

    def counting(*args: Any, **kwargs: Any) -> Any:
        walks.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(limits, "check_query", counting)
    query = "query($n: Int) { concepts(first: $n) { edges { node { slug } } } }"
    async for client in _client(seeded_url, response_cache_mb=0):
        costs = []
        for n in (5, 5, 7, 5):
            body = (
                await client.http.post("/graphql", json={"query": query, "variables": {"n": n}})
            ).json()
            assert body["data"]["concepts"]["edges"], body
            costs.append(body["extensions"]["cost"]["requestedQueryCost"])
        assert len(walks) == 2  # n=5 once, n=7 once
        assert costs[0] == costs[1] == costs[3] < costs[2]
        refused = (
            "{ concepts(first: 100) { edges { node { prerequisites(depth: 12) { slug } } } } }"
        )
        for _ in range(2):  # refused queries are walked each time: their errors are fresh
            body = (await client.http.post("/graphql", json={"query": refused})).json()
            assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"  # depth bound
        assert len(walks) == 4
