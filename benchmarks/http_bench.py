"""Read throughput of the real server, measured with wrk.

Builds a fresh database holding the shipped seeds/ (a SQLite file in a
temporary folder, or a throwaway PostgreSQL cluster with ``--postgres``),
starts ``uvicorn --factory api.app:app_from_env`` on a free loopback port,
waits for /healthz, checks every scenario once (data, no errors), then runs
wrk against each scenario: a short warm-up, then the measured run. wrk and
the server share the machine, so on 2 cores ``-t1 -c32`` leaves one core to
a one-worker server. The server is stopped in every case.

Every scenario repeats one request, so with the response cache on the
warm-up fills it and the measured run shows the hit path; ``--no-cache``
shows what a request costs when it runs. Before each measured run the script
waits (``--wait``) for the machine to be idle, and the table reports the
share of CPU that processes other than wrk, the server and its database took
during the run: figures taken beside a busy neighbour are not comparable.
``--repeat 3`` keeps the median of three runs; ``--learner`` sends a learner's
token with every request, as a study app does.

Run ``python benchmarks/http_bench.py`` (SQLite), ``--postgres``, or
``--both``; ``--workers 1,2`` tries both worker counts, ``--no-cache`` turns
the response cache off, ``--baseline`` serves with the pure-Python asyncio
loop, h11 and the access log (uvicorn's slowest settings). Needs ``wrk``
(``apt-get install wrk``) and Linux (/proc).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parent.parent

SCENARIOS = {
    "concept": """{ concept(slug: "hnsw") { slug title
  prerequisites(depth: 2) { slug title } articles { slug title } prompts { slug title } } }""",
    "concepts100": "{ concepts(first: 100) { nodes { slug title prerequisites { slug } } } }",
    "search": '{ search(query: "feature store") { edges { score node { slug title } } } }',
}

LUA = """wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = [==[{body}]==]
"""
LUA_TOKEN = 'wrk.headers["Authorization"] = "Bearer {token}"\n'


@dataclass
class Result:
    scenario: str
    backend: str
    config: str
    workers: int
    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    bad: int  # non-2xx responses plus socket errors
    other_cpu: float  # share of the machine used by processes other than wrk and the server


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def _migrate_and_seed(url: str) -> None:
    from graph import migrate
    from graph.content.service import DEFAULT_SEEDS, load_content, seed
    from graph.db import create_engine, create_sessionmaker

    await migrate.upgrade(url)
    engine = create_engine(url)
    try:
        await seed(create_sessionmaker(engine), load_content(DEFAULT_SEEDS))
    finally:
        await engine.dispose()


@contextmanager
def database(backend: str) -> Iterator[tuple[str, set[int]]]:
    """A migrated database holding the default seeds, and the pid of its server if any."""
    if backend == "sqlite":
        with tempfile.TemporaryDirectory(prefix="prepgraph-bench-") as tmp:
            url = f"sqlite+aiosqlite:///{tmp}/bench.db"
            asyncio.run(_migrate_and_seed(url))
            yield url, set()
        return
    sys.path.insert(0, str(ROOT))  # tests/ is not an installed package
    from tests.pgcluster import start_cluster

    cluster = start_cluster()
    try:
        asyncio.run(_migrate_and_seed(cluster.url))
        postmaster = int((cluster.datadir / "postmaster.pid").read_text().split()[0])
        yield cluster.url, {postmaster}
    finally:
        cluster.stop()


def _get(url: str, timeout: float = 2.0) -> int:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return int(response.status)


@contextmanager
def server(url: str, workers: int, options: argparse.Namespace) -> Iterator[tuple[str, int]]:
    """The real server in its own process group; yields its base URL and group id."""
    port = free_port()
    uvicorn = Path(sys.executable).parent / "uvicorn"
    command = [str(uvicorn), "--factory", "api.app:app_from_env"]
    command += ["--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)]
    if options.baseline:
        command += ["--loop", "asyncio", "--http", "h11"]
    if options.baseline or options.access_log:
        command += ["--log-level", "info"]  # uvicorn logs each request at INFO
    else:
        command += ["--log-level", "warning", "--no-access-log"]
    env = {
        **os.environ,
        "PREPGRAPH_DATABASE_URL": url,
        "PREPGRAPH_RATE_LIMIT_POINTS": "0",  # throughput, not a caller's budget
        **dict(options.env),
    }
    if options.no_cache:
        env["PREPGRAPH_RESPONSE_CACHE_MB"] = "0"
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            base = f"http://127.0.0.1:{port}"
            wait_until_healthy(process, base, log)
            yield base, process.pid
        finally:
            stop(process)


def wait_until_healthy(process: subprocess.Popen[bytes], base: str, log: IO[bytes]) -> None:
    deadline = time.monotonic() + 60
    while True:
        if process.poll() is not None:
            log.seek(0)
            raise RuntimeError(f"server exited ({process.returncode}):\n{log.read().decode()}")
        with suppress(OSError):
            if _get(base + "/healthz") == 200:
                return
        if time.monotonic() > deadline:
            raise RuntimeError("server did not answer /healthz within 60 s")
        time.sleep(0.2)


def stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM (uvicorn stops its workers), then SIGKILL the group if it lingers."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        with suppress(subprocess.TimeoutExpired):
            process.wait(timeout=15)
    with suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)  # the group we created; workers included
    process.wait()


def check(base: str, body: bytes, token: str | None = None) -> int:
    """One request: fail loudly unless it returns data without errors; the body size."""
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(base + "/graphql", data=body, headers=headers)
    with urllib.request.urlopen(request, timeout=30) as response:
        raw = response.read()
    payload = json.loads(raw)
    if payload.get("errors") or not payload.get("data"):
        raise RuntimeError(f"scenario fails: {payload}")
    return len(raw)


def learner_token(base: str) -> str:
    """A fresh learner's token, as a study app would hold one."""
    body = json.dumps({"query": 'mutation { createLearner(input: {name: "bench"}) { token } }'})
    request = urllib.request.Request(
        base + "/graphql", data=body.encode(), headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return str(json.loads(response.read())["data"]["createLearner"]["token"])


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", value).groups()  # type: ignore[union-attr]
    return float(number) * _UNITS[unit]


def parse_wrk(output: str) -> tuple[float, float, float, int, int]:
    """requests/s, p50 ms, p99 ms, requests, bad responses from ``wrk --latency``."""
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]
    p50 = _ms(re.search(r"^\s+50%\s+(\S+)", output, re.M).group(1))  # type: ignore[union-attr]
    p99 = _ms(re.search(r"^\s+99%\s+(\S+)", output, re.M).group(1))  # type: ignore[union-attr]
    requests = int(re.search(r"(\d+) requests in", output).group(1))  # type: ignore[union-attr]
    bad = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", output))
    errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    bad += sum(int(n) for n in errors.groups()) if errors else 0
    return rps, p50, p99, requests, bad


