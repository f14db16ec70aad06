# Two commands: `make run` (ingest the sample article, open the chat window)
# and `make test` (the whole suite). Both create .venv when needed and are
# quick the second time: an install runs again only when pyproject.toml changes.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HASH   := $(shell cat pyproject.toml Makefile | cksum | cut -d' ' -f1)
STAMP  := $(VENV)/.installed-run-$(HASH)
TSTAMP := $(VENV)/.installed-test-$(HASH)
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test install install-test chromium lint clean

run: $(STAMP)
	$(BIN)/newsdesk ingest samples
	$(BIN)/newsdesk serve

test: $(TSTAMP) chromium
	$(BIN)/python -m pytest

install: $(STAMP)
install-test: $(TSTAMP)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# torch first, pinned: that pin is the CPU build on these machines; an
# unpinned torch would pull a CUDA build of several GB.
$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e .
	rm -f $(VENV)/.installed-run-* && touch $@

# The test extras include llama-cpp-python, which compiles from source the
# first time (about 10 minutes on 2 cores); pip caches the wheel after that.
$(TSTAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e '.[test,llm]'
	rm -f $(VENV)/.installed-* && touch $@ $(STAMP)

# The browser tests drive Debian's Chromium (Playwright's own download does not work here).
chromium:
	@test -x /usr/bin/chromium || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -q && apt-get install -y -q chromium; \
	  else echo "make: install Debian's chromium (apt-get install -y chromium) for the browser tests" >&2; exit 1; fi; }

lint: $(TSTAMP)
	$(BIN)/ruff check . && $(BIN)/ruff format --check . && $(BIN)/lint-imports

clean:
	rm -rf $(VENV) .newsdesk .pytest_cache
