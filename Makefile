# quotedb — the two commands: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
DB ?= quotes.db
PORT ?= 8001
BIN = $(VENV)/bin

.PHONY: demo test install db serve benchmark browser clean

$(BIN)/quotedb: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet torch==2.13.0
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

install: $(BIN)/quotedb

db: install
	$(BIN)/quotedb ingest seeds --db $(DB)

demo: db
	$(BIN)/quotedb serve --db $(DB) --port $(PORT)

test: install
	$(BIN)/python -m pytest -q

browser:
	bash scripts/install-browser.sh

# The README's figures: rules at 1k/10k/100k articles, compact at 1k (100k would take hours),
# then the query timings on a 100k-article database.
benchmark: install
	$(BIN)/python benchmarks/ingest.py --backends rules
	$(BIN)/python benchmarks/ingest.py --sizes 1000 --backends compact
	$(BIN)/python benchmarks/queries.py

clean:
	rm -rf $(VENV) $(DB) $(DB)-wal $(DB)-shm .pytest_cache
