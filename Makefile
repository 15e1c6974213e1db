# The two commands of the README: `make html` and `make test`.
# Both create the virtual environment and install what they need on first use.

PYTHON     ?= python3
VENV       ?= .venv
BIN        := $(VENV)/bin
SOURCEDIR  := docs
BUILDDIR   := _build
# Warnings are errors, nitpicky, and every warning is reported before failing.
SPHINXOPTS ?= -W --keep-going -n
SPHINXBUILD = $(BIN)/python -m sphinx -c . $(SPHINXOPTS)

.PHONY: help html test bench livehtml linkcheck locale clean

help:
	@echo "make html       build the site into $(BUILDDIR)/html (sets up $(VENV) first)"
	@echo "make test       run every test, browser tests included"
	@echo "make bench      measure build speed, scaling and page weight (writes BENCHMARKS.md)"
	@echo "make livehtml   rebuild and reload on every save"
	@echo "make linkcheck  check external links (needs the internet)"
	@echo "make locale     make the engine's message catalogs again (.pot, .po, .mo) from its sources"
	@echo "make clean      remove $(BUILDDIR)"

# A stamp per requirements file: reinstall only when the pins change.
$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.requirements: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.requirements-test: requirements-test.txt requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements-test.txt
	touch $@

$(VENV)/.requirements-bench: requirements-bench.txt requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements-bench.txt
	touch $@

$(VENV)/.requirements-dev: requirements-dev.txt requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

# Doctrees outside the output directory: what is published is the site only.
html: $(VENV)/.requirements
	$(SPHINXBUILD) -b html -d $(BUILDDIR)/doctrees $(SOURCEDIR) $(BUILDDIR)/html

# npm ci writes node_modules/.package-lock.json: reinstall only when the pins change.
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

test: $(VENV)/.requirements-test
	./tests/setup-system.sh
	$(MAKE) node_modules/.package-lock.json
	$(BIN)/python -m pytest

bench: $(VENV)/.requirements-bench
	$(BIN)/python bench/run.py

livehtml: $(VENV)/.requirements-dev
	$(BIN)/sphinx-autobuild -c . $(SPHINXOPTS) --watch _ext --watch refs.bib --watch conf.py -d $(BUILDDIR)/doctrees $(SOURCEDIR) $(BUILDDIR)/html

linkcheck: $(VENV)/.requirements
	$(SPHINXBUILD) -b linkcheck -d $(BUILDDIR)/doctrees-linkcheck $(SOURCEDIR) $(BUILDDIR)/linkcheck

# The engine's words: extracted from its sources into the .pot, merged into
# each language's .po (translate what is new there, then run it again), .mo compiled.
locale: $(VENV)/.requirements
	$(BIN)/python _ext/sphinx_scholar/locale/catalogs.py

clean:
	rm -rf $(BUILDDIR)
