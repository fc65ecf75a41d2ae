"""Relay connection types."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

import strawberry

from api.graphql.pagination import Page

T = TypeVar("T")


@strawberry.type(description="Where a page sits in the full list.")
class PageInfo:
    has_next_page: bool = strawberry.field(description="More items follow this page")
    has_previous_page: bool = strawberry.field(description="More items precede this page")
    start_cursor: str | None = strawberry.field(description="Cursor of the first item")
    end_cursor: str | None = strawberry.field(description="Cursor of the last item")


@strawberry.type(description="An item of a page, with its cursor.")
class Edge(Generic[T]):
    cursor: str = strawberry.field(description="Opaque cursor; pass to after/before")
    node: T = strawberry.field(description="The item")


@strawberry.type(description="A page of a list, Relay style.")
class Connection(Generic[T]):
    edges: list[Edge[T]] = strawberry.field(description="The items of this page")
    page_info: PageInfo = strawberry.field(description="Paging information")
    total_count: int = strawberry.field(description="Items in the whole list, across pages")

    @strawberry.field(description="The items of this page without cursors")
    def nodes(self) -> list[T]:
        return [edge.node for edge in self.edges]


def to_connection(page: Page[Any], make: Callable[[Any], Any]) -> Any:
    edges = [Edge(cursor=cursor, node=make(item)) for cursor, item in page.items]
    return Connection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=page.has_next,
            has_previous_page=page.has_previous,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
        total_count=page.total,
    )
