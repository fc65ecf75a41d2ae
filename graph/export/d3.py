"""Node-link JSON for D3 force layouts, from `networkx.node_link_data`.

Shape (networkx 3.6's node-link format with ``edges="links"``, which d3-force's
``forceLink(links).id(d => d.id)`` consumes as is)::

    {"directed": true, "multigraph": true, "graph": {"content_version": 12},
     "nodes": [{"id": "<slug>", "kind": ..., "title": ..., "tags": [...], ...}, ...],
     "links": [{"source": "<slug>", "target": "<slug>", "key": "<kind>",
                "id": "<kind>:<source>:<target>", "kind": ..., "position": ...}, ...]}

``nx.node_link_graph(doc, edges="links")`` reads it back into a MultiDiGraph.
Node fields follow the other JSON exports: lists stay lists, ``None`` values,
database ids, row versions and (unless ``include_body=True``) markdown bodies are
left out. Nodes come ordered by kind then slug, links by kind, source, target,
one per line.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import networkx as nx

from graph.export._common import (
    compact_json,
    edge_id,
    json_edge_attrs,
    json_node_attrs,
    sorted_edges,
    sorted_nodes,
)

__all__ = ["generate_d3", "to_d3"]


def generate_d3(G: nx.MultiDiGraph, *, include_body: bool = False) -> Iterator[str]:
    """Yield node-link JSON for ``G``, one node or link per chunk.

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
    >>> G.add_edge("a", "b", key="covers", kind="covers", weight=None)
    'covers'
    >>> H = nx.node_link_graph(json.loads(to_d3(G)), edges="links")
    >>> list(H.edges(keys=True))
    [('a', 'b', 'covers')]
    """
    data = nx.node_link_data(G, edges="links")
    node_rank = {n: i for i, n in enumerate(sorted_nodes(G))}
    edge_rank = {(u, v, k): i for i, (u, v, k, _) in enumerate(sorted_edges(G))}
    nodes = sorted(data["nodes"], key=lambda d: node_rank[d["id"]])
    links = sorted(data["links"], key=lambda d: edge_rank[d["source"], d["target"], d["key"]])
    version = G.graph.get("content_version")
    graph = {} if version is None else {"content_version": int(version)}
    head = {"directed": data["directed"], "multigraph": data["multigraph"], "graph": graph}
    yield compact_json(head)[:-1] + ',\n"nodes":['
    for i, node in enumerate(nodes):
        # node_link_data wrote the slug over the database id; "id" is never a field.
        out = {"id": node["id"], **json_node_attrs(node, include_body=include_body)}
        yield ("\n" if i == 0 else ",\n") + compact_json(out)
    yield '\n],"links":['
    for i, link in enumerate(links):
        u, v, kind = link["source"], link["target"], link["key"]
        out = {"source": u, "target": v, "key": kind, "id": edge_id(u, v, kind)}
        out.update(json_edge_attrs({**link, "kind": link.get("kind", kind)}))
        yield ("\n" if i == 0 else ",\n") + compact_json(out)
    yield "\n]}\n"


def to_d3(G: nx.MultiDiGraph, **options: Any) -> str:
    """Return the whole node-link JSON document as one string.

    Examples
    --------
    >>> import json
    >>> sorted(json.loads(to_d3(nx.MultiDiGraph())))
    ['directed', 'graph', 'links', 'multigraph', 'nodes']
    """
    return "".join(generate_d3(G, **options))
