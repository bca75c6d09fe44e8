# Everything a volunteer or CI needs: `make site`, `make test`, `make serve`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CONTENT ?= content
OUTPUT ?= output
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)

.PHONY: help site test lint serve validate clashes tools bench clean
.PHONY: new-event new-organization new-place field-reference

help:
	@echo "make site      build content/ into output/ (installs everything on first run)"
	@echo "make test      lint, format check and the whole test suite"
	@echo "make serve     preview at http://localhost:8000 with autoreload"
	@echo "make validate  check content/ without building"
	@echo "make bench     benchmark the build"
	@echo "make new-event / new-organization / new-place   add a file, asking in Latvian"

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

site: $(STAMP)
	$(BIN)/pelican $(CONTENT) -s pelican.conf.py -o $(OUTPUT)

validate: $(STAMP)
	$(BIN)/python scripts/validate.py $(CONTENT)

# The preview's "now" is the moment it started (unless SOURCE_DATE_EPOCH says otherwise), so
# that a rebuild after an edit rewrites only the pages and feeds the edit changed.
serve: $(STAMP)
	SOURCE_DATE_EPOCH=$${SOURCE_DATE_EPOCH:-$$(date +%s)} \
	  $(BIN)/pelican $(CONTENT) -s pelican.conf.py -o $(OUTPUT) --autoreload --listen

tools: $(STAMP)
	bash scripts/install_test_tools.sh

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: lint tools
	$(BIN)/pytest -q

clean:
	rm -rf $(OUTPUT) .pytest_cache .ruff_cache

new-event: $(STAMP)
	$(BIN)/python scripts/new_event.py --content-dir $(CONTENT) $(ARGS)

new-organization: $(STAMP)
	$(BIN)/python scripts/new_organization.py --content-dir $(CONTENT) $(ARGS)

new-place: $(STAMP)
	$(BIN)/python scripts/new_place.py --content-dir $(CONTENT) $(ARGS)

field-reference: $(STAMP)
	$(BIN)/python scripts/field_reference.py

bench: $(STAMP)
	for n in 500 2000 5000; do $(BIN)/python scripts/bench.py --events $$n || exit 1; done
