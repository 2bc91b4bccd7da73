# PartnerNet: `make run` serves the demo network, `make test` runs the checks and the test suite.
# Each installs what it needs first: a virtual environment in .venv (runtime packages for
# `run`, test tools too for `test`), and Debian's chromium for the browser tests.

VENV ?= .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
SOURCES := graph app tests bench

.PHONY: install install-test browser run test check wheel-smoke bench screenshots notebooks messages clean

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

$(VENV)/.installed: pyproject.toml
	@echo "installing PartnerNet and what it needs to run into $(VENV) (a few minutes the first time)"
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --progress-bar on -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	@echo "installing the test tools into $(VENV)"
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing Debian's chromium for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

run: install
	$(BIN)/partnernet serve --demo --host $(HOST) --port $(PORT)

# Lint: ruff (rules and format), mypy, the import layers, and every .cypher file through
# Neo4j's own Cypher front end (when node is present).
check: install-test
	$(BIN)/ruff check $(SOURCES)
	$(BIN)/ruff format --check $(SOURCES)
	$(BIN)/mypy graph app bench
	$(BIN)/lint-imports
	@if command -v npm >/dev/null 2>&1; then \
	  cd tools/cypher-lint && npm ci --no-audit --no-fund --silent && node lint.mjs ../../graph/cypher; \
	else echo "npm not found: Cypher lint skipped"; fi

test: install-test browser check
	$(PY) -m pytest $(PYTEST_ARGS)

# The wheel built, installed outside the checkout and used from an empty folder (CI).
wheel-smoke:
	bash tools/wheel-smoke.sh

bench: install-test
	$(PY) bench/load.py
	$(PY) bench/match.py

# The analyst notebooks in JupyterLab (the `notebooks` extra; they read the graph of PARTNERNET_DATA).
notebooks: install
	$(PY) -m pip install --quiet -e '.[notebooks]'
	$(BIN)/jupyter lab notebooks/

# Interface strings: extract them from the templates and app code and update every
# language's catalogue (new strings arrive empty; tests/test_translations.py lists them).
messages: install
	$(BIN)/pybabel extract -F tools/babel.cfg -k _l -k lazy_gettext --no-location --sort-output --no-wrap \
	  -o $(VENV)/messages.pot .
	$(BIN)/pybabel update -i $(VENV)/messages.pot -d app/translations --no-fuzzy-matching --ignore-obsolete --no-wrap

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis tools/cypher-lint/node_modules

screenshots: install-test browser
	$(PY) bench/screenshots.py
