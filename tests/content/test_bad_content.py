"""Bad content gets an error naming the file and the slug, and nothing is written."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from typer.testing import CliRunner

from api.cli import app
from api.settings import get_settings
from graph.content.model import ContentError
from graph.content.service import load_content, seed
from graph.store.content import ContentRepository
from tests.conftest import FIXTURE_SEEDS

CONCEPTS = "ml-system-design/concepts.yaml"


def _replace(relative: str, old: str, new: str) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        path = root / relative
        text = path.read_text()
        assert old in text, f"fixture no longer contains {old!r}"
        path.write_text(text.replace(old, new, 1))

    return edit


def _append(relative: str, extra: str) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        path = root / relative
        path.write_text(path.read_text() + extra)

    return edit


def _both(*edits: Callable[[Path], None]) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        for one in edits:
            one(root)

    return edit


HNSW_TAGS = "    minutes: 45\n    tags: [vectors, ann]\n"

CASES = {
    "unknown-slug": (
        _replace(CONCEPTS, "prerequisites: [embeddings]", "prerequisites: [embedings]"),
        f"seeds/{CONCEPTS}: nearest-neighbor-search: unknown slug 'embedings' in its "
        "prerequisite edges (did you mean 'embeddings'",
    ),
    "duplicate-slug": (
        _replace("system-design/concepts.yaml", "slug: caching", "slug: hnsw"),
        "seeds/system-design/concepts.yaml: hnsw: duplicate slug "
        f"(first defined in seeds/{CONCEPTS})",
    ),
    "invalid-slug": (
        _replace("system-design/concepts.yaml", "slug: caching", "slug: Caching_Layer"),
        "seeds/system-design/concepts.yaml:2: Caching_Layer: slug: String should match pattern",
    ),
    "prerequisite-cycle": (
        _replace(
            CONCEPTS,
            "  - slug: embeddings\n",
            "  - slug: embeddings\n    prerequisites: [approximate-nearest-neighbor-search]\n",
        ),
        "prerequisite cycle: ",
    ),
    "wrong-edge-kind": (
        _replace(
            CONCEPTS,
            "assesses: [hnsw, approximate-nearest-neighbor-search]",
            "assesses: [hnsw, vector-search-at-scale]",
        ),
        f"seeds/{CONCEPTS}: q-explain-hnsw: a assesses edge must join prompt -> concept, "
        "not prompt 'q-explain-hnsw' -> article 'vector-search-at-scale'",
    ),
    "missing-field": (
        _replace(CONCEPTS, "    difficulty: advanced\n    minutes: 45\n", "    minutes: 45\n"),
        f"seeds/{CONCEPTS}:23: hnsw: difficulty: Field required",
    ),
    "day-used-twice": (
        _replace("roadmap.yaml", "  - day: 2\n", "  - day: 1\n    slug: second-day-one\n"),
        "seeds/roadmap.yaml: second-day-one: day 1 is used twice (also by roadmap-day-1)",
    ),
    "self-loop": (
        _replace(CONCEPTS, "related: [ivf-pq]", "related: [hnsw]"),
        f"seeds/{CONCEPTS}: hnsw: related_to edge to itself (a self-loop)",
    ),
    "unknown-domain": (
        _replace("roadmap.yaml", "domain: ml-system-design", "domain: ml-sys-design"),
        "seeds/roadmap.yaml: roadmap-day-1: unknown domain 'ml-sys-design'",
    ),
    "nul-character": (
        _replace(CONCEPTS, "    title: HNSW\n", '    title: "HN\\0SW"\n'),
        f"seeds/{CONCEPTS}:24: hnsw: title: Value error, must not contain the NUL character",
    ),
    "unknown-frequency": (
        _replace(
            CONCEPTS,
            "    minutes: 45\n    tags: [vectors, ann]\n",
            "    minutes: 45\n    frequency: often\n    tags: [vectors, ann]\n",
        ),
        f"seeds/{CONCEPTS}:28: hnsw: frequency: Input should be 'high', 'medium' or 'low'",
    ),
    "stage-runs-backwards": (
        _replace(
            CONCEPTS,
            "    minutes: 45\n    tags: [vectors, ann]\n",
            "    minutes: 45\n    stage: framing\n    tags: [vectors, ann]\n",
        ),
        f"seeds/{CONCEPTS}: hnsw: stage 'framing' cannot need "
        "'approximate-nearest-neighbor-search' of the later stage 'core'",
    ),
    "parts-on-a-non-case": (
        _replace(CONCEPTS, "related: [ivf-pq]", "related: [ivf-pq]\n    parts: [feature-store]"),
        f"seeds/{CONCEPTS}: hnsw: only a concept of stage 'case' lists parts",
    ),
    "part-already-a-prerequisite": (
        _replace(
            CONCEPTS,
            "    minutes: 45\n    tags: [vectors, ann]\n",
            "    minutes: 45\n    stage: case\n    tags: [vectors, ann]\n    parts: [embeddings]\n",
        ),
        f"seeds/{CONCEPTS}: hnsw: part 'embeddings' is already a prerequisite of the case",
    ),
    "parts-make-a-cycle": (
        # feature store -> point-in-time correctness (prerequisite) -> feature store (part)
        _replace(
            CONCEPTS,
            "    minutes: 40\n    tags: [features]\n",
            "    minutes: 40\n    stage: case\n    tags: [features]\n"
            "    parts: [point-in-time-correctness]\n",
        ),
        "prerequisites and parts form a cycle: ",
    ),
    "alias-repeats-the-title": (
        _replace(CONCEPTS, HNSW_TAGS, HNSW_TAGS + "    aliases: [hnsw]\n"),
        f"seeds/{CONCEPTS}: hnsw: alias 'hnsw' repeats the title",
    ),
    "alias-is-another-title": (
        _replace(CONCEPTS, HNSW_TAGS, HNSW_TAGS + "    aliases: [feature  STORE]\n"),
        f"seeds/{CONCEPTS}: hnsw: alias 'feature STORE' is already title of 'feature-store'",
    ),
    "alias-used-twice": (
        _replace(CONCEPTS, HNSW_TAGS, HNSW_TAGS + "    aliases: [ann search]\n"),
        f"seeds/{CONCEPTS}: hnsw: alias 'ann search' is already an alias of "
        "'approximate-nearest-neighbor-search'",
    ),
    "alias-too-long": (
        _replace(CONCEPTS, HNSW_TAGS, HNSW_TAGS + f"    aliases: [{'x' * 61}]\n"),
        f"seeds/{CONCEPTS}:29: hnsw: aliases.0: String should have at most 60 characters",
    ),
    "misspelt-key": (
        _replace(CONCEPTS, HNSW_TAGS, "    minuts: 45\n    tags: [vectors, ann]\n"),
        f"seeds/{CONCEPTS}:27: hnsw: minutes: Field required; unknown key 'minuts' "
        "(did you mean 'minutes'?)",
    ),
    "bad-yaml": (
        _append(CONCEPTS, "  - slug: [unclosed\n"),
        f"seeds/{CONCEPTS}: not valid YAML",
    ),
}


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    target = tmp_path / "seeds"
    shutil.copytree(FIXTURE_SEEDS, target)
    return target


@pytest.mark.parametrize("case", sorted(CASES))
async def test_bad_content_is_refused_and_nothing_written(
    case: str, seeds: Path, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    await seed(sessionmaker, load_content(seeds))
    async with sessionmaker() as session:
        before = await ContentRepository(session).fetch_nodes()
    edit, expected = CASES[case]
    edit(seeds)
    with pytest.raises(ContentError) as raised:
        load_content(seeds)
    assert expected in str(raised.value)
    async with sessionmaker() as session:
        assert await ContentRepository(session).fetch_nodes() == before


def test_cycle_is_printed_in_order(seeds: Path) -> None:
    edit, _ = CASES["prerequisite-cycle"]
    edit(seeds)
    with pytest.raises(ContentError) as raised:
        load_content(seeds)
    message = str(raised.value)
    cycle = message.split("prerequisite cycle: ")[1].split("\n")[0]
    names = cycle.split(" -> ")
    assert names[0] == names[-1]
    assert set(names) == {
        "embeddings",
        "nearest-neighbor-search",
        "approximate-nearest-neighbor-search",
    }


def test_cli_seed_reports_errors_and_writes_nothing(
    seeds: Path, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PREPGRAPH_DATABASE_URL", db_url)
    get_settings.cache_clear()
    try:
        edit, _ = CASES["unknown-slug"]
        edit(seeds)
        runner = CliRunner()
        result = runner.invoke(app, ["seed", str(seeds)])
        assert result.exit_code == 1
        assert "nothing was written" in result.output
        assert "nearest-neighbor-search: unknown slug 'embedings'" in result.output
        result = runner.invoke(app, ["validate", str(seeds)])
        assert result.exit_code == 1
        shutil.rmtree(seeds)
        shutil.copytree(FIXTURE_SEEDS, seeds)
        result = runner.invoke(app, ["seed", str(seeds)])
        assert result.exit_code == 0, result.output
        assert "content version is now 1" in result.output
        result = runner.invoke(app, ["seed", str(seeds)])
        assert "nothing changed" in result.output
    finally:
        get_settings.cache_clear()
