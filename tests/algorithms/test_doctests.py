"""The examples in the docstrings run."""

import doctest
import importlib
import pkgutil

import pytest

import graph.algorithms

MODULES = sorted(
    m.name for m in pkgutil.iter_modules(graph.algorithms.__path__, "graph.algorithms.")
)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, extraglobs={"nx": __import__("networkx")})
    assert result.failed == 0
