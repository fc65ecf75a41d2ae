"""`prepgraph plan`: a study plan printed day by day, from the database or a seeds folder."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from typer.testing import CliRunner

from api.cli import app
from api.settings import get_settings
from graph.algorithms.plan import study_plan
from graph.content.service import DEFAULT_SEEDS, content_graph, load_content

WIDE = {"COLUMNS": "240", "NO_COLOR": "1"}


@pytest.fixture
def runner() -> Iterator[CliRunner]:
    yield CliRunner()
    get_settings.cache_clear()


def _use(monkeypatch: pytest.MonkeyPatch, url: str) -> None:
    monkeypatch.setenv("PREPGRAPH_DATABASE_URL", url)
    get_settings.cache_clear()


def _day_labels(output: str) -> list[int]:
    """The day numbers in the table's first column, in order."""
    return [int(m) for m in re.findall(r"^│\s*(\d+) │", output, flags=re.MULTILINE)]


def test_plan_prints_every_day_and_step_from_the_database(
    default_url: str, monkeypatch: pytest.MonkeyPatch, runner: CliRunner
) -> None:
    _use(monkeypatch, default_url)
    args = ["plan", "-t", "fraud-detection", "-m", "90", "-d", "14", "--seniority", "senior"]
    result = runner.invoke(app, args, env=WIDE)
    assert result.exit_code == 0, result.output
    out = result.output
    G = content_graph(load_content(DEFAULT_SEEDS))
    plan = study_plan(G, ["fraud-detection"], minutes_per_day=90, max_days=14)
    case = G.nodes["fraud-detection"]["title"]
    assert out.startswith(f"Study plan: {case}\n")
    assert "fits the deadline" in out and "does NOT fit" not in out
    assert f"mock interview on day {plan.mock_interview.day}" in out  # type: ignore[union-attr]
    assert _day_labels(out) == [d.day for d in plan.days]
    for step in plan.steps:
        title = G.nodes[step.slug]["title"]
        assert re.search(rf"{step.position}\. │ (★ )?{re.escape(title)}", out), title
    assert out.count("★") >= len(plan.targets)  # a target is marked on each of its days
    assert f"Part of {case}" in out  # reasons in words, with titles
    assert "day total" in out and "mock" in out and "practice" in out


def test_plan_from_seeds_reports_what_a_deadline_cut(runner: CliRunner) -> None:
    args = ["plan", "--seeds", str(DEFAULT_SEEDS), "-t", "fraud-detection", "-m", "90", "-d", "5"]
    result = runner.invoke(app, args, env=WIDE)
    assert result.exit_code == 0, result.output
    out = result.output
    assert "does NOT fit the deadline" in out
    assert "Cut to fit the deadline" in out
    assert "Targets left out" in out and "min saved" in out
    assert re.search(r"Everything fits with \d+ min a day; every target .* with \d+", out)
    assert max(_day_labels(out)) <= 5


def test_plan_names_unknown_slugs_with_suggestions(runner: CliRunner) -> None:
    args = ["plan", "--seeds", str(DEFAULT_SEEDS), "-t", "hnws", "-k", "embedings"]
    result = runner.invoke(app, args, env=WIDE)
    assert result.exit_code == 1
    assert "unknown target 'hnws' (did you mean 'hnsw'" in result.output
    assert "unknown known concept 'embedings' (did you mean 'embeddings'" in result.output
    assert "Traceback" not in result.output


def test_plan_refuses_a_known_node_that_is_not_a_concept(runner: CliRunner) -> None:
    args = ["plan", "--seeds", str(DEFAULT_SEEDS), "-t", "hnsw", "-k", "q-tune-hnsw-recall"]
    result = runner.invoke(app, args, env=WIDE)
    assert result.exit_code == 1
    assert "--known 'q-tune-hnsw-recall' is a prompt, not a concept" in result.output


def test_plan_on_an_empty_database_says_to_seed(
    db_url: str, monkeypatch: pytest.MonkeyPatch, runner: CliRunner
) -> None:
    _use(monkeypatch, db_url)
    result = runner.invoke(app, ["plan", "-t", "hnsw"], env=WIDE)
    assert result.exit_code == 1
    assert "run `prepgraph seed` first" in result.output


def test_room_freed_by_cutting_practice_is_given_back() -> None:
    """Cutting practice is all or nothing; what its room still holds comes back.

    The recommender round in ten days at 90 minutes only fits without the
    practice questions, which frees more room than the last cut needed: one
    review of each target and questions on the most valuable targets return,
    and the plan uses its ten days instead of stopping at day eight.
    """
    G = content_graph(load_content(DEFAULT_SEEDS))
    known = ["supervised-learning-basics", "loss-functions", "gradient-descent", "embeddings"]
    plan = study_plan(
        G, ["recommender-system-design"], known=known, minutes_per_day=90, max_days=10
    )
    assert plan.fits_deadline
    practice = [s for d in plan.days for s in d.steps if s.activity == "practice"]
    reviews = [r for d in plan.days for r in d.reviews]
    assert practice and reviews
    attached = {m.slug: m for s in plan.steps for m in s.prompts}
    assert {p.slug for p in practice} <= set(attached)
    assert all(attached[p.slug].day is not None for p in practice)
    assert len(plan.days) == 10
    assert {c.kind for c in plan.cuts} >= {"practice", "review", "skim"}
    assert "recommender-system-design" in {
        s.slug for s in plan.steps if s.is_target and s.prompts
    }  # the case itself, the most valuable target, keeps its question
