"""Filtering, ordering and paging of node lists from the snapshot."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from api.graphql.errors import BadUserInput
from api.graphql.pagination import MAX_PAGE, Key, Page, paginate
from graph.models.enums import DIFFICULTY_LEVEL, Difficulty
from graph.snapshot import Snapshot
from graph.store.search import tokenize

SENIORITY_LEVEL = {"mid": 0, "senior": 1, "staff": 2}


@dataclass(frozen=True)
class Criteria:
    """What a list query asks for; every field optional."""

    domain: str | None = None
    tags: Sequence[str] = ()
    difficulty: Sequence[str] = ()
    seniority: Sequence[str] = ()
    frequency: Sequence[str] = ()
    text: str | None = None


@dataclass(frozen=True)
class Window:
    first: int | None = None
    after: str | None = None
    last: int | None = None
    before: str | None = None

    def check(self) -> None:
        for name, value in (("first", self.first), ("last", self.last)):
            if value is not None and not 1 <= value <= MAX_PAGE:
                raise BadUserInput(
                    f"`{name}` must be between 1 and {MAX_PAGE}, got {value}", argument=name
                )


def _matches(attrs: dict[str, Any], criteria: Criteria, words: list[str]) -> bool:
    if criteria.domain is not None and attrs["domain"] != criteria.domain:
        return False
    if criteria.tags and not set(criteria.tags) <= set(attrs["tags"]):
        return False
    if criteria.difficulty and attrs.get("difficulty") not in criteria.difficulty:
        return False
    if criteria.seniority and attrs.get("seniority") not in criteria.seniority:
        return False
    if criteria.frequency and attrs.get("frequency") not in criteria.frequency:
        return False
    if words:
        haystack = " ".join(
            (attrs["title"], attrs["summary"], " ".join(attrs["tags"]), attrs.get("text") or "")
        ).casefold()
        return all(word in haystack for word in words)
    return True


ORDER_KEYS: dict[str, Callable[[dict[str, Any]], Key]] = {
    "title": lambda a: (a["title"].casefold(), a["slug"]),
    "difficulty": lambda a: (
        DIFFICULTY_LEVEL[Difficulty(a["difficulty"])],
        a["title"].casefold(),
        a["slug"],
    ),
    "minutes": lambda a: (a["minutes"], a["title"].casefold(), a["slug"]),
    "seniority": lambda a: (SENIORITY_LEVEL[a["seniority"]], a["title"].casefold(), a["slug"]),
    "day": lambda a: (a["day"],),
    "updated_at": lambda a: (a["updated_at"].isoformat(), a["slug"]),
}


def _ordered(
    nodes: Any, slugs: Sequence[str], key: Callable[[dict[str, Any]], Key], presorted: bool
) -> tuple[Sequence[str], list[Key]]:
    """``slugs`` in ``key`` order (as given when ``presorted``), with their keys."""
    if not presorted:
        slugs = sorted(slugs, key=lambda s: key(nodes[s]))
    return tuple(slugs), [key(nodes[s]) for s in slugs]


def list_nodes(
    snapshot: Snapshot,
    kind: str,
    window: Window,
    *,
    criteria: Criteria | None = None,
    order: str = "title",
    descending: bool = False,
) -> Page[str]:
    window.check()
    nodes = snapshot.graph.nodes
    slugs: Sequence[str] = snapshot.of_kind(kind)
    if criteria is not None:
        if criteria.domain is not None and criteria.domain not in nodes:
            slugs = []
        words = [w.casefold() for w in tokenize(criteria.text or "")]
        slugs = [s for s in slugs if _matches(nodes[s], criteria, words)]
    key = ORDER_KEYS[order]
    presorted = order == "title" and kind != "roadmap_day"  # snapshots keep title order
    keys: list[Key] | None = None
    if criteria is None:
        # The whole kind in one order: the same for every request on this snapshot.
        slugs, keys = snapshot.remember(
            ("listing", kind, order), lambda: _ordered(nodes, slugs, key, presorted)
        )
    elif not presorted:
        slugs = sorted(slugs, key=lambda s: key(nodes[s]))
    return paginate(
        slugs,
        lambda s: key(nodes[s]),
        keys=keys,
        first=window.first,
        after=window.after,
        last=window.last,
        before=window.before,
        descending=descending,
    )
