# Two commands on a fresh machine: `make demo` and `make test`. Both build .venv/ themselves.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEMO_DB := demo/leadtool.db
SRC    := leadtool tests bench tools

.PHONY: install demo test lint bench bench-quick bench-ab docs clean

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	rm -rf demo && mkdir -p demo
	LEADTOOL_DB=$(DEMO_DB) $(BIN)/leadtool import sample_data/*.csv sample_data/*.tsv sample_data/*.xlsx sample_data/*.json \
		--source "sample data" --rejects demo/rejects.csv
	LEADTOOL_DB=$(DEMO_DB) $(BIN)/leadtool stats
	LEADTOOL_DB=$(DEMO_DB) $(BIN)/leadtool people list --limit 10
	@echo "Demo store: $(DEMO_DB) (try: LEADTOOL_DB=$(DEMO_DB) $(BIN)/leadtool imports list)"

lint: $(STAMP)
	$(BIN)/ruff format --check $(SRC)
	$(BIN)/ruff check $(SRC)
	$(BIN)/mypy leadtool tools

test: lint
	$(BIN)/pytest

bench: $(STAMP)
	$(BIN)/python -m bench.run

bench-quick: $(STAMP)
	$(BIN)/python -m bench.run --quick

# The import at another revision and at this tree, alternating: make bench-ab BASE=main~3
bench-ab: $(STAMP)
	$(BIN)/python -m bench.ab --base $(BASE)

# docs/cli-reference.md: every command's --help (tests/cli/test_docs.py checks it is current).
docs: $(STAMP)
	$(BIN)/python -m tools.cli_reference

clean:
	rm -rf $(VENV) demo bench/data bench/out .pytest_cache .mypy_cache .ruff_cache
