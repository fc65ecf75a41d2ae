"""Shared helpers of the export writers: field tables, ordering, flattening, palette.

Every writer sees nodes and edges through these helpers, so all formats agree on
which fields are exported, in which order, with which types, and on the colour of
each domain. Nothing here touches the graph beyond reading the nodes and edges it
is handed.
"""

from __future__ import annotations

import json
import re
import zlib
from collections.abc import Iterator, Mapping
from typing import Any

import networkx as nx

__all__ = [
    "DOMAIN_COLOURS",
    "EDGE_FIELDS",
    "EDGE_KINDS",
    "EXCLUDED_FIELDS",
    "LIST_SEPARATOR",
    "LONG_TEXT_FIELDS",
    "NODE_FIELDS",
    "NODE_KINDS",
    "domain_colour",
    "edge_id",
    "flat_edge_attrs",
    "flat_node_attrs",
    "json_edge_attrs",
    "json_node_attrs",
    "sorted_edges",
    "sorted_nodes",
    "xml_lines",
    "xml_safe",
]

NODE_KINDS: tuple[str, ...] = ("domain", "concept", "article", "prompt", "roadmap_day")
"""Node kinds in export order: a node's references point to kinds listed before it."""

EDGE_KINDS: tuple[str, ...] = (
    "prerequisite",
    "part_of",
    "related_to",
    "covers",
    "assesses",
    "schedules",
)
"""Edge kinds in export order."""

# Known node fields in export order, with the one type each is exported as.
# "tuple" fields are tuples of str in the graph; "step", "plan_role", "first_day" and
# "last_day" are added by plan scopes.
NODE_FIELDS: dict[str, type] = {
    "kind": str,
    "slug": str,
    "title": str,
    "summary": str,
    "tags": tuple,
    "domain": str,
    "position": int,
    "difficulty": str,
    "minutes": int,
    "stage": str,
    "learning_objectives": tuple,
    "text": str,
    "seniority": str,
    "frequency": str,
    "aliases": tuple,
    "follow_ups": tuple,
    "answer_outline": str,
    "day": int,
    "theme": str,
    "step": int,
    "plan_role": str,
    "first_day": int,
    "last_day": int,
    "body": str,
}
EDGE_FIELDS: dict[str, type] = {"kind": str, "weight": float, "note": str, "position": int}

EXCLUDED_FIELDS = frozenset({"id", "version", "created_at", "updated_at"})
"""Storage bookkeeping that no export carries: database ids, row versions, timestamps."""

LONG_TEXT_FIELDS = frozenset({"body", "answer_outline"})
"""Markdown bodies, left out of the drawing formats unless ``include_body=True``."""

LIST_SEPARATOR = "; "
"""How the flat (XML) formats join tuple fields such as ``tags`` into one string."""

# Okabe-Ito colour-blind-safe palette, one fixed colour per domain slug.
DOMAIN_COLOURS: dict[str, str] = {
    "ml-system-design": "#0072B2",
    "system-design": "#E69F00",
    "coding": "#009E73",
    "sql-databases": "#CC79A7",
    "frontend-system-design": "#56B4E9",
    "behavioral": "#D55E00",
}
_EXTRA_COLOURS = ("#F0E442", "#8C564B", "#7F7F7F", "#BCBD22", "#17BECF", "#9467BD")
NO_DOMAIN_COLOUR = "#BBBBBB"

_KIND_RANK = {kind: rank for rank, kind in enumerate(NODE_KINDS)}
_EDGE_RANK = {kind: rank for rank, kind in enumerate(EDGE_KINDS)}
# Characters XML 1.0 forbids (C0 controls but tab/LF/CR, surrogates, U+FFFE/U+FFFF).
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def domain_colour(slug: str | None) -> str:
    """Return the ``#RRGGBB`` colour of a domain slug (grey for no domain).

    Unknown slugs get a colour from a small extra palette chosen by a stable hash,
    so the same slug is drawn in the same colour in every export.

    Examples
    --------
    >>> domain_colour("coding"), domain_colour(None)
    ('#009E73', '#BBBBBB')
    """
    if slug is None:
        return NO_DOMAIN_COLOUR
    known = DOMAIN_COLOURS.get(slug)
    if known is not None:
        return known
    return _EXTRA_COLOURS[zlib.crc32(slug.encode()) % len(_EXTRA_COLOURS)]


def edge_id(u: str, v: str, kind: str) -> str:
    """Return the export id of an edge: ``"<kind>:<source>:<target>"``.

    Unique because the graph holds at most one edge of each kind between two nodes
    (the kind is the multigraph key), and a valid XML NMTOKEN for slug endpoints.

    Examples
    --------
    >>> edge_id("arrays", "two-pointers", "prerequisite")
    'prerequisite:arrays:two-pointers'
    """
    return f"{kind}:{u}:{v}"


def sorted_nodes(G: nx.MultiDiGraph) -> list[str]:
    """Return the nodes of ``G`` ordered by kind (see `NODE_KINDS`), then slug.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("b", kind="concept"); G.add_node("a", kind="prompt")
    >>> G.add_node("c", kind="domain")
    >>> sorted_nodes(G)
    ['c', 'b', 'a']
    """
    nodes = G.nodes
    return sorted(nodes, key=lambda n: (_KIND_RANK.get(nodes[n].get("kind"), 99), n))


