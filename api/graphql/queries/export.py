"""The export root field."""

from __future__ import annotations

import asyncio
from enum import Enum
from typing import Annotated, Any

import strawberry
from strawberry.types import Info

from api.graphql.errors import BadUserInput
from api.graphql.types.enums import EdgeKind, NodeKind
from graph.exporting import ExportError, ExportRequest, Prepared, prepare


@strawberry.enum(description="Export formats.")
class ExportFormat(Enum):
    GRAPHML = strawberry.enum_value("graphml", description="GraphML (Gephi, yEd, Cytoscape)")
    GEXF = strawberry.enum_value("gexf", description="GEXF 1.3 coloured by domain (Gephi)")
    DOT = strawberry.enum_value("dot", description="Graphviz DOT, one cluster per domain")
    CYTOSCAPE = strawberry.enum_value("cytoscape", description="Cytoscape.js elements JSON")
    D3 = strawberry.enum_value("d3", description="D3 node-link JSON")
    MERMAID = strawberry.enum_value("mermaid", description="Mermaid flowchart")
    JSON = strawberry.enum_value("json", description="Full content dump, loadable by seed")


@strawberry.input(description="Which part of the graph to export; parts combine by intersection.")
class ExportScope:
    domains: list[str] | None = strawberry.field(default=None, description="Domain slugs")
    node_kinds: list[NodeKind] | None = strawberry.field(
        default=None, description="Only these node kinds"
    )
    edge_kinds: list[EdgeKind] | None = strawberry.field(
        default=None, description="Only these edge kinds"
    )
    around: str | None = strawberry.field(
        default=None, description="Centre (slug) of a neighbourhood"
    )
    radius: int = strawberry.field(default=1, description="Hops around the centre, 0..3")
    targets: list[str] | None = strawberry.field(
        default=None, description="Export these nodes and their prerequisite closure"
    )
    plan_targets: list[str] | None = strawberry.field(
        default=None,
        description="Export the study plan for these targets: its steps numbered in order "
        "(node attribute `step`) with their day span (`first_day`, `last_day`), the "
        "prerequisite and part-of edges among them, and a `plan_role` of `target`, `step` "
        "or `known`; DOT and Mermaid draw the numbers, days and roles",
    )
    plan_known: list[str] | None = strawberry.field(
        default=None,
        description="Concepts already known, for `planTargets`: left out of the steps, drawn "
        "as known when the plan builds on them",
    )
    plan_minutes_per_day: int | None = strawberry.field(
        default=None,
        description="Minutes of study per day, for `planTargets` (15..720; default 60)",
    )


@strawberry.type(description="An export of the graph in one format.")
class Export:
    format: ExportFormat = strawberry.field(description="The format")
    media_type: str = strawberry.field(description="HTTP media type of the content")
    filename: str = strawberry.field(description="Suggested file name")
    content: str = strawberry.field(description="The exported document")
    node_count: int = strawberry.field(description="Nodes in the export")
    edge_count: int = strawberry.field(description="Edges in the export")


def _render(graph: Any, request: ExportRequest) -> tuple[Prepared, str]:
    prepared = prepare(graph, request)
    return prepared, prepared.text()


@strawberry.type
class ExportQuery:
    @strawberry.field(
        description="Export the graph or a scope of it; large exports are better fetched "
        "from GET /export/{format}, a plain file download."
    )
    async def export(
        self,
        info: Info,
        format: Annotated[ExportFormat, strawberry.argument(description="Output format")],
        scope: Annotated[
            ExportScope | None, strawberry.argument(description="Part of the graph")
        ] = None,
    ) -> Export:
        scope = scope or ExportScope()
        request = ExportRequest(
            format=format.value,
            domains=tuple(scope.domains or ()),
            node_kinds=tuple(k.value for k in scope.node_kinds or ()),
            edge_kinds=tuple(k.value for k in scope.edge_kinds or ()),
            around=scope.around,
            radius=scope.radius,
            targets=tuple(scope.targets or ()),
            plan_targets=tuple(scope.plan_targets or ()),
            plan_known=tuple(scope.plan_known or ()),
            plan_minutes_per_day=scope.plan_minutes_per_day,
        )
        graph = info.context.snapshot.graph
        try:
            # Scoping and writing the whole graph takes a few hundred ms: not on the event loop.
            prepared, content = await asyncio.to_thread(_render, graph, request)
        except ExportError as exc:
            raise BadUserInput(str(exc), argument="scope") from None
        return Export(
            format=format,
            media_type=prepared.format.media_type,
            filename=prepared.filename,
            content=content,
            node_count=prepared.graph.number_of_nodes(),
            edge_count=prepared.graph.number_of_edges(),
        )
