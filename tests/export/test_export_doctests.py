"""The examples in the export modules' docstrings run."""

import doctest
import importlib
import pkgutil

import pytest

import graph.export

SUBMODULES = pkgutil.iter_modules(graph.export.__path__, "graph.export.")
MODULES = ["graph.export", *sorted(m.name for m in SUBMODULES)]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, extraglobs={"nx": __import__("networkx")})
    assert result.failed == 0
    assert result.attempted > 0
