"""The GraphQL schema. `build_schema` makes one per app; extensions are built once."""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator, Iterator
from typing import Any

import strawberry
from graphql import ExecutionResult, FieldNode, GraphQLError, ValidationRule
from strawberry.extensions import (
    AddValidationRules,
    MaxTokensLimiter,
    ParserCache,
    SchemaExtension,
    ValidationCache,
)
from strawberry.schema.config import StrawberryConfig
from strawberry.tools import merge_types
from strawberry.types import ExecutionContext

from api.graphql.errors import (
    BAD_USER_INPUT,
    GRAPHQL_PARSE_FAILED,
    GRAPHQL_VALIDATION_FAILED,
    INTERNAL_SERVER_ERROR,
    INTROSPECTION_DISABLED,
    RateLimited,
    Unauthenticated,
)
from api.graphql.execution import LeafFastPathExecutionContext
from api.graphql.learners import LearnerMutation, LearnerQuery
from api.graphql.limits import Limits, make_directive_guard, make_limiter
from api.graphql.mutations.content import ContentMutation
from api.graphql.queries.audit import AuditQuery
from api.graphql.queries.content import ContentQuery
from api.graphql.queries.export import ExportQuery
from api.graphql.queries.plan import PlanQuery
from api.graphql.queries.search import SearchQuery
from api.graphql.scalars import SCALAR_OVERRIDES
from api.graphql.types.nodes import Article, Concept, Domain, Prompt, RoadmapDay
from api.observability import RequestLog
from api.ratelimit import caller_of

logger = logging.getLogger("prepgraph.graphql")

Query = merge_types(
    "Query", (ContentQuery, SearchQuery, ExportQuery, PlanQuery, AuditQuery, LearnerQuery)
)
Mutation = merge_types("Mutation", (ContentMutation, LearnerMutation))

# Root query fields whose answer is the same whoever asks: they read only the content
# snapshot and the search index, so the response cache may share them between callers.
# Nothing reachable below them may read the caller (`info.context.principal()`); a field
# that needs to belongs under `me` or in PER_CALLER_QUERY_FIELDS.
SHARED_QUERY_FIELDS = frozenset(
    {
        "knowledgeNode",
        "concept",
        "article",
        "prompt",
        "roadmapDay",
        "domain",
        "domains",
        "concepts",
        "articles",
        "prompts",
        "roadmapDays",
        "search",
        "export",
        "path",
        "neighbourhood",
    }
)
# Root query fields that depend on the caller's token (mastery, reviews, role).
# `node`/`nodes` resolve a learner's own objects for their token (saved plans, ...).
PER_CALLER_QUERY_FIELDS = frozenset(
    {"studyPlan", "readyToLearn", "me", "auditLog", "node", "nodes"}
)


_SUGGESTION = re.compile(r" ?Did you mean [^?]*\?")


def is_expected(error: GraphQLError) -> bool:
    """Errors the client caused: validation, bad input, auth; not worth a stack trace.

    graphql-core wraps a variable's coercion error (raised as a GraphQLError by
    the scalar or enum) with that error as the original: the client's too.
    """
    original = error.original_error
    return original is None or isinstance(original, GraphQLError)


def _request_id(execution_context: ExecutionContext | None) -> str | None:
    request = getattr(getattr(execution_context, "context", None), "request", None)
    return getattr(getattr(request, "state", None), "request_id", None)


def code_client_error(error: GraphQLError, *, hide_suggestions: bool = False) -> None:
    """Give an error the client caused a code, in place, like the resolvers' own errors.

    graphql-core reports syntax, validation and variable errors without one:
    they get ``GRAPHQL_PARSE_FAILED``, ``GRAPHQL_VALIDATION_FAILED`` and
    ``BAD_USER_INPUT`` (Apollo's codes). With `hide_suggestions` (no
    introspection) the "Did you mean ...?" hints, which reveal the schema, go.
    """
    if hide_suggestions:
        error.message = _SUGGESTION.sub("", error.message)
    if (error.extensions or {}).get("code"):
        return
    if error.message.startswith("Syntax Error"):
        code = GRAPHQL_PARSE_FAILED
    elif error.message.startswith("Variable '$"):
        code = BAD_USER_INPUT
    else:
        code = GRAPHQL_VALIDATION_FAILED
    error.extensions = {**(error.extensions or {}), "code": code}


class PrepGraphSchema(strawberry.Schema):
    hide_suggestions = False

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        for error in errors:
            if is_expected(error):
                code_client_error(error, hide_suggestions=self.hide_suggestions)
                logger.debug("client error: %s", error.message)
            else:
                logger.error(
                    "unexpected error (request %s): %s",
                    _request_id(execution_context),
                    error.message,
                    exc_info=error.original_error,
                )


