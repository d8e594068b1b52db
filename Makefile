# Two entry points do all the set-up: `make app` and `make test`.
# The virtual environment is built from an interpreter >= 3.12 (scripts/find-python)
# and reinstalled only when pyproject.toml changes.
VENV := .venv
STAMP := $(VENV)/.installed
PYTHON := $(VENV)/bin/python
SCENARIO ?= scenarios/enterprise-baseline.toml
PORT ?= 8765

.PHONY: app test lint format bench clean

$(STAMP): pyproject.toml
	@test -x $(PYTHON) || "$$(scripts/find-python)" -m venv $(VENV)
	$(PYTHON) -m pip install --quiet --upgrade pip
	$(PYTHON) -m pip install --quiet -e '.[test,dev]'
	@touch $(STAMP)

app: $(STAMP)
	$(VENV)/bin/orgsim app --host 127.0.0.1 --port $(PORT) --scenario $(SCENARIO)

test: $(STAMP)
	$(VENV)/bin/ruff check orgsim tests benchmarks
	$(VENV)/bin/pytest -n 2

lint: $(STAMP)
	$(VENV)/bin/ruff check orgsim tests benchmarks
	$(VENV)/bin/ruff format --check orgsim tests benchmarks

format: $(STAMP)
	$(VENV)/bin/ruff format orgsim tests benchmarks
	$(VENV)/bin/ruff check --fix orgsim tests benchmarks

bench: $(STAMP)
	$(PYTHON) benchmarks/tandem_vs_peers.py
	$(PYTHON) benchmarks/scaling.py
	$(PYTHON) benchmarks/sweep_throughput.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
