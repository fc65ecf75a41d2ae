"""GEXF 1.3 export through networkx's GEXF writer, coloured by domain.

networkx (3.3 and later) writes GEXF 1.3 when asked with ``version="1.3"``;
its default is still "1.2draft". Node ids are slugs and node labels titles;
edge ids are ``"<kind>:<source>:<target>"``. Attributes are those of the GraphML
export (see `graph.export.graphml`): one GEXF type per name, ``None`` left out,
tuples joined with ``"; "``, ids and row versions not exported. An edge's
``weight`` is GEXF's own ``weight`` XML attribute (Gephi reads it), present only
when the edge has one. networkx also writes each edge's multigraph key, which is
the edge kind, as a ``networkx_key`` attribute; its reader turns that back into
the key.

Colours: ``viz:color`` of every node is its domain's colour from the fixed
palette `graph.export._common.DOMAIN_COLOURS` (Okabe-Ito):

=======================  =========
domain slug              colour
=======================  =========
ml-system-design         #0072B2
system-design            #E69F00
coding                   #009E73
sql-databases            #CC79A7
frontend-system-design   #56B4E9
behavioral               #D55E00
(none)                   #BBBBBB
=======================  =========

A domain node gets its own colour; other slugs get a stable colour from a small
extra palette. Two fixes over networkx's writer: its 1.3 table spells the XSI
namespace without "www" (so ``xsi:schemaLocation`` would sit in an unknown
namespace), and its ``lastmodifieddate`` is today's date, which the ``modified``
option replaces to make the output reproducible.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import networkx as nx
from networkx.readwrite.gexf import GEXFWriter

from graph.export._common import (
    domain_colour,
    edge_id,
    flat_edge_attrs,
    flat_node_attrs,
    sorted_edges,
    sorted_nodes,
    xml_lines,
    xml_safe,
)

__all__ = ["GEXF_VERSION", "generate_gexf", "to_gexf"]

GEXF_VERSION = "1.3"
_NS_XSI = "http://www.w3.org/2001/XMLSchema-instance"


def generate_gexf(
    G: nx.MultiDiGraph, *, include_body: bool = False, modified: dt.date | None = None
) -> Iterator[str]:
    """Yield a GEXF 1.3 document for ``G`` in chunks of one line each.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The content graph, or a scope of it.
    include_body : bool, default False
        Also export the markdown ``body`` and ``answer_outline`` fields.
    modified : datetime.date, optional
        The ``lastmodifieddate`` written in the header; today when not given.

    Examples
    --------
    >>> import io
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("sql", kind="domain", slug="sql-databases", title="SQL", tags=())
    >>> text = "".join(generate_gexf(G))
    >>> nx.read_gexf(io.BytesIO(text.encode()), version="1.3").nodes["sql"]["viz"]["color"]
    {'r': 204, 'g': 121, 'b': 167, 'a': 1.0}
    """
    H = nx.MultiDiGraph(name="PrepGraph")
    for n in sorted_nodes(G):
        attrs = G.nodes[n]
        data = _xml_values(flat_node_attrs(attrs, include_body=include_body))
        data["label"] = data.get("title", str(n))
        colour_of = attrs.get("slug", n) if attrs.get("kind") == "domain" else attrs.get("domain")
        data["viz"] = {"color": _rgba(domain_colour(colour_of))}
        H.add_node(n, **data)
    for u, v, kind, attrs in sorted_edges(G):
        H.add_edge(
            u, v, key=str(kind), id=edge_id(u, v, kind), **_xml_values(flat_edge_attrs(attrs))
        )
    writer = _Writer(version=GEXF_VERSION)
    meta = writer.xml.find("meta")
    if meta is not None:
        if modified is not None:
            meta.set("lastmodifieddate", modified.isoformat())
        description = meta.makeelement("description", {})
        version = G.graph.get("content_version")
        description.text = "PrepGraph content graph" + (
            f", content version {version}" if version is not None else ""
        )
        meta.append(description)
    writer.add_graph(H)
    return xml_lines(str(writer))


def to_gexf(G: nx.MultiDiGraph, **options: Any) -> str:
    """Return the whole GEXF document as one string (see `generate_gexf`).

    Examples
    --------
    >>> 'version="1.3"' in to_gexf(nx.MultiDiGraph())
    True
    """
    return "".join(generate_gexf(G, **options))


def _rgba(hex_colour: str) -> dict[str, Any]:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return {"r": r, "g": g, "b": b, "a": 1.0}


def _xml_values(attrs: dict[str, Any]) -> dict[str, Any]:
    return {k: xml_safe(v) if isinstance(v, str) else v for k, v in attrs.items()}


class _Writer(GEXFWriter):
    """networkx's writer with the XML Schema instance namespace spelt correctly."""

    def set_version(self, version: str) -> None:
        super().set_version(version)
        self.NS_XSI = _NS_XSI
