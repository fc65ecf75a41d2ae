"""The ASGI application: FastAPI + Strawberry, one engine and one snapshot store per process."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from sqlalchemy import text
from strawberry.fastapi import GraphQLRouter

from api.graphql.context import Context
from api.graphql.schema import schema
from api.http.export import router as export_router
from api.settings import Settings, get_settings
from graph.db import create_engine, create_sessionmaker
from graph.snapshot import SnapshotStore
from graph.store.content import ContentRepository


async def get_context(request: Request) -> AsyncIterator[Context]:
    state = request.app.state
    context = Context(
        snapshot=await state.snapshots.get(),
        snapshots=state.snapshots,
        sessionmaker=state.sessionmaker,
        settings=state.settings,
    )
    try:
        yield context
    finally:
        await context.close()


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        engine = create_engine(settings.database_url, pool_size=settings.db_pool_size)
        app.state.engine = engine
        app.state.sessionmaker = create_sessionmaker(engine)
        app.state.snapshots = SnapshotStore(
            app.state.sessionmaker, check_interval=settings.snapshot_check_interval
        )
        await app.state.snapshots.refresh()
        try:
            yield
        finally:
            await engine.dispose()

    app = FastAPI(
        title="PrepGraph",
        summary="A GraphQL API over a knowledge graph of technical interview preparation",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings

    graphql: GraphQLRouter[Any, None] = GraphQLRouter(
        schema,
        context_getter=get_context,
        graphql_ide="graphiql" if settings.env != "production" else None,
    )
    app.include_router(graphql, prefix="/graphql")
    app.include_router(export_router)

    @app.get("/healthz", summary="Liveness: the database answers")
    async def healthz(request: Request) -> JSONResponse:
        try:
            async with request.app.state.sessionmaker() as session:
                await session.execute(text("SELECT 1"))
                version = await ContentRepository(session).content_version()
        except Exception as exc:  # the point of a health check is to report, not raise
            return JSONResponse({"status": "error", "error": type(exc).__name__}, status_code=503)
        snapshot = request.app.state.snapshots.current
        return JSONResponse(
            {
                "status": "ok",
                "contentVersion": version,
                "snapshotVersion": snapshot.version if snapshot else None,
            }
        )

    return app


def app_from_env() -> FastAPI:
    """Factory for ``uvicorn --factory api.app:app_from_env``."""
    return create_app()
