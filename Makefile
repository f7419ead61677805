# The two commands that do everything on a fresh Debian/Ubuntu machine:
#   make release   build, validate and record every brief in seeds/ into dist/
#   make test      run the test suite (ruff first)
# Both create .venv and install the package into it; system packages come from apt.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
JOBS   ?=
ARGS   ?=
# make test's pytest-xdist workers; worksteal hands a worker that runs out half the other's
# queue, so a few minute-long release tests at the end cannot leave one core idle.
TEST_WORKERS ?= 2

# What a release needs: WeasyPrint needs Pango (and HarfBuzz's subsetter for the fonts);
# EPUBCheck needs Java; the PDF gate reads the text layer with poppler; DAISY Ace (npm) runs
# on node with Debian's Chromium; cairosvg (an SVG logo on the EPUB cover) needs Cairo.
SYSTEM_PACKAGES := default-jre-headless poppler-utils libpango-1.0-0 libpangoft2-1.0-0 \
                   libharfbuzz-subset0 chromium libcairo2
# What the tests add: qpdf --check on every edition; the preview tests drive Chromium through
# chromedriver; the Word reader's tests convert files with LibreOffice, a second, independent
# writer; the print tests separate the plates with Ghostscript (an independent check of the
# CMYK output); the Kindle tests convert to AZW3 and read it back with calibre (`--azw3` uses
# it too, but a release never needs it). A release installs none of these.
TEST_SYSTEM_PACKAGES := qpdf chromium-driver libreoffice-writer ghostscript calibre
ACE_VERSION := 1.4.6
ACE        := .tools/ace/node_modules/.bin/ace-puppeteer

.PHONY: release test bytecode lint system test-system apt-install ace readers bench extractors catalogues rules pictures clean distclean

release: $(BIN)/publish bytecode system ace
	$(BIN)/publish release seeds --out dist $(if $(JOBS),--jobs $(JOBS)) $(ARGS)

test: $(BIN)/publish bytecode test-system ace readers
	$(BIN)/ruff check publish tests benchmarks
	$(BIN)/pytest -n $(TEST_WORKERS) --dist worksteal $(ARGS)

lint: $(BIN)/publish
	$(BIN)/ruff check publish tests benchmarks
	$(BIN)/ruff format --check publish tests benchmarks

# docs/RULES.md from the lint registry (publish/lint/table.py); tests/test_lint.py checks it.
rules: $(BIN)/publish
	$(BIN)/python -m publish.lint.rulesdoc > docs/RULES.md

# After adding a label to publish/label_texts.py: rewrite publish.pot and add the new entry,
# untranslated, to every publish/locales/*/LC_MESSAGES/publish.po.
catalogues: $(BIN)/publish
	$(BIN)/python -m publish.i18n

bench: $(BIN)/publish bytecode system
	$(BIN)/python benchmarks/run.py $(ARGS)

# Main-content extractors against our rule on the corpus's web pages (docs/READERS.md): in a
# venv of their own, so that the project never depends on them.
extractors:
	$(PYTHON) -m venv .venv-extract
	.venv-extract/bin/pip install --quiet --upgrade pip
	.venv-extract/bin/pip install --quiet -e . trafilatura==2.3.1 readability-lxml==0.9 \
	    jusText==3.0.2
	.venv-extract/bin/python benchmarks/extractors.py

# The README's pictures of the default and the branded look (docs/*.png).
pictures: $(BIN)/publish system
	bash docs/pictures.sh

# publish's own bytecode, compiled ahead. An editable install compiles none of it, and where
# PYTHONDONTWRITEBYTECODE is set (as on this project's machines) Python never writes it:
# every `publish` then compiled its modules from source, 0.18 s of each start
# (docs/PERFORMANCE.md). compileall recompiles only the modules changed since (0.05 s).
bytecode: $(BIN)/publish
	@$(BIN)/python -m compileall -q publish

$(BIN)/publish: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $@

# DAISY Ace into the project (.tools/ace), without puppeteer's own browser: it runs with
# Debian's chromium (publish/checks/ace.py sets PUPPETEER_EXECUTABLE_PATH).
ace: $(ACE)
# node and npm from apt only when missing: a machine with NodeSource's nodejs (npm bundled)
# must not get Debian's npm, which conflicts with it.
$(ACE): | system
	@command -v npm >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	    apt-get install -y -qq --no-install-recommends nodejs npm; }
	PUPPETEER_SKIP_DOWNLOAD=1 npm install --ignore-scripts --no-audit --no-fund \
	    --prefix .tools/ace @daisy/ace@$(ACE_VERSION)
	@touch $@

# foliate-js, a reading system's engine, for the note pop-up tests (tests/test_popups.py).
FOLIATE := .tools/readers/node_modules/foliate-js/package.json
readers: $(FOLIATE)
$(FOLIATE): | $(ACE)
	npm install --ignore-scripts --no-audit --no-fund --prefix .tools/readers foliate-js@1.0.1
	@touch $@

# Install missing system packages when we are root; otherwise print the exact command.
# `make system` installs what a release needs; `make test-system` adds what the tests need.
system:
	@$(MAKE) --no-print-directory apt-install PACKAGES="$(SYSTEM_PACKAGES)"

test-system:
	@$(MAKE) --no-print-directory apt-install PACKAGES="$(SYSTEM_PACKAGES) $(TEST_SYSTEM_PACKAGES)"

apt-install:
	@missing=$$(for p in $(PACKAGES); do \
	    dpkg -s $$p >/dev/null 2>&1 || echo $$p; done | tr '\n' ' '); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing system packages: $$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	      apt-get install -y -qq --no-install-recommends $$missing; \
	  else \
	    echo "missing system packages; run:"; \
	    echo "  sudo apt-get update && sudo apt-get install -y $$missing"; \
	    exit 1; \
	  fi; \
	fi

clean:
	rm -rf dist .pytest_cache .ruff_cache

distclean: clean
	rm -rf $(VENV) *.egg-info .tools