class NoSchemaDump(ValidationRule):
    """Introspection off: the whole-schema dump (`__schema`) is refused.

    `__type(name:)` and `__typename` still answer. The schema is public (it is
    committed as schema.graphql), so what this saves is the large `__schema`
    document, not a secret; GraphQL-over-HTTP probes and client tools that
    ask for one named type keep working.
    """

    def enter_field(self, node: FieldNode, *_args: object) -> None:
        if node.name.value == "__schema":
            self.report_error(
                GraphQLError(
                    "Introspection is disabled on this server; the schema is published as "
                    "schema.graphql",
                    node,
                    extensions={"code": INTROSPECTION_DISABLED},
                )
            )


class GuardedValidationCache(ValidationCache):
    """The validation cache, skipped for a document a guard has already refused."""

    def on_validate(self) -> Iterator[None]:
        if self.execution_context.pre_execution_errors is not None:
            yield
            return
        yield from super().on_validate()


class MaskUnexpectedErrors(SchemaExtension):
    """Production: replace unexpected errors by a message carrying the request id."""

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        if result is None or not getattr(result, "errors", None):
            return
        request_id = _request_id(self.execution_context)
        result.errors = [
            error
            if is_expected(error)
            else GraphQLError(
                f"Internal server error (request id {request_id})",
                nodes=error.nodes,
                path=error.path,
                extensions={"code": INTERNAL_SERVER_ERROR, "requestId": request_id},
            )
            for error in result.errors
        ]


class CheckToken(SchemaExtension):
    """A token that is sent must be valid, whatever the operation reads.

    Without this, a read that never asks who the caller is would answer a wrong,
    revoked or expired token with data. ``require=True`` also refuses anonymous
    requests (PREPGRAPH_REQUIRE_TOKEN_FOR_READS).
    """

    require = False

    async def on_execute(self) -> AsyncIterator[None]:
        context = self.execution_context
        if not context.result:
            try:
                principal = await context.context.principal()
            except Unauthenticated as error:
                context.result = ExecutionResult(data=None, errors=[error])
            else:
                if principal is None and self.require:
                    context.result = ExecutionResult(
                        data=None,
                        errors=[Unauthenticated("this server requires a token for every request")],
                    )
        yield


class RateLimit(SchemaExtension):
    """Spend the operation's cost from the caller's budget; 429 when it is spent.

    Runs after the query limits (which compute the cost) and the token check
    (which names the caller); a refused operation runs no resolver.
    """

    async def on_execute(self) -> AsyncIterator[None]:
        context = self.execution_context
        request = getattr(context.context, "request", None)
        limiter = getattr(getattr(getattr(request, "app", None), "state", None), "limiter", None)
        if limiter is not None and not context.result:
            state = request.app.state  # type: ignore[union-attr]
            principal = await context.context.principal()
            caller = caller_of(principal, request, state.trusted_proxies)
            decision = limiter.spend(caller, getattr(request.state, "query_cost", 1))  # type: ignore[union-attr]
            request.state.throttle_status = {  # type: ignore[union-attr]
                "maximumAvailable": decision.limit,
                "currentlyAvailable": decision.remaining,
                "windowSeconds": limiter.window,
                "resetsAt": decision.reset,
            }
            response = getattr(context.context, "response", None)
            if response is not None:
                response.headers.update(decision.headers())
            if not decision.allowed:
                if response is not None:
                    response.status_code = 429
                context.result = ExecutionResult(
                    data=None,
                    errors=[
                        RateLimited(
                            f"rate limit reached: {decision.limit} points per "
                            f"{limiter.window} s; try again in {decision.retry_after} s",
                            retryAfter=decision.retry_after,
                        )
                    ],
                )
        yield


class RequireToken(CheckToken):
    """Refuse anonymous requests (PREPGRAPH_REQUIRE_TOKEN_FOR_READS)."""

    require = True


def build_schema(
    *,
    limits: Limits = Limits(),
    max_tokens: int = 5000,
    max_batch: int = 10,
    introspection: bool = True,
    mask_errors: bool = False,
    require_token: bool = False,
) -> strawberry.Schema:
    extensions: list[Any] = [
        lambda: ParserCache(maxsize=512),
        make_directive_guard(limits.max_directives),
        lambda: GuardedValidationCache(maxsize=512),
        lambda: MaxTokensLimiter(max_token_count=max_tokens),
        make_limiter(limits),
        RequestLog,
    ]
    if not introspection:
        extensions.append(lambda: AddValidationRules([NoSchemaDump]))
    if mask_errors:
        extensions.append(MaskUnexpectedErrors)
    extensions.append(RequireToken if require_token else CheckToken)
    extensions.append(RateLimit)
    schema = PrepGraphSchema(
        query=Query,
        mutation=Mutation,
        types=[Concept, Article, Prompt, RoadmapDay, Domain],
        extensions=extensions,
        execution_context_class=LeafFastPathExecutionContext,
        config=StrawberryConfig(batching_config={"max_operations": max_batch}),
        scalar_overrides=SCALAR_OVERRIDES,
    )
    schema.hide_suggestions = not introspection
    return schema


schema = build_schema()
