"""Request logs (one JSON line per GraphQL operation), Prometheus metrics, request ids."""

from __future__ import annotations

import json
import logging
import random
import sys
from datetime import UTC, datetime
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

from api.graphql.errors import INTERNAL_SERVER_ERROR

access_log = logging.getLogger("prepgraph.access")

LOGGERS = ("prepgraph", "graph")
"""The application's loggers: the API's and the domain core's."""


class JsonLines(logging.Formatter):
    """One JSON object per record: time (UTC), level, logger, message, exception.

    An access-log message is already a JSON object and is merged in as is.
    """

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
        }
        message = record.getMessage()
        if record.name == access_log.name and message.startswith("{"):
            line.update(json.loads(message))
        else:
            line["message"] = message
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)


def configure_logging(level: str) -> None:
    """Send the application's logs to stderr as JSON lines at `level`.

    Called by every app, so ``prepgraph serve``, ``uvicorn --factory`` and
    gunicorn workers log alike; calling it again only changes the level.
    Records still propagate to the root logger, which servers leave without
    handlers (so nothing is written twice) and test harnesses listen on.
    """
    for name in LOGGERS:
        logger = logging.getLogger(name)
        logger.setLevel(level.upper())
        if not any(getattr(h, "prepgraph", False) for h in logger.handlers):
            handler = logging.StreamHandler(sys.stderr)
            handler.setFormatter(JsonLines())
            handler.prepgraph = True  # type: ignore[attr-defined]
            logger.addHandler(handler)


MAX_KEPT_SERIES = 1000
"""Label sets whose series are kept at hand (looking one up is a lock and a few calls)."""


class Metrics:
    """Per-app registry, so that several apps in one process (tests) never collide."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "prepgraph_graphql_requests",
            "GraphQL operations by name and outcome",
            ["operation", "outcome"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "prepgraph_graphql_latency_seconds",
            "GraphQL operation latency",
            ["operation"],
            registry=self.registry,
            buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10),
        )
        self.rebuilds = Counter(
            "prepgraph_snapshot_rebuilds",
            "In-memory graph snapshot rebuilds",
            registry=self.registry,
        )
        self.rebuild_seconds = Histogram(
            "prepgraph_snapshot_rebuild_seconds",
            "Time to build a snapshot",
            registry=self.registry,
        )
        self.content_version = Gauge(
            "prepgraph_content_version",
            "Content version of this process's snapshot",
            registry=self.registry,
        )

        self._series: dict[tuple[str, str], tuple[Any, Any]] = {}

    def operation(self, operation: str, outcome: str, seconds: float) -> None:
        """Count one GraphQL operation and observe its latency."""
        series = self._series.get((operation, outcome))
        if series is None:
            series = (self.requests.labels(operation, outcome), self.latency.labels(operation))
            if len(self._series) < MAX_KEPT_SERIES:
                self._series[(operation, outcome)] = series
        series[0].inc()
        series[1].observe(seconds)

    def snapshot_rebuilt(self, snapshot: Any, seconds: float) -> None:
        self.rebuilds.inc()
        self.rebuild_seconds.observe(seconds)
        self.content_version.set(snapshot.version)


def new_request_id() -> str:
    """16 random hex digits (64 bits).

    A correlation id, not a secret: drawn from the process's pseudo-random
    generator (seeded from the OS at start), with no system call per request.
    """
    return f"{random.getrandbits(64):016x}"


def _outcome(errors: list[Any] | None) -> str:
    if not errors:
        return "ok"
    codes = sorted({(e.extensions or {}).get("code", INTERNAL_SERVER_ERROR) for e in errors})
    return ",".join(codes)


def record_operation(
    state: Any,
    *,
    request_id: str | None,
    operation: str,
    operation_type: str | None,
    seconds: float,
    outcome: str,
    cache: str | None = None,
    cost: int | None = None,
    caller: str | None = None,
) -> None:
    """The operation's metrics and its one JSON access-log line."""
    metrics: Metrics | None = getattr(state, "metrics", None)
    if metrics is not None:
        metrics.operation(operation, outcome, seconds)
    if access_log.isEnabledFor(logging.INFO):
        line: dict[str, Any] = {
            "event": "graphql",
            "request_id": request_id,
            "operation": operation,
            "type": operation_type,
            "duration_ms": round(seconds * 1000, 2),
            "outcome": outcome,
        }
        if cost is not None:
            line["cost"] = cost
        if caller is not None:
            line["caller"] = caller
        if cache is not None:
            line["cache"] = cache
        access_log.info(json.dumps(line))


def log_operation(
    context: Any,
    *,
    operation: str | None,
    operation_type: str | None,
    seconds: float,
    errors: list[Any] | None,
) -> None:
    """Record one GraphQL operation run for an HTTP request (metrics and access log)."""
    request = getattr(context, "request", None)
    scope = getattr(request, "scope", None) or {}
    record_operation(
        getattr(scope.get("app"), "state", None),
        request_id=(scope.get("state") or {}).get("request_id"),
        operation=operation or "anonymous",
        operation_type=operation_type,
        seconds=seconds,
        outcome=_outcome(errors),
        cost=getattr(context, "query_cost", None),
        caller=_caller(context),
    )


def _caller(context: Any) -> str:
    """Who asked, by kind only (never the token): anonymous, learner, editor, admin."""
    principal = getattr(context, "_principal", None)
    role = getattr(principal, "role", None)
    if role is not None:
        return str(role)
    bearer = getattr(context, "bearer_token", None)
    return "token" if bearer is not None and bearer() is not None else "anonymous"
