"""Cytoscape.js JSON export (also opens in Cytoscape desktop as ``.cyjs``).

Shape of the document::

    {"format_version": "1.0",
     "generated_by": "prepgraph",
     "target_cytoscapejs_version": "~3",
     "data": {"content_version": 12},
     "elements": {
       "nodes": [{"data": {"id": "<slug>", "kind": ..., "slug": ..., "title": ...,
                           "summary": ..., "tags": [...], "domain": ..., ...,
                           "color": "#RRGGBB"}}, ...],
       "edges": [{"data": {"id": "<kind>:<source>:<target>", "source": ..., "target": ...,
                           "kind": ..., "weight": ..., "note": ..., "position": ...}}, ...]}}

``cytoscape({elements: doc.elements})`` or ``cy.json(doc)`` load it. Node data holds
the node's fields (lists stay lists; ``None`` values, database ids, row versions and,
unless ``include_body=True``, markdown bodies are left out) plus ``color``, the
domain's colour (see `graph.export.gexf` for the palette), for stylesheets such as
``background-color: data(color)``. Nodes come ordered by kind then slug, edges by
kind, source, target; one element per line, so it streams and diffs well.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import networkx as nx

from graph.export._common import (
    compact_json,
    domain_colour,
    edge_id,
    json_edge_attrs,
    json_node_attrs,
    sorted_edges,
    sorted_nodes,
)

__all__ = ["generate_cytoscape", "to_cytoscape"]


def generate_cytoscape(G: nx.MultiDiGraph, *, include_body: bool = False) -> Iterator[str]:
    """Yield a Cytoscape.js JSON document for ``G``, one element per chunk.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The content graph, or a scope of it.
    include_body : bool, default False
        Also export the markdown ``body`` and ``answer_outline`` fields.

    Examples
    --------
    >>> import json
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("a", kind="concept", title="A", domain="coding")
    >>> G.add_node("b", kind="concept", title="B", domain="coding")
    >>> G.add_edge("a", "b", key="prerequisite", kind="prerequisite", weight=None)
    'prerequisite'
    >>> doc = json.loads(to_cytoscape(G))
    >>> doc["elements"]["edges"][0]["data"]
    {'id': 'prerequisite:a:b', 'source': 'a', 'target': 'b', 'kind': 'prerequisite'}
    """
    header = {
        "format_version": "1.0",
        "generated_by": "prepgraph",
        "target_cytoscapejs_version": "~3",
        "data": _graph_data(G),
    }
    yield compact_json(header)[:-1] + ',\n"elements":{"nodes":['
    for i, n in enumerate(sorted_nodes(G)):
        attrs = G.nodes[n]
        data = {"id": str(n), **json_node_attrs(attrs, include_body=include_body)}
        data["color"] = domain_colour(n if attrs.get("kind") == "domain" else attrs.get("domain"))
        yield ("\n" if i == 0 else ",\n") + compact_json({"data": data})
    yield '\n],"edges":['
    for i, (u, v, kind, attrs) in enumerate(sorted_edges(G)):
        data = {"id": edge_id(u, v, kind), "source": str(u), "target": str(v)}
        data.update(json_edge_attrs({**attrs, "kind": kind}))
        yield ("\n" if i == 0 else ",\n") + compact_json({"data": data})
    yield "\n]}}\n"


def to_cytoscape(G: nx.MultiDiGraph, **options: Any) -> str:
    """Return the whole Cytoscape.js JSON document as one string.

    Examples
    --------
    >>> import json
    >>> json.loads(to_cytoscape(nx.MultiDiGraph()))["elements"]
    {'nodes': [], 'edges': []}
    """
    return "".join(generate_cytoscape(G, **options))


def _graph_data(G: nx.MultiDiGraph) -> dict[str, Any]:
    version = G.graph.get("content_version")
    return {} if version is None else {"content_version": int(version)}
