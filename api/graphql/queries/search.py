"""The search root field: a connection of hits, best first."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from api.graphql.arguments import AfterArg
from api.graphql.errors import BadUserInput
from api.graphql.pagination import decode_cursor, encode_cursor
from api.graphql.types.connection import PageInfo
from api.graphql.types.enums import NodeKind
from api.graphql.types.nodes import KnowledgeNode, node_of
from graph.searching import EmptyQuery, Resume, search

MAX_HITS = 50
MAX_DEPTH = 500
"""Hits reachable by paging: relevance this far down is noise, and offsets stay cheap."""


@strawberry.type(description="A search hit, with its cursor.")
class SearchEdge:
    cursor: str = strawberry.field(description="Opaque cursor; pass to `after`")
    node: KnowledgeNode = strawberry.field(description="The matching node")
    score: float = strawberry.field(
        description="Relevance in [0, 1); an exact match of a title, slug or alias adds 1"
    )
    snippet: str | None = strawberry.field(
        description="A fragment of the matching text, matches wrapped in <mark></mark>"
    )


@strawberry.type(description="A page of search hits, best first.")
class SearchConnection:
    edges: list[SearchEdge] = strawberry.field(description="The hits of this page")
    page_info: PageInfo = strawberry.field(description="Paging information")
    corrected_query: str | None = strawberry.field(
        description="The query actually run when typos were corrected, else null"
    )

    @strawberry.field(description="The nodes of this page without cursors")
    def nodes(self) -> list[KnowledgeNode]:
        return [edge.node for edge in self.edges]


def _resume(after: str | None, query: str) -> tuple[int, Resume | None, str | None]:
    """The offset, the way the first page ran and its correction, from an `after` cursor."""
    if after is None:
        return 0, None, None
    key = decode_cursor(after)
    if (
        len(key) != 7
        or key[0] != "search"
        or key[1] != query
        or not isinstance(key[2], int)
        or not 0 <= key[2] <= MAX_DEPTH
        or not all(isinstance(part, str) for part in (key[3], key[4], key[6]))
        or key[5] not in (0, 1)
        or not str(key[4]).split()
    ):
        raise BadUserInput("the cursor belongs to another search", argument="after")
    resume = Resume(tuple(str(key[4]).split()), bool(key[5]), str(key[6]))
    return int(key[2]), resume, str(key[3]) or None


@strawberry.type
class SearchQuery:
    @strawberry.field(
        description="Full-text search over titles, aliases, summaries, bodies, question texts "
        "and tags. Ranked: an exact title, slug or alias match first, then relevance; typos "
        "are corrected when nothing matches. Page on with `after`."
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
        first: Annotated[
            int | None, strawberry.argument(description="Hits per page, 1..50 (default 10)")
        ] = None,
        after: AfterArg = None,
    ) -> SearchConnection:
        size = 10 if first is None else first
        if not 1 <= size <= MAX_HITS:
            raise BadUserInput(
                f"`first` must be between 1 and {MAX_HITS}, got {size}", argument="first"
            )
        offset, resume, corrected = _resume(after, query)
        snapshot = info.context.snapshot
        domain_id = None
        if domain is not None:
            attrs = snapshot.node(domain)
            if attrs is None or attrs["kind"] != "domain":
                raise BadUserInput(f"unknown domain {domain!r}", argument="domain")
            domain_id = attrs["id"]
        limit = max(0, min(size, MAX_DEPTH - offset))
        rows = []
        async with info.context.db() as session:
            try:
                result = await search(
                    session,
                    query,
                    vocabulary=snapshot.vocabulary,
                    names=snapshot.names,
                    kinds=[k.value for k in kinds] if kinds else None,
                    domain_id=domain_id,
                    limit=limit + 1,
                    offset=offset,
                    resume=resume,
                )
            except EmptyQuery as exc:
                raise BadUserInput(str(exc), argument="query") from exc
        rows = result.rows
        if after is None:
            corrected = result.corrected
        how = result.resume or Resume((), True, query)
        edges = []
        for position, row in enumerate(rows[:limit], start=offset + 1):
            slug = snapshot.by_id.get(row.node_id)
            if slug is None:  # indexed after this snapshot was built
                continue
            cursor = encode_cursor(
                (
                    "search",
                    query,
                    position,
                    corrected or "",
                    " ".join(how.tokens),
                    int(how.match_all),
                    how.name,
                )
            )
            edges.append(
                SearchEdge(
                    cursor=cursor,
                    node=node_of(snapshot, slug),
                    score=row.score,
                    snippet=row.snippet,
                )
            )
        return SearchConnection(
            edges=edges,
            page_info=PageInfo(
                has_next_page=len(rows) > limit,
                has_previous_page=offset > 0,
                start_cursor=edges[0].cursor if edges else None,
                end_cursor=edges[-1].cursor if edges else None,
            ),
            corrected_query=corrected,
        )
