"""What an operator reads: the real `prepgraph serve` process's log lines."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.api.test_reliability import _free_port
from tests.conftest import make_token


def _serve(url: str, *extra_env: tuple[str, str]) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    env = {**os.environ, "PREPGRAPH_DATABASE_URL": url, "PREPGRAPH_LOG_LEVEL": "INFO"}
    env.update(dict(extra_env))
    process = subprocess.Popen(
        [sys.executable, "-m", "api.cli", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=Path(__file__).resolve().parents[2],
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            if httpx.get(f"{base}/readyz", timeout=1).status_code == 200:
                return process, base
        except httpx.TransportError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise AssertionError(process.stderr.read().decode() if process.stderr else "")
        time.sleep(0.1)


def _lines(process: subprocess.Popen[bytes]) -> list[dict[str, Any]]:
    process.terminate()
    _, err = process.communicate(timeout=15)
    parsed = []
    for raw in err.decode().splitlines():
        if raw.startswith("{"):
            parsed.append(json.loads(raw))
    return parsed


async def test_serve_writes_json_access_and_application_lines(seeded_url: str) -> None:
    token = await make_token(seeded_url, "editor")
    process, base = _serve(seeded_url)
    try:
        async with httpx.AsyncClient(timeout=10) as client:
            ok = await client.post(
                f"{base}/graphql",
                json={"query": 'query Vectors { concept(slug: "hnsw") { title } }'},
                headers={"X-Request-ID": "op-check-1", "Authorization": f"Bearer {token}"},
            )
            assert ok.status_code == 200
            bad = await client.post(
                f"{base}/graphql",
                json={"query": "query Broken($f: Int) { concepts(first: $f) { totalCount } }",
                      "variables": {"f": "abc"}},
                headers={"X-Request-ID": "op-check-2"},
            )  # fmt: skip
            assert bad.json()["errors"][0].get("extensions", {}).get("code") == "BAD_USER_INPUT", (
                bad.text
            )
    finally:
        lines = _lines(process)
    assert lines, "the server wrote no JSON log lines"
    for line in lines:
        assert {"ts", "level", "logger"} <= line.keys(), line
    built = [x for x in lines if x["logger"] == "prepgraph" and "snapshot v" in x["message"]]
    assert built and built[0]["level"] == "INFO"
    access = {x["request_id"]: x for x in lines if x.get("event") == "graphql"}
    first = access["op-check-1"]
    assert first["operation"] == "Vectors" and first["outcome"] == "ok"
    assert first["caller"] == "editor" and first["cost"] >= 1
    assert first["duration_ms"] >= 0
    second = access["op-check-2"]
    assert second["operation"] == "Broken" and second["outcome"] == "BAD_USER_INPUT"
    assert second["caller"] == "anonymous"
    everything = json.dumps(lines)
    assert token not in everything and token.split("_", 2)[2] not in everything
    assert "abc" not in json.dumps([access["op-check-2"]])  # variables are never logged


@pytest.mark.parametrize("level", ["WARNING"])
async def test_the_log_level_applies(seeded_url: str, level: str) -> None:
    process, base = _serve(seeded_url, ("PREPGRAPH_LOG_LEVEL", level))
    try:
        async with httpx.AsyncClient(timeout=10) as client:
            await client.post(f"{base}/graphql", json={"query": "{ domains { slug } }"})
    finally:
        lines = _lines(process)
    assert [x for x in lines if x["level"] == "INFO"] == []
