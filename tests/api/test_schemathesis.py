"""Schemathesis fuzzes every query and mutation of the real app; none may fail on the server.

Client errors are expected (the fuzzer sends unknown slugs, stale versions and
out-of-range pages); what must never happen is a 5xx or an error raised by a
resolver without one of the documented ``extensions.code`` values, which is
how an unexpected exception surfaces outside production mode.
"""

from __future__ import annotations

import asyncio
import os
from typing import Any

import schemathesis
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings

from api.app import create_app
from api.settings import Settings
from tests.conftest import make_token

DOCUMENTED_CODES = {
    "BAD_USER_INPUT",
    "NOT_FOUND",
    "CONFLICT",
    "UNAUTHENTICATED",
    "FORBIDDEN",
    "QUERY_TOO_COMPLEX",
}
# Examples per operation; raise PREPGRAPH_FUZZ_EXAMPLES for a longer campaign.
EXAMPLES = int(os.environ.get("PREPGRAPH_FUZZ_EXAMPLES", "12"))


def _server_failures(body: dict) -> list[dict]:
    return [
        error
        for error in body.get("errors") or []
        if "path" in error and (error.get("extensions") or {}).get("code") not in DOCUMENTED_CODES
    ]


def test_fuzzed_operations_never_fail_on_the_server(seeded_url: str) -> None:
    token = asyncio.run(make_token(seeded_url, "editor", "fuzzer"))
    app = create_app(Settings(database_url=seeded_url))
    schema = schemathesis.graphql.from_asgi("/graphql", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 40
    failures: list[str] = []

    def fuzz(operation: Any) -> None:
        @given(case=operation.as_strategy())
        @hypothesis_settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def run(case: schemathesis.Case) -> None:
            response = case.call(headers={"Authorization": f"Bearer {token}"})
            if response.status_code >= 500:
                failures.append(f"{operation.label}: HTTP {response.status_code}")
                return
            for error in _server_failures(response.json()):
                failures.append(f"{operation.label}: {error['message']}")

        run()

    for operation in operations:
        fuzz(operation)
    assert failures == [], "\n".join(sorted(set(failures))[:20])


def test_the_check_itself_catches_an_unexpected_error() -> None:
    body = {"data": None, "errors": [{"message": "boom", "path": ["concept"]}]}
    assert _server_failures(body) == body["errors"]
    coded = {"errors": [{"message": "no", "path": ["x"], "extensions": {"code": "NOT_FOUND"}}]}
    assert _server_failures(coded) == []
