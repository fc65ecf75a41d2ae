"""Where one uncached GraphQL request spends its time, inside the server.

Drives the real ASGI app directly (no HTTP client, no sockets: only the server's own
work is measured) over a seeded SQLite database with the response cache off, for three
reads: one concept with its prerequisites, a page of 100 concepts with their
prerequisites, and a study plan. For each it prints the server-side milliseconds per
request (median of ``--rounds`` timed rounds) twice, with compiled execution plans and
with graphql-core's own execution (``--reference`` shows only the latter), and then a
cProfile breakdown: the share of the request spent in the framework layers
(Starlette/FastAPI and PrepGraph's middleware), the GraphQL pipeline around execution
(`api.graphql.pipeline`: prepared documents, limits, token, rate limit, errors, logging),
the cost walk, execution itself and writing the JSON response.

Run ``python benchmarks/profile_request.py`` (``--quick`` for fewer requests). It seeds
a temporary database with ``seeds/`` first.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import importlib
import json
import pstats
import statistics
import sys
import tempfile
import time
from typing import Any

from fastapi import FastAPI
from plan_graphql import asgi_post, seeded_database

from api.app import create_app
from api.graphql import limits
from api.graphql.execution import LeafFastPathExecutionContext
from api.graphql.pipeline import Pipeline
from api.http.graphql import GraphQLEndpoint
from api.settings import Settings

READS = {
    "one concept + prerequisites": (
        '{ concept(slug: "hnsw") { slug title prerequisites { slug title } } }'
    ),
    "100 concepts + prerequisite slugs": (
        "{ concepts(first: 100) { edges { node { slug prerequisites { slug } } } } }"
    ),
    "study plan (recommender case, ~50 steps)": (
        '{ studyPlan(input: {targets: ["recommender-system-design"], minutesPerDay: 90}) '
        "{ totalMinutes steps { position minutes reason node { slug title } "
        "articles { slug } prompts { slug } } days { day minutes } } }"
    ),
}

# (label, function): cumulative time of these functions per request.
BUCKETS: list[tuple[str, Any]] = [
    ("whole request", FastAPI.__call__),
    ("GraphQL endpoint", GraphQLEndpoint.__call__),
    ("GraphQL pipeline", Pipeline.execute),
    ("cost walk", limits.check_query),
    ("execution", importlib.import_module("graphql.execution.execute").execute),
    ("JSON response", GraphQLEndpoint._respond),
]


class _Driver:
    """POSTs one query to the ASGI app; `check` also reads the answer."""

    def __init__(self, app: Any, query: str) -> None:
        self.app = app
        self.body = json.dumps({"query": query}).encode()

    async def once(self) -> None:
        await asgi_post(self.app, self.body)

    async def check(self) -> None:
        status, raw = await asgi_post(self.app, self.body)
        answer = json.loads(raw)
        if status != 200 or answer.get("errors"):
            raise SystemExit(f"the read failed: {status} {answer}")


async def _time(driver: _Driver, requests: int, rounds: int) -> float:
    per_round = []
    for _ in range(rounds):
        started = time.perf_counter()
        for _ in range(requests):
            await driver.once()
        per_round.append((time.perf_counter() - started) / requests * 1000)
    return statistics.median(per_round)


async def _profile(driver: _Driver, requests: int) -> dict[str, float]:
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(requests):
        await driver.once()
    profile.disable()
    stats = pstats.Stats(profile).stats  # type: ignore[attr-defined]
    shares: dict[str, float] = {}
    for label, function in BUCKETS:
        code = function.__code__
        key = (code.co_filename, code.co_firstlineno, code.co_name)
        shares[label] = stats[key][3] if key in stats else 0.0
    return shares


async def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer requests per round")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    scale = 0.2 if args.quick else 1.0
    with tempfile.TemporaryDirectory() as folder:
        url = await seeded_database(folder)
        settings = Settings(
            database_url=url,
            response_cache_mb=0,
            rate_limit_points=0,
            env="production",
            secret_key="b" * 32,
            log_level="WARNING",
        )
        app = create_app(settings)
        rows = []
        breakdowns = []
        async with app.router.lifespan_context(app):
            for label, query in READS.items():
                driver = _Driver(app, query)
                requests = max(20, int((2000 if "one" in label else 300) * scale))
                timings = {}
                for compiled in (False, True):
                    LeafFastPathExecutionContext.compiled = compiled
                    await driver.check()
                    for _ in range(20):
                        await driver.once()
                    timings[compiled] = await _time(driver, requests, args.rounds)
                    print(f"  {label}, compiled={compiled}: done", file=sys.stderr)
                rows.append((label, timings[False], timings[True]))
                for compiled in (False, True):
                    LeafFastPathExecutionContext.compiled = compiled
                    shares = await _profile(driver, max(20, requests // 4))
                    breakdowns.append((label, compiled, shares))
        LeafFastPathExecutionContext.compiled = True

    print("| read | graphql-core execution, ms | compiled plans, ms | speed-up |")
    print("|---|---:|---:|---:|")
    for label, reference, compiled_ms in rows:
        print(f"| {label} | {reference:.2f} | {compiled_ms:.2f} | {reference / compiled_ms:.2f} |")
    print()
    names = [label for label, _ in BUCKETS[1:]]
    print("| read | executor | " + " | ".join(names) + " | framework layers |")
    print("|---|---|" + "---:|" * (len(names) + 1))
    for label, compiled, shares in breakdowns:
        whole = shares["whole request"] or 1.0
        cells = [f"{shares[name] / whole:.0%}" for name in names]
        framework = 1 - shares["GraphQL endpoint"] / whole
        executor = "compiled" if compiled else "graphql-core"
        print(f"| {label} | {executor} | " + " | ".join(cells) + f" | {framework:.0%} |")
    print()
    print(
        "Shares are of the whole request's cumulative time under cProfile (which inflates "
        "Python-level calls); the endpoint includes the pipeline, which includes the cost "
        "walk and execution."
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main(sys.argv[1:])))
