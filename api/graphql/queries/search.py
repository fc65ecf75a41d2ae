"""The search root field."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from api.graphql.errors import BadUserInput
from api.graphql.types.enums import NodeKind
from api.graphql.types.nodes import KnowledgeNode, node_of
from graph.searching import EmptyQuery, search

MAX_HITS = 50


@strawberry.type(description="A search result.")
class SearchHit:
    node: KnowledgeNode = strawberry.field(description="The matching node")
    score: float = strawberry.field(
        description="Relevance in [0, 1); an exact match of a title, slug or alias adds 1"
    )
    snippet: str | None = strawberry.field(
        description="A fragment of the matching text, matches wrapped in <mark></mark>"
    )
    corrected_query: str | None = strawberry.field(
        description="The query actually run when typos were corrected, else null"
    )


@strawberry.type
class SearchQuery:
    @strawberry.field(
        description="Full-text search over titles, summaries, bodies, question texts and tags. "
        "Ranked: an exact title, slug or alias match first, then relevance; typos are corrected "
        "when nothing matches."
    )
    async def search(
        self,
        info: Info,
        query: Annotated[str, strawberry.argument(description="Words to look for")],
        kinds: Annotated[
            list[NodeKind] | None, strawberry.argument(description="Only these node kinds")
        ] = None,
        domain: Annotated[
            str | None, strawberry.argument(description="Only nodes of this domain (slug)")
        ] = None,
        first: Annotated[int, strawberry.argument(description="Number of hits, 1..50")] = 10,
    ) -> list[SearchHit]:
        if not 1 <= first <= MAX_HITS:
            raise BadUserInput(
                f"`first` must be between 1 and {MAX_HITS}, got {first}", argument="first"
            )
        snapshot = info.context.snapshot
        domain_id = None
        if domain is not None:
            attrs = snapshot.node(domain)
            if attrs is None or attrs["kind"] != "domain":
                raise BadUserInput(f"unknown domain {domain!r}", argument="domain")
            domain_id = attrs["id"]
        async with info.context.db() as session:
            try:
                result = await search(
                    session,
                    query,
                    vocabulary=snapshot.vocabulary,
                    names=snapshot.names,
                    kinds=[k.value for k in kinds] if kinds else None,
                    domain_id=domain_id,
                    limit=first,
                )
            except EmptyQuery as exc:
                raise BadUserInput(str(exc), argument="query") from exc
        hits = []
        for row in result.rows:
            slug = snapshot.by_id.get(row.node_id)
            if slug is None:  # indexed after this snapshot was built
                continue
            hits.append(
                SearchHit(
                    node=node_of(snapshot, slug),
                    score=row.score,
                    snippet=row.snippet,
                    corrected_query=result.corrected,
                )
            )
        return hits
