"""Relay: every object with an id is a Node, personal ones only for their owner; lists page."""

from __future__ import annotations

from typing import Any

from tests.conftest import GraphQLClient

NODE = """query($id: ID!) {
  node(id: $id) {
    __typename id
    ... on Learner { name }
    ... on SavedPlan { name }
    ... on Attempt { rating }
    ... on MasteryEntry { state concept { slug } }
    ... on AuditEntry { sequence action slug }
  }
}"""


async def _learner(gql: GraphQLClient, name: str) -> dict[str, str]:
    created = await gql.data(
        "mutation($n: String!) { createLearner(input: {name: $n}) { token } }", {"n": name}
    )
    return {"Authorization": f"Bearer {created['createLearner']['token']}"}


async def _node(gql: GraphQLClient, node_id: str, headers: dict[str, str] | None = None) -> Any:
    return (await gql.data(NODE, {"id": node_id}, headers=headers or {}))["node"]


async def test_personal_objects_resolve_for_their_owner_only(gql: GraphQLClient) -> None:
    alice = await _learner(gql, "alice")
    bob = await _learner(gql, "bob")
    await gql.data(
        'mutation { setMastery(input: {concept: "embeddings", state: KNOWN})'
        " { concept { slug } } }",
        headers=alice,
    )
    attempt = await gql.data(
        'mutation { recordAttempt(input: {prompt: "q-explain-hnsw", rating: GOOD})'
        " { attempt { id } } }",
        headers=alice,
    )
    await gql.data(
        'mutation { savePlan(input: {name: "w1", plan: {targets: ["hnsw"]}})'
        " { savedPlan { id } } }",
        headers=alice,
    )
    me = (
        await gql.data(
            "{ me { id mastery { nodes { id } } attempts { nodes { id } } "
            "plans { nodes { id } } } }",
            headers=alice,
        )
    )["me"]
    ids = {
        "Learner": me["id"],
        "MasteryEntry": me["mastery"]["nodes"][0]["id"],
        "Attempt": me["attempts"]["nodes"][0]["id"],
        "SavedPlan": me["plans"]["nodes"][0]["id"],
    }
    assert (
        ids["Attempt"] == attempt["recordAttempt"]["attempt"]["id"]
    )  # the mutation returns the id
    for type_name, node_id in ids.items():
        mine = await _node(gql, node_id, alice)
        assert mine["__typename"] == type_name and mine["id"] == node_id
        assert await _node(gql, node_id, bob) is None, type_name  # never another's data
        assert await _node(gql, node_id) is None, type_name  # nor anonymous
    assert (await _node(gql, ids["MasteryEntry"], alice))["concept"] == {"slug": "embeddings"}
    both = await gql.data(
        "query($ids: [ID!]!) { nodes(ids: $ids) { __typename } }",
        {"ids": [ids["SavedPlan"], ids["Learner"]]},
        headers=bob,
    )
    assert both["nodes"] == [None, None]


async def test_audit_entries_resolve_for_editors_only(
    gql: GraphQLClient, editor_headers: dict[str, str]
) -> None:
    await gql.data(
        'mutation { updateConcept(input: {slug: "hnsw", version: 1, summary: "Layered."}) '
        "{ concept { version } } }",
        headers=editor_headers,
    )
    log = await gql.data("{ auditLog(first: 1) { nodes { id sequence } } }", headers=editor_headers)
    entry = log["auditLog"]["nodes"][0]
    found = await _node(gql, entry["id"], editor_headers)
    assert found == {
        "__typename": "AuditEntry",
        "id": entry["id"],
        "sequence": entry["sequence"],
        "action": "update",
        "slug": "hnsw",
    }
    learner = await _learner(gql, "carol")
    assert await _node(gql, entry["id"], learner) is None
    assert await _node(gql, entry["id"]) is None


