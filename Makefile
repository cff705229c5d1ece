# journeymap developer commands. `make demo` and `make test` work on a fresh machine.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DEMO_DIR ?= demo-workspace
PY_DIRS := $(wildcard src tests benchmarks)

.PHONY: install browser demo test lint typecheck pytest soak bench docs clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,spark,bench]'
	@touch $@

# Headless Chromium renders PNG/PDF and runs the browser tests (Debian package, no downloads at run time).
browser:
	@bash scripts/ensure-chromium.sh

demo: install browser
	$(BIN)/python -m journeymap demo $(DEMO_DIR)

lint: install
	$(BIN)/ruff check $(PY_DIRS)
	$(BIN)/ruff format --check $(PY_DIRS)

typecheck: install
	$(BIN)/mypy

pytest: install browser
	$(BIN)/pytest -q

test: lint typecheck pytest

soak: install
	$(BIN)/pytest -q -m "cluster or soak"
	JOURNEYMAP_SOAK_KILLS=25 $(BIN)/pytest -q tests/orchestrate/test_crash.py
	$(BIN)/python -m benchmarks --only load

bench: install browser
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) $(DEMO_DIR) .pytest_cache .mypy_cache .ruff_cache
