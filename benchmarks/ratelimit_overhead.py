"""What rate limiting adds to a request: the same operations with it off and on.

Builds a SQLite database with the shipped seeds and two apps on it, identical
but for ``rate_limit_points`` (0: off; 10^9: on, never refusing), both with
the response cache off so every request executes. Posts a one-field query and
a 100-concept page to each, in turns, through the ASGI interface (no HTTP
client library timed), and prints p50/p99 and the ratio on/off. The usage is
shared with the database once a second in the background, as in production.

    python benchmarks/ratelimit_overhead.py [--runs 2000]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import tempfile
from collections.abc import Awaitable, Callable
from typing import Any

from plan_graphql import asgi_post, interleaved, pct, seeded_database

from api.app import create_app
from api.settings import Settings

QUERIES = {
    "one field": "{ domains { slug } }",
    "100-concept page": "{ concepts(first: 100) { edges { node { slug title difficulty } } } }",
}


async def main(runs: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        url = await seeded_database(tmp)
        common: dict[str, Any] = {"database_url": url, "response_cache_mb": 0}
        off = create_app(Settings(**common, rate_limit_points=0, log_level="WARNING"))
        on = create_app(Settings(**common, rate_limit_points=10**9, log_level="WARNING"))
        async with off.router.lifespan_context(off), on.router.lifespan_context(on):

            def post(app: Any, query: str) -> Callable[[], Awaitable[object]]:
                body = json.dumps({"query": query}).encode()

                async def run() -> object:
                    status, answer = await asgi_post(app, body)
                    assert status == 200 and b'"errors"' not in answer, answer[:200]
                    return answer

                return run

            cases = [
                (name, post(app, query)) for name, query in QUERIES.items() for app in (off, on)
            ]
            timings = await interleaved([run for _, run in cases], runs)

    print(f"{runs} requests of each, in turns")
    print("| operation | rate limit | p50 ms | p99 ms | p50 on / off |")
    print("|---|---|---|---|---|")
    for index, name in enumerate(QUERIES):
        off_samples, on_samples = timings[2 * index], timings[2 * index + 1]
        base = statistics.median(off_samples)
        for label, samples in (("off", off_samples), ("on", on_samples)):
            p50 = statistics.median(samples)
            print(f"| {name} | {label} | {p50:.3f} | {pct(samples, 0.99):.3f} | {p50 / base:.2f} |")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=2000)
    asyncio.run(main(parser.parse_args().runs))
