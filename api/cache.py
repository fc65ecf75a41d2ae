"""A response cache for GraphQL reads, as a pure ASGI middleware.

A read of the shared content is a function of its request body and the
content version: every field resolves from the immutable snapshot, and
search reads an index written in the same transaction that bumps the
version. So the bytes of a response can be replayed until the version moves,
skipping routing, the context, parsing, validation, execution and JSON
encoding.

The key is (snapshot version, UTC day, Accept header, raw request body): the
body holds the query text, the variables and the operation name, and the day
is there because plans start today unless told otherwise. The version is the
snapshot's, and a hit is served only after ``SnapshotStore.get()`` confirms it
(a miss runs the request, whose context checks anyway), so a content change
shows as soon as this process's snapshot follows it: at once after its own
writes, within ``snapshot_check_interval`` after another process's. Entries of
older versions are never looked up again and age out of the LRU.

Callers with a token share entries too, but only for operations whose root
fields all answer the same whoever asks (``SHARED_QUERY_FIELDS``: content,
search, paths, exports); ``me``, ``studyPlan``, ``readyToLearn`` and
``auditLog`` depend on the caller and always run for a token. The token is
checked (``graph.auth.VerifiedTokens``) before a hit is served, so a wrong,
revoked or expired token gets its error, never a stored answer. When reads
need a token, anonymous requests are never answered from the cache.

Only a JSON POST to /graphql is looked up. Only a 200 response without
``errors`` to a ``query`` operation is stored, so mutations and failures
always run.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import orjson
from fastapi import FastAPI
from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    OperationType,
    SelectionSetNode,
    parse,
)
from graphql.utilities import get_operation_ast
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.graphql.schema import SHARED_QUERY_FIELDS
from api.observability import record_operation
from graph.auth import bearer_token

__all__ = [
    "ResponseCache",
    "ResponseCacheMiddleware",
    "install_response_cache",
    "is_query",
    "query_info",
]

MAX_ENTRIES = 4096
MAX_BODY_BYTES = 64 * 1024  # larger requests are passed through, never cached
ENTRY_OVERHEAD = 256  # rough bytes per entry besides the two bodies

Key = tuple[int, int, bytes, bytes]  # content version, UTC day number, Accept, body


@dataclass(frozen=True, slots=True)
class Entry:
    status: int
    headers: tuple[tuple[bytes, bytes], ...]
    body: bytes
    operation: str = "anonymous"  # for the access log and metrics of a hit
    shared: bool = False  # every root field answers the same whoever asks


class ResponseCache:
    """An LRU of encoded responses bounded by entry count and bytes."""

    def __init__(self, *, max_bytes: int, max_entries: int = MAX_ENTRIES) -> None:
        self.max_bytes = max_bytes
        self.max_entries = max_entries
        # One response may take an eighth of the budget: a big export must not flush the rest.
        self.max_entry_bytes = max_bytes // 8
        self.bytes = 0
        self.hits = 0  # counted by the middleware: a hit is an entry of the current version
        self.misses = 0
        self._entries: OrderedDict[Key, Entry] = OrderedDict()

    def __len__(self) -> int:
        return len(self._entries)

    @staticmethod
    def _size(key: Key, entry: Entry) -> int:
        return len(key[3]) + len(entry.body) + ENTRY_OVERHEAD

    def get(self, key: Key) -> Entry | None:
        entry = self._entries.get(key)
        if entry is not None:
            self._entries.move_to_end(key)
        return entry

    def put(self, key: Key, entry: Entry) -> bool:
        """Store, evicting the least recently used; False when the entry is too big."""
        size = self._size(key, entry)
        if size > self.max_entry_bytes:
            return False
        old = self._entries.pop(key, None)
        if old is not None:
            self.bytes -= self._size(key, old)
        self._entries[key] = entry
        self.bytes += size
        while self.bytes > self.max_bytes or len(self._entries) > self.max_entries:
            evicted_key, evicted = self._entries.popitem(last=False)
            self.bytes -= self._size(evicted_key, evicted)
        return True


def utc_day() -> int:
    """Days since the epoch, UTC: plans without a start date begin today."""
    return int(time.time() // 86400)


@dataclass(frozen=True, slots=True)
class QueryInfo:
    name: str  # the operation name, "anonymous" when it has none
    shared: bool  # every root field answers the same whoever asks


def _root_fields(
    selections: SelectionSetNode, fragments: dict[str, FragmentDefinitionNode], seen: set[str]
) -> Iterator[str]:
    for selection in selections.selections:
        if isinstance(selection, FieldNode):
            yield selection.name.value
        elif isinstance(selection, InlineFragmentNode):
            yield from _root_fields(selection.selection_set, fragments, seen)
        elif isinstance(selection, FragmentSpreadNode) and selection.name.value not in seen:
            seen.add(selection.name.value)
            fragment = fragments.get(selection.name.value)
            if fragment is not None:
                yield from _root_fields(fragment.selection_set, fragments, seen)


def query_info(body: bytes) -> QueryInfo | None:
    """What the cache needs to know of ``body`` when it is one GraphQL query, else None."""
    try:
        payload = orjson.loads(body)
    except orjson.JSONDecodeError:
        return None
    if not isinstance(payload, dict) or not isinstance(payload.get("query"), str):
        return None
    name = payload.get("operationName")
    try:
        document = parse(payload["query"], no_location=True)
    except GraphQLError:
        return None
    operation = get_operation_ast(document, name if isinstance(name, str) else None)
    if operation is None or operation.operation is not OperationType.QUERY:
        return None
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    roots = set(_root_fields(operation.selection_set, fragments, set()))
    return QueryInfo(
        name=operation.name.value if operation.name else "anonymous",
        shared=roots <= SHARED_QUERY_FIELDS | {"__typename", "__schema", "__type"},
    )


def is_query(body: bytes) -> bool:
    """True when ``body`` is one GraphQL request whose selected operation is a query."""
    return query_info(body) is not None


def _succeeded(status: int, headers: list[tuple[bytes, bytes]], body: bytes) -> bool:
    if status != 200:
        return False
    content_type = next((v for k, v in headers if k.lower() == b"content-type"), b"")
    if not content_type.startswith(b"application/json"):
        return False
    try:
        payload = orjson.loads(body)
    except orjson.JSONDecodeError:
        return False
    return isinstance(payload, dict) and "errors" not in payload and "data" in payload


class ResponseCacheMiddleware:
    """Answers repeated reads of ``path`` from a :class:`ResponseCache`."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        cache: ResponseCache,
        path: str = "/graphql",
        require_token: bool = False,
    ) -> None:
        self.app = app
        self.cache = cache
        self.path = path
        self.require_token = require_token

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST" or scope["path"] != self.path:
            await self.app(scope, receive, send)
            return
        accept = b""
        token: str | None = None
        json_body = False
        for name, value in scope["headers"]:
            if name == b"authorization":
                # other schemes are anonymous, as for the GraphQL context
                token = bearer_token(value.decode("latin-1"))
            elif name == b"content-type":
                json_body = value.lower().startswith(b"application/json")
            elif name == b"accept":
                accept = value
        if not json_body or (token is None and self.require_token):
            await self.app(scope, receive, send)
            return

        read = await _read_body(receive)
        if read is None:  # the client left before sending its request
            return
        body, more = read
        receive = _replay(body, more, receive)
        if more or len(body) > MAX_BODY_BYTES:  # too large to keep as a key
            await self.app(scope, receive, send)
            return
        snapshots = scope["app"].state.snapshots
        if snapshots.current is None:  # not started: nothing to key on
            await self.app(scope, receive, send)
            return
        key: Key = (snapshots.current.version, utc_day(), accept, body)
        entry = self.cache.get(key)
        if entry is not None and (token is None or entry.shared):
            started = time.perf_counter()
            # Checked only on a hit: a miss runs the request, whose context checks anyway.
            snapshot = await snapshots.get()
            if token is not None and not await _valid_token(scope, token):
                await self.app(scope, receive, send)  # answers with the token's error
                return
            if snapshot.version == key[0]:
                self.cache.hits += 1
                start = {
                    "type": "http.response.start",
                    "status": entry.status,
                    "headers": list(entry.headers),  # outer middleware may append
                }
                await send(start)
                await send({"type": "http.response.body", "body": entry.body})
                record_operation(
                    scope["app"].state,
                    request_id=scope.get("state", {}).get("request_id"),
                    operation=entry.operation,
                    operation_type="query",
                    seconds=time.perf_counter() - started,
                    outcome="ok",
                    cache="hit",
                )
                return
            key = (snapshot.version, *key[1:])
        self.cache.misses += 1
        await self._run_and_store(scope, receive, send, key, shared_only=token is not None)

    async def _run_and_store(
        self, scope: Scope, receive: Receive, send: Send, key: Key, *, shared_only: bool
    ) -> None:
        status = 0
        headers: list[tuple[bytes, bytes]] = []
        chunks: list[bytes] = []
        size = 0
        keep = True

        async def capture(message: Message) -> None:
            nonlocal status, headers, size, keep
            if message["type"] == "http.response.start":
                # Copied now: outer middleware may add per-request headers (X-Request-ID).
                status, headers = message["status"], list(message.get("headers", []))
            elif message["type"] == "http.response.body" and keep:
                chunk = message.get("body", b"")
                size += len(chunk)
                chunks.append(chunk)
                keep = size <= self.cache.max_entry_bytes
            await send(message)

        await self.app(scope, receive, capture)
        if not status or not keep:
            return
        body = b"".join(chunks)
        if not _succeeded(status, headers, body):
            return
        info = query_info(key[3])
        if info is not None and (info.shared or not shared_only):
            self.cache.put(key, Entry(status, tuple(headers), body, info.name, info.shared))


