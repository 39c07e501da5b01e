# Zicht: two commands for a newcomer: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test test-random test-fast lint format messages check-messages openapi check-openapi check-migrations bench clean help

help:
	@echo "make demo    - install, migrate, load demo data and run Zicht on http://127.0.0.1:8000"
	@echo "make test    - run the test suite (SQLite unless DATABASE_URL is set)"
	@echo "make lint    - ruff lint and format check"
	@echo "make bench   - run the benchmarks in benchmarks/"

$(STAMP): requirements/base.txt requirements/dev.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit("Zicht needs Python >= 3.11" if sys.version_info < (3, 11) else 0)'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements/dev.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/zicht demo

test: $(STAMP)
	$(BIN)/pytest -q -p no:randomly $(PYTEST_ARGS)

# The suite once more in random order (pytest-randomly prints the seed): catches tests that
# only pass because of the ones before them.
test-random: $(STAMP)
	$(BIN)/pytest -q -p randomly -m "not browser" $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check src benchmarks
	$(BIN)/ruff format --check src benchmarks

format: $(STAMP)
	$(BIN)/ruff check --fix src benchmarks
	$(BIN)/ruff format src benchmarks

# English msgids, Dutch translations in src/zicht/locale/nl (needs GNU gettext).
messages: $(STAMP)
	cd src/zicht && ../../$(BIN)/django-admin makemessages -l nl --no-obsolete --no-location --settings=zicht.settings.test --pythonpath=..
	cd src/zicht && ../../$(BIN)/django-admin makemessages -d djangojs -l nl --no-obsolete --no-location --settings=zicht.settings.test --pythonpath=.. || true
	cd src/zicht && ../../$(BIN)/django-admin compilemessages --settings=zicht.settings.test --pythonpath=..

check-messages: $(STAMP)
	$(BIN)/python scripts/check_messages.py

openapi: $(STAMP)
	DJANGO_SETTINGS_MODULE=zicht.settings.test $(BIN)/zicht manage spectacular --lang en --format openapi-json --file src/zicht/openapi.json --validate --fail-on-warn

check-openapi: $(STAMP)
	$(BIN)/python scripts/check_openapi.py

check-migrations: $(STAMP)
	DJANGO_SETTINGS_MODULE=zicht.settings.test $(BIN)/zicht manage makemigrations --check --dry-run

# Benchmarks take minutes each (the directory one loads the large demo scale; the linkage one
# runs Splink, a benchmark-only dependency). Results are recorded in docs/.
bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -r requirements/bench.txt
	@for b in benchmarks/bench_*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) var
