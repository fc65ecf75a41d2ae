"""Concepts found by the names candidates use: aliases in GraphQL, search and edits."""

from __future__ import annotations

import pytest

from tests.conftest import GraphQLClient

SEARCH = """query($q: String!) {
  search(query: $q, first: 5) { correctedQuery edges { score node { slug } } }
}"""
UPDATE = """mutation($input: UpdateConceptInput!) {
  updateConcept(input: $input) { concept { version aliases } }
}"""


async def _hits(gql: GraphQLClient, query: str) -> list[dict]:
    page = (await gql.data(SEARCH, {"q": query}))["search"]
    return [{**edge, "correctedQuery": page["correctedQuery"]} for edge in page["edges"]]


async def test_a_concept_shows_its_aliases(gql: GraphQLClient) -> None:
    data = await gql.data(
        """{ ann: concept(slug: "approximate-nearest-neighbor-search") { aliases }
             hnsw: concept(slug: "hnsw") { aliases } }"""
    )
    assert data == {"ann": {"aliases": ["ANN", "ANN search"]}, "hnsw": {"aliases": []}}


@pytest.mark.parametrize("query", ["ANN", "ann search", "  ANN   Search "])
async def test_an_alias_ranks_its_concept_first(gql: GraphQLClient, query: str) -> None:
    hits = await _hits(gql, query)
    assert hits[0]["node"]["slug"] == "approximate-nearest-neighbor-search"
    assert hits[0]["score"] >= 1.0
    assert all(h["score"] < 1.0 for h in hits[1:])


async def test_a_misspelt_alias_is_corrected_to_it(gql: GraphQLClient) -> None:
    hits = await _hits(gql, "ANN serch")
    assert hits[0]["correctedQuery"] == "ann search"
    assert hits[0]["node"]["slug"] == "approximate-nearest-neighbor-search"
    assert hits[0]["score"] >= 1.0


async def test_editing_aliases_reindexes_search(
    gql: GraphQLClient, editor_headers: dict[str, str]
) -> None:
    assert await _hits(gql, "Malkov") == []
    updated = await gql.data(
        UPDATE,
        {
            "input": {
                "slug": "hnsw",
                "version": 1,
                "aliases": [" Malkov  graph ", "small world graphs"],
            }
        },
        headers=editor_headers,
    )
    assert updated["updateConcept"]["concept"] == {
        "version": 2,
        "aliases": ["Malkov graph", "small world graphs"],
    }
    hits = await _hits(gql, "malkov GRAPH")
    assert hits[0]["node"]["slug"] == "hnsw"
    assert hits[0]["score"] >= 1.0


async def test_an_alias_naming_another_concept_is_refused_and_nothing_written(
    gql: GraphQLClient, editor_headers: dict[str, str]
) -> None:
    code, message, _ = await gql.error(
        UPDATE,
        {"input": {"slug": "hnsw", "version": 1, "aliases": ["ann"]}},
        headers=editor_headers,
    )
    assert code == "BAD_USER_INPUT"
    assert "alias 'ann' is already an alias of 'approximate-nearest-neighbor-search'" in message
    data = await gql.data('{ concept(slug: "hnsw") { version aliases } }')
    assert data["concept"] == {"version": 1, "aliases": []}
