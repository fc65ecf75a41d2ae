"""GraphML export through networkx's GraphML writer, with yEd labels.

Nodes are keyed by slug; edges carry the id ``"<kind>:<source>:<target>"``.
Attributes (``<key>`` elements) have one GraphML type per name:

- nodes: kind, slug, title, summary, tags, domain, position, difficulty, minutes,
  learning_objectives, text, seniority, frequency, follow_ups, day, theme, step as string or
  int; ``body`` and ``answer_outline`` only with ``include_body=True``.
- edges: kind (string), weight (double), note (string), position (int).
- graph: content_version (int), when the graph has one.

Database ids and row versions are not exported. An absent value (``None``, such
as a roadmap day without a domain) is simply left out: GraphML readers report a
missing attribute. Tuples (tags, follow-ups, learning objectives) become one string
joined with ``"; "``. Characters XML cannot carry are dropped.

With ``yed=True`` (the default) each node also carries yEd's ``nodegraphics``: a
shape per kind, a fill colour per domain (the palette of `graph.export._common`)
and the title as its label, placed on a simple grid (run a yEd layout after
opening); edges get a line style per kind. networkx's own reader turns these back
into ``label``, ``shape_type``, ``x`` and ``y`` node attributes. They are added by
a small subclass of networkx's `GraphMLWriter` that overrides ``add_nodes`` and
``add_edges``, the only places networkx builds those elements.

networkx builds the whole XML tree before its first line comes out (here, when
`generate_graphml` is called, so errors surface before streaming starts); the tree
is about the size of the output.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import networkx as nx
from networkx.readwrite.graphml import GraphMLWriter

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

__all__ = ["generate_graphml", "to_graphml"]

NS_Y = "http://www.yworks.com/xml/graphml"
YED_SHAPES = {
    "domain": "octagon",
    "concept": "ellipse",
    "article": "parallelogram",
    "prompt": "hexagon",
    "roadmap_day": "roundrectangle",
}
YED_LINES = {  # kind -> (line type, target arrow)
    "prerequisite": ("line", "standard"),
    "part_of": ("line", "diamond"),
    "related_to": ("dashed", "none"),
    "covers": ("dotted", "white_delta"),
    "assesses": ("dashed_dotted", "transparent_circle"),
    "schedules": ("dotted", "standard"),
}
_GRID_COLUMNS = 12


def generate_graphml(
    G: nx.MultiDiGraph, *, include_body: bool = False, yed: bool = True
) -> Iterator[str]:
    """Yield a GraphML document for ``G`` in chunks of one line each.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The content graph, or a scope of it.
    include_body : bool, default False
        Also export the markdown ``body`` and ``answer_outline`` fields.
    yed : bool, default True
        Add yEd node and edge graphics (labels, shapes, colours).

    Examples
    --------
    >>> import io
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("big-o", kind="concept", slug="big-o", title="Big-O", tags=("a", "b"))
    >>> text = "".join(generate_graphml(G))
    >>> nx.read_graphml(io.StringIO(text)).nodes["big-o"]["tags"]
    'a; b'
    """
    H = nx.MultiDiGraph()
    if G.graph.get("content_version") is not None:
        H.graph["content_version"] = int(G.graph["content_version"])
    for n in sorted_nodes(G):
        H.add_node(n, **_xml_values(flat_node_attrs(G.nodes[n], include_body=include_body)))
    for u, v, kind, attrs in sorted_edges(G):
        H.add_edge(u, v, key=edge_id(u, v, kind), **_xml_values(flat_edge_attrs(attrs)))
    writer = _Writer(yed=yed)
    writer.add_graph_element(H)
    return xml_lines(str(writer))


def to_graphml(G: nx.MultiDiGraph, **options: Any) -> str:
    """Return the whole GraphML document as one string (see `generate_graphml`).

    Examples
    --------
    >>> to_graphml(nx.MultiDiGraph()).startswith("<?xml")
    True
    """
    return "".join(generate_graphml(G, **options))


def _xml_values(attrs: dict[str, Any]) -> dict[str, Any]:
    return {k: xml_safe(v) if isinstance(v, str) else v for k, v in attrs.items()}


class _Writer(GraphMLWriter):
    """networkx's writer plus yEd graphics; node and edge ids as in ``H``."""

    def __init__(self, *, yed: bool) -> None:
        super().__init__()
        self.yed = yed
        if yed:
            self.xml.set("xmlns:y", NS_Y)
            # networkx inserts its own keys at the front later; order is free in GraphML.
            for scope in ("node", "edge"):
                self.xml.append(
                    self.myElement(
                        "key", {"for": scope, "id": f"y{scope}", "yfiles.type": f"{scope}graphics"}
                    )
                )

    def add_nodes(self, G: nx.MultiDiGraph, graph_element: Any) -> None:
        default = G.graph.get("node_default", {})
        for i, (node, data) in enumerate(G.nodes(data=True)):
            node_element = self.myElement("node", id=str(node))
            if self.yed:
                node_element.append(self._yed_node(i, data))
            self.add_attributes("node", node_element, data, default)
            graph_element.append(node_element)

    def add_edges(self, G: nx.MultiDiGraph, graph_element: Any) -> None:
        default = G.graph.get("edge_default", {})
        for u, v, key, data in G.edges(keys=True, data=True):
            edge_element = self.myElement("edge", source=str(u), target=str(v), id=str(key))
            if self.yed:
                edge_element.append(self._yed_edge(data.get("kind", "")))
            self.add_attributes("edge", edge_element, data, default)
            graph_element.append(edge_element)

    def _yed_node(self, i: int, data: dict[str, Any]) -> Any:
        E = self.myElement
        label = str(data.get("title", ""))
        lines = label.split("\n")
        width = max(60, 7 * max(len(line) for line in lines) + 20)
        height = 30 + 16 * (len(lines) - 1)
        x, y = (i % _GRID_COLUMNS) * 300, (i // _GRID_COLUMNS) * 120
        shape = E("y:ShapeNode")
        geometry = {"height": str(height), "width": str(width), "x": str(x), "y": str(y)}
        shape.append(E("y:Geometry", geometry))
        fill = domain_colour(
            data.get("slug") if data.get("kind") == "domain" else data.get("domain")
        )
        shape.append(E("y:Fill", {"color": fill, "transparent": "false"}))
        shape.append(E("y:BorderStyle", {"color": "#000000", "type": "line", "width": "1.0"}))
        node_label = E("y:NodeLabel")
        node_label.text = label
        shape.append(node_label)
        shape.append(E("y:Shape", {"type": YED_SHAPES.get(str(data.get("kind")), "rectangle")}))
        wrapper = E("data", key="ynode")
        wrapper.append(shape)
        return wrapper

    def _yed_edge(self, kind: str) -> Any:
        E = self.myElement
        line_type, arrow = YED_LINES.get(kind, ("line", "standard"))
        polyline = E("y:PolyLineEdge")
        polyline.append(E("y:LineStyle", {"color": "#000000", "type": line_type, "width": "1.0"}))
        polyline.append(E("y:Arrows", {"source": "none", "target": arrow}))
        wrapper = E("data", key="yedge")
        wrapper.append(polyline)
        return wrapper