async def test_lists_that_grow_are_connections_paged_by_cursor(
    gql: GraphQLClient, editor_headers: dict[str, str]
) -> None:
    alice = await _learner(gql, "alice")
    for rating in ("AGAIN", "HARD", "GOOD"):
        await gql.data(
            f'mutation {{ recordAttempt(input: {{prompt: "q-explain-hnsw", rating: {rating}}})'
            f" {{ attempt {{ id }} }} }}",
            headers=alice,
        )
    page = """query($after: String) { me { attempts(first: 2, after: $after) {
        totalCount pageInfo { hasNextPage endCursor } nodes { rating } } } }"""
    first = (await gql.data(page, {"after": None}, headers=alice))["me"]["attempts"]
    assert first["totalCount"] == 3 and first["pageInfo"]["hasNextPage"]
    assert [n["rating"] for n in first["nodes"]] == ["GOOD", "HARD"]  # newest first
    after = first["pageInfo"]["endCursor"]
    second = (await gql.data(page, {"after": after}, headers=alice))["me"]["attempts"]
    assert [n["rating"] for n in second["nodes"]] == ["AGAIN"]
    assert not second["pageInfo"]["hasNextPage"]

    for slug in ("caching", "hnsw", "embeddings"):
        await gql.data(
            "mutation($c: String!) { setMastery(input: {concept: $c, state: LEARNING})"
            " { concept { slug } } }",
            {"c": slug},
            headers=alice,
        )
    mastery = """query($after: String) { me { mastery(first: 2, after: $after) {
        pageInfo { hasNextPage endCursor } nodes { concept { slug } } } } }"""
    one = (await gql.data(mastery, {"after": None}, headers=alice))["me"]["mastery"]
    two = (await gql.data(mastery, {"after": one["pageInfo"]["endCursor"]}, headers=alice))["me"][
        "mastery"
    ]
    slugs = [n["concept"]["slug"] for n in one["nodes"] + two["nodes"]]
    assert slugs == ["caching", "embeddings", "hnsw"]

    for summary in ("One.", "Two.", "Three."):
        version = (await gql.data('{ concept(slug: "caching") { version } }'))["concept"]
        await gql.data(
            'mutation($v: Int!, $s: String!) { updateConcept(input: {slug: "caching", '
            "version: $v, summary: $s}) { concept { version } } }",
            {"v": version["version"], "s": summary},
            headers=editor_headers,
        )
    audit = """query($after: String) { auditLog(slug: "caching", first: 2, after: $after) {
        totalCount pageInfo { hasNextPage endCursor } nodes { sequence } } }"""
    a = (await gql.data(audit, {"after": None}, headers=editor_headers))["auditLog"]
    b = (await gql.data(audit, {"after": a["pageInfo"]["endCursor"]}, headers=editor_headers))[
        "auditLog"
    ]
    sequences = [n["sequence"] for n in a["nodes"] + b["nodes"]]
    assert a["totalCount"] == 3 and sequences == sorted(sequences, reverse=True)
    assert len(set(sequences)) == 3


async def test_search_pages_on_with_its_cursor(gql: GraphQLClient) -> None:
    query = """query($q: String!, $after: String) {
      search(query: $q, first: 2, after: $after) {
        correctedQuery pageInfo { hasNextPage endCursor } edges { cursor node { slug } }
      }
    }"""
    whole = await gql.data(
        'query { search(query: "serch vectr", first: 20) { edges { node { slug } } } }'
    )
    expected = [e["node"]["slug"] for e in whole["search"]["edges"]]
    assert len(expected) >= 3
    seen: list[str] = []
    after = None
    while True:
        page = (await gql.data(query, {"q": "serch vectr", "after": after}))["search"]
        assert page["correctedQuery"] is not None  # the correction carries to every page
        seen += [e["node"]["slug"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == expected
    code, _, _ = await gql.error(query, {"q": "other words", "after": after})
    assert code == "BAD_USER_INPUT"  # a cursor belongs to its own search


async def test_date_scalars_name_their_specification(gql: GraphQLClient) -> None:
    data = await gql.data(
        '{ date: __type(name: "Date") { specifiedByURL } '
        'dateTime: __type(name: "DateTime") { specifiedByURL } }'
    )
    assert "rfc3339" in data["date"]["specifiedByURL"]
    assert "rfc3339" in data["dateTime"]["specifiedByURL"]
