"""The ``prepgraph`` command line."""

from __future__ import annotations

import asyncio
import os
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from api.settings import get_settings
from graph import migrate
from graph.content.model import ContentError
from graph.content.service import DEFAULT_SEEDS, load_content, seed
from graph.db import create_engine, create_sessionmaker
from graph.export import FORMATS as EXPORT_FORMATS
from graph.models.enums import EdgeKind, NodeKind

app = typer.Typer(
    help="PrepGraph: a knowledge graph of interview preparation.", no_args_is_help=True
)
db_app = typer.Typer(help="Database schema migrations.", no_args_is_help=True)
app.add_typer(db_app, name="db")
token_app = typer.Typer(help="API tokens for editors and admins.", no_args_is_help=True)
app.add_typer(token_app, name="token")

console = Console()
errors = Console(stderr=True)

PathArg = Annotated[
    Path, typer.Argument(help="A seeds folder (see seeds/README.md)", show_default=True)
]
PROGRESS_THRESHOLD = 200
PNG_DPI = 96
PNG_MAX_PIXELS = 4000
"""Longest side of a PNG export; a larger drawing is scaled down to fit (Graphviz ``size``)."""


def _fail(message: str) -> typer.Exit:
    errors.print(f"[bold red]error:[/] {message}", highlight=False)
    return typer.Exit(1)


def _current_revision(url: str) -> tuple[str | None, str]:
    """The database's migration and the latest one, or a short failure when it cannot open."""
    try:
        return asyncio.run(migrate.pending(url))
    except Exception as exc:  # an unreachable server, a bad URL: say so, briefly
        raise _fail(f"cannot open the database ({type(exc).__name__}: {exc})") from None


def _require_migrated() -> None:
    """Stop with the one command to run when the database is missing PrepGraph's tables."""
    revision, head = _current_revision(get_settings().database_url)
    if revision is None:
        raise _fail("the database has no PrepGraph tables yet: run `prepgraph db upgrade` first")
    if revision != head:
        raise _fail(
            f"the database is at migration {revision}, not the latest ({head}): "
            "run `prepgraph db upgrade`"
        )


def _database_graph() -> Any:
    """The content graph as the configured database holds it now (one snapshot build)."""
    from graph.snapshot import SnapshotStore

    _require_migrated()

    async def load() -> Any:
        engine = create_engine(get_settings().database_url)
        try:
            return (await SnapshotStore(create_sessionmaker(engine)).refresh()).graph
        finally:
            await engine.dispose()

    with errors.status("reading the graph from the database…", spinner="dots"):
        return asyncio.run(load())


def _report_content_error(exc: ContentError) -> typer.Exit:
    errors.print(f"[bold red]{len(exc.issues)} problem(s) found; nothing was written.[/]")
    for issue in exc.issues:
        errors.print(f"  {issue}", highlight=False, markup=False, soft_wrap=True)
    return typer.Exit(1)


@db_app.command("upgrade")
def db_upgrade(revision: str = typer.Option("head", help="Target revision")) -> None:
    """Apply migrations up to REVISION (default: the latest)."""
    asyncio.run(migrate.upgrade(get_settings().database_url, revision))
    console.print(f"database at [bold]{revision}[/]")


@db_app.command("downgrade")
def db_downgrade(
    revision: str | None = typer.Argument(
        None, help="Revision to go back to: an id, or base for no tables", show_default=False
    ),
    steps: int | None = typer.Option(
        None, "--steps", "-n", min=1, help="Go back this many migrations (default 1)"
    ),
    force: bool = typer.Option(False, "--force", help="Revert even when it removes data"),
) -> None:
    """Revert migrations (one by default); refuses, saying what goes, when data would be lost."""
    if revision is not None and steps is not None:
        raise _fail("give a REVISION or --steps, not both")
    revision = revision or f"-{steps or 1}"
    url = get_settings().database_url
    current, _head = _current_revision(url)
    if current is None:
        raise _fail("the database has no PrepGraph tables: there is nothing to downgrade")
    from alembic.util import CommandError

    try:
        losses = asyncio.run(migrate.downgrade_losses(url, revision))
    except CommandError as exc:
        raise _fail(f"cannot downgrade to {revision!r}: {exc}") from None
    except migrate.IntegrityError as exc:
        raise _fail(f"downgrading to {revision!r} would break references: {exc}") from None
    if losses and not force:
        errors.print(
            f"[bold red]error:[/] {_going(revision)} would remove data; nothing was changed:",
            highlight=False,
        )
        for loss in losses:
            errors.print(f"  - {loss}", highlight=False)
        errors.print(
            "Content comes back with `prepgraph seed` after `prepgraph db upgrade`; learners, "
            "tokens and progress do not. Keep a copy of the database, then run "
            f"`prepgraph db downgrade {_again(revision)} --force`.",
            highlight=False,
        )
        raise typer.Exit(1)
    asyncio.run(migrate.downgrade(url, revision))
    after, _ = _current_revision(url)
    console.print(f"database at [bold]{after or 'base (no PrepGraph tables)'}[/]")


