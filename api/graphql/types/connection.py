"""Relay connection types."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

import strawberry

from api.graphql.pagination import Key, Page, encode_cursor

T = TypeVar("T")


@strawberry.type(description="Where a page sits in the full list.")
class PageInfo:
    has_next_page: bool = strawberry.field(description="More items follow this page")
    has_previous_page: bool = strawberry.field(description="More items precede this page")
    start_cursor: str | None = strawberry.field(description="Cursor of the first item")
    end_cursor: str | None = strawberry.field(description="Cursor of the last item")


def _cursor(self: Edge[Any]) -> str:
    return encode_cursor(self.key)


@strawberry.type(description="An item of a page, with its cursor.")
class Edge(Generic[T]):
    cursor: str = strawberry.field(
        resolver=_cursor, description="Opaque cursor; pass to after/before"
    )
    node: T = strawberry.field(description="The item")
    key: strawberry.Private[Key]


@strawberry.type(description="A page of a list, Relay style.")
class Connection(Generic[T]):
    edges: list[Edge[T]] = strawberry.field(description="The items of this page")
    page_info: PageInfo = strawberry.field(description="Paging information")
    total_count: int = strawberry.field(description="Items in the whole list, across pages")

    @strawberry.field(description="The items of this page without cursors")
    def nodes(self) -> list[T]:
        return [edge.node for edge in self.edges]


def to_connection(page: Page[Any], make: Callable[[Any], Any]) -> Any:
    # Cursors are encoded only when selected: a page read through `nodes` needs none.
    edges = [Edge(key=key, node=make(item)) for key, item in page.items]
    return Connection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=page.has_next,
            has_previous_page=page.has_previous,
            start_cursor=encode_cursor(page.items[0][0]) if page.items else None,
            end_cursor=encode_cursor(page.items[-1][0]) if page.items else None,
        ),
        total_count=page.total,
    )
