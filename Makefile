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

# The sample lists come from three sources, two of them paid for; a few people move on and
# buy, so that the reports at the end have something to say.
DEMO   := LEADTOOL_DB=$(DEMO_DB) $(BIN)/leadtool

demo: $(STAMP)
	$(BIN)/python -c "import matplotlib" 2>/dev/null || $(BIN)/python -m pip install --quiet -e '.[plot]'
	rm -rf demo && mkdir -p demo
	$(DEMO) import sample_data/apollo_contacts.csv sample_data/linkedin_sales_navigator.csv \
		--source "Prospecting tools" --cost 400 --rejects demo/rejects.csv
	$(DEMO) import sample_data/conference_attendees.xlsx sample_data/purchased_list.tsv \
		--source "Trade fair" --cost 750
	$(DEMO) import sample_data/*.json sample_data/google_contacts.csv sample_data/hubspot_contacts.xlsx \
		sample_data/linkedin_connections.csv sample_data/mailchimp_audience.csv \
		sample_data/outlook_contacts.csv sample_data/salesforce_leads.csv --source "sample data"
	$(DEMO) stats
	$(DEMO) people list --limit 10
	$(DEMO) source set-cost "Trade fair" 1500 --currency EUR
	$(DEMO) stage set mql --where 'title ~ cmo or title ~ marketing' --reason "demo: fits"
	$(DEMO) stage set sql --where 'title ~ cmo' --reason "demo: called"
	$(DEMO) activity add james@cobaltlogistics.example.net purchase --amount 1200 --currency EUR
	$(DEMO) activity add jessica.ramirez@ironbridgemanufacturing.example.org purchase --amount 450 --currency EUR
	$(DEMO) activity add jeanpierre.martin@atelierlumiere.example.org purchase --amount 2400 --currency EUR \
		--detail "annual plan"
	$(DEMO) activity add jeanpierre.martin@atelierlumiere.example.org purchase --amount -400 --currency EUR \
		--detail "refund: two seats"
	$(DEMO) rules init
	$(DEMO) score --dry-run
	$(DEMO) score
	$(DEMO) report sources --html demo/report-sources.html
	$(DEMO) report funnel --html demo/report-funnel.html
	@echo "Demo store: $(DEMO_DB) (try: LEADTOOL_DB=$(DEMO_DB) $(BIN)/leadtool imports list)"
	@echo "Reports: demo/report-sources.html, demo/report-funnel.html"

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
