"""Study-plan latency through GraphQL versus calling the algorithm directly.

Builds a SQLite database with the shipped seeds and times, in one process and
on one snapshot, four plans a client asks for:

- a closure of about 50 concepts, without and with a deadline that forces
  the plan to cut (practice, reading, reviews, skims, then targets);
- the whole ML system design domain (about 190 steps), without and with a
  deadline that forces cuts.

Each plan is timed three ways:

- ``algorithm``: ``graph.algorithms.study_plan`` on the snapshot graph;
- ``GraphQL execute``: the app's pipeline (`api.graphql.pipeline`) running the
  ``studyPlan`` query (prepared document, limits, argument coercion, the
  resolver with its input checks, mapping to GraphQL types, field execution);
- ``ASGI app``: the same query posted to the real ASGI app (middleware,
  routing, JSON in and out), called as an ASGI server calls it, so no HTTP
  client library is timed; ``make benchmark`` has wrk figures for real sockets.

The selection is what a study app shows (steps with their reasons, roles and
materials, days with their slots, the cuts and the mock interview); for the
first plan a lean one (steps and days) and the smallest (``totalMinutes``)
are timed too, which separates the fixed per-operation cost from the
per-field cost. Prints p50/p99
and the ratios to the algorithm.

    python benchmarks/plan_graphql.py [--runs 300]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from api.app import create_app
from api.graphql.context import Context
from api.settings import Settings
from graph import migrate
from graph.algorithms import study_plan
from graph.content.service import DEFAULT_SEEDS, load_content, seed
from graph.db import create_engine, create_sessionmaker

TARGETS = ["llm-serving", "two-tower-model", "cuped", "ivf-pq", "fraud-detection"]
START = "2027-01-04"
SCENARIOS: list[tuple[str, dict[str, Any], int]] = [
    # name, input, minutes per day for the direct call; deadlines count START as day 1
    ("~50 concepts", {"targets": TARGETS, "minutesPerDay": 90}, 90),
    (
        "~50 concepts, 10-day deadline",
        {"targets": TARGETS, "minutesPerDay": 60, "deadline": "2027-01-13"},
        60,
    ),
    ("whole ML domain", {"targets": ["ml-system-design"], "minutesPerDay": 90}, 90),
    (
        "whole ML domain, 60-day deadline",
        {"targets": ["ml-system-design"], "minutesPerDay": 60, "deadline": "2027-03-04"},
        60,
    ),
]

FULL = """query($input: StudyPlanInput!) { studyPlan(input: $input) {
  totalMinutes fitsDeadline minutesPerDayNeeded spacedReviews
  steps { position node { slug title } minutes day lastDay reason role mode
          materials { node { slug title } minutes day } }
  days { day minutes slots { node { slug title } minutes activity part parts }
         reviewedConcepts { slug } }
  cuts { kind node { slug } minutes reason }
  mockInterview { day minutes }
} }"""
STEPS = """query($input: StudyPlanInput!) { studyPlan(input: $input) {
  totalMinutes steps { position node { slug title } minutes day reason } days { day minutes }
} }"""
SMALL = """query($input: StudyPlanInput!) { studyPlan(input: $input) { totalMinutes } }"""


def count_fields(data: Any) -> int:
    """Number of fields in a response (what graphql-core executes)."""
    if isinstance(data, dict):
        return sum(1 + count_fields(value) for value in data.values())
    if isinstance(data, list):
        return sum(count_fields(item) for item in data)
    return 0


async def asgi_post(app: Any, body: bytes) -> tuple[int, bytes]:
    """POST /graphql straight into the ASGI app, the way uvicorn hands it a request."""
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/graphql",
        "raw_path": b"/graphql",
        "query_string": b"",
        "root_path": "",
        "headers": [
            (b"host", b"bench"),
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
        ],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
    }
    delivered = False
    status = 0
    chunks: list[bytes] = []

    async def receive() -> dict[str, Any]:
        nonlocal delivered
        if not delivered:
            delivered = True
            return {"type": "http.request", "body": body, "more_body": False}
        await asyncio.Future()  # the client never disconnects
        raise AssertionError

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    await app(scope, receive, send)
    return status, b"".join(chunks)


async def interleaved(cases: list[Callable[[], Awaitable[object]]], runs: int) -> list[list[float]]:
    """Milliseconds per call for each case, taking turns so that noise hits all alike."""
    for run in cases:
        for _ in range(min(50, runs)):
            await run()
    samples: list[list[float]] = [[] for _ in cases]
    for _ in range(runs):
        for run, into in zip(cases, samples, strict=True):
            started = time.perf_counter()
            await run()
            into.append((time.perf_counter() - started) * 1000)
    return samples


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def seeded_database(folder: str) -> str:
    """A SQLite database in `folder`, built by the migrations and holding the shipped seeds."""
    url = f"sqlite+aiosqlite:///{Path(folder) / 'bench.db'}"
    await migrate.upgrade(url)
    engine = create_engine(url)
    await seed(create_sessionmaker(engine), load_content(DEFAULT_SEEDS))
    await engine.dispose()
    return url


async def main(runs: int) -> None:
    results: list[tuple[str, int, list[tuple[str, int | None, list[float]]]]] = []
    with tempfile.TemporaryDirectory() as tmp:
        url = await seeded_database(tmp)
        # no response cache: every request plans again; no rate limit (measured apart)
        app = create_app(
            Settings(
                database_url=url, response_cache_mb=0, rate_limit_points=0, log_level="WARNING"
            )
        )
        async with app.router.lifespan_context(app):
            state = app.state
            snapshot = await state.snapshots.get()
            graph = snapshot.graph
            gc.collect()
            gc.freeze()

            def execute(query: str, variables: dict[str, Any]) -> Callable[[], Awaitable[object]]:
                async def run() -> object:
                    context = Context(
                        snapshot=await state.snapshots.get(),
                        snapshots=state.snapshots,
                        sessionmaker=state.sessionmaker,
                        settings=state.settings,
                    )
                    result = await state.pipeline.execute(
                        query, context=context, variables=variables
                    )
                    assert not result.errors, result.errors
                    return result.data

                return run

            def post(query: str, variables: dict[str, Any]) -> Callable[[], Awaitable[object]]:
                body = json.dumps({"query": query, "variables": variables}).encode()

                async def run() -> object:
                    status, answer = await asgi_post(app, body)
                    assert status == 200 and b'"errors"' not in answer, answer[:200]
                    return answer

                return run

            for index, (scenario, plan_input, minutes) in enumerate(SCENARIOS):
                variables = {"input": {**plan_input, "startDate": START}}
                data: Any = await execute(FULL, variables)()
                steps = len(data["studyPlan"]["steps"])
                days = len(data["studyPlan"]["days"])
                max_days = days if "deadline" in plan_input else None

                async def direct(
                    targets: list[str] = plan_input["targets"],
                    minutes: int = minutes,
                    max_days: int | None = max_days,
                ) -> None:
                    study_plan(graph, targets, minutes_per_day=minutes, max_days=max_days)

                selections = [("study-app selection", FULL)] + (
                    [("steps and days", STEPS), ("totalMinutes only", SMALL)] if index == 0 else []
                )
                cases: list[tuple[str, int | None, Callable[[], Awaitable[object]]]] = [
                    ("algorithm (direct)", None, direct)
                ]
                for name, query in selections:
                    fields = count_fields(await execute(query, variables)())
                    cases.append((f"GraphQL execute, {name}", fields, execute(query, variables)))
                    cases.append((f"ASGI app, {name}", fields, post(query, variables)))
                # the whole domain is about ten times the work: fewer runs
                n = runs if steps < 100 else max(20, runs // 5)
                timings = await interleaved([run for _, _, run in cases], n)
                rows = [(name, f, t) for (name, f, _), t in zip(cases, timings, strict=True)]
                results.append((f"{scenario}: {steps} steps over {days} days", n, rows))
            gc.unfreeze()

    for title, n, rows in results:
        base = statistics.median(rows[0][2])
        print(f"\n{title} ({n} runs of each path, in turns)")
        print("| path | fields | p50 ms | p99 ms | p50 / algorithm |")
        print("|---|---|---|---|---|")
        for name, count, samples in rows:
            p50 = statistics.median(samples)
            print(
                f"| {name} | {count if count is not None else '-'} | {p50:.2f} "
                f"| {pct(samples, 0.99):.2f} | {p50 / base:.2f} |"
            )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=300)
    asyncio.run(main(parser.parse_args().runs))
