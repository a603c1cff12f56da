# migis: every target bootstraps what it needs (virtual environment, Debian packages, PostgreSQL).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export MIGIS_DATA_DIR ?= $(CURDIR)/data
PG_URL ?= postgresql://postgres@127.0.0.1:5432/migis
HOST ?= 127.0.0.1
PORT ?= 8000
# The suite runs on as many worker processes as there are cores (pytest-xdist); WORKERS= runs it in one.
WORKERS ?= -n auto
# The SQLite suite fails below this share of migis's lines run (measured total rounded down to a multiple of 5).
COVERAGE_FLOOR ?= 80

.PHONY: run test check lint test-sqlite test-postgres test-e2e bench screenshots venv system-deps postgres redis messages clean

$(BIN)/migis: pyproject.toml requirements.lock
	@# PyICU (the collation of lists) is built against the system's ICU: its headers, pkg-config and g++.
	@pkg-config --exists icu-i18n 2>/dev/null && command -v g++ >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libicu-dev pkg-config g++ >/dev/null; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -c requirements.lock -e '.[dev]'
	touch $(BIN)/migis

venv: $(BIN)/migis

run: venv
	$(BIN)/migis init --demo
	@echo "migis is served on http://$(HOST):$(PORT)/  (sign in at http://$(HOST):$(PORT)/accounts/login/ with a demo account printed above)"
	$(BIN)/migis serve --host $(HOST) --port $(PORT)

# Debian packages the browser tests need (chromium); installed once.
system-deps:
	@command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# Start PostgreSQL when none answers on 127.0.0.1:5432; install it when absent.
postgres:
	@bash scripts/ensure-postgres.sh

# Start Redis (the task queue of production setups) when none answers on 127.0.0.1:6379.
redis:
	@bash scripts/ensure-redis.sh

# mypy imports the settings, which make their data folder: a temporary one, removed afterwards.
lint: venv
	@command -v xgettext >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >/dev/null; }
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts
	$(BIN)/lint-imports
	tmp=$$(mktemp -d) && MIGIS_DATA_DIR=$$tmp $(BIN)/mypy src; rc=$$?; rm -rf "$$tmp"; exit $$rc
	$(BIN)/django-admin makemigrations --check --dry-run --settings=migis.settings
	$(BIN)/python scripts/check_messages.py

# With a coverage report (files not fully run, their missed lines) and the floor; the coverage data goes
# to a temporary folder.
test-sqlite: venv redis
	tmp=$$(mktemp -d) && MIGIS_DATABASE_URL= COVERAGE_FILE=$$tmp/coverage $(BIN)/pytest -q -m "not e2e" $(WORKERS) \
		--cov=migis --cov-report=term-missing:skip-covered --cov-fail-under=$(COVERAGE_FLOOR); \
		rc=$$?; rm -rf "$$tmp"; exit $$rc

test-postgres: venv postgres
	MIGIS_DATABASE_URL=$(PG_URL) $(BIN)/pytest -q -m "not e2e" $(WORKERS)

test-e2e: venv system-deps
	MIGIS_DATABASE_URL= $(BIN)/pytest -q -m e2e

test: lint test-sqlite test-postgres test-e2e

# The edit loop: lint and the SQLite suite (no PostgreSQL, no browser).
check: lint test-sqlite

# Refresh the screenshots in docs/screenshots/ (taken by the browser tests).
screenshots: venv system-deps
	MIGIS_DATABASE_URL= MIGIS_SCREENSHOTS_DIR=$(CURDIR)/docs/screenshots $(BIN)/pytest -q -m e2e

bench: venv postgres system-deps
	$(BIN)/python benchmarks/run_all.py --postgres $(PG_URL)

# Recompile the translation catalogues after editing locale/*/LC_MESSAGES/django.po
messages: venv
	cd src/migis && MIGIS_DATA_DIR=$$(mktemp -d) ../../$(BIN)/django-admin makemessages -l fr -l ar --no-obsolete --settings=migis.settings
	$(BIN)/python scripts/compile_messages.py

clean:
	rm -rf $(VENV) data .pytest_cache
