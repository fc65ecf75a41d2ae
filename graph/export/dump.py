"""The full content dump: every node field and every edge, as deterministic JSON.

A dump can be loaded into an empty database without losing anything the seeds
or the editors put in (database ids, row versions and timestamps are storage
bookkeeping and are left out; the loader assigns new ones). Structure::

    {
    "format": "prepgraph-dump",
    "version": 1,
    "content_version": 12,
    "nodes": [
    {"kind": "domain", "slug": "coding", "title": ..., "summary": ..., "tags": [...],
     "domain": null, "position": 0},
    {"kind": "concept", "slug": ..., "title": ..., "summary": ..., "tags": [...],
     "domain": "coding", "difficulty": "beginner", "minutes": 30, "body": "..."},
    ...
    ],
    "edges": [
    {"kind": "prerequisite", "source": "big-o", "target": "binary-search",
     "weight": null, "note": null, "position": null},
    ...
    ]
    }

Nodes
    Sorted by kind in the order domain, concept, article, prompt, roadmap_day
    (each kind only refers to kinds before it: a node's ``domain`` names a domain,
    and edges come after all nodes), then by slug. Keys, in this order:
    ``kind, slug, title, summary, tags, domain``, then per kind

    ===========  ==================================================================
    domain       ``position``
    concept      ``difficulty, minutes, stage, seniority, frequency, aliases, body``
    article      ``difficulty, minutes, learning_objectives, body``
    prompt       ``text, seniority, follow_ups, answer_outline, minutes``
    roadmap_day  ``day, theme``
    ===========  ==================================================================

    and then any other field the node has, by name. Every listed key is always
    present; ``null`` stands for ``None`` (a day without a domain, a prompt
    without an answer outline). ``tags``, ``learning_objectives`` and
    ``follow_ups`` are lists of strings (tuples in the graph). An article's
    ``minutes`` is its reading time (``read_minutes`` in the seeds).
Edges
    Sorted by kind (prerequisite, related_to, covers, assesses, schedules), then
    source slug, then target slug. Keys ``kind, source, target, weight, note,
    position``, all always present (``null`` for ``None``). ``related_to`` is
    stored once, as in the graph; ``position`` orders a roadmap day's schedule.

``content_version`` is the version of the graph the dump was taken from
(``null`` when unknown). One record per line: the dump streams, and two dumps
diff line by line. `read_dump` is the reference reader: it turns a dump back into
the in-memory graph shape (without ids and row versions).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

import networkx as nx

from graph.export._common import EXCLUDED_FIELDS, sorted_edges, sorted_nodes

__all__ = ["DUMP_FORMAT", "DUMP_VERSION", "KIND_FIELDS", "generate_dump", "read_dump", "to_dump"]

DUMP_FORMAT = "prepgraph-dump"
DUMP_VERSION = 1
COMMON_FIELDS = ("kind", "slug", "title", "summary", "tags", "domain")
KIND_FIELDS: dict[str, tuple[str, ...]] = {
    "domain": ("position",),
    "concept": ("difficulty", "minutes", "stage", "seniority", "frequency", "aliases", "body"),
    "article": ("difficulty", "minutes", "learning_objectives", "body"),
    "prompt": ("text", "seniority", "follow_ups", "answer_outline", "minutes"),
    "roadmap_day": ("day", "theme"),
}
EDGE_RECORD_FIELDS = ("kind", "source", "target", "weight", "note", "position")


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(", ", ": "))


def _json_value(value: Any) -> Any:
    if isinstance(value, (tuple, list)):
        return [_json_value(item) for item in value]
    if isinstance(value, (set, frozenset)):
        return sorted(_json_value(item) for item in value)
    return value


def node_record(n: str, attrs: Mapping[str, Any]) -> dict[str, Any]:
    """Return the dump record of one node (see the module docstring).

    Examples
    --------
    >>> node_record("ops", {"id": 3, "version": 2, "kind": "domain", "slug": "ops",
    ...     "title": "Ops", "summary": "", "tags": ("x",), "domain": None, "position": 5})
    {'kind': 'domain', 'slug': 'ops', 'title': 'Ops', 'summary': '', 'tags': ['x'], \
'domain': None, 'position': 5}
    """
    fields = COMMON_FIELDS + KIND_FIELDS.get(attrs.get("kind", ""), ())
    record = {name: _json_value(attrs.get(name)) for name in fields}
    if record["slug"] is None:
        record["slug"] = n
    for name in sorted(attrs.keys() - set(fields) - EXCLUDED_FIELDS):
        record[name] = _json_value(attrs[name])
    return record


def generate_dump(G: nx.MultiDiGraph) -> Iterator[str]:
    """Yield the full content dump of ``G``, one node or edge record per chunk.

    Examples
    --------
    >>> G = nx.MultiDiGraph(content_version=4)
    >>> G.add_node("coding", kind="domain", slug="coding", title="Coding", summary="",
    ...     tags=(), domain=None, position=0)
    >>> json.loads(to_dump(G))["nodes"][0]["title"]
    'Coding'
    """
    version = G.graph.get("content_version")
    yield "{\n"
    yield f'"format": "{DUMP_FORMAT}",\n"version": {DUMP_VERSION},\n'
    yield f'"content_version": {_dumps(version)},\n'
    yield '"nodes": ['
    for i, n in enumerate(sorted_nodes(G)):
        yield ("\n" if i == 0 else ",\n") + _dumps(node_record(n, G.nodes[n]))
    yield '\n],\n"edges": ['
    for i, (u, v, kind, attrs) in enumerate(sorted_edges(G)):
        record = {
            "kind": kind,
            "source": u,
            "target": v,
            "weight": None if attrs.get("weight") is None else float(attrs["weight"]),
            "note": attrs.get("note"),
            "position": attrs.get("position"),
        }
        yield ("\n" if i == 0 else ",\n") + _dumps(record)
    yield "\n]\n}\n"


def to_dump(G: nx.MultiDiGraph) -> str:
    """Return the whole content dump as one string (see `generate_dump`).

    Examples
    --------
    >>> json.loads(to_dump(nx.MultiDiGraph()))["format"]
    'prepgraph-dump'
    """
    return "".join(generate_dump(G))


def read_dump(doc: str | bytes | Mapping[str, Any]) -> nx.MultiDiGraph:
    """Rebuild the content graph from a dump (JSON text or the parsed document).

    Lists become tuples again; nodes get no ``id`` or ``version`` (a database
    loader assigns them). Edge keys are edge kinds, as in the snapshot.

    Raises
    ------
    ValueError
        If the document is not a version-1 PrepGraph dump, or an edge names a
        node the dump does not hold.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("a", kind="concept", slug="a", tags=("x", "y"))
    >>> read_dump(to_dump(G)).nodes["a"]["tags"]
    ('x', 'y')
    """
    data = json.loads(doc) if isinstance(doc, (str, bytes)) else doc
    if data.get("format") != DUMP_FORMAT or data.get("version") != DUMP_VERSION:
        raise ValueError(f"not a {DUMP_FORMAT} version {DUMP_VERSION} document")
    G = nx.MultiDiGraph()
    if data.get("content_version") is not None:
        G.graph["content_version"] = data["content_version"]
    for record in data["nodes"]:
        attrs = {k: tuple(v) if isinstance(v, list) else v for k, v in record.items()}
        G.add_node(record["slug"], **attrs)
    for record in data["edges"]:
        u, v, kind = record["source"], record["target"], record["kind"]
        if u not in G or v not in G:
            raise ValueError(f"edge {kind} {u} -> {v} names a node the dump does not hold")
        attrs = {k: record.get(k) for k in EDGE_RECORD_FIELDS if k not in ("source", "target")}
        G.add_edge(u, v, key=kind, **attrs)
    return G
