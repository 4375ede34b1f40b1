# Convergence — the two commands: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
FRONTEND := frontend

.PHONY: ecrans run test lint test-backend test-frontend test-e2e test-browser fuzz openapi migration spa venv clean bench audit-secret

venv: $(VENV)/.installed
$(VENV)/.installed: pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit("Python 3.11+ requis") if sys.version_info < (3, 11) else None'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[dev]"
	touch $@

$(FRONTEND)/node_modules/.installed: $(FRONTEND)/package.json $(FRONTEND)/package-lock.json
	cd $(FRONTEND) && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
	touch $@

SPA_SOURCES := $(shell find $(FRONTEND)/src $(FRONTEND)/index.html $(FRONTEND)/vite.config.ts -type f 2>/dev/null)
$(FRONTEND)/dist/index.html: $(FRONTEND)/node_modules/.installed $(SPA_SOURCES)
	cd $(FRONTEND) && npm run --silent build

spa: $(FRONTEND)/dist/index.html

## make run: the demo on the embedded SQLite database (./var/convergence.db), SPA and API on one origin
run: export CONVERGENCE_ENV ?= demo
run: venv spa
	$(BIN)/convergence migrate
	$(BIN)/convergence seed-demo --if-empty
	@echo
	@$(BIN)/convergence demo-accounts
	@echo
	@echo "  Convergence est servi sur http://127.0.0.1:$(PORT)  (documentation de l'API : /api/docs)"
	@echo
	$(BIN)/convergence serve --port $(PORT)

## make test: lint, then side by side the backend suite (PostgreSQL if reachable, else SQLite)
## and the SPA checks followed by the browser tests (SQLite, a server of their own): two cores.
## Each part's output is printed whole when it ends.
test: lint spa $(FRONTEND)/node_modules/.installed
	@$(MAKE) --no-print-directory --output-sync=target -j2 test-backend test-browser

test-browser: $(FRONTEND)/node_modules/.installed
	@$(MAKE) --no-print-directory test-frontend
	@$(MAKE) --no-print-directory test-e2e

lint: venv
	$(BIN)/ruff check api tests migrations bench
	$(BIN)/ruff format --check api tests migrations bench
	$(BIN)/mypy api
	$(BIN)/hadolint Dockerfile

test-backend: venv
	$(BIN)/pytest

test-frontend: $(FRONTEND)/node_modules/.installed
	cd $(FRONTEND) && npm run --silent typecheck && npm run --silent test:unit

test-e2e: venv spa
	cd $(FRONTEND) && npm run --silent test:e2e

## make ecrans: the screenshots of docs/ecrans/ (À faire, a person's summary, the enrolment's
## steps at 1280×800 and 390×844), taken on the seeded demo server; not part of make test
ecrans: venv spa
	cd $(FRONTEND) && npx playwright test --config playwright.ecrans.config.ts

## make fuzz: schemathesis over the whole API with a large budget (every case, every caller)
fuzz: venv
	SCHEMATHESIS_MAX_EXAMPLES=$${SCHEMATHESIS_MAX_EXAMPLES:-100} SCHEMATHESIS_EVERY_CALLER=1 \
		$(BIN)/pytest -s tests/hardening/test_schemathesis.py

## make openapi: rewrite openapi.yaml and the SPA's generated types
openapi: venv
	$(BIN)/convergence openapi
	cd $(FRONTEND) && npm run --silent gen:api

## make migration m="what changed": autogenerate an Alembic revision
migration: venv
	CONVERGENCE_ENV=demo $(BIN)/alembic revision --autogenerate -m "$(m)"

## make bench: load benchmark on PostgreSQL (generates bench_s$(SCALE) once, then reuses it)
SCALE ?= 1
SEED ?= 42
BENCH_ARGS ?=
$(VENV)/.bench-installed: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[dev,bench]"
	touch $@

bench: $(VENV)/.bench-installed
	$(BIN)/python -m bench.run --scale $(SCALE) --seed $(SEED) $(BENCH_ARGS)

## make audit-secret: the statistical-secret audit of every masked role on generated data
## (scale 0.2: generates audit_s02 once, then reuses it), too slow for make test
AUDIT_SCALE ?= 0.2
AUDIT_ARGS ?=
audit-secret: venv
	$(BIN)/python -m bench.audit_secret --scale $(AUDIT_SCALE) $(AUDIT_ARGS)

clean:
	rm -rf $(VENV) $(FRONTEND)/node_modules $(FRONTEND)/dist var
