"""Study-plan latency through GraphQL versus calling the algorithm directly.

Builds a SQLite database with the shipped seeds, picks targets whose closure
is about 50 concepts, and times (a) ``graph.algorithms.study_plan`` on the
snapshot graph and (b) the ``studyPlan`` query through the real ASGI app
(in-process, httpx ASGITransport: no network, no server). Prints p50/p99 and
the overhead of the GraphQL layer.

    python benchmarks/plan_graphql.py [--runs 300]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path

import httpx

from api.app import create_app
from api.settings import Settings
from graph import migrate
from graph.algorithms import prerequisite_closure, study_plan
from graph.content.service import DEFAULT_SEEDS, load_content, seed
from graph.db import create_engine, create_sessionmaker

QUERY = """query($t: [String!]!) { studyPlan(input: {targets: $t, minutesPerDay: 90}) {
  totalMinutes steps { position node { slug title } minutes day reason } days { day minutes }
} }"""


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def main(runs: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}"
        await migrate.upgrade(url)
        engine = create_engine(url)
        await seed(create_sessionmaker(engine), load_content(DEFAULT_SEEDS))
        await engine.dispose()
        # no response cache: every request plans again
        app = create_app(Settings(database_url=url, response_cache_mb=0, log_level="WARNING"))
        async with app.router.lifespan_context(app):
            graph = app.state.snapshots.current.graph
            targets = ["llm-serving", "two-tower-model", "cuped", "ivf-pq", "fraud-detection"]
            closure = len(prerequisite_closure(graph, targets).concepts)
            direct = []
            for _ in range(runs):
                started = time.perf_counter()
                study_plan(graph, targets, minutes_per_day=90)
                direct.append((time.perf_counter() - started) * 1000)
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
                through = []
                for _ in range(runs):
                    started = time.perf_counter()
                    response = await client.post(
                        "/graphql", json={"query": QUERY, "variables": {"t": targets}}
                    )
                    through.append((time.perf_counter() - started) * 1000)
                    assert "errors" not in response.json()
    d50, g50 = statistics.median(direct), statistics.median(through)
    print(f"closure: {closure} concepts, {runs} runs")
    print(f"{'path':<28}{'p50 ms':>10}{'p99 ms':>10}")
    print(f"{'algorithm (direct)':<28}{d50:>10.2f}{pct(direct, 0.99):>10.2f}")
    print(f"{'GraphQL (in-process)':<28}{g50:>10.2f}{pct(through, 0.99):>10.2f}")
    print(
        f"GraphQL layer adds {g50 - d50:.2f} ms at p50 ({(g50 / d50 - 1) * 100:.0f}% over direct)"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=300)
    asyncio.run(main(parser.parse_args().runs))
