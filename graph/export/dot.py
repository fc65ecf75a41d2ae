"""Graphviz DOT export, written by hand (no pygraphviz needed).

Layout of the output, which is the same byte for byte for the same graph:

- ``digraph "prepgraph"`` with ``rankdir`` (default ``LR``) so prerequisite
  chains read left to right: an edge ``A -> B`` means "learn A before B".
- One ``subgraph "cluster_<domain>"`` per domain, in domain ``position`` order
  then slug, labelled with the domain's title (its slug when the domain node is
  outside the exported scope) and outlined in the domain's colour. It holds the
  domain node and every node whose ``domain`` is that slug; nodes without a
  domain sit outside the clusters. Nodes are ordered by kind, then slug.
- Node shape and style per kind (`NODE_STYLES`), filled with a light tint of the
  domain colour; edge style per kind (`EDGE_STYLES`). ``related_to`` is drawn
  without an arrow head and does not constrain ranks, because it is symmetric.
  Schedules edges are labelled with their position in the day.
- SVG output carries ``class="<kind>"`` on nodes and edges, for styling.
- A study plan (nodes with ``plan_role``, see `graph.export.scope`) is drawn as
  one: each step's label starts with its number and ends with its day span
  ("1. Embeddings" / "day 2" or "days 2-3"), targets get a double bold outline,
  known concepts a dashed grey one with "(known)", and the graph is titled by
  ``graph["plan_title"]`` with a line saying what the marks mean. Plan nodes
  carry ``class="<kind> target"`` / ``"<kind> known"`` / ``"<kind> step"``.
- Clusters take their title from ``graph["domain_titles"]`` when the domain
  node is outside the scope.

Escaping: ids and attribute values are double-quoted strings. In labels a
backslash is doubled, ``"`` becomes ``\\"``, a newline becomes ``\\n`` (centred
line break) and ``&`` becomes ``&amp;`` because Graphviz decodes HTML entities in
labels. Non-ASCII text is written as UTF-8 (the DOT default charset); characters
XML cannot carry are dropped, since the usual target is SVG.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import networkx as nx

from graph.export._common import domain_colour, sorted_edges, sorted_nodes, xml_safe

__all__ = [
    "EDGE_STYLES",
    "NODE_STYLES",
    "PLAN_KEY",
    "PLAN_STYLES",
    "dot_quote",
    "generate_dot",
    "plan_label",
    "to_dot",
]

NODE_STYLES: dict[str, dict[str, str]] = {
    "domain": {"shape": "tab", "style": "filled,bold"},
    "concept": {"shape": "ellipse", "style": "filled"},
    "article": {"shape": "note", "style": "filled"},
    "prompt": {"shape": "hexagon", "style": "filled"},
    "roadmap_day": {"shape": "box", "style": "filled,rounded"},
}
EDGE_STYLES: dict[str, dict[str, str]] = {
    "prerequisite": {"style": "solid", "penwidth": "1.5", "arrowhead": "normal"},
    "part_of": {"style": "solid", "penwidth": "1.5", "arrowhead": "diamond"},
    "related_to": {"style": "dashed", "dir": "none", "constraint": "false"},
    "covers": {"style": "dotted", "arrowhead": "empty"},
    "assesses": {"style": "dashed", "arrowhead": "odot"},
    "schedules": {"style": "dotted", "color": "gray50", "arrowhead": "vee"},
}
PLAN_STYLES: dict[str, dict[str, str]] = {
    "target": {"peripheries": "2", "penwidth": "2", "fontname": "Helvetica-Bold"},
    "known": {
        "style": "filled,dashed",
        "fillcolor": "#EEEEEE",
        "color": "#888888",
        "fontcolor": "#555555",
    },
}
PLAN_KEY = "numbers: study order · double outline: target · dashed grey: already known"
_TINT = "40"  # alpha appended to a domain colour for node fills


def dot_quote(text: str, *, label: bool = False) -> str:
    """Return ``text`` as a double-quoted DOT string.

    With ``label=True`` the text is escaped for display: backslashes doubled,
    newlines as ``\\n``, ``&`` as ``&amp;`` (Graphviz decodes entities in labels).

    Examples
    --------
    >>> print(dot_quote('Say "hi" & \\\\ bye\\nnow', label=True))
    "Say \\"hi\\" &amp; \\\\ bye\\nnow"
    >>> print(dot_quote("big-o"))
    "big-o"
    """
    text = xml_safe(text)
    if label:
        text = text.replace("\\", "\\\\").replace("&", "&amp;").replace("\n", "\\n")
    else:
        # Ids are slugs; DOT keeps every other character of a quoted id as it is.
        text = text.replace("\n", " ")
    return '"' + text.replace('"', '\\"') + '"'


def generate_dot(G: nx.MultiDiGraph, *, rankdir: str = "LR") -> Iterator[str]:
    """Yield a Graphviz DOT document for ``G``, one statement per chunk.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The content graph, or a scope of it.
    rankdir : {"LR", "TB", "RL", "BT"}, default "LR"
        Direction in which prerequisite chains are laid out.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("a", kind="concept", title='Say "A"', domain=None)
    >>> G.add_node("b", kind="concept", title="B", domain=None)
    >>> G.add_edge("a", "b", key="prerequisite", kind="prerequisite")
    'prerequisite'
    >>> print("".join(generate_dot(G)))  # doctest: +ELLIPSIS
    digraph "prepgraph" {
    ...
      "a" [label="Say \\"A\\"", class="concept", ...];
    ...
      "a" -> "b" [class="prerequisite", ...];
    }
    <BLANKLINE>
    """
    if rankdir not in ("LR", "TB", "RL", "BT"):
        raise ValueError(f"rankdir must be LR, TB, RL or BT, got {rankdir!r}")
    return _generate(G, rankdir)


def _generate(G: nx.MultiDiGraph, rankdir: str) -> Iterator[str]:
    version = G.graph.get("content_version")
    yield 'digraph "prepgraph" {\n'
    if version is not None:
        yield f"  // PrepGraph content version {int(version)}\n"
    yield f'  graph [rankdir={rankdir}, charset="UTF-8", fontname="Helvetica", newrank=true];\n'
    yield '  node [fontname="Helvetica", fontsize=11, color="#333333"];\n'
    yield '  edge [fontname="Helvetica", fontsize=9, color="#555555"];\n'
    is_plan = any("plan_role" in attrs for _, attrs in G.nodes(data=True))
    if is_plan:
        heading = str(G.graph.get("plan_title") or "Study plan")
        yield f"  label={dot_quote(heading + chr(10) + PLAN_KEY, label=True)};\n"
        yield '  labelloc="t"; fontsize=14;\n'
    titles = G.graph.get("domain_titles") or {}

    clusters: dict[str, list[str]] = {}
    loose: list[str] = []
    for n in sorted_nodes(G):
        attrs = G.nodes[n]
        home = n if attrs.get("kind") == "domain" else attrs.get("domain")
        if home is None:
            loose.append(n)
        else:
            clusters.setdefault(home, []).append(n)

    for slug in sorted(clusters, key=lambda d: (_domain_position(G, d), d)):
        domain = G.nodes[slug] if slug in G else {}
        yield f"  subgraph {dot_quote('cluster_' + slug)} {{\n"
        title = str(domain.get("title") or titles.get(slug) or slug)
        yield f"    graph [label={dot_quote(title, label=True)}, fontsize=12, "
        yield f'color="{domain_colour(slug)}", penwidth=2, style="rounded"];\n'
        for n in clusters[slug]:
            yield "    " + _node_statement(n, G.nodes[n]) + "\n"
        yield "  }\n"
    for n in loose:
        yield "  " + _node_statement(n, G.nodes[n]) + "\n"
    for u, v, kind, attrs in sorted_edges(G):
        yield "  " + _edge_statement(u, v, kind, attrs) + "\n"
    yield "}\n"


def to_dot(G: nx.MultiDiGraph, **options: Any) -> str:
    """Return the whole DOT document as one string (see `generate_dot`).

    Examples
    --------
    >>> to_dot(nx.MultiDiGraph()).splitlines()[0]
    'digraph "prepgraph" {'
    """
    return "".join(generate_dot(G, **options))


def _domain_position(G: nx.MultiDiGraph, slug: str) -> int:
    position = G.nodes[slug].get("position") if slug in G else None
    return position if isinstance(position, int) else 1 << 30


def _attr_list(attrs: dict[str, str]) -> str:
    return ", ".join(f"{name}={value}" for name, value in attrs.items())


def plan_label(attrs: dict[str, Any], title: str) -> str:
    """A plan node's label: "3. Title" and its day span, or "Title" and "(known)".

    Examples
    --------
    >>> plan_label({"step": 3, "first_day": 2, "last_day": 4}, "HNSW")
    '3. HNSW\\ndays 2-4'
    >>> plan_label({"plan_role": "known"}, "Embeddings")
    'Embeddings\\n(known)'
    """
    if attrs.get("plan_role") == "known":
        return f"{title}\n(known)"
    label = f"{attrs['step']}. {title}" if attrs.get("step") is not None else title
    first, last = attrs.get("first_day"), attrs.get("last_day")
    if first is not None:
        label += f"\nday {first}" if last in (None, first) else f"\ndays {first}-{last}"
    return label


def _node_statement(n: str, attrs: dict[str, Any]) -> str:
    kind = str(attrs.get("kind", ""))
    colour_of = n if kind == "domain" else attrs.get("domain")
    title = str(attrs.get("title", n))
    role = attrs.get("plan_role")
    out = {
        "label": dot_quote(plan_label(attrs, title) if role else title, label=True),
        "class": dot_quote(f"{kind} {role}" if role else kind),
    }
    out.update({k: dot_quote(v) for k, v in NODE_STYLES.get(kind, {"shape": "box"}).items()})
    out["fillcolor"] = dot_quote(domain_colour(colour_of) + _TINT)
    out.update({k: dot_quote(v) for k, v in PLAN_STYLES.get(str(role), {}).items()})
    return f"{dot_quote(n)} [{_attr_list(out)}];"


def _edge_statement(u: str, v: str, kind: str, attrs: dict[str, Any]) -> str:
    out = {"class": dot_quote(kind)}
    out.update({k: dot_quote(val) for k, val in EDGE_STYLES.get(kind, {}).items()})
    if kind == "schedules" and attrs.get("position") is not None:
        out["label"] = dot_quote(str(attrs["position"]), label=True)
    return f"{dot_quote(u)} -> {dot_quote(v)} [{_attr_list(out)}];"
