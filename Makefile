# Two commands on a fresh machine:  `make site` builds the example site,  `make test` runs the tests.
# Each makes its own virtual environment (.venv) with the pinned dependencies first.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# ProperDocs + MaterialX in an environment of their own: MaterialX and Material both install a
# Python package named `material`.
MX_VENV := .venv-materialx
MX_STAMP := $(MX_VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: messages site site-materialx site-zensical serve preview check test test-fast lint bench bench-build bench-cards bench-languages bench-ingest bench-export bench-rebuild bench-scale bench-serve bench-search bench-preview bench-weight bench-budgets bench-similar bench-import fuzz chromium shaping lock clean

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[material,test]'
	touch $(STAMP)

$(MX_STAMP): pyproject.toml requirements-materialx.lock
	$(PYTHON) -m venv $(MX_VENV)
	$(MX_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -c requirements-materialx.lock -e '.[materialx]'
	touch $(MX_STAMP)

site: $(STAMP) shaping  ## build the example site into site/ (SITE_LANGUAGE=ar: in Arabic); fails if any span no longer checks out
	$(if $(SITE_LANGUAGE),SITE_LANGUAGE=$(SITE_LANGUAGE)) $(BIN)/mkdocs build --strict

site-materialx: $(MX_STAMP)  ## the same site built by ProperDocs + MaterialX, into build/materialx/site/
	rm -rf build/materialx && mkdir -p build/materialx
	cp -R claims sources docs build/materialx/
	sed 's/^  name: material$$/  name: materialx/' mkdocs.yml > build/materialx/properdocs.yml
	cd build/materialx && ../../$(MX_VENV)/bin/properdocs build --strict

site-zensical: $(STAMP)  ## the same site built by Zensical, from the export (no plugin), into build/export/site/
	$(BIN)/python -m generator export build/export --force
	cd build/export && ../../$(BIN)/python -m zensical build

serve: $(STAMP)  ## preview at http://127.0.0.1:8000/, rebuilt when a claim or source changes
	$(BIN)/mkdocs serve

preview: $(STAMP)  ## serve one claim (CLAIM=claims/x.yml), rebuilt on every save, its problems in the browser
	@test -n "$(CLAIM)" || { echo "usage: make preview CLAIM=claims/<id>.yml" >&2; exit 2; }
	$(BIN)/python -m generator preview $(CLAIM)

LANGUAGES := en fr es pt de ar hi
messages: $(STAMP)  ## extract the pages' words into generator/locale/messages.pot and merge them into every catalog
	$(BIN)/pybabel extract -F generator/locale/babel.cfg -k N_ --no-wrap --sort-by-file \
	  --no-location --project=factcheck-generator -o generator/locale/messages.pot .
	for l in $(LANGUAGES); do \
	  if [ -f generator/locale/$$l.po ]; then \
	    $(BIN)/pybabel update --no-wrap --ignore-obsolete --no-fuzzy-matching -i generator/locale/messages.pot -o generator/locale/$$l.po -l $$l; \
	  else $(BIN)/pybabel init --no-wrap -i generator/locale/messages.pot -o generator/locale/$$l.po -l $$l; fi; \
	done

check: $(STAMP)
	$(BIN)/python -m generator check

test: $(STAMP) $(MX_STAMP) chromium shaping  ## every test (Chromium, the Nu checker, ProperDocs, Zensical, a wheel), then lint, format and types
	$(BIN)/python -m pytest
	$(BIN)/ruff check generator tests benchmarks
	$(BIN)/ruff format --check generator tests benchmarks
	$(BIN)/mypy

test-fast: $(STAMP)  ## the tests that need no browser and build nothing large, on every core (under a minute)
	$(BIN)/python -m pytest -m "not browser and not slow" -n 2 -q

lint: $(STAMP)
	$(BIN)/ruff check generator tests benchmarks
	$(BIN)/ruff format --check generator tests benchmarks
	$(BIN)/mypy

bench: $(STAMP)  ## speed of `check` on a synthetic site (not part of the tests)
	$(BIN)/python benchmarks/bench_check.py

bench-build: $(STAMP)  ## speed of `mkdocs build` against plain MkDocs + Material sites
	$(BIN)/python benchmarks/bench_build.py

bench-ingest: $(STAMP)  ## ingest against the article-extraction benchmark and trafilatura (DATES=dir: dates too)
	$(BIN)/python benchmarks/bench_ingest.py $(if $(DATES),--dates $(DATES))

bench-scale: $(STAMP) chromium  ## a large archive (CLAIMS=10000): build time, memory, bytes a reader downloads, before and after (not a test)
	cd benchmarks && ../$(BIN)/python bench_scale.py $(if $(CLAIMS),--claims $(CLAIMS))

bench-rebuild: $(STAMP) chromium  ## rebuild after one changed claim at 10,000 claims: build, check, serve, with and without the cache (not a test)
	cd benchmarks && ../$(BIN)/python bench_rebuild.py $(if $(CLAIMS),--claims $(CLAIMS))

bench-cards: $(STAMP)  ## share cards at 10,000 claims: builds without cards, with none kept, with all kept (not a test)
	cd benchmarks && ../$(BIN)/python bench_cards.py $(if $(CLAIMS),--claims $(CLAIMS))

bench-export: $(STAMP)  ## time of `python -m generator export` at 10,000 claims, and of MkDocs and Zensical building it (not a test)
	cd benchmarks && ../$(BIN)/python bench_export.py

bench-serve: $(STAMP)  ## resident memory of mkdocs serve across ten rebuilds (not a test)
	cd benchmarks && ../$(BIN)/python bench_serve_memory.py

bench-search: $(STAMP) chromium  ## search at 10,000 claims: build time, bytes per query in Chromium (not a test)
	cd benchmarks && ../$(BIN)/python bench_search.py

bench-preview: $(STAMP) chromium  ## save-to-reloaded-page time of preview and of serve at 10,000 claims (not a test)
	cd benchmarks && ../$(BIN)/python bench_preview.py

bench-languages: $(STAMP)  ## build time of the example and of 1,000 claims before and after the catalogs (not a test)
	cd benchmarks && ../$(BIN)/python bench_languages.py

bench-budgets: $(STAMP) chromium  ## what a reader downloads at 10,000 synthetic claims and 19,250 real rulings (PF=dir), against issue 28's budgets (not a test)
	cd benchmarks && ../$(BIN)/python bench_budgets.py $(if $(CLAIMS),--claims $(CLAIMS)) $(if $(PF),--politifact $(PF))

bench-similar: $(STAMP)  ## CLEF CheckThat! 2022 task 2B: MAP@1, MAP@5, MRR of `similar` and of BM25 (CT2B=the lab's subtask_2b/data; not a test)
	cd benchmarks && ../$(BIN)/python bench_similar.py --data $(abspath $(CT2B))

bench-import: $(STAMP)  ## import of 19,250 PolitiFact rulings (PF=dir), `similar` on them, related fact-checks' share of a 10,000-claim build (not a test)
	cd benchmarks && ../$(BIN)/python bench_import.py $(if $(PF),--politifact $(abspath $(PF))) $(if $(CLAIMS),--claims $(CLAIMS))

bench-weight: $(STAMP) chromium  ## bytes of a claim page's first visit in Chromium (not a test)
	$(BIN)/python benchmarks/bench_weight.py

fuzz: $(STAMP)  ## the fuzzing properties with many examples, for 10 minutes (not part of the tests)
	$(BIN)/python tests/fuzz_long.py --minutes 10

# Pillow's wheels shape Arabic and Devanagari with the raqm they bundle, which loads FriBiDi from
# the system: without Debian's libfribidi0 the share cards leave that text out (and say so).
# Installed when missing and the machine can; never a reason for `make site` to fail.
shaping:
	@/sbin/ldconfig -p 2>/dev/null | grep -q 'libfribidi\.so\.0' || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  command -v apt-get >/dev/null 2>&1 && { $$SUDO apt-get update -qq && \
	  $$SUDO apt-get install -y -qq libfribidi0 >/dev/null; } || \
	  echo "FriBiDi not installed: share cards will leave out Arabic and Indic text"; }

# The browser tests drive Debian's Chromium (Playwright downloads no browser here); the HTML
# validity test runs the Nu Html Checker with Debian's Java.
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium >/dev/null; }
	@command -v java >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq default-jre-headless >/dev/null; }

lock:  ## re-pin every dependency after a change to pyproject.toml
	rm -rf .lockvenv && $(PYTHON) -m venv .lockvenv
	.lockvenv/bin/python -m pip install --quiet --disable-pip-version-check -e '.[material,test]'
	{ sed -n '1,2p' requirements.lock; .lockvenv/bin/python -m pip freeze --exclude-editable; } > requirements.lock.new
	mv requirements.lock.new requirements.lock && rm -rf .lockvenv
	$(PYTHON) -m venv .lockvenv
	.lockvenv/bin/python -m pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[materialx]'
	{ sed -n '1,2p' requirements-materialx.lock; .lockvenv/bin/python -m pip freeze --exclude-editable; } > requirements-materialx.lock.new
	mv requirements-materialx.lock.new requirements-materialx.lock && rm -rf .lockvenv

clean:
	rm -rf $(VENV) $(MX_VENV) site build benchmarks/out generator/assets/vendor
