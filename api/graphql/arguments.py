"""Argument annotations shared by list and traversal fields."""

from __future__ import annotations

from typing import Annotated

import strawberry

FirstArg = Annotated[
    int | None, strawberry.argument(description="Page size from the start, 1..100 (default 20)")
]
AfterArg = Annotated[str | None, strawberry.argument(description="Return items after this cursor")]
LastArg = Annotated[int | None, strawberry.argument(description="Page size from the end, 1..100")]
BeforeArg = Annotated[
    str | None, strawberry.argument(description="Return items before this cursor")
]
DepthArg = Annotated[
    int | None,
    strawberry.argument(description="Hops to follow: 1 = direct (default), up to 10 = transitive"),
]
