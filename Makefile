# The Kennisbank's commands. `make site` and `make test` set themselves up on a fresh machine.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
RUN := PYTHONPATH=scripts $(PY) -m kennisbank
# The engine that turns the pages into HTML: material (deploys) or zensical (make site ENGINE=zensical).
ENGINE ?= material

.PHONY: site test check serve generate schema lint bench clean browser new links

# The virtual environment is rebuilt whenever requirements.txt changes.
$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

site: $(VENV)/.installed ## validate, generate, build and index into site/ (ENGINE=zensical: with Zensical)
	ENGINE=$(ENGINE) $(RUN) site

check: $(VENV)/.installed ## validate all content, report every finding
	$(RUN) check

generate: $(VENV)/.installed ## validate and write what mkdocs builds from into a new temporary folder (or UIT=<new folder>), and say where
	$(RUN) generate $(if $(UIT),--output "$(UIT)")

serve: $(VENV)/.installed ## live preview on http://127.0.0.1:8000/
	ENGINE=$(ENGINE) $(RUN) serve

new: $(VENV)/.installed ## a new content file from the template: make new SOORT=praktijkvoorbeeld TITEL="..."
	$(RUN) new $(if $(SOORT),--soort "$(SOORT)") $(if $(TITEL),--titel "$(TITEL)")

schema: $(VENV)/.installed ## rewrite the JSON Schemas in schemas/ and the issue form
	$(RUN) schema

links: $(VENV)/.installed ## check external links in the content (needs internet; not part of make test)
	$(RUN) links

browser: ## install Debian's chromium when no browser is found (tests need one)
	@bash scripts/ensure-chromium.sh

test: $(VENV)/.installed browser ## run every test
	$(PY) -m ruff check scripts tests
	$(PY) -m pytest

bench: $(VENV)/.installed browser ## benchmark at 100, 1,000 and 10,000 items; writes benchmarks/results.json
	PYTHONPATH=scripts $(PY) -m kennisbank.bench

lint: $(VENV)/.installed
	$(PY) -m ruff check scripts tests

clean:
	rm -rf site site.* $(VENV) .pytest_cache
