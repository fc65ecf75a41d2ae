"""The immutable in-memory view of the content graph, and the store that keeps it fresh.

A :class:`Snapshot` is built from two statements (all nodes, all edges) into a
frozen ``networkx.MultiDiGraph`` (schema in ``graph.algorithms`` docs) and is
shared by every request of a process. :class:`SnapshotStore` checks the
content version at most once per ``check_interval`` seconds and rebuilds when
it moved; the graph is built in a worker thread and swapped in with a single
assignment, so readers always see one whole snapshot. Several API processes on
one database therefore converge within ``check_interval`` plus one rebuild.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

import networkx as nx
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from graph import navigate
from graph.content.model import name_key
from graph.db import consistent_read
from graph.models.enums import NodeKind
from graph.store.content import CONTENT_CHANNEL, ContentRepository
from graph.store.search import tokenize

T = TypeVar("T")

__all__ = ["Snapshot", "SnapshotStore", "build_graph"]

_TIMESTAMPS = ("created_at", "updated_at")


def build_graph(
    nodes: list[dict[str, Any]], edges: list[dict[str, Any]], version: int
) -> nx.MultiDiGraph:
    """A frozen MultiDiGraph keyed by slug; edge keys are edge kinds."""
    graph = nx.MultiDiGraph(content_version=version)
    for record in nodes:
        graph.add_node(record["slug"], **record)
    for edge in edges:
        graph.add_edge(
            edge["source"],
            edge["target"],
            key=edge["kind"],
            kind=edge["kind"],
            weight=edge["weight"],
            note=edge["note"],
            position=edge["position"],
        )
    return nx.freeze(graph)


def _sort_key(attrs: Mapping[str, Any]) -> tuple[str, str]:
    return (attrs["title"].casefold(), attrs["slug"])


PARENTHETICAL = re.compile(r"\s*\([^()]*\)\s*$")


def _names(nodes: list[dict[str, Any]]) -> dict[str, tuple[int, ...]]:
    """Every name a node answers to in search: slug, title, title without a trailing
    parenthesis ("Data parallelism (DDP)" is also "data parallelism"), and aliases."""
    found: dict[str, list[int]] = defaultdict(list)
    for attrs in nodes:
        title = attrs["title"]
        keys = {attrs["slug"], name_key(title), name_key(PARENTHETICAL.sub("", title))}
        keys.update(name_key(alias) for alias in attrs.get("aliases") or ())
        for key in keys - {""}:
            found[key].append(attrs["id"])
    return {key: tuple(ids) for key, ids in found.items()}


@dataclass(frozen=True)
class Snapshot:
    """One content version: the graph plus read indices derived from it."""

    graph: nx.MultiDiGraph
    version: int
    by_id: dict[int, str] = field(default_factory=dict)
    by_kind: dict[str, tuple[str, ...]] = field(default_factory=dict)
    by_day: dict[int, str] = field(default_factory=dict)
    vocabulary: Mapping[str, int] = field(default_factory=dict)  # word -> frequency
    names: Mapping[str, tuple[int, ...]] = field(default_factory=dict)  # name_key -> node ids
    # Neighbour lists computed on first use; bounded by the graph (one per node, kind, direction).
    _neighbours: dict[tuple[str, str, bool], tuple[str, ...]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    # Other values derived from the snapshot alone, computed on first use (see `remember`).
    _memo: dict[Hashable, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    @classmethod
    def build(
        cls, nodes: list[dict[str, Any]], edges: list[dict[str, Any]], version: int
    ) -> Snapshot:
        graph = build_graph(nodes, edges, version)
        kinds: dict[str, list[str]] = defaultdict(list)
        for slug, attrs in graph.nodes(data=True):
            kinds[attrs["kind"]].append(slug)
        nodes_view = graph.nodes
        by_kind = {
            kind: tuple(sorted(slugs, key=lambda s: _sort_key(nodes_view[s])))
            for kind, slugs in kinds.items()
        }
        by_kind[NodeKind.DOMAIN.value] = tuple(
            sorted(kinds.get(NodeKind.DOMAIN.value, []), key=lambda s: nodes_view[s]["position"])
        )
        return cls(
            graph=graph,
            version=version,
            by_id={attrs["id"]: slug for slug, attrs in graph.nodes(data=True)},
            by_kind=by_kind,
            by_day={
                attrs["day"]: slug
                for slug, attrs in graph.nodes(data=True)
                if attrs["kind"] == NodeKind.ROADMAP_DAY.value
            },
            vocabulary=Counter(
                word
                for attrs in nodes
                for text in (
                    attrs["title"],
                    attrs["slug"],
                    *attrs["tags"],
                    *(attrs.get("aliases") or ()),
                )
                for word in tokenize(text)
            ),
            names=_names(nodes),
        )

    def node(self, slug: str) -> Mapping[str, Any] | None:
        return self.graph.nodes[slug] if slug in self.graph else None

    def remember(self, key: Hashable, make: Callable[[], T]) -> T:
        """``make()``, computed once per snapshot and key; for values that depend on the
        snapshot alone (an ordering of all concepts, say), read by many requests."""
        try:
            return cast(T, self._memo[key])
        except KeyError:
            value = self._memo[key] = make()
            return value

    def of_kind(self, kind: NodeKind | str) -> tuple[str, ...]:
        return self.by_kind.get(str(kind), ())

    def linked(self, slug: str, kind: str, *, incoming: bool = False) -> tuple[str, ...]:
        """:func:`graph.navigate.linked`, remembered for the life of the snapshot."""
        key = (slug, kind, incoming)
        found = self._neighbours.get(key)
        if found is None:
            found = self._neighbours[key] = tuple(
                navigate.linked(self.graph, slug, kind, incoming=incoming)
            )
        return found

    def related(self, slug: str) -> tuple[str, ...]:
        """:func:`graph.navigate.related`, remembered for the life of the snapshot."""
        key = (slug, "related", False)  # both directions of related_to, merged
        found = self._neighbours.get(key)
        if found is None:
            found = self._neighbours[key] = tuple(navigate.related(self.graph, slug))
        return found

    def prerequisite_layers(
        self, slug: str, *, depth: int = 1, dependents: bool = False
    ) -> list[str]:
        """:func:`graph.navigate.prerequisite_layers`; one hop comes from :meth:`linked`."""
        if depth == 1:
            return list(self.linked(slug, "prerequisite", incoming=not dependents))
        return navigate.prerequisite_layers(self.graph, slug, depth=depth, dependents=dependents)


LISTEN_PING = 30.0
"""Seconds of silence after which the notification connection is checked."""

LISTEN_RETRY = 2.0
"""Seconds before listening again after the notification connection failed."""

START_ATTEMPTS = 6
"""Tries to build the first snapshot before a process gives up starting."""

START_BACKOFF = 0.1
"""Seconds before the second try; doubled for each next one (0.1 to 1.6 s)."""


log = logging.getLogger(__name__)


class SnapshotStore:
    """Holds the current snapshot of a process and refreshes it when content changes."""

    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        *,
        check_interval: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
        on_rebuild: Callable[[Snapshot, float], None] | None = None,
    ) -> None:
        self._sessionmaker = sessionmaker
        self._check_interval = check_interval
        self._clock = clock
        self._on_rebuild = on_rebuild
        self._current: Snapshot | None = None
        self._checked_at = float("-inf")
        self._lock = asyncio.Lock()

    @property
    def current(self) -> Snapshot | None:
        return self._current

    async def get(self) -> Snapshot:
        """The current snapshot, rebuilt first if the content version has moved.

        A rebuild that fails keeps the previous snapshot in service (it is
        retried on the next call after the check interval); only a process
        that never had one waits for the database, see :meth:`refresh`.
        """
        snapshot = self._current
        if snapshot is not None and self._clock() - self._checked_at < self._check_interval:
            return snapshot
        async with self._lock:
            if (
                self._current is not None
                and self._clock() - self._checked_at < self._check_interval
            ):
                return self._current
            await self._refresh_or_keep()
        assert self._current is not None
        return self._current

    async def refresh(self) -> Snapshot:
        """Check now, ignoring the interval (after a write by this process, at start).

        Without a snapshot yet, a failed build is retried with backoff (about
        :data:`START_ATTEMPTS` tries over a few seconds) before it raises; with
        one, a failure keeps it in service and the next :meth:`get` retries.
        """
        async with self._lock:
            if self._current is None:
                for attempt in range(START_ATTEMPTS):
                    try:
                        await self._refresh()
                        break
                    except Exception:
                        if attempt + 1 == START_ATTEMPTS:
                            raise
                        log.warning(
                            "snapshot build failed (attempt %d of %d); retrying",
                            attempt + 1,
                            START_ATTEMPTS,
                            exc_info=True,
                        )
                        await asyncio.sleep(START_BACKOFF * 2**attempt)
            else:
                await self._refresh_or_keep(retry_now=True)
        assert self._current is not None
        return self._current

    def invalidate(self) -> None:
        """The content changed (another process said so): check on the next :meth:`get`."""
        self._checked_at = float("-inf")

    async def listen(self, engine: AsyncEngine) -> None:
        """Invalidate on every content change another process announces (PostgreSQL).

        Runs until cancelled, holding one connection that LISTENs on
        :data:`CONTENT_CHANNEL`; the next request after a notification rebuilds
        the snapshot, and a background rebuild starts at once so that request
        rarely waits. If the connection drops, it reconnects after a pause;
        meanwhile the check interval still applies. SQLite has no
        notifications: there polling is the only way.
        """
        if engine.dialect.name != "postgresql":
            return
        while True:
            try:
                async with engine.connect() as connection:
                    raw = await connection.get_raw_connection()
                    driver: Any = raw.driver_connection
                    changed = asyncio.Event()

                    def notified(*_: object, changed: asyncio.Event = changed) -> None:
                        self.invalidate()
                        changed.set()

                    await driver.add_listener(CONTENT_CHANNEL, notified)
                    self.invalidate()  # a change may have landed before listening began
                    while not driver.is_closed():
                        try:
                            await asyncio.wait_for(changed.wait(), timeout=LISTEN_PING)
                        except TimeoutError:
                            await driver.execute("SELECT 1")  # notice a dead connection
                            continue
                        changed.clear()
                        await self.get()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.warning("content notifications lost; reconnecting", exc_info=True)
            await asyncio.sleep(LISTEN_RETRY)

    async def _refresh_or_keep(self, *, retry_now: bool = False) -> None:
        if self._current is None:
            await self._refresh()
            return
        try:
            await self._refresh()
        except Exception:
            log.warning(
                "snapshot rebuild failed; serving content version %d until a retry succeeds",
                self._current.version,
                exc_info=True,
            )
            # Retry on the next call (after a write), else after the usual interval.
            self._checked_at = float("-inf") if retry_now else self._clock()

    async def _refresh(self) -> None:
        # The version, the nodes and the edges come from one database snapshot, so
        # a write committed meanwhile by another process is either wholly in or out.
        async with consistent_read(self._sessionmaker) as session:
            repo = ContentRepository(session)
            version = await repo.content_version()
            if self._current is not None and self._current.version == version:
                self._checked_at = self._clock()
                return
            nodes = await repo.fetch_nodes()
            edges = await repo.fetch_edges()
        started = time.perf_counter()
        snapshot = await asyncio.to_thread(Snapshot.build, nodes, edges, version)
        self._current = snapshot
        self._checked_at = self._clock()
        if self._on_rebuild is not None:
            self._on_rebuild(snapshot, time.perf_counter() - started)
