"""GET /export/{format}: the graph, or a scope of it, as a download."""

from __future__ import annotations

import asyncio
from typing import Annotated

import networkx as nx
from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response

from graph.auth import bearer_token
from graph.exporting import ExportError, ExportRequest, Prepared, prepare

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
    minutes: Annotated[
        int | None,
        Query(ge=15, le=720, description="Minutes per day, for the day spans of `plan`"),
    ] = None,
) -> Response:
    refused = await _refuse_caller(request)
    if refused is not None:
        return refused
    snapshot = await request.app.state.snapshots.get()
    try:
        # Cutting the scope and writing the whole file happen in a worker thread, off
        # the event loop; the file is sent only once complete, with its length, so a
        # timeout answers 504 and a cut transfer is never taken for a whole file.
        prepared, body = await asyncio.to_thread(
            _render,
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
                plan_minutes_per_day=minutes,
            ),
        )
    except ExportError as exc:
        return JSONResponse({"error": str(exc), "code": "BAD_USER_INPUT"}, status_code=400)
    return Response(
        body,
        media_type=prepared.format.media_type,
        headers={
            "Content-Disposition": f'attachment; filename="{prepared.filename}"',
            "X-Content-Version": str(snapshot.version),
        },
    )


def _render(graph: nx.MultiDiGraph, request: ExportRequest) -> tuple[Prepared, bytes]:
    prepared = prepare(graph, request)
    return prepared, "".join(prepared.chunks()).encode()


async def _refuse_caller(request: Request) -> JSONResponse | None:
    """401 for a token that is sent and invalid, or for none when reads require one."""
    state = request.app.state
    token = bearer_token(request.headers.get("authorization", ""))
    if token is None:
        if state.settings.require_token_for_reads:
            return _unauthenticated("this server requires a token for every request")
        return None
    if await state.tokens.check(state.sessionmaker, token) is None:
        return _unauthenticated("the token is invalid, revoked or expired")
    return None


def _unauthenticated(message: str) -> JSONResponse:
    return JSONResponse(
        {"error": message, "code": "UNAUTHENTICATED"},
        status_code=401,
        headers={"WWW-Authenticate": "Bearer"},
    )
