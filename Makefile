# Two entry points for a fresh machine (only Python 3.11 and make needed):
#   make demo   - create .venv, install, run `logistics demo` on the embedded SQLite default
#   make test   - create .venv, install with dev extras, run ruff and the whole test suite
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
# every install uses the versions the test suite last passed with (see `make lock`)
PIN := -c constraints.txt

.PHONY: demo test lint env env-dev lock clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

env: $(BIN)/python
	$(BIN)/python -m pip install --quiet $(PIN) -e .

env-dev: $(BIN)/python
	$(BIN)/python -m pip install --quiet $(PIN) -e ".[dev]"

demo: env
	$(BIN)/logistics demo

lint: env-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: lint
	$(BIN)/python -m pytest -n 2 -q

# re-resolve every dependency (all extras) within pyproject's ranges into constraints.txt;
# run `make test` on the result before committing it
lock:
	rm -rf .lock-venv
	$(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet --upgrade pip
	.lock-venv/bin/python -m pip install --quiet -e ".[dev,viz,dist]"
	{ echo "# pip constraints: the versions the test suite passed with (make lock)"; \
	  .lock-venv/bin/python -m pip freeze --exclude-editable; } > constraints.txt
	rm -rf .lock-venv

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache logistics.db logistics.db-shm logistics.db-wal logistics-demo.db logistics-demo.db-shm logistics-demo.db-wal
