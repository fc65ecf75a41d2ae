"""Several processes on one database, and a crash in the middle of an import."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest

from graph.content.service import DEFAULT_SEEDS, load_content
from graph.db import create_engine, create_sessionmaker
from graph.store.content import ContentRepository
from tests.conftest import Databases, make_token

CHECK_INTERVAL = 0.5


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def server(url: str, *settings: tuple[str, str]) -> Iterator[str]:
    port = _free_port()
    env = {
        **os.environ,
        "PREPGRAPH_DATABASE_URL": url,
        "PREPGRAPH_SNAPSHOT_CHECK_INTERVAL": str(CHECK_INTERVAL),
        "PREPGRAPH_LOG_LEVEL": "WARNING",
        **dict(settings),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "--factory", "api.app:app_from_env",
         "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
        env=env,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{base}/readyz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert process.poll() is None, "the server exited during start-up"
            assert time.monotonic() < deadline, "the server did not become ready"
            time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


async def _write_through_one_read_through_other(
    url: str, bound: float, *settings: tuple[str, str]
) -> None:
    """Rename HNSW through one server and wait until the other serves it, within `bound` s."""
    token = await make_token(url, "editor")
    with server(url, *settings) as first, server(url, *settings) as second:
        async with httpx.AsyncClient(timeout=10) as client:
            query = {"query": '{ concept(slug: "hnsw") { title } }'}
            before = await client.post(f"{second}/graphql", json=query)
            assert before.json()["data"]["concept"]["title"] == "HNSW"
            update = {
                "query": 'mutation { updateConcept(input: {slug: "hnsw", version: 1, '
                'title: "HNSW graphs"}) { concept { title } } }'
            }
            written = await client.post(
                f"{first}/graphql", json=update, headers={"Authorization": f"Bearer {token}"}
            )
            assert "errors" not in written.json(), written.json()
            written_at = time.monotonic()
            while True:
                seen = await client.post(f"{second}/graphql", json=query)
                if seen.json()["data"]["concept"]["title"] == "HNSW graphs":
                    break
                assert time.monotonic() - written_at < bound
                await asyncio.sleep(0.05)


async def test_a_write_through_one_process_is_read_through_another(seeded_url: str) -> None:
    # documented bound: the check interval plus one rebuild
    await _write_through_one_read_through_other(seeded_url, CHECK_INTERVAL + 2.0)


async def _node_count(url: str) -> int:
    engine = create_engine(url)
    try:
        async with create_sessionmaker(engine)() as session:
            return await ContentRepository(session).count_nodes()
    finally:
        await engine.dispose()


@pytest.mark.parametrize("delay", [0.4, 0.8, 1.2, 1.6])
async def test_killed_import_leaves_old_or_new_content(
    databases: Databases, backend: str, delay: float
) -> None:
    url = await databases.fresh(backend, "fixture")
    old = await _node_count(url)
    env = {**os.environ, "PREPGRAPH_DATABASE_URL": url}
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "api.cli", "seed", str(DEFAULT_SEEDS),
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    await asyncio.sleep(delay)
    if process.returncode is None:
        process.send_signal(signal.SIGKILL)
    await process.wait()
    count = await _node_count(url)
    new = len(load_content(DEFAULT_SEEDS).nodes)
    assert count in (old, new), f"a mix: {count} nodes (old {old}, new {new})"


async def test_postgresql_processes_hear_of_a_write_at_once(databases: Databases) -> None:
    """LISTEN/NOTIFY: another process serves a write long before its check interval."""
    url = await databases.fresh("postgresql", "fixture")
    slow = ("PREPGRAPH_SNAPSHOT_CHECK_INTERVAL", "600")
    # a notification and one rebuild, not the 600 s interval
    await _write_through_one_read_through_other(url, 10, slow)
