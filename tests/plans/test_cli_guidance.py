"""The CLI guides a newcomer: one command to run, choices it knows, contradictions refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app
from tests.plans.test_plan_cli import _use, runner

WIDE = {"COLUMNS": "200", "NO_COLOR": "1"}
__all__ = ["runner"]  # the fixture, shared with the plan command's tests


@pytest.mark.parametrize(
    "args",
    [["seed"], ["export", "--format", "json"], ["plan", "-t", "hnsw"], ["token", "list"]],
    ids=["seed", "export", "plan", "token"],
)
def test_a_database_never_migrated_gets_the_command_to_run(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, args: list[str]
) -> None:
    _use(monkeypatch, f"sqlite+aiosqlite:///{tmp_path / 'fresh.db'}")
    result = runner.invoke(app, args, env=WIDE)
    assert result.exit_code == 1
    assert "run `prepgraph db upgrade`" in result.output
    assert "Traceback" not in result.output and len(result.output.splitlines()) <= 3


def test_export_choices_are_case_insensitive_and_listed(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, seeded_url: str
) -> None:
    _use(monkeypatch, seeded_url)
    ok = runner.invoke(
        app, ["export", "--format", "MERMAID", "--kind", "CONCEPT", "--edge-kind", "Prerequisite"]
    )
    assert ok.exit_code == 0, ok.output
    assert ok.output.startswith("flowchart")
    bad = runner.invoke(app, ["export", "--format", "foo"], env=WIDE)
    assert bad.exit_code == 2
    for name in ("graphml", "mermaid", "svg", "png", "pdf"):
        assert f"'{name}'" in bad.output


def test_known_without_a_plan_is_refused(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, seeded_url: str
) -> None:
    _use(monkeypatch, seeded_url)
    result = runner.invoke(app, ["export", "--known", "hnsw"], env=WIDE)
    assert result.exit_code == 1
    assert "--known only shapes a study plan" in result.output
    result = runner.invoke(app, ["export", "--minutes", "90"], env=WIDE)
    assert result.exit_code == 1
    assert "--minutes only shapes a study plan" in result.output


def test_a_misspelt_slug_gets_the_nearest_one(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, seeded_url: str
) -> None:
    _use(monkeypatch, seeded_url)
    result = runner.invoke(app, ["export", "--target", "hnws"], env=WIDE)
    assert result.exit_code == 1
    assert "target 'hnws' is not in the graph (did you mean 'hnsw'" in result.output


def test_downgrade_refuses_to_drop_data_then_goes_with_force(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, seeded_url: str
) -> None:
    _use(monkeypatch, seeded_url)
    refused = runner.invoke(app, ["db", "downgrade"], env=WIDE)
    assert refused.exit_code == 1, refused.output
    assert "going back 1 migration(s) would remove data; nothing was changed" in refused.output
    assert "column concepts.aliases of" in refused.output
    assert "`prepgraph db downgrade --steps 1 --force`" in refused.output
    assert "Traceback" not in refused.output
    assert runner.invoke(app, ["db", "check"]).exit_code == 0  # still at the latest migration

    everything = runner.invoke(app, ["db", "downgrade", "base"], env=WIDE)
    assert everything.exit_code == 1
    assert "removing every table would remove data" in everything.output
    assert "row(s) of nodes" in everything.output and "row(s) of edges" in everything.output

    both = runner.invoke(app, ["db", "downgrade", "base", "--steps", "2"], env=WIDE)
    assert both.exit_code == 1 and "give a REVISION or --steps, not both" in both.output

    forced = runner.invoke(app, ["db", "downgrade", "base", "--force"], env=WIDE)
    assert forced.exit_code == 0, forced.output
    assert "database at base (no PrepGraph tables)" in forced.output
    again = runner.invoke(app, ["db", "downgrade"], env=WIDE)
    assert again.exit_code == 1 and "nothing to downgrade" in again.output
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    assert runner.invoke(app, ["seed", "tests/fixtures/seeds"]).exit_code == 0


def test_downgrade_to_an_unknown_revision_is_one_line(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, seeded_url: str
) -> None:
    _use(monkeypatch, seeded_url)
    result = runner.invoke(app, ["db", "downgrade", "nope"], env=WIDE)
    assert result.exit_code == 1
    assert "cannot downgrade to 'nope'" in result.output and "Traceback" not in result.output