def _going(revision: str) -> str:
    """What a downgrade to ``revision`` does, in words."""
    if revision.startswith("-"):
        return f"going back {revision[1:]} migration(s)"
    return "removing every table" if revision == "base" else f"going back to {revision}"


def _again(revision: str) -> str:
    """The downgrade arguments that name ``revision`` again."""
    return f"--steps {revision[1:]}" if revision.startswith("-") else revision


@db_app.command("check")
def db_check() -> None:
    """Fail when the models and the migrations disagree."""
    asyncio.run(migrate.check(get_settings().database_url))
    console.print("models and migrations agree")


@app.command("validate")
def validate_command(
    path: PathArg = DEFAULT_SEEDS,
    report: bool = typer.Option(False, "--report", help="Print a coverage report"),
) -> None:
    """Check content without writing anything."""
    try:
        content = load_content(path)
    except ContentError as exc:
        raise _report_content_error(exc) from None
    counts = content.counts()
    console.print(
        "valid: " + ", ".join(f"{n} {kind}" for kind, n in counts.items()), highlight=False
    )
    if report:
        from api.report import print_report

        print_report(console, content)


@app.command("seed")
def seed_command(
    path: PathArg = DEFAULT_SEEDS,
    keep: bool = typer.Option(
        False, "--keep", help="Keep nodes that are missing from the files (default: delete them)"
    ),
    if_empty: bool = typer.Option(False, "--if-empty", help="Only load into an empty database"),
) -> None:
    """Validate content, then apply it to the database in one transaction."""
    try:
        content = load_content(path)
    except ContentError as exc:
        raise _report_content_error(exc) from None
    _require_migrated()

    async def run() -> None:
        engine = create_engine(get_settings().database_url)
        try:
            sessionmaker = create_sessionmaker(engine)
            large = len(content.nodes) + len(content.edges) >= PROGRESS_THRESHOLD
            with Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                console=console,
                transient=True,
                disable=not large,
            ) as bar:
                task = bar.add_task("loading", total=None)

                def progress(stage: str, done: int, total: int) -> None:
                    bar.update(task, description=f"loading {stage}", completed=done, total=total)

                summary = await seed(
                    sessionmaker, content, prune=not keep, only_if_empty=if_empty, progress=progress
                )
        finally:
            await engine.dispose()
        if summary is None:
            console.print("database already holds content; nothing loaded (--if-empty)")
            return
        table = Table("kind", "created", "updated", "deleted", "unchanged", title="seed")
        for row in summary.rows():
            table.add_row(*(str(v) for v in row))
        console.print(table)
        if summary.changed:
            console.print(f"content version is now {summary.content_version}")
        else:
            console.print("nothing changed")

    asyncio.run(run())


@app.command("serve")
def serve(
    host: str = typer.Option(os.environ.get("HOST", "127.0.0.1"), help="Interface to bind"),
    port: int = typer.Option(int(os.environ.get("PORT", "8000")), help="Port to listen on"),
    workers: int = typer.Option(1, help="Worker processes"),
    reload: bool = typer.Option(False, help="Reload on code changes (development)"),
) -> None:
    """Serve the GraphQL API (GraphiQL at /graphql in a browser)."""
    import uvicorn

    settings = get_settings()
    console.print(f"PrepGraph on http://{host}:{port}/graphql ({settings.database_url})")
    uvicorn.run(
        "api.app:app_from_env",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        reload=reload,
        log_level=settings.log_level.lower(),
        access_log=False,
    )


@app.command("schema")
def schema_command(
    output: Path | None = typer.Option(None, "--output", "-o", help="Write here, not stdout"),
) -> None:
    """Print the GraphQL schema (SDL); `make schema` writes schema.graphql."""
    from api.graphql.schema import schema

    sdl = schema.as_str() + "\n"
    if output is None:
        typer.echo(sdl, nl=False)
    else:
        output.write_text(sdl)


RENDERED = {"svg", "png", "pdf"}
FormatChoice = Enum(  # type: ignore[misc]
    "FormatChoice", {name: name for name in [*EXPORT_FORMATS, *sorted(RENDERED)]}, type=str
)
"""Every export format, Graphviz renders included: typed choices with completion."""


SENIORITIES = ("mid", "senior", "staff")


def _complete_seniority(incomplete: str) -> list[str]:
    return [s for s in SENIORITIES if s.startswith(incomplete.lower())]


