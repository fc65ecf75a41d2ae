"""/graphql over HTTP, as the GraphQL-over-HTTP specification describes it.

- **Media types.** A client that accepts ``application/graphql-response+json``
  gets it; ``application/json`` (also for ``*/*`` or no Accept header) stays
  the default. An Accept header naming neither is answered 406.
- **Status codes.** A request that fails before execution (unparsable
  document, validation, variable coercion, unknown persisted query, a
  missing or invalid token, a spent rate limit) carries no ``data`` entry.
  Under ``application/graphql-response+json`` it gets a 4xx status (400, or
  the one its error code names: 401, 429), or 500 when the server failed
  before execution (the token store is down); under ``application/json`` it
  gets 200 as the specification asks for legacy clients (429 aside, which
  clients must see to back off). Field errors during execution leave
  ``data`` in place and answer 200 under both.
- **GET.** Queries only: a mutation over GET is refused with 405 and
  ``Allow: POST``. ``variables`` and ``extensions`` are URL-encoded JSON.
  A GET for a read that is the same whoever asks (its root fields are all
  shared content) and sent without a token is cacheable: ``Cache-Control:
  public``, a strong ``ETag`` from the content version, the day, the query
  and its variables, and ``304 Not Modified`` on ``If-None-Match``. Anything
  else is ``private, no-store``.
- **Automatic persisted queries**, as Apollo's link speaks them:
  ``extensions.persistedQuery = {version: 1, sha256Hash}``. A hash the
  server has not seen is answered ``PERSISTED_QUERY_NOT_FOUND``; the client
  then sends hash and query, which the server checks and keeps in a bounded
  LRU (per process: a client simply registers again with another one).
- **Cost.** Every executed response carries ``extensions.cost``: the
  operation's ``requestedQueryCost``, the ``maximumQueryCost`` one operation
  may have and, with rate limits on, the caller's ``throttleStatus``.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import re
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import orjson
from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, Response
from fastapi.telemetry._api import _route_selected
from graphql import ExecutionResult, OperationDefinitionNode, parse
from graphql.error import GraphQLSyntaxError
from starlette.types import ASGIApp, Receive, Scope, Send
from strawberry.exceptions import MissingQueryError
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError
from strawberry.types.graphql import OperationType

from api.graphql.errors import (
    BAD_REQUEST,
    INTERNAL_SERVER_ERROR,
    PERSISTED_QUERY_NOT_FOUND,
    PERSISTED_QUERY_NOT_SUPPORTED,
    RATE_LIMITED,
    UNAUTHENTICATED,
)
from api.graphql.pipeline import Pipeline
from api.graphql.schema import SHARED_QUERY_FIELDS
from api.http.explore import STATIC_DIR

__all__ = [
    "GRAPHQL_RESPONSE_JSON",
    "PersistedQueries",
    "install_graphql",
    "negotiate",
]

GRAPHQL_RESPONSE_JSON = "application/graphql-response+json"
JSON = "application/json"

# Status of a request error under application/graphql-response+json, by code.
STATUS_BY_CODE = {UNAUTHENTICATED: 401, RATE_LIMITED: 429, INTERNAL_SERVER_ERROR: 500}
ALLOWED_ON_GET = frozenset({OperationType.QUERY})
ALLOWED_ON_POST = frozenset({OperationType.QUERY, OperationType.MUTATION})
SHA256 = re.compile(r"^[0-9a-f]{64}$")

# GraphiQL loads only its bundled files (api/static/vendor/graphiql) and talks to this
# origin; React and CodeMirror set inline styles, and the fonts are data: URLs.
GRAPHIQL_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "font-src 'self' data:; img-src 'self' data:; connect-src 'self'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)


class ResponseState:
    """What a request's operations set on its HTTP response: a status and extra headers."""

    __slots__ = ("headers", "status_code")

    def __init__(self) -> None:
        self.status_code = 0
        self.headers: dict[str, str] = {}


