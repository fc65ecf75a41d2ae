"""The GraphQL schema, built once per process."""

from __future__ import annotations

import strawberry
from strawberry.extensions import ParserCache, ValidationCache
from strawberry.tools import merge_types

from api.graphql.limits import ArgumentBounds
from api.graphql.queries.content import ContentQuery
from api.graphql.queries.export import ExportQuery
from api.graphql.queries.search import SearchQuery
from api.graphql.types.nodes import Article, Concept, Domain, Prompt, RoadmapDay

Query = merge_types("Query", (ContentQuery, SearchQuery, ExportQuery))


def build_schema() -> strawberry.Schema:
    return strawberry.Schema(
        query=Query,
        types=[Concept, Article, Prompt, RoadmapDay, Domain],
        extensions=[
            lambda: ParserCache(maxsize=512),
            lambda: ValidationCache(maxsize=512),
            ArgumentBounds,
        ],
    )


schema = build_schema()
