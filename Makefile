# Two commands on a fresh machine:  `make site` builds the example site,  `make test` runs the tests.
# Each makes its own virtual environment (.venv) with the pinned dependencies first.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: site check test lint bench lock clean

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[test]'
	touch $(STAMP)

site: $(STAMP)  ## check every claim against its sources (the site build joins here)
	$(BIN)/python -m generator check

check: $(STAMP)
	$(BIN)/python -m generator check

test: $(STAMP)  ## the test suite, then lint and types
	$(BIN)/python -m pytest
	$(BIN)/ruff check generator tests benchmarks
	$(BIN)/mypy

lint: $(STAMP)
	$(BIN)/ruff check generator tests benchmarks
	$(BIN)/ruff format --check generator tests benchmarks
	$(BIN)/mypy

bench: $(STAMP)  ## speed of `check` on a synthetic site (not part of the tests)
	$(BIN)/python benchmarks/bench_check.py

lock:  ## re-pin every dependency after a change to pyproject.toml
	rm -rf .lockvenv && $(PYTHON) -m venv .lockvenv
	.lockvenv/bin/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	{ sed -n '1,2p' requirements.lock; .lockvenv/bin/python -m pip freeze --exclude-editable; } > requirements.lock.new
	mv requirements.lock.new requirements.lock && rm -rf .lockvenv

clean:
	rm -rf $(VENV) site benchmarks/out
