"""A concept's place in its domain's arc, its seniority, interview frequency and parts."""

from __future__ import annotations

from graph.content.service import DEFAULT_SEEDS, load_content
from graph.models.enums import NodeKind
from tests.conftest import GraphQLClient

CREATE = """mutation($input: CreateConceptInput!) {
  createConcept(input: $input) {
    concept { slug version stage seniority frequency parts { slug } }
  }
}"""
UPDATE = """mutation($input: UpdateConceptInput!) {
  updateConcept(input: $input) { concept { version stage seniority frequency } }
}"""
CASE = {
    "slug": "vector-search-design",
    "domain": "ml-system-design",
    "title": "Vector search system design",
    "summary": "Designing nearest-neighbour search over embeddings at scale.",
    "difficulty": "ADVANCED",
    "estimatedMinutes": 60,
    "stage": "CASE",
    "seniority": "SENIOR",
    "frequency": "HIGH",
    "prerequisites": ["embeddings"],
    "parts": ["hnsw", "ivf-pq"],
}


async def test_shipped_case_lists_its_parts_and_they_point_back(
    gql_default: GraphQLClient,
) -> None:
    data = await gql_default.data(
        """{ concept(slug: "fraud-detection") { stage seniority frequency parts { slug } }
             part: concept(slug: "rules-plus-ml") { stage partOf { slug } } }"""
    )
    case = data["concept"]
    assert case["stage"] == "CASE"
    assert case["parts"][0] == {"slug": "rules-plus-ml"}  # the most important first
    assert {"slug": "graph-features"} in case["parts"]
    assert {"slug": "fraud-detection"} in data["part"]["partOf"]
    assert data["part"]["stage"] != "CASE"


async def test_concepts_filter_by_interview_frequency(gql_default: GraphQLClient) -> None:
    content = load_content(DEFAULT_SEEDS)
    concepts = [n for n in content.nodes if n.kind is NodeKind.CONCEPT]
    for level in ("high", "low"):
        expected = sorted(n.slug for n in concepts if n.fields["frequency"] == level)
        assert expected, f"the shipped graph rates no concept {level}"
        nodes: list[dict[str, str]] = []
        after = None
        while True:
            data = await gql_default.data(
                """query($f: [Frequency!], $after: String) {
                     concepts(first: 100, after: $after, filter: {frequency: $f}) {
                       totalCount edges { node { slug frequency } }
                       pageInfo { hasNextPage endCursor } } }""",
                {"f": [level.upper()], "after": after},
            )
            page = data["concepts"]
            assert page["totalCount"] == len(expected)
            nodes += [e["node"] for e in page["edges"]]
            if not page["pageInfo"]["hasNextPage"]:
                break
            after = page["pageInfo"]["endCursor"]
        assert sorted(n["slug"] for n in nodes) == expected
        assert {n["frequency"] for n in nodes} == {level.upper()}


async def test_editor_creates_a_case_with_parts_and_updates_its_frequency(
    gql: GraphQLClient, editor_headers: dict[str, str]
) -> None:
    created = await gql.data(CREATE, {"input": CASE}, headers=editor_headers)
    assert created["createConcept"]["concept"] == {
        "slug": "vector-search-design",
        "version": 1,
        "stage": "CASE",
        "seniority": "SENIOR",
        "frequency": "HIGH",
        "parts": [{"slug": "hnsw"}, {"slug": "ivf-pq"}],
    }
    part = await gql.data('{ concept(slug: "hnsw") { partOf { slug } frequency } }')
    assert part["concept"] == {"partOf": [{"slug": "vector-search-design"}], "frequency": "MEDIUM"}
    updated = await gql.data(
        UPDATE,
        {"input": {"slug": "vector-search-design", "version": 1, "frequency": "LOW"}},
        headers=editor_headers,
    )
    assert updated["updateConcept"]["concept"] == {
        "version": 2,
        "stage": "CASE",
        "seniority": "SENIOR",
        "frequency": "LOW",
    }
    plan = await gql.data(
        '{ studyPlan(input: {targets: ["vector-search-design"]}) { steps { node { slug } role } } }'
    )
    roles = {s["node"]["slug"]: s["role"] for s in plan["studyPlan"]["steps"]}
    assert roles["vector-search-design"] == "TARGET"
    assert roles["hnsw"] == roles["ivf-pq"] == "PART"


async def test_parts_need_a_case_and_nothing_is_written(
    gql: GraphQLClient, editor_headers: dict[str, str]
) -> None:
    not_a_case = {**CASE, "stage": "CORE"}
    code, message, _ = await gql.error(CREATE, {"input": not_a_case}, headers=editor_headers)
    assert code == "BAD_USER_INPUT"
    assert "only a concept of stage 'case' lists parts" in message
    backwards = {**CASE, "parts": [], "stage": "FRAMING"}
    code, message, _ = await gql.error(CREATE, {"input": backwards}, headers=editor_headers)
    assert code == "BAD_USER_INPUT"
    assert "cannot need 'embeddings' of the later stage 'core'" in message
    gone = await gql.data('{ concept(slug: "vector-search-design") { slug } }')
    assert gone["concept"] is None
