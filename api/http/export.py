"""GET /export/{format}: the graph, or a scope of it, as a streamed download."""

from __future__ import annotations

import asyncio
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, StreamingResponse

from graph.exporting import ExportError, ExportRequest, prepare

router = APIRouter()


def _split(values: list[str] | None) -> tuple[str, ...]:
    return tuple(v.strip() for value in values or () for v in value.split(",") if v.strip())


@router.get(
    "/export/{format}", summary="Download the knowledge graph in a format", response_model=None
)
async def export(
    request: Request,
    format: str,
    domain: Annotated[list[str] | None, Query(description="Domain slug(s)")] = None,
    kind: Annotated[list[str] | None, Query(description="Node kind(s) to keep")] = None,
    edge_kind: Annotated[list[str] | None, Query(description="Edge kind(s) to keep")] = None,
    around: Annotated[str | None, Query(description="Centre of a neighbourhood")] = None,
    radius: Annotated[int, Query(description="Hops around the centre, 0..3")] = 1,
    targets: Annotated[
        list[str] | None, Query(description="Slugs whose prerequisite closure to export")
    ] = None,
    plan: Annotated[
        list[str] | None, Query(description="Targets of a study plan to export, steps numbered")
    ] = None,
    known: Annotated[list[str] | None, Query(description="Known concepts for `plan`")] = None,
) -> StreamingResponse | JSONResponse:
    snapshot = await request.app.state.snapshots.get()
    try:
        # Cutting a scope walks the graph; the chunks then stream from Starlette's thread pool.
        prepared = await asyncio.to_thread(
            prepare,
            snapshot.graph,
            ExportRequest(
                format=format,
                domains=_split(domain),
                node_kinds=_split(kind),
                edge_kinds=_split(edge_kind),
                around=around,
                radius=radius,
                targets=_split(targets),
                plan_targets=_split(plan),
                plan_known=_split(known),
            ),
        )
    except ExportError as exc:
        return JSONResponse({"error": str(exc), "code": "BAD_USER_INPUT"}, status_code=400)
    return StreamingResponse(
        prepared.chunks(),
        media_type=prepared.format.media_type,
        headers={
            "Content-Disposition": f'attachment; filename="{prepared.filename}"',
            "X-Content-Version": str(snapshot.version),
        },
    )