@app.command("plan")
def plan_command(
    target: list[str] = typer.Option(
        ..., "--target", "-t", help="A concept, article, prompt, roadmap day or domain (repeatable)"
    ),
    known: list[str] = typer.Option([], "--known", "-k", help="A concept you know (repeatable)"),
    minutes_per_day: int = typer.Option(60, "--minutes-per-day", "-m", min=1, max=24 * 60),
    deadline: int | None = typer.Option(
        None, "--deadline", "-d", min=1, max=365, help="Days until the interview"
    ),
    seniority: str = typer.Option(
        "senior",
        "--seniority",
        "-s",
        help="mid, senior or staff",
        autocompletion=_complete_seniority,
    ),
    articles: bool = typer.Option(True, "--articles/--no-articles", help="Choose reading"),
    prompts: bool = typer.Option(True, "--prompts/--no-prompts", help="Choose practice"),
    reviews: bool = typer.Option(True, "--reviews/--no-reviews", help="Spaced reviews"),
    mock: bool = typer.Option(True, "--mock/--no-mock", help="A closing mock interview"),
    seeds: Path | None = typer.Option(
        None,
        "--seeds",
        help="Plan on a seeds folder or JSON dump instead of the database (to check edits)",
    ),
) -> None:
    """Print a study plan day by day: what to study, read and practise, and why."""
    import networkx as nx

    from api.plan_print import print_plan
    from graph.algorithms.plan import study_plan
    from graph.content.service import content_graph
    from graph.suggest import did_you_mean

    level = seniority.lower()
    if level not in SENIORITIES:
        raise _fail(f"--seniority must be one of {', '.join(SENIORITIES)}, got {seniority!r}")

    if seeds is not None:
        try:
            G = content_graph(load_content(seeds))
        except ContentError as exc:
            raise _report_content_error(exc) from None
    else:
        G = _database_graph()
        if len(G) == 0:
            raise _fail("the database has no content: run `prepgraph seed` first, or use --seeds")

    problems = [
        f"unknown {what} {slug!r}{did_you_mean(slug, G.nodes)}"
        for what, slugs in (("target", target), ("known concept", known))
        for slug in slugs
        if slug not in G
    ]
    problems += [
        f"--known {slug!r} is a {G.nodes[slug]['kind']}, not a concept"
        for slug in known
        if slug in G and G.nodes[slug]["kind"] != "concept"
    ]
    if problems:
        raise _fail("; ".join(problems))
    try:
        plan = study_plan(
            G,
            target,
            known=known,
            minutes_per_day=minutes_per_day,
            max_days=deadline,
            seniority=level,
            include_articles=articles,
            include_prompts=prompts,
            review=reviews,
            mock_interview=mock,
        )
    except (nx.NodeNotFound, nx.NetworkXUnfeasible, ValueError) as exc:
        raise _fail(str(exc)) from None
    print_plan(console, G, plan, seniority=level, requested=list(dict.fromkeys(target)))


