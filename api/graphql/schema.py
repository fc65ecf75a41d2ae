"""The GraphQL schema. `build_schema` makes one per app."""

from __future__ import annotations

import logging
import re
from typing import Any

import strawberry
from graphql import FieldNode, GraphQLError, ValidationRule
from strawberry.tools import merge_types

from api.graphql.errors import (
    BAD_USER_INPUT,
    GRAPHQL_PARSE_FAILED,
    GRAPHQL_VALIDATION_FAILED,
    INTROSPECTION_DISABLED,
)
from api.graphql.execution import LeafFastPathExecutionContext
from api.graphql.learners import LearnerMutation, LearnerQuery
from api.graphql.mutations.content import ContentMutation
from api.graphql.queries.audit import AuditQuery
from api.graphql.queries.content import ContentQuery
from api.graphql.queries.export import ExportQuery
from api.graphql.queries.plan import PlanQuery
from api.graphql.queries.search import SearchQuery
from api.graphql.scalars import SCALAR_OVERRIDES
from api.graphql.types.nodes import Article, Concept, Domain, Prompt, RoadmapDay

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


def request_id_of(context: Any) -> str | None:
    """The id of the HTTP request a GraphQL context belongs to, if any."""
    scope = getattr(getattr(context, "request", None), "scope", None)
    state = scope.get("state") if scope is not None else None
    return state.get("request_id") if state is not None else None


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

    def process_errors(self, errors: list[GraphQLError], execution_context: Any = None) -> None:
        self.report_errors(errors, request_id_of(getattr(execution_context, "context", None)))

    def report_errors(self, errors: list[GraphQLError], request_id: str | None) -> None:
        """Code the client's errors (in place) and log the unexpected ones with their stack."""
        for error in errors:
            if is_expected(error):
                code_client_error(error, hide_suggestions=self.hide_suggestions)
                logger.debug("client error: %s", error.message)
            else:
                logger.error(
                    "unexpected error (request %s): %s",
                    request_id,
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


def build_schema(*, introspection: bool = True) -> PrepGraphSchema:
    """The schema: types, resolvers and the compiled-plan execution context.

    What runs around execution (limits, tokens, rate limits, logging, masking)
    is `api.graphql.pipeline.Pipeline`, built on this schema.
    """
    schema = PrepGraphSchema(
        query=Query,
        mutation=Mutation,
        types=[Concept, Article, Prompt, RoadmapDay, Domain],
        execution_context_class=LeafFastPathExecutionContext,
        scalar_overrides=SCALAR_OVERRIDES,
    )
    schema.hide_suggestions = not introspection
    return schema


schema = build_schema()
