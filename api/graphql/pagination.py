"""Keyset pagination over an ordered list, with Relay-style opaque cursors.

A cursor encodes the sort key of its item (not its offset), so pages stay
correct when items are inserted or deleted between requests.
"""

from __future__ import annotations

import base64
import binascii
import bisect
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from api.graphql.errors import BadUserInput

T = TypeVar("T")
Key = tuple[Any, ...]

MAX_PAGE = 100
DEFAULT_PAGE = 20


def encode_cursor(key: Key) -> str:
    raw = json.dumps(list(key), separators=(",", ":"), ensure_ascii=False).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


MAX_CURSOR = 1024
"""Longest cursor accepted; the cursors this API makes are far shorter."""


def decode_cursor(cursor: str) -> Key:
    try:
        raw = base64.urlsafe_b64decode((cursor[:MAX_CURSOR] + "=" * (-len(cursor) % 4)).encode())
        value = json.loads(raw) if len(cursor) <= MAX_CURSOR else None
    except (binascii.Error, ValueError, UnicodeDecodeError, RecursionError):
        value = None
    if not isinstance(value, list) or not all(
        isinstance(part, str | int | float) and not isinstance(part, bool) for part in value
    ):
        shown = cursor if len(cursor) <= 40 else cursor[:40] + "..."
        raise BadUserInput(f"{shown!r} is not a valid cursor", argument="cursor")
    return tuple(value)


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[tuple[Key, T]]  # (sort key, item); encode_cursor(key) is the item's cursor
    has_next: bool
    has_previous: bool
    total: int


def paginate(
    items: Sequence[T],
    key: Callable[[T], Key],
    *,
    first: int | None = None,
    after: str | None = None,
    last: int | None = None,
    before: str | None = None,
    descending: bool = False,
    keys: Sequence[Key] | None = None,
) -> Page[T]:
    """Slice ``items`` (already sorted ascending by ``key``) the way Relay connections do.

    ``keys``, when given, are ``key`` of every item, computed beforehand.
    """
    if keys is None:
        keys = [key(item) for item in items]
    ordered: list[int] = list(range(len(items)))
    if descending:
        ordered.reverse()
    start, end = 0, len(ordered)
    try:
        if after is not None:
            k = decode_cursor(after)
            start = (
                len(keys) - bisect.bisect_left(keys, k)
                if descending
                else bisect.bisect_right(keys, k)
            )
        if before is not None:
            k = decode_cursor(before)
            end = (
                len(keys) - bisect.bisect_right(keys, k)
                if descending
                else bisect.bisect_left(keys, k)
            )
    except TypeError as exc:
        raise BadUserInput("the cursor belongs to a different ordering", argument="cursor") from exc
    window = ordered[start : max(start, end)]
    if first is None and last is None:
        first = DEFAULT_PAGE
    has_next = end < len(ordered)
    has_previous = start > 0
    if first is not None:
        has_next = has_next or len(window) > first
        window = window[:first]
    if last is not None:
        has_previous = has_previous or len(window) > last
        window = window[-last:] if last else []
    return Page(
        items=[(keys[i], items[i]) for i in window],
        has_next=has_next,
        has_previous=has_previous,
        total=len(items),
    )


def id_after(after: str | None) -> int | None:
    """The row id an `after` cursor of a newest-first, id-keyed list names."""
    if after is None:
        return None
    key = decode_cursor(after)
    if len(key) != 1 or not isinstance(key[0], int):
        raise BadUserInput("the cursor belongs to a different list", argument="after")
    return key[0]


def rows_page(
    rows: Sequence[T], key: Callable[[T], Key], *, first: int | None, after: str | None, total: int
) -> Page[T]:
    """A page of rows fetched with one extra (``first + 1``) to tell whether more follow."""
    size = DEFAULT_PAGE if first is None else first
    return Page(
        items=[(key(row), row) for row in rows[:size]],
        has_next=len(rows) > size,
        has_previous=after is not None,
        total=total,
    )


def page_size(first: int | None) -> int:
    return DEFAULT_PAGE if first is None else first