@app.command("export")
def export_command(
    format: FormatChoice = typer.Option(
        "graphml",
        "--format",
        "-f",
        help="Output format; svg, png and pdf are rendered by Graphviz",
        case_sensitive=False,
    ),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="File to write (default stdout)"
    ),
    domain: list[str] = typer.Option([], "--domain", help="Domain slug (repeatable)"),
    kind: list[NodeKind] = typer.Option(
        [], "--kind", help="Node kind to keep (repeatable)", case_sensitive=False
    ),
    edge_kind: list[EdgeKind] = typer.Option(
        [], "--edge-kind", help="Edge kind to keep (repeatable)", case_sensitive=False
    ),
    around: str | None = typer.Option(None, "--around", help="Centre of a neighbourhood"),
    radius: int = typer.Option(1, "--radius", help="Hops around the centre, 0..3"),
    target: list[str] = typer.Option([], "--target", help="Export its prerequisite closure"),
    plan: list[str] = typer.Option([], "--plan", help="Export the study plan for this target"),
    known: list[str] = typer.Option([], "--known", help="A known concept, for --plan"),
    minutes: int | None = typer.Option(
        None, "--minutes", "-m", min=15, max=720, help="Minutes per day, for --plan's day spans"
    ),
) -> None:
    """Export the graph (or a scope of it) from the database; svg/png/pdf go through Graphviz.

    PNG renders are bounded to PNG_MAX_PIXELS on their longer side (scaled down, never cut);
    SVG and PDF keep their natural size.
    """
    import shutil
    import subprocess

    from graph.exporting import ExportError, ExportRequest, prepare

    format_name: str = format.value
    if known and not plan:
        raise _fail("--known only shapes a study plan: give the plan's targets with --plan")
    if minutes is not None and not plan:
        raise _fail("--minutes only shapes a study plan: give the plan's targets with --plan")
    rendered = format_name in RENDERED
    dot = shutil.which("dot")
    if rendered and dot is None:
        raise _fail(
            f"--format {format_name} needs Graphviz's `dot`; install it "
            "(`apt-get install graphviz`, `brew install graphviz`) or export --format dot"
        )
    if rendered and output is None:
        raise _fail(f"--format {format_name} is binary: give a file with --output")

    request = ExportRequest(
        format="dot" if rendered else format_name,
        domains=tuple(domain),
        node_kinds=tuple(k.value for k in kind),
        edge_kinds=tuple(k.value for k in edge_kind),
        around=around,
        radius=radius,
        targets=tuple(target),
        plan_targets=tuple(plan),
        plan_known=tuple(known),
        plan_minutes_per_day=minutes,
    )
    try:
        prepared = prepare(_database_graph(), request)
    except ExportError as exc:
        raise _fail(str(exc)) from None
    if rendered:
        assert output is not None and dot is not None
        command = [dot, f"-T{format_name}", "-o", str(output)]
        if format_name == "png":
            command[1:1] = [f"-Gdpi={PNG_DPI}", f"-Gsize={PNG_MAX_PIXELS / PNG_DPI:g}"]
        size = prepared.graph.number_of_nodes()
        with errors.status(f"rendering {size} nodes with Graphviz dot…", spinner="dots"):
            result = subprocess.run(
                command, input=prepared.text(), text=True, capture_output=True, check=False
            )
        if result.returncode != 0:
            raise _fail(f"dot failed with exit code {result.returncode}: {result.stderr.strip()}")
    elif output is None:
        for chunk in prepared.chunks():
            typer.echo(chunk, nl=False)
    else:
        with (
            errors.status(f"writing {output}…", spinner="dots"),
            output.open("w", encoding="utf-8") as handle,
        ):
            handle.writelines(prepared.chunks())
    if output is not None:
        errors.print(
            f"wrote {output} ({prepared.graph.number_of_nodes()} nodes, "
            f"{prepared.graph.number_of_edges()} edges)"
        )


@token_app.command("create")
def token_create(
    role: str = typer.Option(..., "--role", help="editor or admin"),
    name: str = typer.Option(..., "--name", help="Who the token is for (shown in the audit log)"),
    expires_in_days: int | None = typer.Option(None, help="Expire after this many days"),
) -> None:
    """Create a token and print it once; only its HMAC is stored."""
    _require_migrated()
    from datetime import UTC, datetime, timedelta

    from graph.auth import issue_token
    from graph.db import transaction

    if role not in ("editor", "admin"):
        raise _fail("--role must be editor or admin (learners get tokens from createLearner)")
    expires = datetime.now(UTC) + timedelta(days=expires_in_days) if expires_in_days else None
    settings = get_settings()

    async def run() -> str:
        engine = create_engine(settings.database_url)
        try:
            async with transaction(create_sessionmaker(engine), write=True) as session:
                return await issue_token(
                    session, settings.token_key, role=role, name=name, expires_at=expires
                )
        finally:
            await engine.dispose()

    token = asyncio.run(run())
    errors.print(f"{role} token for {name} (shown once; store it now):")
    typer.echo(token)


@token_app.command("revoke")
def token_revoke(
    ident: str = typer.Argument(..., help="Token id, or a name: all its tokens"),
) -> None:
    """Revoke a token by id, or every token with a name."""
    _require_migrated()
    from graph.db import transaction
    from graph.store.accounts import AccountRepository

    async def run() -> int:
        engine = create_engine(get_settings().database_url)
        try:
            async with transaction(create_sessionmaker(engine), write=True) as session:
                return await AccountRepository(session).revoke_tokens(ident)
        finally:
            await engine.dispose()

    count = asyncio.run(run())
    if not count:
        raise _fail(f"no live token matches {ident!r}")
    console.print(f"revoked {count} token(s)")


@token_app.command("list")
def token_list() -> None:
    """List tokens (never their secrets)."""
    _require_migrated()
    from graph.store.accounts import AccountRepository

    async def run() -> list[Any]:
        engine = create_engine(get_settings().database_url)
        try:
            async with create_sessionmaker(engine)() as session:
                return await AccountRepository(session).list_tokens()
        finally:
            await engine.dispose()

    table = Table("id", "name", "role", "created", "expires", "revoked")
    for token in asyncio.run(run()):
        table.add_row(
            str(token.id), token.name, token.role, f"{token.created_at:%Y-%m-%d}",
            f"{token.expires_at:%Y-%m-%d}" if token.expires_at else "-",
            f"{token.revoked_at:%Y-%m-%d}" if token.revoked_at else "-",
        )  # fmt: skip
    console.print(table)


if __name__ == "__main__":
    app()
