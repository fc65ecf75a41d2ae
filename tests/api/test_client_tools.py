"""The committed schema through the client tools a study app builds with.

relay-compiler 21 compiles realistic operations (tests/js/client/relay): pagination
fragments with `@connection` over concepts, search and a learner's plans,
`@refetchable` on Learner and SavedPlan (which needs them to be Nodes), and
mutations with `@deleteRecord`/`@appendNode`. GraphQL Code Generator's client preset
types the operations of tests/js/client/typed, and `tsc --strict` checks the code
that uses them.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CLIENT = ROOT / "tests" / "js" / "client"
NODE_MODULES = ROOT / "tests" / "js" / "node_modules"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    for tool in ("relay-compiler", "graphql-codegen", "tsc"):
        if not (NODE_MODULES / ".bin" / tool).exists():
            pytest.fail(f"{tool} is missing: npm ci --prefix tests/js", pytrace=False)
    target = tmp_path / "client"
    shutil.copytree(CLIENT, target)
    shutil.copy(ROOT / "schema.graphql", target / "schema.graphql")
    (target / "node_modules").symlink_to(NODE_MODULES)
    (target / "relay" / "__generated__").mkdir()
    return target


def _run(project: Path, tool: str, *args: str) -> str:
    done = subprocess.run(
        [str(NODE_MODULES / ".bin" / tool), *args],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_relay_compiler_accepts_the_schema_and_the_operations(project: Path) -> None:
    _run(project, "relay-compiler")
    generated = project / "relay" / "__generated__"
    refetch = (generated / "SavedPlanRefetchQuery.graphql.ts").read_text()
    assert "node(id: $id)" in refetch  # @refetchable on a SavedPlan goes through Node
    assert (generated / "LearnerHomePlansQuery.graphql.ts").exists()
    assert "SearchResults_search" in (generated / "SearchResults_query.graphql.ts").read_text()


def test_codegen_types_the_operations_and_tsc_strict_checks_their_use(project: Path) -> None:
    _run(project, "graphql-codegen", "--config", "codegen.yml")
    _run(project, "tsc", "-p", "tsconfig.json")
    # The check has teeth: a misspelt field of a result fails the build.
    operations = project / "typed" / "operations.ts"
    operations.write_text(operations.read_text().replace("edge.node.name)", "edge.node.nam)"))
    broken = subprocess.run(
        [str(NODE_MODULES / ".bin" / "tsc"), "-p", "tsconfig.json"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert broken.returncode != 0 and "Property 'nam' does not exist" in broken.stdout