def wrk(url: str, script: Path, *, duration: int, threads: int, connections: int) -> str:
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency"]
    command += ["--timeout", "10s", "-s", str(script), url]
    done = subprocess.run(command, capture_output=True, text=True, timeout=duration + 60)
    if done.returncode != 0:
        raise RuntimeError(f"wrk failed: {done.stderr or done.stdout}")
    return done.stdout


def config_label(options: argparse.Namespace) -> str:
    parts = ["asyncio+h11" if options.baseline else "uvloop+httptools"]
    parts += ["access log"] if options.baseline or options.access_log else []
    parts.append("no cache" if options.no_cache else "cache")
    parts += ["learner token"] if options.learner else []
    parts += [f"{key}={value}" for key, value in options.env]
    return options.label or ", ".join(parts)


def machine_ticks() -> tuple[int, int]:
    """Busy and total CPU clock ticks of the whole machine so far (/proc/stat)."""
    first = Path("/proc/stat").read_text().split("\n", 1)[0]
    user, nice, system, idle, iowait, irq, softirq, steal = map(int, first.split()[1:9])
    busy = user + nice + system + irq + softirq + steal
    return busy, busy + idle + iowait


def tracked_ticks(groups: set[int], parents: set[int]) -> int:
    """CPU ticks used so far by live processes in `groups` or that are or descend from `parents`.

    PostgreSQL backends start their own sessions, so the database is tracked by parent.
    """
    ticks = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process ended meanwhile
            continue
        pid, ppid, pgrp = int(stat.parent.name), int(fields[1]), int(fields[2])
        if pgrp in groups or pid in parents or ppid in parents:
            ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks


def children_ticks() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (usage.ru_utime + usage.ru_stime) * os.sysconf("SC_CLK_TCK")


def wait_for_quiet(limit: float, threshold: float = 0.15) -> None:
    """Wait up to `limit` seconds for the machine to be mostly idle; other users skew figures."""
    deadline = time.monotonic() + limit
    while True:
        busy, total = machine_ticks()
        time.sleep(1)
        busy2, total2 = machine_ticks()
        share = (busy2 - busy) / max(1, total2 - total)
        if share < threshold or time.monotonic() > deadline:
            return
        print(f"  machine {share:.0%} busy, waiting", file=sys.stderr, flush=True)


