"""Faults and abuse against real server processes on one PostgreSQL.

Two API processes (production mode) share a database. Writes through one race
snapshot rebuilds and reads on the other, a third process starts while they
do, learners complete steps concurrently, and bad credentials and bodies
arrive. Whatever happens: no 5xx, no error without a code, and every write
that was acknowledged is there afterwards.
"""

from __future__ import annotations

import asyncio
import base64
from typing import Any

import httpx

from tests.api.test_reliability import server
from tests.conftest import Databases, make_token

PRODUCTION = (
    ("PREPGRAPH_ENV", "production"),
    ("PREPGRAPH_SECRET_KEY", "f" * 32),
    ("PREPGRAPH_SNAPSHOT_CHECK_INTERVAL", "0.05"),  # rebuild as often as writes land
    ("PREPGRAPH_RATE_LIMIT_POINTS", "0"),
)
CREATE = """mutation($slug: String!) { createConcept(input: {slug: $slug,
  domain: "ml-system-design", title: $slug, summary: "A concept written under load.",
  difficulty: BEGINNER, estimatedMinutes: 10, prerequisites: ["embeddings"]}) {
  concept { slug } } }"""
READ = """{ concepts(first: 100) { totalCount edges { node { slug prerequisites { slug } } } }
  hnsw: concept(slug: "hnsw") { title dependents { slug } } }"""


def _problems(response: httpx.Response) -> list[str]:
    """What is wrong with a response from a faulty moment: a 5xx, or an uncoded error."""
    if response.status_code >= 500:
        return [f"{response.status_code}: {response.text[:200]}"]
    if not response.headers.get("content-type", "").startswith("application/json"):
        return []
    body: Any = response.json()
    bodies = body if isinstance(body, list) else [body]
    return [
        f"uncoded error: {error.get('message')}"
        for item in bodies
        if isinstance(item, dict)
        for error in item.get("errors") or ()
        if not (error.get("extensions") or {}).get("code")
    ]


async def test_writes_racing_reads_rebuilds_and_a_start(databases: Databases) -> None:
    url = await databases.fresh("postgresql", "fixture")
    token = await make_token(url, "editor", key="f" * 32)
    editor = {"Authorization": f"Bearer {token}"}
    problems: list[str] = []
    acknowledged: list[str] = []
    with server(url, *PRODUCTION) as writer, server(url, *PRODUCTION) as reader:
        async with httpx.AsyncClient(timeout=30) as client:
            done = asyncio.Event()

            async def write() -> None:
                for index in range(25):
                    slug = f"load-{index}"
                    answer = await client.post(
                        f"{writer}/graphql",
                        json={"query": CREATE, "variables": {"slug": slug}},
                        headers=editor,
                    )
                    problems.extend(_problems(answer))
                    if answer.status_code == 200 and "errors" not in answer.json():
                        acknowledged.append(slug)
                done.set()

            async def read() -> None:
                while not done.is_set():
                    answer = await client.post(f"{reader}/graphql", json={"query": READ})
                    problems.extend(_problems(answer))
                    if answer.status_code == 200:
                        page = answer.json()["data"]["concepts"]["edges"]
                        slugs = {e["node"]["slug"] for e in page}
                        for edge in page:  # a torn snapshot would drop one side of an edge
                            for pre in edge["node"]["prerequisites"]:
                                if pre["slug"] not in slugs:
                                    problems.append(f"edge to a missing node: {pre['slug']}")

            def start_third() -> None:
                with server(url, *PRODUCTION) as third:
                    answer = httpx.post(f"{third}/graphql", json={"query": READ}, timeout=30)
                    problems.extend(_problems(answer))

            await asyncio.gather(write(), read(), read(), asyncio.to_thread(start_third))
            assert acknowledged == [f"load-{i}" for i in range(25)]
            final = await client.post(
                f"{reader}/graphql",
                json={"query": '{ concept(slug: "embeddings") { dependents { slug } } }'},
            )
            # Polled within the check interval at most; each acknowledged write is there.
            for _ in range(100):
                dependents = {d["slug"] for d in final.json()["data"]["concept"]["dependents"]}
                if set(acknowledged) <= dependents:
                    break
                await asyncio.sleep(0.05)
                final = await client.post(
                    f"{reader}/graphql",
                    json={"query": '{ concept(slug: "embeddings") { dependents { slug } } }'},
                )
            assert set(acknowledged) <= dependents
    assert problems == []