class RequestRefused(Exception):
    """The HTTP request itself is wrong: answered with `status` before any GraphQL work."""

    def __init__(self, status: int, message: str, *, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


@functools.lru_cache(maxsize=256)
def negotiate(accept: str | None) -> str | None:
    """The response media type for an Accept header; None when neither is acceptable.

    >>> negotiate(None), negotiate("*/*"), negotiate("application/graphql-response+json")
    ('application/json', 'application/json', 'application/graphql-response+json')
    >>> negotiate("application/graphql-response+json, application/json;q=0.9")
    'application/graphql-response+json'
    >>> negotiate("application/json;q=0.5, application/graphql-response+json;q=0.4")
    'application/json'
    >>> negotiate("text/html") is None
    True
    """
    if not accept or not accept.strip():
        return JSON
    best: tuple[float, int, str] | None = None
    for position, item in enumerate(accept.split(",")):
        kind, *params = (part.strip() for part in item.split(";"))
        quality = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        kind = kind.lower()
        if kind in (GRAPHQL_RESPONSE_JSON, JSON):
            chosen = kind
        elif kind in ("*/*", "application/*"):
            chosen = JSON
        else:
            continue
        if quality <= 0:
            continue
        candidate = (quality, -position, chosen)
        if best is None or candidate[:2] > best[:2]:
            best = candidate
    return best[2] if best else None


class PersistedQueries:
    """Automatic persisted queries: sha256 hash -> query text, a bounded LRU."""

    def __init__(self, *, max_entries: int = 5000) -> None:
        self.max_entries = max_entries
        self._queries: OrderedDict[str, str] = OrderedDict()

    def get(self, digest: str) -> str | None:
        query = self._queries.get(digest)
        if query is not None:
            self._queries.move_to_end(digest)
        return query

    def put(self, digest: str, query: str) -> None:
        self._queries[digest] = query
        self._queries.move_to_end(digest)
        while len(self._queries) > self.max_entries:
            self._queries.popitem(last=False)

    def __len__(self) -> int:
        return len(self._queries)


@dataclass
class Operation:
    """One GraphQL request of an HTTP request (a batch holds several)."""

    query: str | None
    variables: dict[str, Any] | None
    operation_name: str | None
    extensions: dict[str, Any] | None


def _request_error(message: str, code: str) -> dict[str, Any]:
    return {"errors": [{"message": message, "extensions": {"code": code}}]}


def _json_param(raw: str | None, name: str) -> Any:
    if raw is None or raw == "":
        return None
    try:
        return json.loads(raw)
    except ValueError:
        raise RequestRefused(400, f"the `{name}` parameter is not valid JSON") from None


def _operation(data: Any) -> Operation:
    if not isinstance(data, dict):
        raise RequestRefused(400, "a GraphQL request must be a JSON object")
    query = data.get("query")
    if query is not None and not isinstance(query, str):
        raise RequestRefused(400, "`query` must be a string")
    name = data.get("operationName")
    if name is not None and not isinstance(name, str):
        raise RequestRefused(400, "`operationName` must be a string or null")
    variables = data.get("variables")
    if variables is not None and not isinstance(variables, dict):
        raise RequestRefused(400, "`variables` must be a map or null")
    extensions = data.get("extensions")
    if extensions is not None and not isinstance(extensions, dict):
        raise RequestRefused(400, "`extensions` must be a map or null")
    return Operation(query, variables, name, extensions)


def _decode_body(body: bytes) -> Any:
    if not body:
        raise RequestRefused(400, "the request body is empty")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise RequestRefused(400, "the request body is not UTF-8") from None
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        pass  # json decides, and words the error: it accepts a little more (NaN, lone surrogates)
    try:
        return json.loads(text)
    except RecursionError:
        raise RequestRefused(400, "the JSON body is nested too deeply") from None
    except ValueError:
        raise RequestRefused(400, "the request body is not valid JSON") from None


@functools.lru_cache(maxsize=256)
def _media_type(content_type: str) -> tuple[str, dict[str, str]]:
    kind, *params = (part.strip() for part in content_type.split(";"))
    parsed = {}
    for param in params:
        name, _, value = param.partition("=")
        parsed[name.strip().lower()] = value.strip().strip('"').lower()
    return kind.lower(), parsed


def _root_fields(document: Any, operation_name: str | None) -> tuple[str, set[str]] | None:
    """The operation's type and root field names (fragments followed), or None."""
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if operation_name is not None:
        operations = [o for o in operations if o.name and o.name.value == operation_name]
    if len(operations) != 1:
        return None
    fragments = {d.name.value: d for d in document.definitions if d.kind == "fragment_definition"}
    names: set[str] = set()
    stack = [operations[0].selection_set]
    seen: set[str] = set()
    while stack:
        for selection in stack.pop().selections:
            if selection.kind == "field":
                names.add(selection.name.value)
            elif selection.kind == "inline_fragment":
                stack.append(selection.selection_set)
            elif selection.name.value not in seen and selection.name.value in fragments:
                seen.add(selection.name.value)
                stack.append(fragments[selection.name.value].selection_set)
    return operations[0].operation.value, names


def cacheable_read(query: str, operation_name: str | None) -> bool:
    """A query whose root fields all answer the same whoever asks (shared content)."""
    try:
        document = parse(query)
    except GraphQLSyntaxError:
        return False
    found = _root_fields(document, operation_name)
    if found is None:
        return False
    kind, names = found
    return kind == "query" and bool(names) and names <= SHARED_QUERY_FIELDS | {"__typename"}


class GraphQLEndpoint:
    """The /graphql route: GET and POST, negotiated, with APQ and HTTP caching."""

    def __init__(
        self,
        pipeline: Pipeline,
        context_getter: Callable[[Request], Awaitable[Any]],
        *,
        graphiql: bool,
        max_batch: int,
        persisted: PersistedQueries,
        max_cost: int,
        cache_max_age: int,
    ) -> None:
        self.pipeline = pipeline
        self.context_getter = context_getter
        self.graphiql = graphiql
        self.max_batch = max_batch
        self.persisted = persisted
        self.max_cost = max_cost
        self.cache_max_age = cache_max_age

    async def __call__(self, request: Request) -> Response:
        media_type = negotiate(request.headers.get("accept"))
        if request.method == "GET" and self._wants_ide(request):
            return FileResponse(
                STATIC_DIR / "graphiql.html",
                media_type="text/html; charset=utf-8",
                headers={"Content-Security-Policy": GRAPHIQL_POLICY, "Cache-Control": "no-cache"},
            )
        if media_type is None:
            return Response(
                "This endpoint answers application/graphql-response+json or application/json",
                status_code=406,
                media_type="text/plain",
            )
        try:
            operations, batch = await self._operations(request)
        except RequestRefused as refused:
            body = _request_error(refused.message, BAD_REQUEST)
            return self._respond(body, refused.status, media_type, refused.headers)
        get = request.method == "GET"
        if get and not batch and operations[0].query is not None:
            cached = await self._not_modified(request, operations[0], media_type)
            if cached is not None:
                return cached
        context = await self.context_getter(request)
        sub_response = context.response = ResponseState()
        try:
            results = []
            for operation in operations:
                try:
                    results.append(await self._execute(operation, context, get=get))
                except RequestRefused as refused:
                    body = _request_error(refused.message, BAD_REQUEST)
                    return self._respond(body, refused.status, media_type, refused.headers)
        finally:
            await context.close()
        status = sub_response.status_code or 200
        if batch:
            body: Any = [payload for payload, _ in results]
        else:
            body, request_error = results[0]
            if request_error and media_type == GRAPHQL_RESPONSE_JSON:
                status = max(status, _status_of(body))
        headers = dict(sub_response.headers)
        if get and not batch:
            headers.update(self._cache_headers(request, operations[0], media_type, status))
        else:
            headers.setdefault("Cache-Control", "no-store")
        return self._respond(body, status, media_type, headers)

    # -- request ---------------------------------------------------------------------------

    def _wants_ide(self, request: Request) -> bool:
        return (
            self.graphiql
            and "query" not in request.query_params
            and "extensions" not in request.query_params
            and "text/html" in request.headers.get("accept", "")
        )

    async def _operations(self, request: Request) -> tuple[list[Operation], bool]:
        if request.method == "GET":
            params = request.query_params
            data = {
                "query": params.get("query"),
                "operationName": params.get("operationName") or None,
                "variables": _json_param(params.get("variables"), "variables"),
                "extensions": _json_param(params.get("extensions"), "extensions"),
            }
            return [_operation(data)], False
        kind, params = _media_type(request.headers.get("content-type", ""))
        if kind != JSON:
            raise RequestRefused(
                415,
                "send the request as application/json",
                headers={"Accept-Post": JSON},
            )
        if params.get("charset", "utf-8") not in ("utf-8", "utf8"):
            raise RequestRefused(415, "the request body must be UTF-8")
        data = _decode_body(await request.body())
        if isinstance(data, list):
            if not data:
                raise RequestRefused(400, "a batch must hold at least one request")
            if len(data) > self.max_batch:
                raise RequestRefused(400, f"a batch holds at most {self.max_batch} requests")
            return [_operation(item) for item in data], True
        return [_operation(data)], False

    def _resolve_persisted(self, operation: Operation) -> dict[str, Any] | None:
        """Fill in a persisted query's text; an error payload when it cannot be."""
        persisted = (operation.extensions or {}).get("persistedQuery")
        if persisted is None:
            return None
        if not isinstance(persisted, dict) or persisted.get("version") != 1:
            return _request_error("PersistedQueryNotSupported", PERSISTED_QUERY_NOT_SUPPORTED)
        digest = persisted.get("sha256Hash")
        if not isinstance(digest, str) or not SHA256.match(digest):
            raise RequestRefused(400, "`sha256Hash` must be 64 lowercase hex digits")
        if operation.query is None:
            query = self.persisted.get(digest)
            if query is None:
                return _request_error("PersistedQueryNotFound", PERSISTED_QUERY_NOT_FOUND)
            operation.query = query
            return None
        if hashlib.sha256(operation.query.encode()).hexdigest() != digest:
            raise RequestRefused(400, "provided sha does not match query")
        return None

    # -- execution -------------------------------------------------------------------------

    async def _execute(
        self, operation: Operation, context: Any, *, get: bool
    ) -> tuple[dict[str, Any], bool]:
        """The response payload and whether it is a request error (no ``data``)."""
        refused = self._resolve_persisted(operation)
        if refused is not None:
            return refused, True
        if operation.query is None:
            raise RequestRefused(400, "no GraphQL query found in the request")
        context.query_cost = None
        try:
            result = await self.pipeline.execute(
                operation.query,
                context=context,
                variables=operation.variables,
                operation_name=operation.operation_name,
                allowed=ALLOWED_ON_GET if get else ALLOWED_ON_POST,
                operation_extensions=operation.extensions,
            )
        except InvalidOperationTypeError as exc:
            raise RequestRefused(
                405, exc.as_http_error_reason("GET"), headers={"Allow": "POST"}
            ) from exc
        except CannotGetOperationTypeError as exc:
            raise RequestRefused(400, exc.as_http_error_reason()) from exc
        except MissingQueryError as exc:
            raise RequestRefused(400, "no GraphQL query found in the request") from exc
        if (
            operation.query is not None
            and (operation.extensions or {}).get("persistedQuery")
            and not _request_failed(result)
        ):
            digest = operation.extensions["persistedQuery"]["sha256Hash"]  # type: ignore[index]
            self.persisted.put(digest, operation.query)
        return self._payload(result, context), _request_failed(result)

    def _payload(self, result: ExecutionResult, context: Any) -> dict[str, Any]:
        payload: dict[str, Any] = {}
        request_error = _request_failed(result)
        if not request_error:
            payload["data"] = result.data
        if result.errors:
            payload["errors"] = [error.formatted for error in result.errors]
        extensions = dict(result.extensions or {})
        cost = context.query_cost
        if cost is not None:
            extensions["cost"] = self._cost(cost, context)
        if extensions:
            payload["extensions"] = extensions
        return payload

    def _cost(self, cost: int, context: Any) -> dict[str, Any]:
        report: dict[str, Any] = {"requestedQueryCost": cost, "maximumQueryCost": self.max_cost}
        throttle = context.throttle_status
        if throttle is not None:
            report["throttleStatus"] = throttle
        return report

    # -- responses -------------------------------------------------------------------------

    def _etag(self, request: Request, operation: Operation, media_type: str) -> str:
        snapshot = request.app.state.snapshots.current
        key = json.dumps(
            [
                snapshot.version if snapshot else None,
                dt.datetime.now(dt.UTC).date().isoformat(),
                media_type,
                operation.query,
                operation.variables,
                operation.operation_name,
            ],
            sort_keys=True,
            separators=(",", ":"),
        )
        return '"' + hashlib.sha256(key.encode()).hexdigest()[:32] + '"'

    def _shared(self, request: Request, operation: Operation) -> bool:
        return (
            "authorization" not in request.headers
            and operation.query is not None
            and cacheable_read(operation.query, operation.operation_name)
        )

    async def _not_modified(
        self, request: Request, operation: Operation, media_type: str
    ) -> Response | None:
        match = request.headers.get("if-none-match")
        if not match or not self._shared(request, operation):
            return None
        await request.app.state.snapshots.get()  # the version the ETag must name
        etag = self._etag(request, operation, media_type)
        if etag not in (tag.strip() for tag in match.split(",")):
            return None
        return Response(
            status_code=304,
            headers={"ETag": etag, **self._public()},
        )

    def _public(self) -> dict[str, str]:
        return {
            "Cache-Control": f"public, max-age={self.cache_max_age}",
            "Vary": "Accept, Authorization",
        }

    def _cache_headers(
        self, request: Request, operation: Operation, media_type: str, status: int
    ) -> dict[str, str]:
        if status != 200 or not self._shared(request, operation):
            return {"Cache-Control": "private, no-store", "Vary": "Accept, Authorization"}
        return {"ETag": self._etag(request, operation, media_type), **self._public()}

    @staticmethod
    def _respond(
        body: Any, status: int, media_type: str, headers: dict[str, str] | None = None
    ) -> Response:
        return Response(
            encode(body),
            status_code=status,
            media_type=f"{media_type}; charset=utf-8",
            headers=headers,
        )


def encode(body: Any) -> bytes:
    """A response body as compact UTF-8 JSON.

    A string holding a lone surrogate (which a client may send, and an error may
    echo) is not UTF-8: such a body is written with ``\\u`` escapes instead.
    """
    try:
        return orjson.dumps(body)
    except orjson.JSONEncodeError:
        return json.dumps(body, separators=(",", ":")).encode()


def _request_failed(result: ExecutionResult) -> bool:
    """Whether the operation failed before execution: no data, and no error on a field."""
    return (
        result.data is None
        and bool(result.errors)
        and all(not error.path for error in result.errors)
    )


def _status_of(body: dict[str, Any]) -> int:
    codes = [(error.get("extensions") or {}).get("code") for error in body.get("errors") or ()]
    statuses = [STATUS_BY_CODE[code] for code in codes if code in STATUS_BY_CODE]
    return max(statuses) if statuses else 400


def route_path(scope: Scope) -> str:
    """The request's path below the app's root path, as Starlette's router matches it."""
    path: str = scope["path"]
    root: str = scope.get("root_path", "")
    if root and path.startswith(root) and path[len(root) : len(root) + 1] == "/":
        return path[len(root) :]
    return path


class GraphQLRoute:
    """Sends GET and POST on `path` straight to the endpoint, ahead of FastAPI's router.

    Added as the innermost middleware, so the response cache, the guard (request
    id, body limit, timeout, security headers) and the error handler still wrap
    it; what it skips is routing and dependency solving, a fixed cost that is a
    fifth of a small read. Other methods and paths go on to the router.
    """

    def __init__(self, app: ASGIApp, *, endpoint: GraphQLEndpoint, path: str = "/graphql"):
        self.app = app
        self.endpoint = endpoint
        self.path = path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] == "http"
            and scope["method"] in ("GET", "POST")
            and route_path(scope) == self.path
        ):
            if "fastapi.telemetry" in scope:  # OpenTelemetry on: name the span by its route
                _route_selected(scope=scope, path=self.path)
            response = await self.endpoint(Request(scope, receive))
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)


def install_graphql(app: FastAPI, endpoint: GraphQLEndpoint, path: str = "/graphql") -> None:
    """Serve GET and POST on `path` by the endpoint; other methods get a coded 405.

    Call it before adding the other middleware: the route must sit inside them.
    """
    app.add_middleware(GraphQLRoute, endpoint=endpoint, path=path)

    async def other_method(request: Request) -> Response:
        body = _request_error(f"{request.method} is not supported: use GET or POST", BAD_REQUEST)
        return GraphQLEndpoint._respond(body, 405, JSON, {"Allow": "GET, POST"})

    app.add_api_route(
        path,
        other_method,
        methods=["PUT", "PATCH", "DELETE"],
        include_in_schema=False,
        name="graphql-other-methods",
    )


__all__ += ["GraphQLEndpoint", "GraphQLRoute", "RequestRefused", "cacheable_read"]
