"""Mermaid flowchart export, for Markdown viewers that render ```` ```mermaid ```` blocks.

The output is a ``flowchart LR`` (or ``TD``) with:

- one node statement per node, ``<id><open>"<title>"<close>:::<kind>``, with a
  shape per kind (`NODE_SHAPES`) and a ``classDef`` per kind (`CLASS_DEFS`);
- ids made from slugs: ``n_`` + the slug with every character outside
  ``[A-Za-z0-9_]`` turned into ``_`` (one-to-one for valid slugs, which have no
  ``_``; a clash from any other key gets a numeric suffix). The prefix keeps ids
  clear of Mermaid keywords such as ``end`` and of arrow letters ``o``/``x``;
- titles in double quotes with Mermaid's entity codes for the characters its
  parser or the HTML label would otherwise eat: ``#quot;`` ``#35;`` ``#amp;``
  ``#lt;`` ``#gt;`` ``#96;``, and ``<br>`` for a newline;
- one arrow per edge kind (`ARROWS`): prerequisite ``-->`` (learn the source
  first), related_to ``-.-`` (dotted, no head: symmetric), covers ``==>``
  (thick), assesses ``--o`` (circle head), schedules ``-.->`` labelled with the
  position in the day.

A study plan (nodes with ``plan_role``, see `graph.export.scope`) keeps its
shape: labels read "3. Title" with the day span below ("days 2-3"), known
concepts read "Title" / "(known)", targets take the ``target`` class (thick
outline) and known concepts the ``known`` class (dashed, grey), one ``class``
statement each, and the plan's title (``graph["plan_title"]``) goes into the
diagram's front matter.

Nodes are ordered by kind then slug, edges by kind, source, target. Viewers cap
diagrams (Mermaid's defaults: 500 edges, 50,000 characters), so export a scope
(a domain, a closure, a neighbourhood, a plan) rather than the whole graph.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import networkx as nx

from graph.export._common import sorted_edges, sorted_nodes
from graph.export.dot import plan_label

__all__ = [
    "ARROWS",
    "CLASS_DEFS",
    "NODE_SHAPES",
    "PLAN_CLASS_DEFS",
    "generate_mermaid",
    "mermaid_label",
    "to_mermaid",
]

NODE_SHAPES: dict[str, tuple[str, str]] = {
    "domain": ("[[", "]]"),
    "concept": ("(", ")"),
    "article": ("[/", "/]"),
    "prompt": ("{{", "}}"),
    "roadmap_day": ("[", "]"),
}
CLASS_DEFS: dict[str, str] = {
    "domain": "fill:#EFEFEF,stroke:#333333,stroke-width:2px",
    "concept": "fill:#E3F0FA,stroke:#0072B2",
    "article": "fill:#FDF1DC,stroke:#E69F00",
    "prompt": "fill:#DFF3EC,stroke:#009E73",
    "roadmap_day": "fill:#F7E6F0,stroke:#CC79A7",
}
PLAN_CLASS_DEFS: dict[str, str] = {
    "target": "stroke:#000000,stroke-width:4px,font-weight:bold",
    "known": "fill:#EEEEEE,stroke:#888888,stroke-dasharray:5 5,color:#555555",
}
ARROWS: dict[str, str] = {
    "prerequisite": "-->",
    "part_of": "--x",
    "related_to": "-.-",
    "covers": "==>",
    "assesses": "--o",
    "schedules": "-.->",
}
_ESCAPES = str.maketrans(
    {
        "#": "#35;",
        '"': "#quot;",
        "&": "#amp;",
        "<": "#lt;",
        ">": "#gt;",
        "`": "#96;",
        "\n": "<br>",
        "\r": None,
    }
)
_NOT_ID = re.compile(r"[^A-Za-z0-9_]")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")


def mermaid_label(text: str) -> str:
    """Return ``text`` escaped for a double-quoted Mermaid label (without the quotes).

    Examples
    --------
    >>> mermaid_label('Say "hi" <b>#1</b> & go\\nnow')
    'Say #quot;hi#quot; #lt;b#gt;#35;1#lt;/b#gt; #amp; go<br>now'
    """
    return _CONTROL.sub(" ", text.replace("\r\n", "\n")).translate(_ESCAPES)


def generate_mermaid(G: nx.MultiDiGraph, *, direction: str = "LR") -> Iterator[str]:
    """Yield a Mermaid ``flowchart`` for ``G``, one statement per chunk.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The content graph, or (better, see the module docstring) a scope of it.
    direction : {"LR", "TD", "RL", "BT"}, default "LR"
        Flow direction of prerequisite chains.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("end", kind="concept", title='"End" game')
    >>> G.add_node("q-1", kind="prompt", title="Q?")
    >>> G.add_edge("q-1", "end", key="assesses", kind="assesses")
    'assesses'
    >>> print(to_mermaid(G))  # doctest: +ELLIPSIS
    flowchart LR
    ...
      n_end("#quot;End#quot; game"):::concept
      n_q_1{{"Q?"}}:::prompt
      n_q_1 --o n_end
    <BLANKLINE>
    """
    if direction not in ("LR", "TD", "TB", "RL", "BT"):
        raise ValueError(f"direction must be LR, TD, TB, RL or BT, got {direction!r}")
    return _generate(G, direction)


def _generate(G: nx.MultiDiGraph, direction: str) -> Iterator[str]:
    roles = {n: str(a["plan_role"]) for n, a in G.nodes(data=True) if a.get("plan_role")}
    if roles and G.graph.get("plan_title"):
        title = " ".join(str(G.graph["plan_title"]).split()).replace('"', "'")
        yield f'---\ntitle: "{title}"\n---\n'
    yield f"flowchart {direction}\n"
    version = G.graph.get("content_version")
    if version is not None:
        yield f"  %% PrepGraph content version {int(version)}\n"
    for kind, style in CLASS_DEFS.items():
        yield f"  classDef {kind} {style}\n"
    if roles:
        for role, style in PLAN_CLASS_DEFS.items():
            yield f"  classDef {role} {style}\n"
    ids: dict[str, str] = {}
    taken: set[str] = set()
    for n in sorted_nodes(G):
        ids[n] = _new_id(str(n), taken)
        attrs = G.nodes[n]
        kind = str(attrs.get("kind", ""))
        opening, closing = NODE_SHAPES.get(kind, ("[", "]"))
        title = str(attrs.get("title", n))
        label = mermaid_label(plan_label(attrs, title) if n in roles else title)
        style = f":::{kind}" if kind in CLASS_DEFS else ""
        yield f'  {ids[n]}{opening}"{label}"{closing}{style}\n'
    for u, v, kind, attrs in sorted_edges(G):
        arrow = ARROWS.get(kind, "-->")
        if kind == "schedules" and attrs.get("position") is not None:
            arrow += f'|"{mermaid_label(str(attrs["position"]))}"|'
        yield f"  {ids[u]} {arrow} {ids[v]}\n"
    for role in PLAN_CLASS_DEFS:
        members = [ids[n] for n in sorted_nodes(G) if roles.get(n) == role]
        if members:
            yield f"  class {','.join(members)} {role}\n"


def to_mermaid(G: nx.MultiDiGraph, **options: Any) -> str:
    """Return the whole Mermaid flowchart as one string (see `generate_mermaid`).

    Examples
    --------
    >>> to_mermaid(nx.MultiDiGraph(), direction="TD").splitlines()[0]
    'flowchart TD'
    """
    return "".join(generate_mermaid(G, **options))


def _new_id(key: str, taken: set[str]) -> str:
    base = "n_" + _NOT_ID.sub("_", key)
    candidate, suffix = base, 2
    while candidate in taken:
        candidate, suffix = f"{base}_{suffix}", suffix + 1
    taken.add(candidate)
    return candidate
