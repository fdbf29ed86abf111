# Everything runs from a project-local virtual environment that the first
# target creates; nothing needs installing by hand first.
# python3 when it is 3.11 or later, else the first python3.1x on the PATH that is
# (durable-rules runs on 3.11 and 3.12; on 3.13 and later the Python path runs).
PYTHON ?= $(shell for p in python3 python3.14 python3.13 python3.12 python3.11; do \
	$$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1 \
	&& { echo $$p; break; }; done)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
EXAMPLE := examples/ashvale.yaml
AS_OF  := 2025-11-14

.PHONY: run test lint typecheck pytest docs docs-check doctest bench fuzz clean

$(STAMP): pyproject.toml
	@test -n "$(PYTHON)" || { echo "kscp_core needs Python 3.11 or later, and found none on the PATH:" \
		"install python3.12 (Debian: apt-get install python3; python.org; or pyenv install 3.12)," \
		"or name one: make PYTHON=/path/to/python3.12 ..." >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# The example is written to have findings: show them, without failing on them.
run: $(STAMP)
	$(BIN)/kscp validate $(EXAMPLE)
	$(BIN)/kscp check $(EXAMPLE) --as-of $(AS_OF) --fail-on never

test: lint typecheck pytest docs

lint: $(STAMP)
	$(BIN)/ruff check conftest.py src tests examples docs benchmarks
	$(BIN)/ruff format --check conftest.py src tests examples docs benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy --strict src

pytest: $(STAMP)
	$(BIN)/pytest

docs: $(STAMP)
	$(BIN)/sphinx-build -E -n -W --keep-going -q -b html docs docs/_build/html
	$(BIN)/sphinx-build -E -n -W --keep-going -q -b doctest docs docs/_build/doctest

# Every page of the built site opened in headless Chromium (Debian's package,
# installed here when missing), as a reader would: fails on a page or table
# wider than the window at 1024 pixels, a broken link or anchor within the
# site, an image that does not load or a console error, and saves screenshots
# in docs/_build/screenshots. Not part of make test: it needs a browser.
docs-check: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[docs-check]'
	command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium; }
	$(BIN)/sphinx-build -E -n -W --keep-going -q -b html docs docs/_build/html
	$(BIN)/python docs/check_site.py docs/_build/html --screenshots docs/_build/screenshots

# The scale and speed harness: generates portfolios of 10k, 100k and 1M actions
# (once, into benchmarks/.data), measures (with the peer rule engines of the bench
# extra, each reported if it will not install), prints the tables of measurements
# and targets and writes them to benchmarks/RESULTS.md. Not part of make test: it
# takes about twenty minutes.
bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[bench]' || echo "some peer rule engines did not install: the table says which"
	$(BIN)/python benchmarks/run.py $(BENCH_ARGS)

# The fuzz tests with 20,000 inputs each (make test runs 60, CI 100): records
# files, overlays, rule fields, conditions, scenario files, command lines and
# sequences of Session posts. About an hour on one core; the command line and
# the Session sequences take most of it.
fuzz: $(STAMP)
	HYPOTHESIS_PROFILE=fuzz $(BIN)/pytest -m fuzz --hypothesis-show-statistics -q

clean:
	rm -rf $(VENV) docs/_build .mypy_cache .ruff_cache .hypothesis
