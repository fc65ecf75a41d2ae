"""Run every benchmark and print their tables (``make benchmark``).

Each benchmark runs in its own process, one after the other, so that neither
measures the other's garbage: ``http_bench.py`` (read throughput of the real
server with wrk, SQLite and PostgreSQL, 1 and 2 workers), ``plan_direct.py``
(study-plan latency on synthetic graphs), ``plan_graphql.py`` (study plans
through GraphQL against the algorithm alone), ``ratelimit_overhead.py``
(requests with rate limiting off and on) and ``profile_request.py`` (where one
uncached request spends its time, with and without compiled execution plans).
``peer.py`` (against PostGraphile 4 and 5) is run on its own: it installs the peers
with npm on first use. Progress goes to stderr; the tables
are printed together at the end.

Run ``python benchmarks/run.py`` (``--quick`` for short runs); arguments after
``--`` go to http_bench.py, e.g. ``-- --no-cache --scenarios concept``.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def run(script: str, args: list[str]) -> tuple[str, int]:
    print(f"== {script} {' '.join(args)}", file=sys.stderr, flush=True)
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, str(HERE / script), *args],
        cwd=HERE.parent,
        stdout=subprocess.PIPE,
        text=True,
        check=False,
    )
    print(f"   {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    return done.stdout, done.returncode


def main(argv: list[str]) -> int:
    extra = argv[argv.index("--") + 1 :] if "--" in argv else []
    quick = "--quick" in argv[: len(argv) - len(extra)]
    http_args = ["--both", "--workers", "1,2"]
    if quick:
        http_args += ["--duration", "3", "--warmup", "1"]
    plan_args = ["--quick"] if quick else []
    results = [
        ("HTTP reads (wrk)", *run("http_bench.py", http_args + extra)),
        ("Study plans on the graph", *run("plan_direct.py", plan_args)),
        (
            "Study plans through GraphQL",
            *run("plan_graphql.py", ["--runs", "60" if quick else "300"]),
        ),
        (
            "Rate limiting overhead",
            *run("ratelimit_overhead.py", ["--runs", "300" if quick else "2000"]),
        ),
        ("Where a request's time goes", *run("profile_request.py", plan_args)),
    ]
    failed = 0
    for title, table, code in results:
        print(f"\n## {title}\n\n{table.rstrip()}")
        if code:
            print(f"\n(exit status {code})")
            failed += 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