def run_scenario(
    base: str, groups: set[int], parents: set[int], script: Path, options: argparse.Namespace
) -> tuple[float, float, float, int, int, float]:
    """Warm up, then measure ``--repeat`` times and keep the median run by requests/s.

    The last figure is the share of the machine that processes other than wrk,
    the server and its database used during that run.
    """
    run = {"threads": options.threads, "connections": options.connections}
    wrk(base + "/graphql", script, duration=options.warmup, **run)
    runs = []
    for _ in range(options.repeat):
        wait_for_quiet(options.wait)
        before = machine_ticks(), tracked_ticks(groups, parents), children_ticks()
        output = wrk(base + "/graphql", script, duration=options.duration, **run)
        after = machine_ticks(), tracked_ticks(groups, parents), children_ticks()
        ours = (after[1] - before[1]) + (after[2] - before[2])
        others = (after[0][0] - before[0][0]) - ours
        share = max(0.0, others / max(1, after[0][1] - before[0][1]))
        runs.append((*parse_wrk(output), share))
    runs.sort(key=lambda figures: figures[0])
    if len(runs) > 1:
        spread = ", ".join(f"{figures[0]:,.0f}" for figures in runs)
        print(f"  requests/s of {len(runs)} runs: {spread}", file=sys.stderr, flush=True)
    return runs[len(runs) // 2]


def measure(backend: str, options: argparse.Namespace) -> list[Result]:
    results = []
    with ExitStack() as stack:
        url, database_pids = stack.enter_context(database(backend))
        scripts = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="prepgraph-wrk-")))
        for workers in options.workers:
            with server(url, workers, options) as (base, pgid):
                token = learner_token(base) if options.learner else None
                for name in options.scenarios:
                    body = json.dumps({"query": SCENARIOS[name]})
                    script = scripts / f"{name}.lua"
                    lua = LUA.format(body=body)
                    script.write_text(lua + (LUA_TOKEN.format(token=token) if token else ""))
                    size = check(base, body.encode(), token)
                    figures = run_scenario(base, {pgid}, database_pids, script, options)
                    result = Result(name, backend, config_label(options), workers, *figures)
                    results.append(result)
                    print(
                        f"  {name} {backend} w{workers}: {result.rps:,.0f} req/s, "
                        f"p50 {result.p50_ms:.2f} ms, p99 {result.p99_ms:.2f} ms, "
                        f"others {result.other_cpu:.0%} CPU ({size:,} B response)",
                        file=sys.stderr,
                        flush=True,
                    )
    return results


def print_table(results: list[Result]) -> None:
    header = (
        *("scenario", "backend", "config", "workers"),
        *("requests/s", "p50 ms", "p99 ms", "others' CPU"),
    )
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for r in results:
        flag = f" ({r.bad} bad)" if r.bad else ""
        print(
            f"| {r.scenario} | {r.backend} | {r.config} | {r.workers} | {r.rps:,.0f}{flag} "
            f"| {r.p50_ms:.2f} | {r.p99_ms:.2f} | {r.other_cpu:.0%} |"
        )


def _env_pair(text: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep:
        raise argparse.ArgumentTypeError(f"expected KEY=VALUE, got {text!r}")
    return key, value


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    backend = parser.add_mutually_exclusive_group()
    backend.add_argument("--postgres", action="store_true", help="PostgreSQL instead of SQLite")
    backend.add_argument("--both", action="store_true", help="SQLite, then PostgreSQL")
    parser.add_argument("--duration", type=int, default=10, help="seconds per measured run")
    parser.add_argument("--warmup", type=int, default=2, help="seconds of warm-up per run")
    parser.add_argument(
        "--repeat", type=int, default=1, help="measured runs per scenario; the median is kept"
    )
    parser.add_argument("--connections", type=int, default=32, help="wrk connections")
    parser.add_argument("--threads", type=int, default=1, help="wrk threads")
    parser.add_argument(
        "--workers",
        type=lambda s: [int(n) for n in s.split(",")],
        default=[1],
        help="server worker counts, comma-separated (e.g. 1,2)",
    )
    parser.add_argument(
        "--scenarios",
        type=lambda s: s.split(","),
        default=list(SCENARIOS),
        help=f"comma-separated subset of {','.join(SCENARIOS)}",
    )
    parser.add_argument("--no-cache", action="store_true", help="turn the response cache off")
    parser.add_argument(
        "--learner", action="store_true", help="send a learner's token with every request"
    )
    parser.add_argument(
        "--baseline", action="store_true", help="asyncio loop, h11 and the access log"
    )
    parser.add_argument("--access-log", action="store_true", help="keep uvicorn's access log")
    parser.add_argument(
        "--env", type=_env_pair, action="append", default=[], help="KEY=VALUE for the server"
    )
    parser.add_argument(
        "--wait",
        type=float,
        default=120,
        help="seconds to wait for an idle machine before each run (others' CPU is reported)",
    )
    parser.add_argument("--label", help="config column text (default: derived from options)")
    options = parser.parse_args(argv)
    unknown = set(options.scenarios) - set(SCENARIOS)
    if unknown:
        parser.error(f"unknown scenarios: {', '.join(sorted(unknown))}")
    if shutil.which("wrk") is None:
        parser.error("wrk is not installed (apt-get install wrk)")
    return options


def main(argv: list[str]) -> int:
    options = parse_args(argv)
    backends = ["sqlite", "postgresql"] if options.both else []
    backends = backends or (["postgresql"] if options.postgres else ["sqlite"])
    results = []
    for backend in backends:
        results += measure(backend, options)
    print_table(results)
    bad = sum(r.bad for r in results)
    if bad:
        print(f"\n{bad} failed responses: the figures above are not valid", file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
