"""Export writers: one module per format, each a pure function of a content graph.

Every writer takes the graph (or a scope of it, see `scope_subgraph`) as its
first argument, options keyword-only, and yields ``str`` chunks so HTTP can
stream a large export; ``to_<format>`` returns the whole string. `FORMATS` maps
a format name to its writer, media type and file extension:

==========  ========================  =========  =====================================
name        media type                extension  what
==========  ========================  =========  =====================================
graphml     application/graphml+xml   graphml    GraphML with yEd labels (networkx)
gexf        application/gexf+xml      gexf       GEXF 1.3, coloured by domain (Gephi)
dot         text/vnd.graphviz         gv         Graphviz DOT, a cluster per domain
cytoscape   application/json          cyjs       Cytoscape.js elements JSON
d3          application/json          json       node-link JSON (d3-force)
mermaid     text/vnd.mermaid          mmd        Mermaid flowchart for Markdown
json        application/json          json       full content dump (prepgraph-dump v1)
==========  ========================  =========  =====================================

Examples
--------
>>> import networkx as nx
>>> fmt = get_format("dot")
>>> fmt.media_type, fmt.filename("coding")
('text/vnd.graphviz', 'coding.gv')
>>> export_string(nx.MultiDiGraph(), "mermaid")  # doctest: +ELLIPSIS
'flowchart LR\\n...'
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import networkx as nx

from graph.export.cytoscape import generate_cytoscape
from graph.export.d3 import generate_d3
from graph.export.dot import generate_dot
from graph.export.dump import generate_dump
from graph.export.gexf import generate_gexf
from graph.export.graphml import generate_graphml
from graph.export.mermaid import generate_mermaid
from graph.export.scope import scope_subgraph

__all__ = [
    "FORMATS",
    "ExportFormat",
    "export_chunks",
    "export_string",
    "get_format",
    "scope_subgraph",
]

Writer = Callable[..., Iterator[str]]


@dataclass(frozen=True, slots=True)
class ExportFormat:
    """One export format: its writer, HTTP media type and file extension."""

    name: str
    writer: Writer
    media_type: str
    extension: str

    def filename(self, stem: str) -> str:
        """Return ``stem`` with this format's extension, e.g. for Content-Disposition."""
        return f"{stem}.{self.extension}"

    def to_string(self, G: nx.MultiDiGraph, **options: Any) -> str:
        """Return the whole export of ``G`` as one string."""
        return "".join(self.writer(G, **options))


FORMATS: Mapping[str, ExportFormat] = MappingProxyType(
    {
        f.name: f
        for f in (
            ExportFormat("graphml", generate_graphml, "application/graphml+xml", "graphml"),
            ExportFormat("gexf", generate_gexf, "application/gexf+xml", "gexf"),
            ExportFormat("dot", generate_dot, "text/vnd.graphviz", "gv"),
            ExportFormat("cytoscape", generate_cytoscape, "application/json", "cyjs"),
            ExportFormat("d3", generate_d3, "application/json", "json"),
            ExportFormat("mermaid", generate_mermaid, "text/vnd.mermaid", "mmd"),
            ExportFormat("json", generate_dump, "application/json", "json"),
        )
    }
)


def get_format(name: str) -> ExportFormat:
    """Return the format called ``name``.

    Raises
    ------
    ValueError
        If there is no such format; the message lists the known ones.
    """
    try:
        return FORMATS[name]
    except KeyError:
        known = sorted(FORMATS)
        raise ValueError(f"unknown export format {name!r}; expected one of {known}") from None


def export_chunks(G: nx.MultiDiGraph, name: str, **options: Any) -> Iterator[str]:
    """Yield the export of ``G`` in format ``name``, chunk by chunk, for streaming."""
    return get_format(name).writer(G, **options)


def export_string(G: nx.MultiDiGraph, name: str, **options: Any) -> str:
    """Return the export of ``G`` in format ``name`` as one string."""
    return get_format(name).to_string(G, **options)
