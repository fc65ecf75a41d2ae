"""The import direction of the house: graph/ never reaches into delivery code."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FORBIDDEN_IN_GRAPH = ("api", "fastapi", "strawberry", "starlette", "uvicorn")
FORBIDDEN_IN_PURE = (*FORBIDDEN_IN_GRAPH, "sqlalchemy", "asyncio", "aiosqlite", "asyncpg")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize(
    ("folder", "forbidden"),
    [
        ("graph", FORBIDDEN_IN_GRAPH),
        ("graph/algorithms", FORBIDDEN_IN_PURE),
        ("graph/export", FORBIDDEN_IN_PURE),
    ],
)
def test_import_direction(folder: str, forbidden: tuple[str, ...]) -> None:
    offenders = {
        str(path.relative_to(ROOT)): sorted(_imports(path) & set(forbidden))
        for path in (ROOT / folder).rglob("*.py")
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_algorithms_are_synchronous() -> None:
    for path in (ROOT / "graph" / "algorithms").rglob("*.py"):
        tree = ast.parse(path.read_text())
        assert not any(isinstance(n, ast.AsyncFunctionDef) for n in ast.walk(tree)), path
