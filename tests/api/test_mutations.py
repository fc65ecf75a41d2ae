"""Editor mutations through the real app: validation, conflicts, auth, audit (both backends)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.conftest import GraphQLClient, make_token

CREATE = """mutation($input: CreateConceptInput!) {
  createConcept(input: $input) { concept { slug version prerequisites { slug } domain { slug } } }
}"""
UPDATE = """mutation($input: UpdateConceptInput!) {
  updateConcept(input: $input) { concept { title version } }
}"""
ADD_EDGE = """mutation($input: EdgeInput!) { addEdge(input: $input) { source { slug } } }"""
STATE = """{ concepts(first: 100) { totalCount edges { node { slug title version } } } }"""

NEW = {
    "slug": "scann",
    "domain": "ml-system-design",
    "title": "ScaNN",
    "summary": "Anisotropic quantization for maximum inner product search.",
    "difficulty": "ADVANCED",
    "estimatedMinutes": 40,
    "prerequisites": ["product-quantization"],
}


async def test_create_update_delete_with_audit(
    gql: GraphQLClient, editor_headers: dict[str, str]
) -> None:
    created = await gql.data(CREATE, {"input": NEW}, headers=editor_headers)
    assert created["createConcept"]["concept"] == {
        "slug": "scann",
        "version": 1,
        "prerequisites": [{"slug": "product-quantization"}],
        "domain": {"slug": "ml-system-design"},
    }
    # the read side sees it at once (this process refreshed its snapshot)
    data = await gql.data('{ concept(slug: "product-quantization") { dependents { slug } } }')
    assert {"slug": "scann"} in data["concept"]["dependents"]
    updated = await gql.data(
        UPDATE,
        {"input": {"slug": "scann", "version": 1, "title": "ScaNN (Google)"}},
        headers=editor_headers,
    )
    assert updated["updateConcept"]["concept"] == {"title": "ScaNN (Google)", "version": 2}
    renamed = await gql.data(
        'mutation { renameNode(input: {slug: "scann", newSlug: "scann-index"}) { node { slug } } }',
        headers=editor_headers,
    )
    assert renamed["renameNode"]["node"]["slug"] == "scann-index"
    data = await gql.data('{ concept(slug: "scann-index") { prerequisites { slug } } }')
    assert data["concept"]["prerequisites"] == [{"slug": "product-quantization"}]
    await gql.data(
        'mutation { deleteNode(input: {slug: "scann-index"}) { slug } }', headers=editor_headers
    )
    assert (await gql.data('{ concept(slug: "scann-index") { slug } }'))["concept"] is None
    log = await gql.data(
        "{ auditLog(first: 10) { nodes { actor role action slug } } }", headers=editor_headers
    )
    assert [(e["action"], e["slug"]) for e in log["auditLog"]["nodes"]] == [
        ("delete", "scann-index"),
        ("rename", "scann-index"),
        ("update", "scann"),
        ("create", "scann"),
    ]
    assert {e["actor"] for e in log["auditLog"]["nodes"]} == {"alice"}


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({**NEW, "slug": "Bad Slug"}, "slug"),
        ({**NEW, "slug": "hnsw"}, "already used"),
        ({**NEW, "estimatedMinutes": 0}, "minutes"),
        ({**NEW, "title": ""}, "title"),
        ({**NEW, "domain": "nope"}, "unknown domain 'nope'"),
        ({**NEW, "prerequisites": ["nope-concept"]}, "unknown slug 'nope-concept'"),
        ({**NEW, "prerequisites": ["vector-search-at-scale"]}, "prerequisite edge must join"),
        ({**NEW, "summary": "nul\x00byte"}, "contains the NUL character (U+0000)"),
    ],
    ids=[
        "slug-format",
        "slug-taken",
        "minutes",
        "title",
        "domain",
        "unknown-ref",
        "edge-kind",
        "nul",
    ],
)
async def test_bad_input_changes_nothing(
    gql: GraphQLClient, editor_headers: dict[str, str], variables: dict[str, Any], message: str
) -> None:
    before = await gql.data(STATE)
    code, text, _ = await gql.error(CREATE, {"input": variables}, headers=editor_headers)
    assert code == "BAD_USER_INPUT"
    assert message in text
    assert await gql.data(STATE) == before


async def test_cycle_is_refused_and_named(
    gql: GraphQLClient, editor_headers: dict[str, str]
) -> None:
    before = await gql.data(STATE)
    code, text, _ = await gql.error(
        ADD_EDGE,
        {"input": {"kind": "PREREQUISITE", "source": "hnsw", "target": "embeddings"}},
        headers=editor_headers,
    )
    assert code == "BAD_USER_INPUT"
    cycle = text.split("prerequisite cycle: ")[1]
    assert cycle.split(" -> ")[0] == cycle.split(" -> ")[-1]
    assert {"hnsw", "embeddings"} <= set(cycle.split(" -> "))
    code, text, _ = await gql.error(
        ADD_EDGE,
        {"input": {"kind": "RELATED_TO", "source": "hnsw", "target": "hnsw"}},
        headers=editor_headers,
    )
    assert (code, "self-loop" in text) == ("BAD_USER_INPUT", True)
    assert await gql.data(STATE) == before


async def test_stale_version_is_a_conflict(
    gql: GraphQLClient, editor_headers: dict[str, str]
) -> None:
    await gql.data(
        UPDATE, {"input": {"slug": "hnsw", "version": 1, "title": "A"}}, headers=editor_headers
    )
    code, _, _ = await gql.error(
        UPDATE, {"input": {"slug": "hnsw", "version": 1, "title": "B"}}, headers=editor_headers
    )
    assert code == "CONFLICT"
    data = await gql.data('{ concept(slug: "hnsw") { title version } }')
    assert data["concept"] == {"title": "A", "version": 2}


async def test_concurrent_updates_apply_or_conflict(
    gql: GraphQLClient, editor_headers: dict[str, str]
) -> None:
    async def attempt(i: int) -> str:
        for _ in range(20):
            read = await gql.data('{ concept(slug: "caching") { version } }')
            version = read["concept"]["version"]
            body = await gql(
                UPDATE,
                {"input": {"slug": "caching", "version": version, "summary": f"Edit {i}."}},
                headers=editor_headers,
            )
            if "errors" not in body:
                return "applied"
            assert body["errors"][0]["extensions"]["code"] == "CONFLICT", body
        return "gave-up"

    outcomes = await asyncio.gather(*(attempt(i) for i in range(8)))
    applied = outcomes.count("applied")
    data = await gql.data('{ concept(slug: "caching") { version summary } }')
    assert data["concept"]["version"] == 1 + applied
    assert applied >= 1
    assert data["concept"]["summary"].startswith("Edit ")


async def test_auth_rules(gql: GraphQLClient, seeded_url: str) -> None:
    update = {"input": {"slug": "hnsw", "version": 1, "title": "X"}}
    code, _, _ = await gql.error(UPDATE, update)
    assert code == "UNAUTHENTICATED"
    for token in ("nonsense", "pgr_1_" + "x" * 43):
        code, _, _ = await gql.error(UPDATE, update, headers={"Authorization": f"Bearer {token}"})
        assert code == "UNAUTHENTICATED"
    expired = await make_token(
        seeded_url, "editor", "old", expires_at=datetime.now(UTC) - timedelta(days=1)
    )
    code, _, _ = await gql.error(UPDATE, update, headers={"Authorization": f"Bearer {expired}"})
    assert code == "UNAUTHENTICATED"
    # an unknown slug looks the same as a known one to an outsider
    code, _, _ = await gql.error(
        UPDATE,
        {"input": {**update["input"], "slug": "no-such-node"}},
        headers={"Authorization": "Bearer nope"},
    )
    assert code == "UNAUTHENTICATED"
    assert (await gql.data('{ concept(slug: "hnsw") { title } }'))["concept"]["title"] == "HNSW"


async def test_revoked_token(gql: GraphQLClient, seeded_url: str) -> None:
    from graph.db import create_engine, create_sessionmaker, transaction
    from graph.store.accounts import AccountRepository

    token = await make_token(seeded_url, "editor", "bob")
    headers = {"Authorization": f"Bearer {token}"}
    await gql.data(UPDATE, {"input": {"slug": "hnsw", "version": 1, "title": "Y"}}, headers=headers)
    engine = create_engine(seeded_url)
    try:
        async with transaction(create_sessionmaker(engine), write=True) as session:
            assert await AccountRepository(session).revoke_tokens("bob") == 1
    finally:
        await engine.dispose()
    code, _, _ = await gql.error(
        UPDATE, {"input": {"slug": "hnsw", "version": 2, "title": "Z"}}, headers=headers
    )
    assert code == "UNAUTHENTICATED"


async def test_import_content_is_all_or_nothing(
    gql: GraphQLClient, editor_headers: dict[str, str]
) -> None:
    dump = (await gql.data("{ export(format: JSON) { content } }"))["export"]["content"]
    broken = dump.replace('"title": "HNSW"', '"title": "HNSW v2"').replace(
        '"target": "hnsw"', '"target": "no-such-node"', 1
    )
    before = await gql.data(STATE)
    code, text, _ = await gql.error(
        "mutation($d: String!) { importContent(input: {dump: $d}) { created } }",
        {"d": broken},
        headers=editor_headers,
    )
    assert code == "BAD_USER_INPUT"
    assert "no-such-node" in text
    assert await gql.data(STATE) == before
    fixed = dump.replace('"title": "HNSW"', '"title": "HNSW v2"')
    data = await gql.data(
        "mutation($d: String!) { importContent(input: {dump: $d}) { created updated deleted } }",
        {"d": fixed},
        headers=editor_headers,
    )
    assert data["importContent"] == {"created": 0, "updated": 1, "deleted": 0}
    assert (await gql.data('{ concept(slug: "hnsw") { title } }'))["concept"]["title"] == "HNSW v2"


async def test_domain_with_nodes_cannot_be_deleted(
    gql: GraphQLClient, editor_headers: dict[str, str]
) -> None:
    code, text, _ = await gql.error(
        'mutation { deleteNode(input: {slug: "system-design"}) { slug } }', headers=editor_headers
    )
    assert code == "BAD_USER_INPUT"
    assert "caching" in text and "q-caching-basics" in text


async def test_cursors_survive_inserts(gql: GraphQLClient, editor_headers: dict[str, str]) -> None:
    page = """query($after: String) { concepts(first: 4, after: $after) {
        edges { node { slug } } pageInfo { endCursor hasNextPage } } }"""
    first = (await gql.data(page))["concepts"]
    seen = [e["node"]["slug"] for e in first["edges"]]
    # a concept that sorts before the cursor appears while the client pages
    await gql.data(
        CREATE, {"input": {**NEW, "slug": "aaa", "title": "AAA first"}}, headers=editor_headers
    )
    after = first["pageInfo"]["endCursor"]
    while after:
        rest = (await gql.data(page, {"after": after}))["concepts"]
        seen += [e["node"]["slug"] for e in rest["edges"]]
        after = rest["pageInfo"]["endCursor"] if rest["pageInfo"]["hasNextPage"] else None
    assert len(seen) == len(set(seen)) == 10  # nothing repeated, nothing skipped
    assert "aaa" not in seen
