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

benchmark: install
	$(BIN)/python benchmarks/ingest.py

clean:
	rm -rf $(VENV) $(DB) $(DB)-wal $(DB)-shm .pytest_cache
