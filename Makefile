# Accord: `make run` sets up and analyses the flagship example; `make test` sets up and runs the tests.
UV_VERSION := 0.13.9
PYTHON ?= python3
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
BIN := $(VENV)/bin

# Python writes the bytecode of what it imports, as it does by default: where
# PYTHONDONTWRITEBYTECODE is set, every `accord` run and every test's child process compiled numpy,
# pydantic, typer, ... from source again, half of a command's start-up (issue 17). Written as it is
# imported, not all at install (`uv sync --compile-bytecode`: +11 s on the first `make run`).
unexport PYTHONDONTWRITEBYTECODE

.PHONY: run test test-fast check lint format types bench docs notebooks docs-check clean

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

# What running needs: the runtime dependencies and the web extra (the ledger service), no dev or
# test tools.
# --no-build: every dependency installs as a wheel; one that would compile from source fails here.
# --inexact keeps anything a full set-up installed, so `make run` after `make test` does no work.
$(VENV)/.runtime: $(UV) pyproject.toml uv.lock
	$(UV) sync --frozen --no-build --no-dev --extra web --inexact --quiet
	@touch $@

# Everything: the web and postgres extras, and the dev group (pytest, mypy, ruff, ...).
$(VENV)/.synced: $(UV) pyproject.toml uv.lock
	$(UV) sync --frozen --no-build --all-extras --quiet
	@touch $@ $(VENV)/.runtime

## run: set up what running needs from the lock file and analyse the 2019 US–North Korea scenario
run: $(VENV)/.runtime
	$(BIN)/accord analyze examples/korea-2019.yaml

## test: set up from the lock file and run the whole test suite (slow tests included)
test: $(VENV)/.synced
	$(BIN)/pytest

## test-fast: the test suite without the slow end-to-end tests
test-fast: $(VENV)/.synced
	$(BIN)/pytest -m "not slow"

## check: lint (ruff), format check and types (mypy strict on src/)
check: $(VENV)/.synced
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy

format: $(VENV)/.synced
	$(BIN)/ruff format src tests benchmarks
	$(BIN)/ruff check --fix src tests benchmarks

## bench: run every benchmark; each prints ratios against a baseline measured in the same run
bench: $(VENV)/.synced
	$(BIN)/python -m benchmarks

## docs: build the documentation site into site/ (strict: a warning or a broken link fails it; offline)
docs: $(VENV)/.synced
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --quiet

## notebooks: run the notebooks of docs/notebooks in place, so that the site shows them as run now
notebooks: $(VENV)/.synced
	$(BIN)/jupyter execute --inplace docs/notebooks/*.ipynb

clean:
	rm -rf $(VENV) $(TOOLS) .pytest_cache .mypy_cache .ruff_cache site
