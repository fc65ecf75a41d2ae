"""Mutations take one `input` and answer a payload holding every object they changed, with ids.

A normalised client cache (Apollo, Relay, urql Graphcache) merges objects by id,
so a payload that returns the changed objects keeps the cache right without a
refetch; `clientMutationId` comes back as sent.
"""

from __future__ import annotations

from tests.conftest import GraphQLClient


async def _learner(gql: GraphQLClient) -> dict[str, str]:
    created = await gql.data('mutation { createLearner(input: {name: "Ada"}) { token } }')
    return {"Authorization": f"Bearer {created['createLearner']['token']}"}


SET = """mutation($c: String!, $s: MasteryState) {
  setMastery(input: {concept: $c, state: $s, clientMutationId: "m1"}) {
    clientMutationId clearedId
    masteryEntry { id state concept { id slug } }
    learner { id mastery { nodes { id state } } }
  }
}"""


async def test_set_mastery_returns_the_entry_and_the_learner_list(gql: GraphQLClient) -> None:
    ada = await _learner(gql)
    known = (await gql.data(SET, {"c": "embeddings", "s": "KNOWN"}, headers=ada))["setMastery"]
    assert known["clientMutationId"] == "m1" and known["clearedId"] is None
    entry = known["masteryEntry"]
    assert entry["state"] == "KNOWN" and entry["concept"]["slug"] == "embeddings"
    assert known["learner"]["mastery"]["nodes"] == [{"id": entry["id"], "state": "KNOWN"}]
    me = await gql.data("{ me { id } }", headers=ada)
    assert known["learner"]["id"] == me["me"]["id"]
    cleared = (await gql.data(SET, {"c": "embeddings", "s": None}, headers=ada))["setMastery"]
    assert cleared["masteryEntry"] is None
    assert cleared["clearedId"] == entry["id"]  # what a client evicts
    assert cleared["learner"]["mastery"]["nodes"] == []


async def test_content_mutations_echo_the_client_id_and_return_both_ends(
    gql: GraphQLClient, editor_headers: dict[str, str]
) -> None:
    created = await gql.data(
        """mutation { createConcept(input: {clientMutationId: "c1", slug: "scann",
             domain: "ml-system-design", title: "ScaNN", summary: "Quantized MIPS.",
             difficulty: ADVANCED, estimatedMinutes: 30, prerequisites: ["product-quantization"]})
           { clientMutationId concept { id slug } touched { slug } } }""",
        headers=editor_headers,
    )
    payload = created["createConcept"]
    assert payload["clientMutationId"] == "c1"
    # the prerequisite's `dependents` and the domain's lists changed: both come back
    assert {"slug": "product-quantization"} in payload["touched"]
    assert {"slug": "ml-system-design"} in payload["touched"]
    edge = await gql.data(
        """mutation { addEdge(input: {kind: RELATED_TO, source: "scann", target: "hnsw",
             clientMutationId: "e1"}) {
             clientMutationId source { slug ... on Concept { related { slug } } }
             target { slug ... on Concept { related { slug } } } } }""",
        headers=editor_headers,
    )
    assert edge["addEdge"]["clientMutationId"] == "e1"
    assert {"slug": "hnsw"} in edge["addEdge"]["source"]["related"]
    assert {"slug": "scann"} in edge["addEdge"]["target"]["related"]
    deleted = await gql.data(
        'mutation { deleteNode(input: {slug: "scann"}) { deletedId slug touched { slug } } }',
        headers=editor_headers,
    )
    assert deleted["deleteNode"]["deletedId"] == payload["concept"]["id"]
    assert {"slug": "hnsw"} in deleted["deleteNode"]["touched"]