async def test_learners_and_attackers_against_two_processes(databases: Databases) -> None:
    url = await databases.fresh("postgresql", "fixture")
    problems: list[str] = []
    with server(url, *PRODUCTION) as first, server(url, *PRODUCTION) as second:
        async with httpx.AsyncClient(timeout=30) as client:
            created = await client.post(
                f"{first}/graphql",
                json={"query": 'mutation { createLearner(input: {name: "Ada"}) { token } }'},
            )
            learner = {
                "Authorization": f"Bearer {created.json()['data']['createLearner']['token']}"
            }
            saved = await client.post(
                f"{first}/graphql",
                json={"query": 'mutation { savePlan(input: {name: "p", plan: {targets: '
                      '["ivf-pq", "hnsw", "point-in-time-correctness"]}}) { savedPlan { id '
                      "plan { steps { node { slug } } } } } }"},
                headers=learner,
            )  # fmt: skip
            plan = saved.json()["data"]["savePlan"]["savedPlan"]
            concepts = [s["node"]["slug"] for s in plan["plan"]["steps"]]

            async def complete(index: int, concept: str) -> None:
                base = (first, second)[index % 2]  # the two processes at once
                answer = await client.post(
                    f"{base}/graphql",
                    json={"query": "mutation($p: ID!, $c: String!) { completeStep(input: "
                          "{plan: $p, concept: $c}) { savedPlan { id } } }",
                          "variables": {"p": plan["id"], "c": concept}},
                    headers=learner,
                )  # fmt: skip
                problems.extend(_problems(answer))
                if "errors" in answer.json():
                    problems.append(f"completeStep {concept}: {answer.json()['errors']}")

            await asyncio.gather(*(complete(i, c) for i, c in enumerate(concepts)))
            me = await client.post(
                f"{second}/graphql",
                json={"query": "{ me { plans { nodes { completed { slug } } } } }"},
                headers=learner,
            )
            plans = me.json()["data"]["me"]["plans"]["nodes"]
            completed = {c["slug"] for c in plans[0]["completed"]}
            assert completed == set(concepts)

            bad_tokens = ["pgr_2147483648_" + "A" * 43, "pgr_²_" + "A" * 43, "Basic x"]
            for value in bad_tokens:
                answer = await client.post(
                    f"{second}/graphql",
                    json={"query": "{ domains { slug } }"},
                    headers={"Authorization": f"Bearer {value}".encode()},
                )
                problems.extend(_problems(answer))
                assert "SELECT" not in answer.text and "Traceback" not in answer.text
            cursor = base64.urlsafe_b64encode(b"[" * 2000 + b"]" * 2000).decode()
            bodies: list[dict[str, Any]] = [
                {"content": b'"text"'},
                {"content": b"[1, 2]"},
                {"content": b'{"query": "\xff"}'},
                {"content": b'{"query": "{ domains { slug } }", "variables": '
                            + b"[" * 3000 + b"]" * 3000 + b"}"},
                {"json": {"query": "query($f: Int) { concepts(first: $f) { totalCount } }",
                          "variables": {"f": "abc"}}},
                {"json": {"query": "query($a: String) { concepts(after: $a) { totalCount } }",
                          "variables": {"a": cursor}}},
                {"json": {"query": '{ studyPlan(input: {targets: ["hnsw"], '
                                   'startDate: "9999-12-31"}) { totalMinutes } }'}},
            ]  # fmt: skip
            for request in bodies:
                headers = {"content-type": "application/json"} if "content" in request else {}
                answer = await client.post(f"{first}/graphql", headers=headers, **request)
                problems.extend(_problems(answer))
    assert problems == []
