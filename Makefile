# Two entry points for a fresh machine (only Python 3.11 and make needed):
#   make demo   - create .venv, install, run `logistics demo` on the embedded SQLite default
#   make test   - create .venv, install with dev extras, run ruff and the whole test suite
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo test lint env env-dev clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

env: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .

env-dev: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[dev]"

demo: env
	$(BIN)/logistics demo

lint: env-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: lint
	$(BIN)/python -m pytest -n 2 -q

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache logistics.db
