# PartnerNet: `make run` serves the demo network, `make test` runs the test suite.
# Both install what they need first (a virtual environment in .venv, and Debian's
# chromium for the browser tests).

VENV ?= .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: install browser run test bench screenshots clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing Debian's chromium for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

run: install
	$(BIN)/partnernet serve --demo --host $(HOST) --port $(PORT)

test: install browser
	$(PY) -m pytest $(PYTEST_ARGS)

bench: install
	$(PY) bench/load.py
	$(PY) bench/match.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis

screenshots: install browser
	$(PY) bench/screenshots.py
