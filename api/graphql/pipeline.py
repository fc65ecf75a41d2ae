"""From a GraphQL request to its result: every step around execution, in one place.

Every operation goes through the same steps, in this order:

1. **Prepare**, once per query text and operation name (then kept in an LRU):
   parse with a token limit, find the operation and its type, refuse a type
   the transport does not allow (a mutation over GET), refuse a node crowded
   with directives, validate (graphql-core's rules, Strawberry's `@oneOf` and
   `Maybe` rules and, with introspection off, no `__schema`). Only documents
   that pass are kept; a refused one is checked afresh each time.
2. **Limits**: page sizes, depth, aliases and the cost, on the coerced
   variables (`api.graphql.limits`); costs are cached per document,
   variables and content version.
3. **Token**: a token that is sent must be valid, whatever the operation
   reads; with ``require_token`` anonymous requests are refused.
4. **Rate limit**: the cost is spent from the caller's budget; 429 when spent.
5. **Execute**: graphql-core with the compiled-plan execution context
   (`api.graphql.execution`).
6. **Errors**: the client's get a code; unexpected ones are logged with their
   stack and, in production, replaced by a message carrying the request id.
7. **Log**: one access-log line and the operation's metrics.

A step that refuses ends the operation there: nothing after it runs. Strawberry
builds the schema and runs the resolvers; this replaces its ``Schema.execute``,
whose per-request extension objects and hooks took nearly half the time of a
small read.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from graphql import (
    DocumentNode,
    ExecutionResult,
    GraphQLError,
    ValidationRule,
    execute,
    parse,
    specified_rules,
)
from strawberry.exceptions import MissingQueryError
from strawberry.execution import optimized_is_awaitable
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError
from strawberry.schema.schema import validate_document
from strawberry.types.graphql import OperationType
from strawberry.utils.await_maybe import await_maybe
from strawberry.utils.operation import get_first_operation, get_operation_type

from api.graphql.errors import INTERNAL_SERVER_ERROR, RateLimited, Unauthenticated
from api.graphql.limits import Limits, QueryLimiter, directive_errors
from api.graphql.schema import NoSchemaDump, PrepGraphSchema, is_expected, request_id_of
from api.observability import log_operation
from api.ratelimit import caller_of

__all__ = ["Pipeline", "Prepared", "Refused"]

MAX_PREPARED = 1024


@dataclass(frozen=True, slots=True)
class Prepared:
    """A document that parsed and validated, with the operation a request selects in it."""

    document: DocumentNode
    operation_name: str | None  # the name sent, else the first operation's (None if unnamed)
    operation_type: OperationType


@dataclass(frozen=True, slots=True)
class Refused:
    """A document refused before execution: the errors, and what is known of the operation."""

    errors: list[GraphQLError]
    operation_name: str | None = None
    operation_type: OperationType | None = None


class Pipeline:
    """Runs GraphQL operations over one schema, with the limits and policies of one app."""

    def __init__(
        self,
        schema: PrepGraphSchema,
        *,
        limits: Limits = Limits(),
        max_tokens: int = 5000,
        introspection: bool = True,
        mask_errors: bool = False,
        require_token: bool = False,
        max_prepared: int = MAX_PREPARED,
    ) -> None:
        self.schema = schema
        self.limits = limits
        self.limiter = QueryLimiter(limits)
        self.max_tokens = max_tokens
        rules: list[type[ValidationRule]] = list(specified_rules)
        if not introspection:
            rules.append(NoSchemaDump)
        self.rules = tuple(rules)
        self.mask_errors = mask_errors
        self.require_token = require_token
        self.max_prepared = max_prepared
        self._prepared: OrderedDict[tuple[str, str | None], Prepared] = OrderedDict()

    @property
    def prepared_documents(self) -> int:
        """How many prepared operations are kept."""
        return len(self._prepared)

    # -- 1. prepare ----------------------------------------------------------------------------

    def prepare(
        self, query: str, operation_name: str | None, allowed: Collection[OperationType]
    ) -> Prepared | Refused:
        """The prepared operation, or why its document is refused.

        Raises `CannotGetOperationTypeError` when the document has no such operation
        and `InvalidOperationTypeError` when its type is not in `allowed`.
        """
        key = (query, operation_name)
        prepared = self._prepared.get(key)
        if prepared is not None:
            self._prepared.move_to_end(key)
            if prepared.operation_type not in allowed:
                raise InvalidOperationTypeError(prepared.operation_type)
            return prepared
        try:
            document = parse(query, max_tokens=self.max_tokens)
        except GraphQLError as error:
            return Refused([error], operation_name)
        except Exception as error:  # a document nested too deeply for the parser
            return Refused([GraphQLError(str(error), original_error=error)], operation_name)
        name = operation_name
        if name is None:
            first = get_first_operation(document)
            name = first.name.value if first is not None and first.name else None
        try:
            operation_type = get_operation_type(document, name)
        except RuntimeError as error:
            raise CannotGetOperationTypeError(name) from error
        if operation_type not in allowed:
            raise InvalidOperationTypeError(operation_type)
        errors = directive_errors(document, self.limits.max_directives) or validate_document(
            self.schema._schema, document, self.rules
        )
        if errors:
            return Refused(errors, name, operation_type)
        prepared = self._prepared[key] = Prepared(document, name, operation_type)
        if len(self._prepared) > self.max_prepared:
            self._prepared.popitem(last=False)
        return prepared

    # -- the whole operation -------------------------------------------------------------------

    async def execute(
        self,
        query: str | None,
        *,
        context: Any,
        variables: dict[str, Any] | None = None,
        operation_name: str | None = None,
        allowed: Collection[OperationType] = (OperationType.QUERY, OperationType.MUTATION),
        operation_extensions: dict[str, Any] | None = None,
    ) -> ExecutionResult:
        """Run one operation for `context`; request errors come back as a result without data.

        Raises `MissingQueryError`, `CannotGetOperationTypeError` and
        `InvalidOperationTypeError`, which the transport answers itself (400, 405).
        """
        if not query:
            raise MissingQueryError
        started = time.perf_counter()
        prepared = self.prepare(query, operation_name, allowed)
        name = prepared.operation_name
        kind = prepared.operation_type.value if prepared.operation_type else None
        if isinstance(prepared, Refused):
            result = ExecutionResult(data=None, errors=prepared.errors)
        else:
            try:
                result = await self._run(prepared, variables, context, operation_extensions)
            except Exception as error:  # a failure around execution (the token store is down)
                result = ExecutionResult(data=None, errors=[_coerce(error)])
        request_id = request_id_of(context)
        if result.errors:
            self.schema.report_errors(result.errors, request_id)
            if self.mask_errors:
                result.errors = [_masked(error, request_id) for error in result.errors]
        log_operation(
            context,
            operation=name,
            operation_type=kind,
            seconds=time.perf_counter() - started,
            errors=result.errors,
        )
        return result

    async def _run(
        self,
        prepared: Prepared,
        variables: dict[str, Any] | None,
        context: Any,
        operation_extensions: dict[str, Any] | None,
    ) -> ExecutionResult:
        refused = (
            self._check_limits(prepared, variables, context)
            or await self._check_token(context)
            or await self._spend(context)
        )
        if refused:
            return ExecutionResult(data=None, errors=refused)
        return await await_maybe(
            execute(
                self.schema._schema,
                prepared.document,
                context_value=context,
                variable_values=variables,
                operation_name=prepared.operation_name,
                executor_class=self.schema.execution_context_class,
                is_awaitable=optimized_is_awaitable,
                operation_extensions=operation_extensions,
            )
        )

    # -- 2. limits -----------------------------------------------------------------------------

    def _check_limits(
        self, prepared: Prepared, variables: dict[str, Any] | None, context: Any
    ) -> list[GraphQLError]:
        cost, errors = self.limiter.check(
            self.schema._schema,
            prepared.document,
            prepared.operation_name,
            variables,
            getattr(context, "snapshot", None),
        )
        if cost is not None:
            context.query_cost = cost  # for the rate limit, the response and the access log
        return errors

    # -- 3. token ------------------------------------------------------------------------------

    async def _check_token(self, context: Any) -> list[GraphQLError]:
        """A token that is sent must be valid, whatever the operation reads.

        Without this, a read that never asks who the caller is would answer a wrong,
        revoked or expired token with data.
        """
        try:
            principal = await context.principal()
        except Unauthenticated as error:
            return [error]
        if principal is None and self.require_token:
            return [Unauthenticated("this server requires a token for every request")]
        return []

    # -- 4. rate limit -------------------------------------------------------------------------

    async def _spend(self, context: Any) -> list[GraphQLError]:
        """Spend the operation's cost from the caller's budget: refused when it is spent."""
        request = getattr(context, "request", None)
        state = getattr(getattr(request, "app", None), "state", None)
        limiter = getattr(state, "limiter", None)
        if limiter is None:
            return []
        principal = await context.principal()
        caller = caller_of(principal, request, state.trusted_proxies)  # type: ignore[union-attr]
        decision = limiter.spend(caller, context.query_cost or 1)
        context.throttle_status = {
            "maximumAvailable": decision.limit,
            "currentlyAvailable": decision.remaining,
            "windowSeconds": limiter.window,
            "resetsAt": decision.reset,
        }
        response = getattr(context, "response", None)
        if response is not None:
            response.headers.update(decision.headers())
        if decision.allowed:
            return []
        if response is not None:
            response.status_code = 429
        return [
            RateLimited(
                f"rate limit reached: {decision.limit} points per {limiter.window} s; "
                f"try again in {decision.retry_after} s",
                retryAfter=decision.retry_after,
            )
        ]


def _coerce(error: Exception) -> GraphQLError:
    """An exception raised around execution as an error of the response (coded as ours)."""
    if isinstance(error, GraphQLError):
        return error
    return GraphQLError(
        str(error), original_error=error, extensions={"code": INTERNAL_SERVER_ERROR}
    )


def _masked(error: GraphQLError, request_id: str | None) -> GraphQLError:
    """Production: an unexpected error becomes a message carrying the request id only."""
    if is_expected(error):
        return error
    return GraphQLError(
        f"Internal server error (request id {request_id})",
        nodes=error.nodes,
        path=error.path,
        extensions={"code": INTERNAL_SERVER_ERROR, "requestId": request_id},
    )
