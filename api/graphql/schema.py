"""The GraphQL schema, built once per process."""

from __future__ import annotations

import logging
from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.extensions import ParserCache, ValidationCache
from strawberry.tools import merge_types
from strawberry.types import ExecutionContext

from api.graphql.errors import CodedError
from api.graphql.learners import LearnerMutation, LearnerQuery
from api.graphql.limits import ArgumentBounds
from api.graphql.mutations.content import ContentMutation
from api.graphql.queries.audit import AuditQuery
from api.graphql.queries.content import ContentQuery
from api.graphql.queries.export import ExportQuery
from api.graphql.queries.plan import PlanQuery
from api.graphql.queries.search import SearchQuery
from api.graphql.types.nodes import Article, Concept, Domain, Prompt, RoadmapDay

logger = logging.getLogger("prepgraph.graphql")

Query = merge_types(
    "Query", (ContentQuery, SearchQuery, ExportQuery, PlanQuery, AuditQuery, LearnerQuery)
)
Mutation = merge_types("Mutation", (ContentMutation, LearnerMutation))


def is_expected(error: GraphQLError) -> bool:
    """Errors the client caused: validation, bad input, auth; not worth a stack trace."""
    original = error.original_error
    return original is None or isinstance(original, CodedError)


class PrepGraphSchema(strawberry.Schema):
    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        for error in errors:
            if is_expected(error):
                logger.debug("client error: %s", error.message)
            else:
                logger.error("unexpected error: %s", error.message, exc_info=error.original_error)


def build_schema(**kwargs: Any) -> strawberry.Schema:
    return PrepGraphSchema(
        query=Query,
        mutation=Mutation,
        types=[Concept, Article, Prompt, RoadmapDay, Domain],
        extensions=[
            lambda: ParserCache(maxsize=512),
            lambda: ValidationCache(maxsize=512),
            ArgumentBounds,
        ],
        **kwargs,
    )


schema = build_schema()