def sorted_edges(G: nx.MultiDiGraph) -> list[tuple[str, str, str, dict[str, Any]]]:
    """Return ``(u, v, kind, attrs)`` for every edge, ordered by kind, source, target.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_edge("b", "c", key="related_to"); G.add_edge("a", "b", key="prerequisite")
    'related_to'
    'prerequisite'
    >>> [e[:3] for e in sorted_edges(G)]
    [('a', 'b', 'prerequisite'), ('b', 'c', 'related_to')]
    """
    edges = G.edges(keys=True, data=True)
    return sorted(edges, key=lambda e: (_EDGE_RANK.get(e[2], 99), e[2], e[0], e[1]))


def _ordered_fields(attrs: Mapping[str, Any]) -> Iterator[tuple[str, Any]]:
    for name in NODE_FIELDS:
        if name in attrs:
            yield name, attrs[name]
    for name in sorted(attrs.keys() - NODE_FIELDS.keys() - EXCLUDED_FIELDS):
        yield name, attrs[name]


def _flat(value: Any, as_type: type | None) -> str | int | float | bool:
    if isinstance(value, (tuple, list, set, frozenset)):
        items = sorted(value) if isinstance(value, (set, frozenset)) else value
        return LIST_SEPARATOR.join(str(item) for item in items)
    if as_type is int and isinstance(value, int) and not isinstance(value, bool):
        return int(value)
    if as_type is float and isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    return str(value)


def flat_node_attrs(attrs: Mapping[str, Any], *, include_body: bool = False) -> dict[str, Any]:
    """Return a node's exported fields as scalars for the flat (XML) formats.

    Tuples are joined with `LIST_SEPARATOR`, ``None`` values are left out (a missing
    attribute means "none"), every known field has one type (`NODE_FIELDS`) and any
    unknown field is a string, so each attribute name gets exactly one XML type.

    Examples
    --------
    >>> flat_node_attrs({"id": 7, "kind": "concept", "tags": ("a", "b"), "domain": None})
    {'kind': 'concept', 'tags': 'a; b'}
    """
    out: dict[str, Any] = {}
    for name, value in _ordered_fields(attrs):
        if value is None or (name in LONG_TEXT_FIELDS and not include_body):
            continue
        out[name] = _flat(value, NODE_FIELDS.get(name, str))
    return out


def flat_edge_attrs(attrs: Mapping[str, Any]) -> dict[str, Any]:
    """Return an edge's exported fields as scalars, ``None`` values left out.

    Examples
    --------
    >>> flat_edge_attrs({"kind": "covers", "weight": 1, "note": None, "position": None})
    {'kind': 'covers', 'weight': 1.0}
    """
    out: dict[str, Any] = {}
    for name, as_type in EDGE_FIELDS.items():
        value = attrs.get(name)
        if value is not None:
            out[name] = _flat(value, as_type)
    return out


def _jsonable(value: Any) -> Any:
    if isinstance(value, (tuple, list)):
        return [_jsonable(item) for item in value]
    if isinstance(value, (set, frozenset)):
        return sorted(_jsonable(item) for item in value)
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def json_node_attrs(
    attrs: Mapping[str, Any], *, include_body: bool = True, keep_none: bool = False
) -> dict[str, Any]:
    """Return a node's exported fields as JSON values (tuples become lists).

    Examples
    --------
    >>> json_node_attrs({"version": 3, "kind": "prompt", "follow_ups": ("Why?",)})
    {'kind': 'prompt', 'follow_ups': ['Why?']}
    """
    out: dict[str, Any] = {}
    for name, value in _ordered_fields(attrs):
        if (value is None and not keep_none) or (name in LONG_TEXT_FIELDS and not include_body):
            continue
        out[name] = _jsonable(value)
    return out


def json_edge_attrs(attrs: Mapping[str, Any], *, keep_none: bool = False) -> dict[str, Any]:
    """Return an edge's exported fields as JSON values, in `EDGE_FIELDS` order.

    Examples
    --------
    >>> json_edge_attrs({"kind": "schedules", "weight": None, "position": 2})
    {'kind': 'schedules', 'position': 2}
    """
    out: dict[str, Any] = {}
    for name, as_type in EDGE_FIELDS.items():
        value = attrs.get(name)
        if value is None:
            if keep_none:
                out[name] = None
            continue
        out[name] = float(value) if as_type is float else _jsonable(value)
    return out


def xml_safe(text: str) -> str:
    """Return ``text`` without the characters XML 1.0 cannot carry; CR/CRLF become LF.

    XML parsers turn CR into LF anyway; the other characters would make the
    document ill-formed, so they are dropped.

    Examples
    --------
    >>> xml_safe("a\\r\\nb\\x00c")
    'a\\nbc'
    """
    return _XML_INVALID.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def xml_lines(document: str) -> Iterator[str]:
    r"""Yield an XML declaration, then ``document`` line by line (each ending in LF).

    Splits on LF only: the writers turn non-ASCII into character references and
    `xml_safe` removed CR, so no other line break can sit inside a value.

    Examples
    --------
    >>> list(xml_lines("<a>\n</a>\n"))
    ['<?xml version="1.0" encoding="utf-8"?>\n', '<a>\n', '</a>\n']
    """
    yield '<?xml version="1.0" encoding="utf-8"?>\n'
    for line in document.rstrip("\n").split("\n"):
        yield line + "\n"


def compact_json(value: Any) -> str:
    """One JSON value without spaces, as the Cytoscape.js and D3 writers emit it."""
    return json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
