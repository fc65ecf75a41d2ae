# PrepGraph: `make serve` and `make test` work on a fresh clone.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
export PREPGRAPH_DATABASE_URL ?= sqlite+aiosqlite:///./prepgraph.db

.PHONY: serve test lint format schema install install-test benchmark clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(VENV)/.installed $@

tests/js/node_modules/.installed: tests/js/package.json tests/js/package-lock.json
	npm ci --prefix tests/js --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test tests/js/node_modules/.installed

serve: install
	$(BIN)/prepgraph db upgrade
	$(BIN)/prepgraph seed --if-empty
	HOST=$(HOST) PORT=$(PORT) $(BIN)/prepgraph serve

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: install-test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

schema: install
	$(BIN)/prepgraph schema --output schema.graphql

test: lint
	$(BIN)/pytest

benchmark: install-test
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache prepgraph.db*
