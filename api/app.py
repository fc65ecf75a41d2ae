"""The ASGI application: FastAPI + Strawberry, one engine and one snapshot store per process."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from api.cache import install_response_cache
from api.graphql.context import Context
from api.graphql.limits import Limits
from api.graphql.pipeline import Pipeline
from api.graphql.schema import build_schema
from api.http.explore import mount_explorer
from api.http.export import router as export_router
from api.http.graphql import GraphQLEndpoint, PersistedQueries, install_graphql
from api.middleware import Guard
from api.observability import Metrics, configure_logging, new_request_id
from api.ratelimit import RateLimiter, trusted_networks
from api.settings import Settings, get_settings
from graph.auth import VerifiedTokens
from graph.db import create_engine, create_sessionmaker
from graph.snapshot import Snapshot, SnapshotStore
from graph.store.content import ContentRepository

logger = logging.getLogger("prepgraph")


async def get_context(request: Request) -> Context:
    """A fresh context for one GraphQL request; the endpoint closes it when done."""
    state = request.app.state
    context = Context(
        snapshot=await state.snapshots.get(),
        snapshots=state.snapshots,
        sessionmaker=state.sessionmaker,
        settings=state.settings,
        tokens=state.tokens,
    )
    context.request = request
    return context


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    if settings.production and not settings.secret_key:
        raise RuntimeError("PREPGRAPH_SECRET_KEY must be set when PREPGRAPH_ENV=production")
    configure_logging(settings.log_level)
    metrics = Metrics()

    def rebuilt(snapshot: Snapshot, seconds: float) -> None:
        # The snapshot lives until the next content change: keep the collector off it.
        gc.collect()
        gc.freeze()
        metrics.snapshot_rebuilt(snapshot, seconds)
        logger.info("snapshot v%s built in %.3f s", snapshot.version, seconds)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        engine = create_engine(settings.database_url, pool_size=settings.db_pool_size)
        app.state.engine = engine
        app.state.sessionmaker = create_sessionmaker(engine)
        app.state.snapshots = SnapshotStore(
            app.state.sessionmaker,
            check_interval=settings.snapshot_check_interval,
            on_rebuild=rebuilt,
        )
        app.state.tokens = VerifiedTokens(settings.token_key, ttl=settings.token_check_interval)
        await app.state.snapshots.refresh()
        # PostgreSQL: other processes' writes arrive by NOTIFY; polling stays the fallback.
        tasks = [asyncio.create_task(app.state.snapshots.listen(engine))]
        app.state.limiter = None
        if settings.rate_limit_points > 0:
            app.state.limiter = RateLimiter(
                points=settings.rate_limit_points,
                window=settings.rate_limit_window,
                sessionmaker=app.state.sessionmaker,
                sync_interval=settings.rate_limit_sync_interval,
            )
            tasks.append(asyncio.create_task(app.state.limiter.run()))
        try:
            yield
        finally:
            for task in tasks:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            await engine.dispose()

    app = FastAPI(
        title="PrepGraph",
        summary="A GraphQL API over a knowledge graph of technical interview preparation",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        openapi_url=None if settings.production else "/openapi.json",
        # Off unless asked for: checking whether a provider is configured costs every request.
        telemetry={
            "tracing": settings.opentelemetry,
            "metrics": settings.opentelemetry,
            "logs": settings.opentelemetry,
        },
    )
    app.state.settings = settings
    app.state.metrics = metrics
    app.state.trusted_proxies = trusted_networks(settings.trusted_proxies)

    introspection = settings.introspection
    if introspection is None:
        introspection = not settings.production
    graphiql = settings.graphiql if settings.graphiql is not None else not settings.production
    schema = build_schema(introspection=introspection)
    app.state.schema = schema
    app.state.pipeline = Pipeline(
        schema,
        limits=Limits(
            max_depth=settings.max_depth,
            max_aliases=settings.max_aliases,
            max_directives=settings.max_directives,
            max_cost=settings.max_cost,
        ),
        max_tokens=settings.max_tokens,
        introspection=introspection,
        mask_errors=settings.production,
        require_token=settings.require_token_for_reads,
    )
    app.state.persisted_queries = PersistedQueries(max_entries=settings.persisted_queries)
    endpoint = GraphQLEndpoint(
        app.state.pipeline,
        get_context,
        graphiql=graphiql,
        max_batch=settings.max_batch,
        persisted=app.state.persisted_queries,
        max_cost=settings.max_cost,
        cache_max_age=settings.http_cache_max_age,
    )
    install_graphql(app, endpoint)
    app.include_router(export_router)
    install_response_cache(app, settings)
    mount_explorer(app)

    @app.get("/healthz", summary="Liveness: the database answers")
    async def healthz(request: Request) -> JSONResponse:
        try:
            async with request.app.state.sessionmaker() as session:
                repo = ContentRepository(session)
                await repo.ping()
                version = await repo.content_version()
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

    @app.get("/readyz", summary="Readiness: the graph is loaded and the database answers")
    async def readyz(request: Request) -> JSONResponse:
        snapshot = request.app.state.snapshots.current
        health = await healthz(request)
        ready = snapshot is not None and health.status_code == 200
        return JSONResponse(
            {
                "status": "ready" if ready else "not ready",
                "nodes": len(snapshot.graph) if snapshot else 0,
            },
            status_code=200 if ready else 503,
        )

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        """An error outside any resolver (context, middleware, a route): a coded JSON 500.

        In production the message carries only the request id, which the log
        line with the stack trace carries too.
        """
        request_id = getattr(request.state, "request_id", None) or new_request_id()
        logger.error("unexpected error (request %s)", request_id, exc_info=exc)
        message = f"Internal server error (request id {request_id})"
        if not settings.production:
            message += f": {type(exc).__name__}: {exc}"
        error = {
            "message": message,
            "extensions": {"code": "INTERNAL_SERVER_ERROR", "requestId": request_id},
        }
        return JSONResponse(
            {"data": None, "errors": [error]},
            status_code=500,
            headers={"X-Request-ID": request_id},
        )

    @app.get("/metrics", summary="Prometheus metrics")
    async def prometheus() -> Response:
        return Response(generate_latest(metrics.registry), media_type=CONTENT_TYPE_LATEST)

    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST", "OPTIONS"],
            allow_headers=["Authorization", "Content-Type", "X-Request-ID"],
            expose_headers=["X-Request-ID"],
            max_age=600,
        )
    app.add_middleware(
        Guard, max_body_bytes=settings.max_body_bytes, timeout=settings.execution_timeout
    )
    return app


def app_from_env() -> FastAPI:
    """Factory for ``uvicorn --factory api.app:app_from_env``."""
    return create_app()