async def _valid_token(scope: Scope, token: str) -> bool:
    """Whether the token is valid, checked as the GraphQL context checks it."""
    state = scope["app"].state
    return await state.tokens.check(state.sessionmaker, token) is not None


async def _read_body(receive: Receive) -> tuple[bytes, bool] | None:
    """The body, or its first part past MAX_BODY_BYTES, and whether more follows.

    None when the client disconnected first.
    """
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return None
        chunk = message.get("body", b"")
        chunks.append(chunk)
        size += len(chunk)
        more = bool(message.get("more_body", False))
        if not more or size > MAX_BODY_BYTES:
            return b"".join(chunks), more


def _replay(body: bytes, more: bool, receive: Receive) -> Receive:
    """A ``receive`` that hands over what was already read, then defers to the server's."""
    replayed = False

    async def replay() -> Message:
        nonlocal replayed
        if replayed:
            return await receive()
        replayed = True
        return {"type": "http.request", "body": body, "more_body": more}

    return replay


def install_response_cache(app: FastAPI, settings: Any) -> None:
    """Add the cache to ``app`` unless it is turned off."""
    max_bytes = int(settings.response_cache_mb * 1024 * 1024)
    if max_bytes <= 0:
        return
    cache = ResponseCache(max_bytes=max_bytes)
    app.state.response_cache = cache
    app.add_middleware(
        ResponseCacheMiddleware, cache=cache, require_token=settings.require_token_for_reads
    )
    metrics = getattr(app.state, "metrics", None)
    if metrics is not None:
        metrics.registry.register(_CacheCollector(cache))


class _CacheCollector:
    """The cache's own counters and size (hits also count as operations, labelled by name)."""

    def __init__(self, cache: ResponseCache) -> None:
        self.cache = cache

    def collect(self) -> Iterator[Metric]:
        cache = self.cache
        yield CounterMetricFamily(
            "prepgraph_response_cache_hits", "Reads answered from the response cache", cache.hits
        )
        yield CounterMetricFamily(
            "prepgraph_response_cache_misses", "Cacheable requests that ran", cache.misses
        )
        yield GaugeMetricFamily("prepgraph_response_cache_entries", "Cached responses", len(cache))
        yield GaugeMetricFamily(
            "prepgraph_response_cache_bytes", "Approximate bytes held", cache.bytes
        )
