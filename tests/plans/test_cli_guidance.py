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


def test_a_misspelt_slug_gets_the_nearest_one(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, seeded_url: str
) -> None:
    _use(monkeypatch, seeded_url)
    result = runner.invoke(app, ["export", "--target", "hnws"], env=WIDE)
    assert result.exit_code == 1
    assert "target 'hnws' is not in the graph (did you mean 'hnsw'" in result.output
